"""The layer contract of docs/architecture.md, held over every import in src/section889.

Every import counts — at module level, inside a function (the lazy imports that keep `--help`
fast) and under TYPE_CHECKING — because each is a dependency the code would break without. A
module may import its own package, any lower layer, and, within its layer, only the packages
SIDEWAYS lists. The tests fail on a wrong-way import, on a cycle between modules, on `Settings()`
built outside the faces, and on a cache or a file read inside the determination engine.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "src" / "section889"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("<root>", "__main__", "cli", "facade"),  # faces (and, to come, api, web, app)
    ("services",),
    ("store", "readers", "reports", "bulk"),
    ("rules", "sam", "devices", "matching"),  # core (and, to come, workflow)
    ("knowledge",),
    ("errors", "files", "workers", "lazy", "settings"),  # base
)
"""Top to bottom: a package may import its own layer's SIDEWAYS and every layer below."""

SIDEWAYS: dict[str, frozenset[str]] = {
    "<root>": frozenset({"facade"}),  # the lazy public API resolves to the Python face
    "__main__": frozenset({"cli"}),
    "bulk": frozenset({"readers", "reports"}),  # binds columns as readers do; same renderers
    "devices": frozenset({"matching"}),  # manufacturer and supplier names
    "rules": frozenset({"sam", "matching"}),  # representation status; the producer resolver
    "errors": frozenset(),
    "files": frozenset({"errors"}),
    "workers": frozenset({"errors"}),
    "lazy": frozenset(),
    "settings": frozenset({"errors"}),
}

FACES = frozenset(LAYERS[0])
"""The only packages that read settings from the environment (`Settings()`)."""


@dataclass(frozen=True, slots=True)
class Import:
    module: str
    target: str
    line: int


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(name: str) -> str | None:
    """The module of ours that `name` (a module or a name in one) comes from."""
    modules = _modules()
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


@cache
def _imports() -> tuple[Import, ...]:
    found: list[Import] = []
    for module, path in _modules().items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, *([node.module] if node.module else [])])
                names = [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            for name in names:
                target = _resolve(name) if name.startswith("section889") else None
                if target is not None and target != module:
                    found.append(Import(module, target, node.lineno))
    return tuple(found)


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "<root>"


def _layer(package: str) -> int:
    for index, members in enumerate(LAYERS):
        if package in members:
            return index
    raise AssertionError(f"package {package!r} is in no layer: add it to LAYERS in {__file__}")


def _allowed(source: str, target: str) -> bool:
    if source == target:
        return True
    if _layer(target) > _layer(source):
        return True
    return _layer(target) == _layer(source) and target in SIDEWAYS.get(source, frozenset())


def _where(item: Import) -> str:
    return f"{_modules()[item.module].relative_to(PACKAGE.parents[1])}:{item.line}"


def test_every_package_is_in_a_layer() -> None:
    packages = {_package(m) for m in _modules()}
    assert {p for p in packages if not any(p in layer for layer in LAYERS)} == set()


def test_no_import_goes_the_wrong_way() -> None:
    wrong = [
        f"{_where(i)}: {i.module} imports {i.target}"
        for i in _imports()
        if not _allowed(_package(i.module), _package(i.target))
    ]
    assert wrong == [], "imports against the layers of docs/architecture.md:\n" + "\n".join(wrong)


def _cycles(edges: dict[str, set[str]]) -> Iterator[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    yield sorted(component)


def test_no_modules_import_each_other_in_a_loop() -> None:
    edges: dict[str, set[str]] = defaultdict(set)
    for item in _imports():
        edges[item.module].add(item.target)
    assert list(_cycles(edges)) == []


def test_the_cycle_finder_finds_a_loop() -> None:
    """The check above can fail: a two-module loop and a three-module loop are both found."""
    edges = {"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"e"}, "e": {"c"}, "f": {"a"}}
    assert sorted(_cycles(edges)) == [["a", "b"], ["c", "d", "e"]]


def _calls(path: Path, name: str) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if called == name:
                lines.append(node.lineno)
    return lines


def test_only_the_faces_read_settings_from_the_environment() -> None:
    found = [
        f"{path.relative_to(PACKAGE.parents[1])}:{line}"
        for module, path in _modules().items()
        if _package(module) not in FACES
        for line in _calls(path, "Settings")
    ]
    assert found == [], "Settings() outside the faces (pass a Runtime or values):\n" + "\n".join(
        found
    )


RULE_LOADERS = (
    "section889.rules.pack_files",
    "section889.rules.cases",
    "section889.rules.reference",
)
"""The modules of rules/ that read its shipped data (packs, scenario cases, reference tables):
the Runtime calls them once; the engine is handed what they built."""

READS = ("open", "read_text", "read_bytes", "read_rows", "safe_load", "connect", "Settings")


def _loader(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in RULE_LOADERS)


def test_the_determination_engine_reads_no_files_databases_or_settings() -> None:
    engine = [p for m, p in _modules().items() if _package(m) == "rules" and not _loader(m)]
    found = [
        f"{p.name}:{line} {call}()" for p in engine for call in READS for line in _calls(p, call)
    ]
    assert found == [], "rules/ outside its loaders reads: the engine takes its inputs as values"


def test_the_determination_engine_does_not_call_the_loaders() -> None:
    """The engine may use the loaders' types (`Reference`), never run them."""
    calls = {"load_pack", "load_reference", "load_cases", "PackLibrary", "shipped_case_files"}
    engine = [p for m, p in _modules().items() if _package(m) == "rules" and not _loader(m)]
    found = [
        f"{p.name}:{line} {c}()" for p in engine for c in sorted(calls) for line in _calls(p, c)
    ]
    assert found == []


def _decorator_name(node: ast.expr) -> str | None:
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Name):
        return target.id
    return target.attr if isinstance(target, ast.Attribute) else None


def test_the_determination_engine_keeps_no_caches() -> None:
    rules = [p for m, p in _modules().items() if _package(m) == "rules"]
    cached = [
        f"{p.name}:{node.lineno}"
        for p in rules
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and any(_decorator_name(d) in ("cache", "lru_cache") for d in node.decorator_list)
    ]
    assert cached == [], "rules/ caches between calls: the context carries what it needs"
