"""The package's shape (issue 18, item 8): one batch module that every surface uses, a
command line that only parses arguments, and no import circles."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "quotes"


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports() -> dict[str, set[str]]:
    """Each module's imports of the package's modules, at any depth (a function-level import
    counts: it closes a circle when it runs). An import of an enclosing package (``from
    quotes import __version__``) is not an edge: running a package's ``__init__`` first is
    how Python imports a submodule anyway."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            deps.update(t for t in targets if t in modules and t != name
                        and not name.startswith(t + "."))
        graph[name] = deps
    return graph


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo.extend(graph[node])
    return False


def test_no_import_circles() -> None:
    graph = _imports()
    circles = sorted((a, b) for a in graph for b in graph[a] if _reaches(graph, b, a))
    assert circles == []


def test_every_batch_surface_uses_the_batch_module() -> None:
    graph = _imports()
    for surface in ("quotes.cli", "quotes.corpus", "quotes.api.views", "quotes.api.schemas"):
        assert "quotes.batch" in graph[surface], surface
    assert "quotes.cli" not in graph["quotes.corpus"]
    assert not {"quotes.cli", "quotes.corpus", "quotes.api"} & graph["quotes.batch"]


def test_the_cli_only_parses_arguments() -> None:
    """The batch job's machinery (writer, resume, signals, progress, the record parser) is
    not defined in ``quotes/cli.py``."""
    tree = ast.parse((PACKAGE / "cli.py").read_text(encoding="utf-8"))
    defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)}
    job = {"_Output", "_StopSignals", "_Progress", "_BatchRunner", "scan_output",
           "_parse_line", "parse_record", "extract_records", "_run_batch"}
    assert defined & job == set()
