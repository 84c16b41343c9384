"""The shape of the house (docs/ARCHITECTURE.md): imports flow one way, with no cycle among the
modules of `rapsheet/`, counting imports inside functions too (so none can hide a cycle).

The import graph is read from the source with `ast`, not by importing: a cycle is found whatever
order the modules happen to load in.
"""
from __future__ import annotations

import ast
import graphlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "rapsheet"


def _modules(package: Path) -> dict[str, Path]:
    """Dotted module name -> its file, for every module of `package` (a folder)."""
    modules = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def import_graph(package: Path = PACKAGE) -> dict[str, dict[str, int]]:
    """module -> {module of the package it imports: line of the first such import}, for every
    `import` and `from ... import` anywhere in the module (functions and classes included).
    `from a import b` counts as importing the module `a.b` when there is one, else `a`."""
    modules = _modules(package)
    graph: dict[str, dict[str, int]] = {name: {} for name in modules}

    def owner(dotted: str) -> str | None:
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    for name, path in modules.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = here.split(".")[:len(here.split(".")) - node.level + 1]
                    base = ".".join(parent + ([base] if base else []))
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                           for alias in node.names]
            for target in targets:
                found = owner(target)
                if found and found != name:
                    graph[name].setdefault(found, node.lineno)
    return graph


def find_cycle(graph: dict[str, dict[str, int]]) -> list[str] | None:
    try:
        graphlib.TopologicalSorter({k: set(v) for k, v in graph.items()}).prepare()
    except graphlib.CycleError as exc:
        return list(exc.args[1])
    return None


def test_no_import_cycle_among_rapsheet_modules():
    graph = import_graph()
    cycle = find_cycle(graph)
    if cycle:
        # graphlib gives the cycle in dependency order: each module is imported by the one after it.
        steps = [f"{b} imports {a} (line {graph[b][a]})" for a, b in zip(cycle, cycle[1:])]
        raise AssertionError("import cycle: " + "; ".join(steps))


def test_the_cycle_finder_sees_a_cycle_hidden_in_a_function(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.b import thing\n")
    (package / "b.py").write_text("def thing():\n    from pkg import a\n    return a\n")
    (package / "c.py").write_text("from . import a\n")
    graph = import_graph(package)
    assert graph["pkg.b"] == {"pkg.a": 2} and graph["pkg.c"] == {"pkg.a": 1}
    assert set(find_cycle(graph) or ()) == {"pkg.a", "pkg.b"}
    (package / "b.py").write_text("def thing():\n    return 1\n")
    assert find_cycle(import_graph(package)) is None


def test_jobs_are_imported_by_nothing_below_them():
    """Jobs drive ingest, nlp and store; those never reach back up into a job."""
    graph = import_graph()
    below = ("rapsheet.ingest", "rapsheet.nlp", "rapsheet.store", "rapsheet.resolve", "rapsheet.model")
    offenders = sorted(f"{module} imports {target} (line {line})"
                       for module, targets in graph.items() if module.startswith(below)
                       for target, line in targets.items() if target.startswith("rapsheet.jobs"))
    assert not offenders, offenders


# SQL lives in the store: SQLAlchemy is imported there and nowhere else.
SQL_HOMES = ("rapsheet.store",)


def test_sqlalchemy_is_imported_only_in_the_store():
    offenders = []
    for name, path in _modules(PACKAGE).items():
        if name.startswith(SQL_HOMES):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = ([a.name for a in node.names] if isinstance(node, ast.Import)
                       else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            offenders += [f"{name} imports {m} (line {node.lineno})" for m in modules
                          if m.split(".")[0] in ("sqlalchemy", "alembic")]
    assert not offenders, offenders


def test_resolution_and_the_stages_below_never_reach_the_store():
    """Entity resolution decides (names, blocking keys, clusters); the store reads and writes
    around its decisions. Nothing below the store imports it."""
    graph = import_graph()
    below = ("rapsheet.resolve", "rapsheet.nlp", "rapsheet.ingest", "rapsheet.model", "rapsheet.text",
             "rapsheet.data")
    offenders = sorted(f"{module} imports {target} (line {line})"
                       for module, targets in graph.items() if module.startswith(below)
                       for target, line in targets.items() if target.startswith("rapsheet.store"))
    assert not offenders, offenders


#: No module over 600 lines, but these, which issue 17 step 4 is splitting: each leaves the list
#: once it is split (the test says when).
MAX_LINES = 600
BEING_SPLIT: set[str] = set()


def test_no_module_over_600_lines():
    root = PACKAGE.parent
    lines = {path.relative_to(root).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
             for path in sorted(PACKAGE.rglob("*.py"))}
    too_long = {name: n for name, n in lines.items() if n > MAX_LINES and name not in BEING_SPLIT}
    assert not too_long, f"over {MAX_LINES} lines: {too_long}"
    split = sorted(name for name in BEING_SPLIT if lines.get(name, 0) <= MAX_LINES)
    assert not split, f"short enough now: take {split} out of BEING_SPLIT"
