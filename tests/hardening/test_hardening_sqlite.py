"""Issue 16, defect 3: on SQLite, parallel writes wait their turn instead of failing with
"database is locked" (a deferred BEGIN that reads, then writes, cannot wait for the lock)."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
from hardening_support import seed, serving

from dispatch.demo import DEMO_DIR


def test_d03_ten_parallel_patches_all_answer_200(tmp_path: Path) -> None:
    tokens = seed(tmp_path / "var")
    h = {"Authorization": f"Bearer {tokens['requester']}"}
    sample = DEMO_DIR / "minutes_launch_review.md"
    with serving(tmp_path / "var", "--no-access-log") as (base, _):
        r = httpx.post(base + "/api/minutes", files={"file": (sample.name, sample.read_bytes())},
                       headers=h, timeout=60)
        assert r.status_code == 201, r.text
        items = [i["id"] for i in r.json()["action_items"]]
        statuses: list[int] = []
        start = threading.Barrier(10)

        def patch(n: int) -> None:
            start.wait()
            resp = httpx.patch(f"{base}/api/minutes/items/{items[n % len(items)]}",
                               json={"task": f"并发修改 {n}", "priority": "high"}, headers=h,
                               timeout=60)
            statuses.append(resp.status_code)

        threads = [threading.Thread(target=patch, args=(n,)) for n in range(10)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert statuses == [200] * 10, statuses
        history = httpx.get(f"{base}/api/minutes/items/{items[0]}", headers=h).json()["history"]
        assert sum(e["action"] == "edited" for e in history) == len(
            [n for n in range(10) if n % len(items) == 0])
