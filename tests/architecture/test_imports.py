"""The architecture rules of docs/architecture.md, checked on the real package on every run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.architecture import rules

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "ic2permed"
DOC = ROOT / "docs" / "architecture.md"
# Commits that still live outside a service, each owned by an open issue; remove an entry when it is fixed.
COMMIT_EXEMPT: frozenset[str] = frozenset()
GRAPH = rules.domain_graph(DOC)
TREE = rules.Tree(PACKAGE)  # parsed once for every rule


def rule_set(commit_exempt: frozenset[str] = frozenset()) -> dict[str, Callable[[rules.Tree], list[str]]]:
    return {
        "core imports no domain": rules.core_imports_no_domain,
        "domains never import the assembly": rules.domains_never_import_the_assembly,
        "layers run one way": rules.layers_run_one_way,
        "across domains: service and schemas along the graph": (
            rules.across_domains_only_service_and_schemas_along_the_graph(GRAPH)
        ),
        "web only mounts domains": rules.web_only_mounts_domains,
        "node runs without the hub": rules.node_runs_without_the_hub,
        "no relative imports": rules.no_relative_imports,
        "no string imports": rules.no_string_imports,
        "only services commit": rules.only_services_commit(commit_exempt),
    }


RULES = rule_set(COMMIT_EXEMPT)


@pytest.mark.parametrize("name", sorted(RULES))
def test_the_package_keeps_the_rule(name: str) -> None:
    assert RULES[name](TREE) == []


def test_the_domain_graph_is_written_down_and_one_way() -> None:
    assert rules.domain_graph(DOC) == {
        "biobanks": {"landscape"},
        "federation": {"biobanks"},
        "access": {"biobanks", "landscape"},
        "stakeholders": {"landscape", "biobanks"},
        "experts": {"stakeholders"},
    }
    assert set(GRAPH) | {d for targets in GRAPH.values() for d in targets} <= set(rules.DOMAINS)
    assert rules.cycles(GRAPH) == []


def test_each_commit_exemption_is_still_needed() -> None:
    """An exemption that no longer hides a commit is stale: drop it so the rule covers that module again."""
    strict = rules.only_services_commit()(TREE)
    for module in COMMIT_EXEMPT:
        path = module.removeprefix("ic2permed.").replace(".", "/")
        assert any(f"ic2permed/{path}.py:" in line for line in strict), f"{module} no longer commits: unexempt it"


def test_every_domain_folder_exists() -> None:
    for domain in rules.DOMAINS:
        assert (PACKAGE / domain / "__init__.py").is_file(), domain
