"""The load test's contract check (scripts/loadtest.py): what counts as an answer in the
envelope. The load test itself runs for a minute (``make loadtest``); these check its judge."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _loadtest() -> ModuleType:
    spec = importlib.util.spec_from_file_location("loadtest", ROOT / "scripts" / "loadtest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["loadtest"] = module
    spec.loader.exec_module(module)
    return module


LOADTEST = _loadtest()
JSON = "application/json"


def _error(status: int, code: str = "bad_gateway") -> bytes:
    return json.dumps({"error": {"status": status, "code": code, "message": "Coba lagi.",
                                 "details": {}, "request_id": "r1"}}).encode()


@pytest.mark.parametrize(("status", "body", "ctype"), [
    (200, json.dumps({"quotes": [], "speakers": []}).encode(), JSON),
    (502, _error(502), JSON),
    (408, _error(408, "request_timeout"), "application/json; charset=utf-8"),
    (422, _error(422, "validation_error"), JSON),
])
def test_answers_in_the_contract(status: int, body: bytes, ctype: str) -> None:
    assert LOADTEST.in_contract(status, body, ctype)


@pytest.mark.parametrize(("status", "body", "ctype"), [
    (502, b"<html><head><title>502 Bad Gateway</title></head></html>", "text/html"),
    (502, _error(502), "text/html"),  # the right body with the wrong type
    (502, _error(500), JSON),  # the envelope says another status
    (400, json.dumps({"error": {"status": 400, "message": "x"}}).encode(), JSON),  # no code
    (200, json.dumps({"error": {"status": 200}}).encode(), JSON),  # a 200 without quotes
    (200, b"{not json", JSON),
    (200, b"[]", JSON),
])
def test_answers_outside_the_contract(status: int, body: bytes, ctype: str) -> None:
    assert not LOADTEST.in_contract(status, body, ctype)


def test_slow_clients_need_the_front() -> None:
    with pytest.raises(SystemExit):
        LOADTEST.main(["--stack", "gunicorn", "--slow-clients", "2"])
