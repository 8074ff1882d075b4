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
