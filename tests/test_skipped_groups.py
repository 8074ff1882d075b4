"""A run that skips a test group says so at the end, with how to install what it needs, and
fails when QUOTES_TEST_REQUIRE names that group (issue 18, item 6; .ci/run sets it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ("from tests.conftest import (pytest_collectreport, pytest_runtest_logreport,  "
         "# noqa: F401\n    pytest_sessionfinish, pytest_terminal_summary)\n")


def _run(tmp_path: Path, require: str | None) -> subprocess.CompletedProcess[str]:
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "conftest.py").write_text(HOOKS, encoding="utf-8")
    (tmp_path / "test_page_browser.py").write_text(
        "import pytest\n\n"
        "def test_page():\n    pytest.skip('no chromium')\n\n"
        "def test_page_too():\n    pytest.skip('no chromium')\n", encoding="utf-8")
    (tmp_path / "test_corpus.py").write_text(
        "import pytest\n\npytest.skip('no java', allow_module_level=True)\n", encoding="utf-8")
    (tmp_path / "test_serve.py").write_text("def test_ok():\n    pass\n", encoding="utf-8")
    (tmp_path / "test_other.py").write_text(
        "import pytest\n\ndef test_other():\n    pytest.skip('not a group')\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "QUOTES_TEST_REQUIRE"}
    env["PYTHONPATH"] = str(ROOT)
    if require is not None:
        env["QUOTES_TEST_REQUIRE"] = require
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(tmp_path)], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def test_skipped_groups_are_listed_with_how_to_install_them(tmp_path: Path) -> None:
    done = _run(tmp_path, None)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    summary = out[out.index("skipped test groups"):]
    assert "browser: 2 skipped (install with: apt-get install chromium chromium-driver" in summary
    assert "corpus: 1 skipped (install with: pip install -r requirements-spark.txt" in summary
    assert "serve:" not in summary and "other" not in summary


def test_a_required_group_that_was_skipped_fails_the_run(tmp_path: Path) -> None:
    done = _run(tmp_path, "browser")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "browser: 2 skipped (FAILED: required by QUOTES_TEST_REQUIRE" in done.stdout
    assert _run(tmp_path, "serve").returncode == 0  # serve ran: nothing required was skipped
    assert _run(tmp_path, "all").returncode == 1
