"""The import graph of kg reads one way (DESIGN.md, "Shape of the code"), imports inside
functions included."""
from __future__ import annotations

import ast
from pathlib import Path

import kg

ROOT = Path(kg.__file__).parent


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Module -> every module it names in an import (of kg or not), at any depth of its code."""
    graph = {}
    for path in sorted(ROOT.rglob("*.py")):
        name, names = _module(path), set()
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
                module = ".".join(base + ([node.module] if node.module else []))
                names.add(module)
                names.update(f"{module}.{a.name}" for a in node.names)
        graph[name] = names
    return graph


IMPORTS = _imports()


def _kg_deps(name: str) -> set[str]:
    """The kg modules ``name`` imports, without its own enclosing packages."""
    return {d for d in IMPORTS[name] if d in IMPORTS and d != name and not name.startswith(d + ".")}


def _reach(name: str, packages: bool = True) -> set[str]:
    """Every kg module that importing ``name`` runs: its imports, theirs and so on, and (with
    ``packages``) the enclosing packages whose ``__init__`` runs first."""
    seen, todo = set(), [name]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        if packages:
            parts = module.split(".")
            todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))
        todo.extend(_kg_deps(module))
    return seen


def _within(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def test_no_import_circle():
    reach = {name: _reach(name, packages=False) for name in IMPORTS}
    circles = {frozenset(b for b in IMPORTS if b in reach[a] and a in reach[b]) for a in IMPORTS}
    assert [sorted(c) for c in circles if len(c) > 1] == []


def test_relation_rules_never_reach_rdf_store_or_export():
    for name in IMPORTS:
        if _within(name, "kg.extract"):
            assert not {m for m in _reach(name) if _within(m, "kg.rdf", "kg.store", "kg.export")}, name


def test_low_modules_import_only_errors():
    for low in ("kg.namespaces", "kg.rdffiles", "kg.errors", "kg.records"):
        assert _reach(low) <= {"kg", "kg.errors", low}, low


def test_config_comes_before_rdf_store_and_export():
    assert not {m for m in _reach("kg.config") if _within(m, "kg.rdf", "kg.store", "kg.export")}


def test_rdf_never_runs_spacy_and_export_never_runs_extract():
    for name in IMPORTS:
        if _within(name, "kg.rdf", "kg.export"):
            assert not any(_within(i, "spacy") for m in _reach(name) for i in IMPORTS[m]), name
        if _within(name, "kg.export"):
            assert not {m for m in _reach(name) if _within(m, "kg.extract")}, name


def test_cli_imported_only_by_main():
    assert {name for name in IMPORTS if "kg.cli" in _kg_deps(name)} == {"kg.__main__"}
