"""The architecture rules of docs/architecture.md as one checker over a package tree.

Each rule is a function `(tree) -> list[str]` returning one line per violation. They read any tree, so the
tests run them on the real package and on small planted trees that break one rule each (a rule that
cannot fail is a defect). Domains that are still empty folders (or missing) are simply not checked yet.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

DOMAINS = ("landscape", "experts", "biobanks", "federation", "access", "stakeholders")
# Modules allowed to import several domains at once (they assemble the platform).
ASSEMBLY = ("domains", "web", "cli", "bootstrap", "server", "models", "migrations", "__main__")
# Layers named by a module (or package) name inside a domain.
ENTRY = frozenset({"api", "pages", "cli"})
LAYER_NAMES = frozenset({*ENTRY, "service", "repository", "models", "schemas", "spec"})
# What a layer must never import from its own domain.
FORBIDDEN_WITHIN = {
    "entry": {"repository", "models", "spec"},
    "service": {"entry", "spec"},
    "repository": {"service", "entry", "spec"},
    "models": {"repository", "service", "entry", "spec"},
    "schemas": {"repository", "service", "entry", "spec"},
    "pure": {"entry", "spec"},
    "spec": set(),
}
CROSS_DOMAIN_LAYERS = frozenset({"service", "schemas"})
STRING_IMPORTS = frozenset({"import_module", "__import__", "spec_from_file_location"})
GRAPH_HEADING = "## Domain graph"


@dataclass(frozen=True)
class Import:
    source: str  # dotted module name of the importing file
    target: str  # the module imported
    line: int
    relative: bool


@dataclass(frozen=True)
class Tree:
    """A package tree: `root` is the package folder (…/src/ic2permed)."""

    root: Path

    @property
    def package(self) -> str:
        return self.root.name

    @cached_property
    def files(self) -> dict[str, Path]:
        found: dict[str, Path] = {}
        for path in sorted(self.root.rglob("*.py")):
            parts = list(path.relative_to(self.root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join([self.package, *parts])] = path
        return found

    def resolve(self, base: str, name: str | None = None) -> str:
        """The module an import names: `from base import name` or `import base`.

        `from a.models import Thing` names `a.models`; `from a import service` names `a.service`, whether or
        not that file exists yet (a planted tree may leave it out).
        """
        if name is None:
            return base
        dotted = f"{base}.{name}"
        if dotted in self.files:
            return dotted
        path = self.files.get(base)
        return base if path is not None and path.name != "__init__.py" else dotted

    @cached_property
    def parsed(self) -> dict[str, ast.Module]:
        return {module: ast.parse(path.read_text(encoding="utf-8")) for module, path in self.files.items()}

    def syntax(self, module: str) -> ast.Module:
        return self.parsed[module]

    @cached_property
    def imports(self) -> list[Import]:
        found: list[Import] = []
        for module, path in self.files.items():
            is_package = path.name == "__init__.py"
            for node in ast.walk(self.syntax(module)):
                if isinstance(node, ast.Import):
                    found.extend(
                        Import(module, self.resolve(alias.name), node.lineno, False)
                        for alias in node.names
                        if _ours(alias.name, self.package)
                    )
                elif isinstance(node, ast.ImportFrom):
                    base = node.module or ""
                    if node.level:
                        anchor = module.split(".")
                        anchor = anchor if is_package else anchor[:-1]
                        anchor = anchor[: len(anchor) - (node.level - 1)]
                        base = ".".join([*anchor, *([base] if base else [])])
                    if not _ours(base, self.package):
                        continue
                    found.extend(
                        Import(module, self.resolve(base, alias.name), node.lineno, node.level > 0)
                        for alias in node.names
                    )
        return found


def _ours(dotted: str, package: str) -> bool:
    return dotted == package or dotted.startswith(package + ".")


def _parts(module: str) -> list[str]:
    return module.split(".")[1:]


def domain_of(module: str) -> str | None:
    parts = _parts(module)
    return parts[0] if parts and parts[0] in DOMAINS else None


def layer_of(module: str) -> str:
    """The layer of a module inside a domain: the first layer name along its path, else `pure`."""
    for part in _parts(module)[1:]:
        if part in LAYER_NAMES:
            return "entry" if part in ENTRY else part
    return "pure"


def _where(tree: Tree, item: Import) -> str:
    return f"{tree.files[item.source].relative_to(tree.root.parent)}:{item.line}"


def domain_graph(doc: Path) -> dict[str, set[str]]:
    """The one-way domain graph written in docs/architecture.md (`a → b, c` lines under its heading)."""
    text = doc.read_text(encoding="utf-8")
    section = text.split(GRAPH_HEADING, 1)[1].split("\n## ", 1)[0]
    graph: dict[str, set[str]] = {}
    for line in section.splitlines():
        match = re.fullmatch(r"\s*(\w+)\s*→\s*([\w ,]+?)\s*", line)
        if match:
            graph.setdefault(match[1], set()).update(name.strip() for name in match[2].split(","))
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle found by a depth-first walk (empty for a one-way graph)."""
    found: list[list[str]] = []

    def walk(node: str, path: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt in path:
                found.append([*path[path.index(nxt) :], nxt])
            else:
                walk(nxt, [*path, nxt])

    for start in sorted(graph):
        walk(start, [start])
    return found


# --- the rules ---------------------------------------------------------------------------------------------


def core_imports_no_domain(tree: Tree) -> list[str]:
    return [
        f"{_where(tree, i)} core imports {i.target}"
        for i in tree.imports
        if _parts(i.source)[:1] == ["core"] and _parts(i.target)[:1] and _parts(i.target)[0] in (*DOMAINS, *ASSEMBLY)
    ]


def domains_never_import_the_assembly(tree: Tree) -> list[str]:
    """No domain imports `web`, `cli`, the registry (`domains`), `models`, `migrations`, `bootstrap`, `server`."""
    return [
        f"{_where(tree, i)} domain imports {i.target}"
        for i in tree.imports
        if domain_of(i.source) and _parts(i.target)[:1] and _parts(i.target)[0] in ASSEMBLY
    ]


def layers_run_one_way(tree: Tree) -> list[str]:
    """Inside a domain: api/pages/cli → service → repository → models, never back, never skipping to tables."""
    bad = []
    for i in tree.imports:
        domain = domain_of(i.source)
        if domain is None or domain_of(i.target) != domain:
            continue
        source, target = layer_of(i.source), layer_of(i.target)
        if target in FORBIDDEN_WITHIN[source]:
            bad.append(f"{_where(tree, i)} {source} layer imports {target} layer {i.target}")
    return bad


def across_domains_only_service_and_schemas_along_the_graph(graph: dict[str, set[str]]) -> Callable[[Tree], list[str]]:
    def rule(tree: Tree) -> list[str]:
        bad = []
        for i in tree.imports:
            source, target = domain_of(i.source), domain_of(i.target)
            if source is None or target is None or source == target:
                continue
            if layer_of(i.target) not in CROSS_DOMAIN_LAYERS:
                bad.append(f"{_where(tree, i)} reaches into {i.target} (only service and schemas cross domains)")
            elif target not in graph.get(source, set()):
                bad.append(f"{_where(tree, i)} {source} → {target} is not in the domain graph")
        return bad

    return rule


def web_only_mounts_domains(tree: Tree) -> list[str]:
    """`web` reaches domains through the registry, or composes pages from their service and schemas."""
    return [
        f"{_where(tree, i)} web reaches into {i.target}"
        for i in tree.imports
        if _parts(i.source)[:1] == ["web"] and domain_of(i.target) and layer_of(i.target) not in CROSS_DOMAIN_LAYERS
    ]


def node_runs_without_the_hub(tree: Tree) -> list[str]:
    """Nothing `federation.node` imports, directly or through other modules, is part of `federation.hub`."""
    node, hub = f"{tree.package}.federation.node", f"{tree.package}.federation.hub"
    edges: dict[str, list[Import]] = {}
    for i in tree.imports:
        edges.setdefault(i.source, []).append(i)
    bad = []
    for start in (m for m in tree.files if m == node or m.startswith(node + ".")):
        seen, todo = {start}, [start]
        while todo:
            for i in edges.get(todo.pop(), []):
                if i.target == hub or i.target.startswith(hub + "."):
                    bad.append(f"{_where(tree, i)} (reached from {start}) imports {i.target}")
                elif i.target not in seen and i.target in tree.files:
                    seen.add(i.target)
                    todo.append(i.target)
    return sorted(set(bad))


def no_relative_imports(tree: Tree) -> list[str]:
    return [f"{_where(tree, i)} relative import of {i.target}" for i in tree.imports if i.relative]


def no_string_imports(tree: Tree) -> list[str]:
    """Modules are imported by name in the code, never from strings (the import graph must be readable)."""
    bad = []
    for module, path in tree.files.items():
        for node in ast.walk(tree.syntax(module)):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
                if name in STRING_IMPORTS:
                    bad.append(f"{path.relative_to(tree.root.parent)}:{node.lineno} imports a module from a string")
    return bad


def only_services_commit(exempt: frozenset[str] = frozenset()) -> Callable[[Tree], list[str]]:
    """`session.commit()` happens in service modules only: one commit per use case, no `commit=` flags."""

    def rule(tree: Tree) -> list[str]:
        bad = []
        for module, path in tree.files.items():
            if module in exempt:
                continue
            where = path.relative_to(tree.root.parent)
            is_service = "service" in _parts(module)
            for node in ast.walk(tree.syntax(module)):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "commit"
                    and not is_service
                ):
                    bad.append(f"{where}:{node.lineno} commits outside a service")
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    names = [a.arg for a in (*node.args.args, *node.args.kwonlyargs)]
                    if "commit" in names:
                        bad.append(f"{where}:{node.lineno} {node.name}() takes a commit flag")
        return bad

    return rule
