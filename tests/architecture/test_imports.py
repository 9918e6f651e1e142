"""The import rules of docs/architecture.md, checked on every run."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "ic2permed"
DOMAINS = ("landscape", "experts", "biobanks", "federation", "access", "stakeholders")
MULTI_DOMAIN = {"domains", "web", "cli", "bootstrap", "models", "server", "migrations", "__main__"}
CROSS_DOMAIN_ALLOWED = {"service", "schemas"}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.count(".") >= 2:  # `from ic2permed.x.models import Y`: the module itself counts
                names.append(node.module)
            else:  # `from ic2permed.x import service`: each imported submodule counts
                names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return [n for n in names if n.startswith("ic2permed")]


def _modules(top: str) -> list[Path]:
    return sorted((PACKAGE / top).rglob("*.py")) if (PACKAGE / top).is_dir() else [PACKAGE / f"{top}.py"]


def test_core_imports_no_domain_and_no_web() -> None:
    bad = []
    for path in _modules("core"):
        for name in _imports(path):
            part = name.split(".")[1] if name.count(".") >= 1 else ""
            if part in DOMAINS or part in MULTI_DOMAIN:
                bad.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert bad == []


def test_domains_never_import_web_cli_or_other_domains_tables() -> None:
    bad = []
    for domain in DOMAINS:
        for path in _modules(domain):
            for name in _imports(path):
                parts = name.split(".")
                if len(parts) < 2:
                    continue
                top = parts[1]
                if top in ("web", "cli", "server", "bootstrap"):
                    bad.append(f"{path.relative_to(PACKAGE)} imports {name}")
                elif top in DOMAINS and top != domain:
                    module = parts[2] if len(parts) > 2 else ""
                    if module not in CROSS_DOMAIN_ALLOWED:
                        bad.append(f"{path.relative_to(PACKAGE)} reaches into {name}")
    assert bad == []


def test_the_rule_checker_catches_a_violation(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text(
        "from ic2permed.biobanks.models import Biobank\nimport ic2permed.web.app\n"
        "from ic2permed.biobanks import service, repository\n"
    )
    assert _imports(sample) == [
        "ic2permed.biobanks.models",
        "ic2permed.web.app",
        "ic2permed.biobanks.service",
        "ic2permed.biobanks.repository",
    ]


def test_every_domain_folder_exists() -> None:
    for domain in DOMAINS:
        assert (PACKAGE / domain / "__init__.py").is_file(), domain
