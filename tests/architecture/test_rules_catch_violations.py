"""Each architecture rule, proven able to fail: a small tree that breaks it, next to one that keeps it.

The trees are planted in a temporary folder, named like the real package, so the same checker that
guards `src/ic2permed` reads them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.architecture import rules
from tests.architecture.test_imports import GRAPH, rule_set


@dataclass(frozen=True)
class Case:
    rule: str
    broken: dict[str, str]  # path inside the package → source
    kept: dict[str, str]
    says: str  # a word of the report


CASES = {
    "core → domain": Case(
        "core imports no domain",
        {"core/x.py": "from ic2permed.biobanks import service\n"},
        {"core/x.py": "from ic2permed.core import errors\n", "core/errors.py": ""},
        "core imports ic2permed.biobanks.service",
    ),
    "core → registry": Case(
        "core imports no domain",
        {"core/x.py": "from ic2permed.domains import all_domains\n"},
        {"core/x.py": "from ic2permed.core.domain_spec import DomainSpec\n"},
        "ic2permed.domains",
    ),
    "spec → registry": Case(
        "domains never import the assembly",
        {"experts/spec.py": "from ic2permed.domains import DomainSpec, NavEntry\n"},
        {"experts/spec.py": "from ic2permed.core.domain_spec import DomainSpec, NavEntry\n"},
        "domain imports ic2permed.domains.",
    ),
    "domain → web": Case(
        "domains never import the assembly",
        {"biobanks/pages.py": "import ic2permed.web.pages\n"},
        {"biobanks/pages.py": "import ic2permed.core.http.rendering\n"},
        "ic2permed.web",
    ),
    "domain → all tables": Case(
        "domains never import the assembly",
        {"access/service.py": "from ic2permed import models\n"},
        {"access/service.py": "from ic2permed.access import models\n"},
        "ic2permed.models",
    ),
    "pages → own repository": Case(
        "layers run one way",
        {"experts/pages.py": "from ic2permed.experts.repository import find\n"},
        {"experts/pages.py": "from ic2permed.experts.service import find\n", "experts/templates/experts/x.html": ""},
        "entry layer imports repository",
    ),
    "api → own models (relative)": Case(
        "layers run one way",
        {"experts/api.py": "from . import models\n"},
        {"experts/api.py": "from ic2permed.experts import schemas\n"},
        "entry layer imports models",
    ),
    "cli → own models in a sub-package": Case(
        "layers run one way",
        {"federation/hub/cli.py": "from ic2permed.federation.hub.models import Node\n"},
        {"federation/hub/cli.py": "from ic2permed.federation.hub.service import add_node\n"},
        "entry layer imports models",
    ),
    "service package → api": Case(
        "layers run one way",
        {"experts/service/rounds.py": "from ic2permed.experts.api import router\n"},
        {
            "experts/service/rounds.py": (
                "from ic2permed.experts import delphi, repository\nfrom ic2permed.experts.models import Round\n"
            ),
            "experts/delphi.py": "",
        },
        "service layer imports entry",
    ),
    "repository → service": Case(
        "layers run one way",
        {"access/repository.py": "from ic2permed.access import service\n"},
        {"access/repository.py": "from ic2permed.access import models\n"},
        "repository layer imports service",
    ),
    "models → repository": Case(
        "layers run one way",
        {"access/models.py": "from ic2permed.access.repository import q\n"},
        {"access/models.py": "from ic2permed.core.database import Base\n"},
        "models layer imports repository",
    ),
    "a domain reaches another's tables": Case(
        "across domains: service and schemas along the graph",
        {"access/service.py": "from ic2permed.biobanks.models import Biobank\n"},
        {"access/service.py": "from ic2permed.biobanks import service\nfrom ic2permed.landscape import schemas\n"},
        "reaches into ic2permed.biobanks.models",
    ),
    "an arrow against the graph": Case(
        "across domains: service and schemas along the graph",
        {"biobanks/service.py": "from ic2permed.federation.hub import service\n"},
        {"federation/hub/service.py": "from ic2permed.biobanks import service as biobanks\n"},
        "biobanks → federation is not in the domain graph",
    ),
    "an arrow missing from the graph": Case(
        "across domains: service and schemas along the graph",
        {"experts/service.py": "from ic2permed.landscape.schemas import ItemRead\n"},
        {"experts/service.py": "from ic2permed.stakeholders.schemas import BodyRead\n"},
        "experts → landscape",
    ),
    "web reaches a domain's internals": Case(
        "web only mounts domains",
        {"web/pages.py": "from ic2permed.biobanks.repository import carts\n"},
        {"web/pages.py": "from ic2permed.biobanks import service\nfrom ic2permed.domains import all_domains\n"},
        "web reaches into ic2permed.biobanks.repository",
    ),
    "node imports the hub": Case(
        "node runs without the hub",
        {"federation/node/app.py": "from ic2permed.federation.hub import service\n"},
        {"federation/node/app.py": "from ic2permed.federation import signing\n", "federation/signing.py": ""},
        "imports ic2permed.federation.hub",
    ),
    "node reaches the hub through another module": Case(
        "node runs without the hub",
        {
            "federation/node/app.py": "from ic2permed.federation import signing\n",
            "federation/signing.py": "from ic2permed.federation.hub.models import Node\n",
        },
        {
            "federation/node/app.py": "from ic2permed.federation import signing\n",
            "federation/signing.py": "from ic2permed.core import errors\n",
        },
        "reached from ic2permed.federation.node.app",
    ),
    "relative import": Case(
        "no relative imports",
        {"landscape/pages.py": "from ..core.errors import NotFound\n"},
        {"landscape/pages.py": "from ic2permed.core.errors import NotFound\n"},
        "relative import of ic2permed.core.errors",
    ),
    "import from a string": Case(
        "no string imports",
        {"web/app.py": "import importlib\nspecs = importlib.import_module('ic2permed.biobanks.spec')\n"},
        {"web/app.py": "from ic2permed.biobanks import spec\n"},
        "imports a module from a string",
    ),
    "__import__": Case(
        "no string imports",
        {"domains.py": "mod = __import__('ic2permed.landscape.spec')\n"},
        {"domains.py": "from ic2permed.landscape import spec\n"},
        "imports a module from a string",
    ),
    "a helper commits": Case(
        "only services commit",
        {"biobanks/drafts.py": "def save(session):\n    session.commit()\n"},
        {
            "biobanks/drafts.py": "def save(session):\n    session.flush()\n",
            "biobanks/service.py": "def save(session):\n    session.commit()\n",
            "experts/service/rounds.py": "def close(session):\n    session.commit()\n",
        },
        "biobanks/drafts.py:2 commits outside a service",
    ),
    "a commit flag": Case(
        "only services commit",
        {"landscape/service.py": "def create(session, data, *, commit=True):\n    pass\n"},
        {"landscape/service.py": "def create(session, data):\n    session.commit()\n"},
        "create() takes a commit flag",
    ),
}


def plant(root: Path, files: dict[str, str]) -> rules.Tree:
    """Write `files` under `root/ic2permed`, each Python file's folders made packages."""
    package = root / "ic2permed"
    for name, source in {"__init__.py": "", **files}.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".py":
            for folder in path.relative_to(package).parents:
                (package / folder / "__init__.py").touch()
        path.write_text(source)
    return rules.Tree(package)


RULES = rule_set()  # no exemptions: a planted tree gets none


def check(rule: str, tree: rules.Tree) -> list[str]:
    run: Callable[[rules.Tree], list[str]] = RULES[rule]
    return run(tree)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_rule_catches_a_planted_violation(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    report = check(case.rule, plant(tmp_path / "broken", case.broken))
    assert report and all(case.says in line for line in report), report
    assert check(case.rule, plant(tmp_path / "kept", case.kept)) == []


def test_every_rule_has_a_planted_violation() -> None:
    assert {case.rule for case in CASES.values()} == set(RULES)


def test_empty_domain_folders_keep_every_rule(tmp_path: Path) -> None:
    tree = plant(tmp_path, {f"{domain}/__init__.py": "" for domain in rules.DOMAINS})
    assert {name: run(tree) for name, run in RULES.items()} == {name: [] for name in RULES}


def test_a_cycle_in_the_graph_is_found(tmp_path: Path) -> None:
    doc = tmp_path / "architecture.md"
    doc.write_text(f"# A\n\n{rules.GRAPH_HEADING}\n\n```text\nexperts → stakeholders\nstakeholders → experts, x\n```\n")
    graph = rules.domain_graph(doc)
    assert graph == {"experts": {"stakeholders"}, "stakeholders": {"experts", "x"}}
    assert rules.cycles(graph)
    assert rules.cycles(GRAPH) == []
