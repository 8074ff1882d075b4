"""Reading a request body: content type, byte cap, UTF-8, JSON -- before any schema sees it.

Everything here fails with an envelope error (400/413/415), never a 500: undecodable bytes,
malformed or too deeply nested JSON (``RecursionError`` in the decoder) included. The
submitted text never appears in a message.
"""

from __future__ import annotations

import json
from typing import Any

from flask import request

from quotes.api.errors import InvalidEncoding, InvalidJson, UnsupportedMediaType

JSON = "application/json"
TEXT = "text/plain"
_UTF8 = {"utf-8", "utf8"}


def _check_charset() -> None:
    charset = request.mimetype_params.get("charset")
    if charset is not None and charset.strip().lower() not in _UTF8:
        raise UnsupportedMediaType(
            f"Unsupported charset {charset[:40]!r}; send the body as UTF-8.",
            {"charset": charset[:40]},
        )


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidEncoding(
            f"The body is not valid UTF-8 (first bad byte at offset {exc.start}).",
            {"offset": exc.start},
        ) from None


def parse_json(raw: bytes) -> Any:
    text = _decode(raw)
    if text.startswith("\ufeff"):  # a BOM before the JSON value is not part of any string
        text = text[1:]
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidJson(
            f"Malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}).",
            {"line": exc.lineno, "column": exc.colno},
        ) from None
    except RecursionError:
        raise InvalidJson("Malformed JSON: nested too deeply.") from None
    except ValueError:
        # e.g. an integer of more than 4,300 digits (Python's int-conversion limit)
        raise InvalidJson("Malformed JSON: a number is too long.") from None


def read_body(*, allow_text: bool) -> Any:
    """The parsed body: JSON as Python values; ``text/plain`` as ``{"text": body}``.

    The byte cap (``request.max_content_length``) is enforced by werkzeug while reading (413).
    """
    mimetype = request.mimetype
    accepted = [JSON, TEXT] if allow_text else [JSON]
    if mimetype not in accepted:
        shown = mimetype[:80] if mimetype else "none"
        raise UnsupportedMediaType(
            f"Unsupported Content-Type {shown!r}; use {' or '.join(accepted)} (UTF-8).",
            {"accepted": accepted},
        )
    _check_charset()
    raw = request.get_data(cache=False)
    if mimetype == TEXT:
        return {"text": _decode(raw)}
    return parse_json(raw)
