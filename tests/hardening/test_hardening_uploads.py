"""Defect 1 of issue 16: a small .docx that unzips to megabytes of XML, or any document
with thousands of lines, must be refused with the limit named, and no upload may hold the
event loop (``/health`` answers within a second while one is being read)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
from hardening_support import docx_with_paragraphs, seed, serving

from nlp import readers


def _upload(client, headers, name: str, data: bytes):
    return client.post("/api/minutes", files={"file": (name, data)}, headers=headers)


def test_d01_docx_bomb_refused(client, auth, org_in_db) -> None:
    bomb = docx_with_paragraphs(["会议记录 " * 8] * 200_000)
    assert len(bomb) < 300_000  # ~20 MB of XML in a few hundred KB
    t0 = time.perf_counter()
    r = _upload(client, auth["requester"], "bomb.docx", bomb)
    took = time.perf_counter() - t0
    assert r.status_code == 413, r.text
    assert "MB" in r.json()["error"]["message"] and "unzipped" in r.json()["error"]["message"]
    assert took < 5, f"refused only after {took:.1f} s"
    assert client.get("/api/minutes", headers=auth["requester"]).json() == []


def test_d01_docx_with_too_many_paragraphs_refused(client, auth, org_in_db) -> None:
    many = docx_with_paragraphs(["好"] * (readers.MAX_LINES + 1))
    r = _upload(client, auth["requester"], "many.docx", many)
    assert r.status_code == 413, r.text
    assert f"{readers.MAX_LINES:,}" in r.json()["error"]["message"]
    assert client.get("/api/minutes", headers=auth["requester"]).json() == []


def test_d01_text_with_too_many_lines_refused(client, auth, org_in_db) -> None:
    text = "\n".join(f"第{i}行讨论" for i in range(readers.MAX_LINES + 1)).encode()
    r = _upload(client, auth["requester"], "long.txt", text)
    assert r.status_code == 413, r.text
    assert f"{readers.MAX_LINES:,}" in r.json()["error"]["message"]


def test_d01_too_many_action_items_refused(client, auth, org_in_db) -> None:
    from dispatch.minutes.flows import MAX_ITEMS

    rows = "\n".join(f"| 完成第{i}版方案 | 周杰 | 设计部 | 11月27日 |"
                     for i in range(MAX_ITEMS + 1))
    md = ("# 会议纪要\n\n- 时间：2026年11月20日\n\n## 行动项\n\n"
          "| 事项 | 负责人 | 部门 | 完成时间 |\n| --- | --- | --- | --- |\n" + rows + "\n")
    r = _upload(client, auth["requester"], "items.md", md.encode())
    assert r.status_code == 422, r.text
    assert f"{MAX_ITEMS:,}" in r.json()["error"]["message"]
    assert client.get("/api/minutes", headers=auth["requester"]).json() == []


def test_d01_upload_does_not_block_health(tmp_path: Path) -> None:
    """A real server: while a large (but allowed) upload is read and extracted, /health
    keeps answering within a second."""
    tokens = seed(tmp_path / "var")
    lines = [f"{i}. 大家讨论了发布会第{i}个环节的安排，以及场地、物料和预算的细节。"
             for i in range(readers.MAX_LINES - 10)]
    data = "\n".join(lines).encode()
    with serving(tmp_path / "var", "--no-access-log") as (base, _):
        done: dict[str, object] = {}

        def post() -> None:
            t0 = time.monotonic()
            r = httpx.post(base + "/api/minutes", files={"file": ("long.md", data)},
                           headers={"Authorization": f"Bearer {tokens['requester']}"},
                           timeout=300)
            done["status"], done["took"] = r.status_code, time.monotonic() - t0

        th = threading.Thread(target=post)
        th.start()
        waits = []
        with httpx.Client(base_url=base, timeout=30) as c:
            while th.is_alive():
                t0 = time.monotonic()
                assert c.get("/health").status_code == 200
                waits.append(time.monotonic() - t0)
                time.sleep(0.05)
        th.join()
    assert done["status"] == 201, done
    assert done["took"] > 1.0, done  # the upload really kept the server busy
    assert len(waits) >= 5
    print(f"/health: max {max(waits):.3f} s over {len(waits)} probes during a "
          f"{done['took']:.1f} s upload")
    assert max(waits) < 1.0, f"/health waited {max(waits):.2f} s during the upload"
