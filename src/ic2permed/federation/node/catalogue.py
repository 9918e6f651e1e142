"""What a node holds, term by term, and which of those terms it may list in `/filtering_terms`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ic2permed.core.vocab import icd10, miabis
from ic2permed.federation import disclosure
from ic2permed.federation.beacon import wire
from ic2permed.federation.disclosure import Protection
from ic2permed.federation.node.query import ALPHANUMERIC, PLACES, Holdings
from ic2permed.federation.node.store import SEX_FEMALE, SEX_MALE, SEX_UNKNOWN, NodeStore

SEX_LABELS = {SEX_FEMALE: "female", SEX_MALE: "male", SEX_UNKNOWN: "unknown"}


@dataclass(frozen=True)
class TermCount:
    """A filtering term this node holds, with how many donors hold it (never shown, used to hide)."""

    id: str
    label: str | None
    scope: str
    donors: int


def _chapter_ranges() -> list[tuple[str, str, str]]:
    ranges = []
    for chapter in icd10.chapters():
        blocks = icd10.children(chapter)
        if blocks:
            ranges.append((chapter, blocks[0].split("-")[0], blocks[-1].split("-")[-1]))
    return ranges


def chapter_case(column: str = "d.code3") -> str:
    """A SQL CASE naming the ICD-10 chapter of a 3-character category."""
    whens = " ".join(f"WHEN {column} BETWEEN '{lo}' AND '{hi}' THEN '{ch}'" for ch, lo, hi in _chapter_ranges())
    return f"CASE {whens} ELSE NULL END"


def build_catalogue(store: NodeStore) -> list[TermCount]:
    """Every ontology term present, with its donor count, computed once at start-up."""
    terms: list[TermCount] = []
    for column, scope, labels in (
        ("sex", "individual", SEX_LABELS),
        ("ethnicity", "individual", {}),
        ("geographic_origin", "individual", {}),
    ):
        rows = store.fetchall(f"SELECT {column}, count(*) FROM individuals WHERE {column} IS NOT NULL GROUP BY 1")
        terms.extend(TermCount(str(v), labels.get(str(v)), scope, int(n)) for v, n in rows)
    material_labels = {t.code: t.label_en for t in miabis.material_types()}
    for column, scope, prefix in (("material", "biosample", "MIABIS:"), ("origin", "biosample", "")):
        rows = store.fetchall(
            f"SELECT {column}, count(DISTINCT individual_pk) FROM biosamples WHERE {column} IS NOT NULL GROUP BY 1"
        )
        for value, n in rows:
            label = material_labels.get(str(value)) if prefix else None
            terms.append(TermCount(f"{prefix}{value}", label, scope, int(n)))
    for code, code3, n in store.fetchall(
        "SELECT code, code3, count(DISTINCT individual_pk) FROM diseases GROUP BY 1, 2"
    ):
        if code3:
            terms.append(TermCount(f"ICD10:{code}", icd_label(str(code)), "individual", int(n)))
        else:
            terms.append(TermCount(str(code), None, "individual", int(n)))
    listed = {t.id for t in terms}
    for code3, n in store.fetchall(
        "SELECT code3, count(DISTINCT individual_pk) FROM diseases WHERE code3 <> '' GROUP BY 1"
    ):
        if f"ICD10:{code3}" not in listed:
            terms.append(TermCount(f"ICD10:{code3}", icd_label(str(code3)), "individual", int(n)))
    blocks: set[str] = set()
    for (code3,) in store.fetchall("SELECT DISTINCT code3 FROM diseases WHERE code3 <> ''"):
        blocks.update(a for a in icd10.ancestors(str(code3)) if "-" in a)
    for block in sorted(blocks):
        lo, hi = block.split("-")
        n = store.scalar("SELECT count(DISTINCT individual_pk) FROM diseases WHERE code3 BETWEEN ? AND ?", [lo, hi])
        terms.append(TermCount(f"ICD10:{block}", icd_label(block), "individual", int(n)))
    for chapter, n in store.fetchall(
        f"SELECT {chapter_case('code3')} AS ch, count(DISTINCT individual_pk) FROM diseases GROUP BY 1"
    ):
        if chapter:
            terms.append(TermCount(f"ICD10:{chapter}", icd_label(str(chapter)), "individual", int(n)))
    return terms


_PLACE_SQL = {
    "disease": "SELECT DISTINCT code FROM diseases WHERE code3 = ''",
    "ethnicity": "SELECT DISTINCT ethnicity FROM individuals WHERE ethnicity IS NOT NULL",
    "geo": "SELECT DISTINCT geographic_origin FROM individuals WHERE geographic_origin IS NOT NULL",
    "origin": "SELECT DISTINCT origin FROM biosamples WHERE origin IS NOT NULL",
    "phenotype": "SELECT DISTINCT term FROM phenotypes",
    "procedure": "SELECT DISTINCT code FROM procedures",
    "treatment": "SELECT DISTINCT code FROM treatments",
    "exposure": "SELECT DISTINCT code FROM exposures",
    "sample_term": "SELECT DISTINCT term FROM sample_terms",
}


def load_holdings(store: NodeStore) -> Holdings:
    """Where each term and assay lives in this node's file (routes filters to the right table)."""
    terms: dict[str, str] = {}
    for place in PLACES:
        for (term,) in store.fetchall(_PLACE_SQL[place]):
            terms.setdefault(str(term), place)
    assays: dict[str, str] = {}
    for table, level in (("measures", "individual"), ("measurements", "biosample")):
        for (assay,) in store.fetchall(f"SELECT DISTINCT assay FROM {table}"):
            assays.setdefault(str(assay), level)
    phenotypes = frozenset(str(t) for (t,) in store.fetchall(_PLACE_SQL["phenotype"]))
    return Holdings(terms, assays, phenotypes)


def icd_label(code: str) -> str | None:
    try:
        return icd10.label(code)
    except Exception:  # codes outside the WHO list have no label of their own
        return None


def filtering_terms_document(beacon_id: str, catalogue: list[TermCount], protection: Protection) -> dict[str, Any]:
    """Only terms held by at least the threshold of donors are listed; alphanumeric fields always are."""
    shown: list[dict[str, Any]] = []
    for term in catalogue:
        if disclosure.listable(term.donors, protection):
            item: dict[str, Any] = {"type": "ontologyTerm", "id": term.id, "scopes": [term.scope]}
            if term.label:
                item["label"] = term.label
            shown.append(item)
    for f in ALPHANUMERIC.values():
        shown.append({"type": "alphanumeric", "id": f.id, "label": f.description, "scopes": [f.level]})
    resources = [
        {
            "id": "ICD10",
            "name": "International Classification of Diseases, 10th revision",
            "nameSpacePrefix": "ICD10",
            "url": "https://icd.who.int/browse10/2019/en",
        },
        {
            "id": "NCIT",
            "name": "NCI Thesaurus",
            "nameSpacePrefix": "NCIT",
            "iriPrefix": "http://purl.obolibrary.org/obo/NCIT_",
        },
        {
            "id": "UBERON",
            "name": "Uberon anatomy ontology",
            "nameSpacePrefix": "UBERON",
            "iriPrefix": "http://purl.obolibrary.org/obo/UBERON_",
        },
        {
            "id": "GAZ",
            "name": "Gazetteer",
            "nameSpacePrefix": "GAZ",
            "iriPrefix": "http://purl.obolibrary.org/obo/GAZ_",
        },
        {"id": "MIABIS", "name": "MIABIS material types (BBMRI-ERIC Directory codes)", "nameSpacePrefix": "MIABIS"},
    ]
    return wire.filtering_terms_response(beacon_id, shown, resources)
