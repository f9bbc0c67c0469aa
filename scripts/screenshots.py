"""Save screenshots of the main pages into docs/screenshots/ (run: python scripts/screenshots.py).

It runs the browser end-to-end tests (tests/web/test_browser_e2e.py, the collaboration
board's, the phone layout's and the demo dashboard's) with DISPATCH_SCREENSHOT_DIR set, so
the pictures show exactly what those tests exercise.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DISPATCH_SCREENSHOT_DIR": str(out)}
    cmd = [sys.executable, "-m", "pytest", "-q", "-m", "browser", "tests/web/test_browser_e2e.py",
           "tests/web/test_collab_browser.py", "tests/chat/test_mobile_browser.py",
           "tests/chat/test_demo_dashboard_browser.py"]
    code = subprocess.call(cmd, cwd=ROOT, env=env)
    for f in sorted(out.glob("*.png")):
        print(f.relative_to(ROOT), file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
