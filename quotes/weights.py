"""Reading a shipped model of JSON weights (the speaker decision, the claims): the file is read,
its sha256 checked against the manifest's, and parsed as JSON. No code runs at load: no pickle,
no joblib."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def load_weights(path: Path, sha256: str | None, parse: Callable[[Any], T], what: str,
                 rebuild: str, error: type[Exception]) -> T:
    """``parse(json of path)``, after checking ``sha256`` when one is given; every failure is
    ``error`` with a message naming ``what`` and how to ``rebuild`` it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise error(f"cannot read the {what} {path}: {exc}") from exc
    if sha256 is not None and hashlib.sha256(raw).hexdigest() != sha256:
        raise error(f"the {what} {path} does not match the sha256 in the manifest; "
                    f"rebuild it with {rebuild}")
    try:
        return parse(json.loads(raw))
    except (ValueError, KeyError, TypeError) as exc:
        raise error(f"the {what} {path} is not a valid model file: {exc}") from exc


def manifest_entry(manifest: Path, key: str, error: type[Exception]) -> tuple[Path, str] | None:
    """The file and sha256 the manifest records under ``key`` (``None``: no such model
    shipped); an unreadable manifest is ``error``."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise error(f"cannot read {manifest}: {exc}") from exc
    entry = data.get(key)
    if not entry:
        return None
    return manifest.parent / entry["file"], entry["sha256"]
