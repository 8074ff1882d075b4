"""API fixtures: a Flask app on the fake RegexAnnotator, with no QUOTES_* leaking in or out."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quotes.app import create_app
from tests.fakes import RegexAnnotator, patch_default_annotator

MakeApp = Callable[..., Flask]


@pytest.fixture
def make_api_app(monkeypatch: pytest.MonkeyPatch) -> Iterator[MakeApp]:
    """``make_api_app(config=None, annotator=RegexAnnotator())`` with a clean environment.

    create_app configures the ``quotes`` logger; its level and handlers are restored after
    the test so other tests' log capture is unaffected.
    """
    for key in list(os.environ):
        if key.startswith("QUOTES_"):
            monkeypatch.delenv(key)
    logger = logging.getLogger("quotes")
    saved = (logger.level, list(logger.handlers))

    def make(config: dict[str, Any] | None = None, annotator: Any = "fake") -> Flask:
        if annotator == "fake":
            annotator = RegexAnnotator()
        return create_app({"TESTING": True, **(config or {})}, annotator=annotator)

    yield make
    logger.setLevel(saved[0])
    logger.handlers[:] = saved[1]


@pytest.fixture
def api_app(make_api_app: MakeApp) -> Flask:
    return make_api_app()


@pytest.fixture
def api_client(api_app: Flask) -> FlaskClient:
    return api_app.test_client()


@pytest.fixture(scope="session")
def stanza_annotator() -> Any:
    """The shipped Stanza models, loaded once for the whole test session."""
    from quotes.nlp import StanzaAnnotator

    return StanzaAnnotator()


@pytest.fixture(scope="module")
def quiet_client() -> Iterator[FlaskClient]:
    """One app on the fake annotator with the default limits, no QUOTES_* from the
    environment, quiet logs (property and adversarial tests send thousands of requests)."""
    logger = logging.getLogger("quotes")
    saved = (logger.level, list(logger.handlers))
    with pytest.MonkeyPatch.context() as mp:
        for key in list(os.environ):
            if key.startswith("QUOTES_"):
                mp.delenv(key)
        app = create_app({"TESTING": True, "LOG_LEVEL": "CRITICAL"}, annotator=RegexAnnotator())
        yield app.test_client()
    logger.setLevel(saved[0])
    logger.handlers[:] = saved[1]


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[RegexAnnotator]:
    """The default annotator becomes the regex one; the list records every time the models
    were 'loaded' (the CLI tests check they load once)."""
    made: list[RegexAnnotator] = []

    def factory() -> RegexAnnotator:
        made.append(RegexAnnotator())
        return made[-1]

    patch_default_annotator(monkeypatch, factory)
    return made


# --------------------------------------------------------------------------- skipped groups
#
# A test group skips itself when what it needs is not installed (Chromium, nginx, Spark and
# Java). The end of the run names every skipped group and how to install what it needs, and a
# group listed in QUOTES_TEST_REQUIRE (comma-separated, or "all"; .ci/run sets it) that was
# skipped fails the run: CI can never pass with its browser tests silently left out.

#: group -> (its test file, how to install what it needs)
GROUPS: dict[str, tuple[str, str]] = {
    "browser": ("test_page_browser.py",
                "apt-get install chromium chromium-driver (Debian's headless Chromium and "
                "chromedriver, /usr/bin/chromium and /usr/bin/chromedriver)"),
    "serve": ("test_serve.py", "apt-get install nginx"),
    "corpus": ("test_corpus.py",
               "pip install -r requirements-spark.txt (PySpark, pyarrow) and a Java runtime "
               "(apt-get install openjdk-17-jre-headless)"),
}
REQUIRE_ENV = "QUOTES_TEST_REQUIRE"
_SKIPPED: dict[str, set[str]] = {}  # group -> node ids of its skipped tests (or the module)


def _group(nodeid: str) -> str | None:
    path = nodeid.split("::", 1)[0].replace("\\", "/").rsplit("/", 1)[-1]
    return next((g for g, (file, _) in GROUPS.items() if file == path), None)


def _note_skip(report: pytest.CollectReport | pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        group = _group(report.nodeid)
        if group is not None:
            _SKIPPED.setdefault(group, set()).add(report.nodeid)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _note_skip(report)


def pytest_collectreport(report: pytest.CollectReport) -> None:
    _note_skip(report)  # a module that skips itself (pytest.skip(allow_module_level=True))


def required_groups() -> set[str]:
    raw = {g.strip() for g in os.environ.get(REQUIRE_ENV, "").split(",") if g.strip()}
    return set(GROUPS) if "all" in raw else raw


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if required_groups() & set(_SKIPPED) and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config
                            ) -> None:
    if not _SKIPPED:
        return
    required = required_groups()
    terminalreporter.section("skipped test groups", sep="=", yellow=True)
    for group in sorted(_SKIPPED):
        n = len(_SKIPPED[group])
        mark = "FAILED: required by " + REQUIRE_ENV + "; " if group in required else ""
        terminalreporter.write_line(
            f"{group}: {n} skipped ({mark}install with: {GROUPS[group][1]})",
            red=bool(mark), yellow=not mark)
