"""The batch contract, the same on every surface: ``quotes batch``, ``POST /v1/extract/batch``
and ``quotes corpus``.

* a document id is a non-empty string or an integer (not a boolean), echoed as given: ``"1"``
  and ``1`` are two different ids (:func:`id_key`);
* a repeated id: the first document with it is the document, each later one gets a 409
  ``duplicate_id`` error (:class:`DuplicateId`) naming the 1-based position (a line of a file,
  a document of a request) of the first one.
"""

from __future__ import annotations

import json
from typing import Any

from quotes.errors import QuotesError

#: what a document id may be, as the messages say it
ID_RULE = "a non-empty string or an integer"
DUPLICATE_ID = "duplicate_id"


class DuplicateId(QuotesError):
    """A document whose id an earlier document of the same batch already uses."""

    status_code = 409
    code = DUPLICATE_ID


def valid_id(value: Any) -> bool:
    """A non-empty string or an integer (a boolean is not one)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, str) and value != "")


def id_key(doc_id: Any) -> str:
    """The identity of an id: its JSON text, so a string never equals an integer."""
    return json.dumps(doc_id, ensure_ascii=False, sort_keys=True)


def duplicate_message(where: str) -> str:
    """``where`` names the first document's 1-based position: ``on line 3``, ``in document 1``."""
    return f"duplicate id: already {where}"
