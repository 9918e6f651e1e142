"""What a node holds, term by term, and which of those terms it may list in `/filtering_terms`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ic2permed.core.vocab import icd10, locator, miabis
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
    kind: str = "ontologyTerm"  # or "alphanumeric" (measures, karyotypic sex)
    units: tuple[str, ...] = ()
    values: tuple[tuple[str, int], ...] = ()  # ontology or text values, each with its donor count


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
    return terms + record_part_terms(store)


def record_part_terms(store: NodeStore) -> list[TermCount]:
    """Terms of the one-to-many parts: codes of procedures, treatments, exposures, phenotypes (observed,
    not excluded), biosample terms; measures (alphanumeric, with their units and ontology values) and
    karyotypic sex."""
    terms: list[TermCount] = []
    listed: set[str] = set()
    for sql, scope in (
        ("SELECT code, count(DISTINCT individual_pk) FROM procedures GROUP BY 1", "individual"),
        ("SELECT code, count(DISTINCT individual_pk) FROM treatments GROUP BY 1", "individual"),
        ("SELECT code, count(DISTINCT individual_pk) FROM exposures GROUP BY 1", "individual"),
        ("SELECT term, count(DISTINCT individual_pk) FROM phenotypes WHERE NOT excluded GROUP BY 1", "individual"),
        ("SELECT term, count(DISTINCT individual_pk) FROM sample_terms GROUP BY 1", "biosample"),
    ):
        for term, n in store.fetchall(sql):
            if str(term) not in listed:
                listed.add(str(term))
                terms.append(TermCount(str(term), None, scope, int(n)))
    for table, scope in (("measures", "individual"), ("measurements", "biosample")):
        values: dict[str, list[tuple[str, int]]] = {}
        for assay, value, n in store.fetchall(
            f"SELECT assay, value_term, count(DISTINCT individual_pk) FROM {table}"
            " WHERE value_term IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2"
        ):
            values.setdefault(str(assay), []).append((str(value), int(n)))
        for assay, n, unit_list in store.fetchall(
            f"SELECT assay, count(DISTINCT individual_pk), list(DISTINCT unit ORDER BY unit) FILTER (unit IS NOT NULL)"
            f" FROM {table} GROUP BY 1 ORDER BY 1"
        ):
            criterion = locator.by_beacon_id(str(assay))
            label = criterion.beacon_label if criterion else None
            found = tuple(str(u) for u in unit_list or ())
            terms.append(
                TermCount(str(assay), label, scope, int(n), "alphanumeric", found, tuple(values.get(str(assay), ())))
            )
    karyotypes = store.fetchall(
        "SELECT term, count(DISTINCT individual_pk) FROM individual_terms WHERE field = 'karyotypicSex' GROUP BY 1"
    )
    if karyotypes:
        donors = int(store.scalar("SELECT count(DISTINCT individual_pk) FROM individual_terms") or 0)
        terms.append(
            TermCount(
                "karyotypicSex",
                "Karyotypic sex",
                "individual",
                donors,
                "alphanumeric",
                values=tuple(sorted((str(t), int(n)) for t, n in karyotypes)),
            )
        )
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
            assays[str(assay)] = "both" if assays.get(str(assay), level) != level else level
    phenotypes = frozenset(str(t) for (t,) in store.fetchall(_PLACE_SQL["phenotype"]))
    return Holdings(terms, assays, phenotypes, loaded=True)


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
            item: dict[str, Any] = {"type": term.kind, "id": term.id, "scopes": [term.scope]}
            if term.label:
                item["label"] = term.label
            if term.units:
                item["units"] = list(term.units)  # beyond the schema's fields: the unit values are stored in
            values = [v for v, n in term.values if disclosure.listable(n, protection)]  # rare values hidden too
            if values:
                item["values"] = values
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
