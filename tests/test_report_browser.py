"""The HTML report as a person sees it: a headless-Chromium screenshot of index.html (skipped
where no browser is installed; `tox -e browser` installs nothing and runs it where one is).
The screenshot is kept under $DLVERIFY_ARTIFACTS (default: pytest's temporary directory)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from verify.frontends.cli import main

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")


def _browser() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


@pytest.mark.skipif(_browser() is None, reason="no headless Chromium on this machine")
def test_report_screenshot(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    report = tmp_path / "report"
    assert main(["report", str(report), "depth.yarotsky_square", "optim.lazy_training"]) == 0
    capsys.readouterr()
    artifacts = Path(os.environ.get("DLVERIFY_ARTIFACTS", tmp_path))
    artifacts.mkdir(parents=True, exist_ok=True)
    shot = artifacts / "report.png"
    subprocess.run([_browser(), "--headless", "--no-sandbox", "--disable-gpu",
                    f"--screenshot={shot}", "--window-size=1200,2400",
                    (report / "index.html").as_uri()], check=True, capture_output=True,
                   timeout=120)
    assert shot.is_file() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
