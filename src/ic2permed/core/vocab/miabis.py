"""MIABIS controlled lists as used by the BBMRI-ERIC Directory.

Source (see ``data/miabis.json`` → ``source`` and ``sources_by_list`` for the exact commits):
molgenis/molgenis-emx2 ``data/biobank-directory/ontologies/`` (Directory codes such as ``TISSUE_FROZEN``),
MIABIS labels from BBMRI-ERIC/miabis, MIABIS-on-FHIR codes from the ``miabis-on-fhir`` package (1.4.0).
Chinese labels are our translations.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from ic2permed.core.vocab.terms import Term

LISTS = ("material_types", "collection_types", "data_categories", "storage_temperatures", "sex")


@cache
def raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (files("ic2permed.core.vocab") / "data" / "miabis.json").read_text(encoding="utf-8")
    )
    return data


@cache
def _terms(name: str) -> tuple[Term, ...]:
    return tuple(
        Term(str(row["code"]), row["label_en"], row.get("label_zh") or row["label_en"], row.get("parent"))
        for row in raw()[name]
        if row.get("code")
    )


def material_types() -> tuple[Term, ...]:
    return _terms("material_types")


def collection_types() -> tuple[Term, ...]:
    return _terms("collection_types")


def data_categories() -> tuple[Term, ...]:
    return _terms("data_categories")


def storage_temperatures() -> tuple[Term, ...]:
    return _terms("storage_temperatures")


def sexes() -> tuple[Term, ...]:
    return _terms("sex")


def _lookup(name: str, code: str) -> Term:
    wanted = code.strip()
    for term in _terms(name):
        if term.code == wanted or term.code.upper() == wanted.upper():
            return term
    raise KeyError(f"{code!r} is not a MIABIS {name.replace('_', ' ').rstrip('s')}")


def material_type(code: str) -> Term:
    return _lookup("material_types", code)


def collection_type(code: str) -> Term:
    return _lookup("collection_types", code)


def data_category(code: str) -> Term:
    return _lookup("data_categories", code)


def fhir_code(list_name: str, code: str) -> dict[str, str] | None:
    """The MIABIS on FHIR (system, code) for a Directory code, where the source gives one."""
    for row in raw()[list_name]:
        if row.get("code") == code:
            for key, value in row.items():
                if key.startswith("miabis_on_fhir") and isinstance(value, dict) and "system" in value:
                    return {"system": str(value["system"]), "code": str(value["code"])}
    return None
