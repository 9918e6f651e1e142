"""Beacon filters → one typed query → SQL over the node's DuckDB file.

Semantics follow the BBMRI-ERIC Locator and Beacon v2: filters are ANDed; an individual matches when every
individual-level filter holds, each disease filter is met by one of its diagnoses, each filter on a
one-to-many part of the individual (measures, procedures, treatments, phenotypic features, exposures) by
one of its rows, and at least one of its samples satisfies all sample-level filters together (its own
fields, its biosample terms and its measurements: the same-sample rule). Terms are matched by id, never by
label; a term the node cannot interpret matches nothing and is reported back as a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ic2permed.core.vocab import icd10, miabis
from ic2permed.federation.disclosure import Coarsening
from ic2permed.federation.node import hpo, units
from ic2permed.federation.node.store import SEX_FEMALE, SEX_MALE, SEX_UNKNOWN

SEX_TERMS = frozenset({SEX_FEMALE, SEX_MALE, SEX_UNKNOWN, "NCIT:C1799", "NCIT:C124294"})
OTHER_DISEASE_PREFIXES = frozenset({"MONDO", "ORPHA", "OMIM", "DOID", "SNOMED", "SNOMEDCT", "NCIT", "HP", "EFO"})
OPERATORS = ("<=", ">=", "!=", "=", "<", ">", "!")
_ALNUM_TEXT = re.compile(r"^([A-Za-z_][A-Za-z0-9_.:-]*)\s*(<=|>=|!=|=|<|>|!)\s*(.+)$")
_CURIE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*:\S+$")
# One-to-many parts of a record: the SQL alias, its table, and whose pk owns a row.
RELATED_TABLES = {
    "m": ("measures", "individual_pk"),
    "p": ("procedures", "individual_pk"),
    "t": ("treatments", "individual_pk"),
    "f": ("phenotypes", "individual_pk"),
    "x": ("exposures", "individual_pk"),
    "k": ("individual_terms", "individual_pk"),
    "sm": ("measurements", "biosample_pk"),
    "si": ("measurements", "individual_pk"),  # a sample's measurement, as the donor's (assays held at both levels)
    "st": ("sample_terms", "biosample_pk"),
}
SAMPLE_RELATED = frozenset({"sm", "st"})
_DURATION = re.compile(r"^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?$")


@dataclass(frozen=True)
class AlphanumericField:
    """A filterable numeric or date column, and where it lives (a sample or a diagnosis)."""

    id: str
    column: str
    level: str  # "biosample" | "disease"
    kind: str  # "number" | "date"
    description: str


ALPHANUMERIC: dict[str, AlphanumericField] = {
    f.id: f
    for f in (
        AlphanumericField("age", "b.age", "biosample", "number", "Age of the donor at sampling, in years"),
        AlphanumericField("samplingDate", "b.sampling_date", "biosample", "date", "Date the sample was taken"),
        AlphanumericField(
            "storageTemperature", "b.storage_temperature", "biosample", "number", "Storage temperature in °C"
        ),
        AlphanumericField("ageAtDiagnosis", "d.age_at_diagnosis", "disease", "number", "Age at diagnosis, in years"),
        AlphanumericField("diagnosisDate", "d.diagnosis_date", "disease", "date", "Date of the diagnosis"),
    )
}
ALIASES = {"ageAtSampling": "age", "ageOfOnset": "ageAtDiagnosis", "collectionDate": "samplingDate"}


def material_codes() -> frozenset[str]:
    return frozenset(t.code for t in miabis.material_types())


@dataclass(frozen=True)
class Filter:
    """One request filter as received (ontology when `operator` is None)."""

    id: str
    operator: str | None = None
    value: str | None = None
    include_descendants: bool = True


@dataclass(frozen=True)
class Cond:
    """One condition on a row (`i` individual, `d` diagnosis, `b` sample), as SQL and as data.

    The structured form lets the in-memory index evaluate exactly what the SQL would; iterating a Cond
    yields ``(sql, params)``.
    """

    alias: str
    column: str
    op: str  # = <> < <= > >= between prefix outside in notin
    values: tuple[Any, ...]

    @property
    def sql(self) -> str:
        ref = f"{self.alias}.{self.column}"
        if self.op == "in":
            return f"list_contains(?, {ref})"
        if self.op == "notin":  # NULL never matches
            return f"NOT list_contains(?, {ref})"
        if self.op == "between":
            return f"{ref} BETWEEN ? AND ?"
        if self.op == "prefix":
            return f"({ref} = ? OR {ref} LIKE ?)"
        if self.op == "outside":  # [lo, hi) excluded; NULL never matches
            return f"({ref} < ? OR {ref} >= ?)"
        return f"{ref} {self.op} ?"

    @property
    def params(self) -> list[Any]:
        if self.op == "prefix":
            code = self.values[0]
            return [code, code + ("." if len(code) == 3 else "") + "%"]
        if self.op in ("in", "notin"):
            return [sorted(self.values)]
        return list(self.values)

    def __iter__(self) -> Iterator[Any]:
        return iter((self.sql, self.params))


@dataclass(frozen=True)
class Related:
    """ "One row of this one-to-many table (alias in RELATED_TABLES) meets every cond": Beacon's any-of-its-rows."""

    alias: str
    conds: tuple[Cond, ...]

    @property
    def table(self) -> str:
        return RELATED_TABLES[self.alias][0]

    @property
    def owner(self) -> str:
        return RELATED_TABLES[self.alias][1]


@dataclass(frozen=True)
class AnyOf:
    """At least one of the groups holds (an assay a node measures on individuals and on samples alike)."""

    groups: tuple[Related, ...]


@dataclass(frozen=True)
class Holdings:
    """Where the node holds each ontology term and each measured assay, read once when it starts.

    `terms` maps a term to the place it occurs (``disease``, ``ethnicity``, ``geo``, ``origin``,
    ``procedure``, ``treatment``, ``exposure``, ``phenotype``, ``sample_term``); `assays` maps an assay code
    to ``individual`` (in `measures`), ``biosample`` (in `measurements`) or ``both``. Terms found in several places
    are routed to the first in `PLACES` order.
    """

    terms: dict[str, str] = field(default_factory=dict)
    assays: dict[str, str] = field(default_factory=dict)
    phenotypes: frozenset[str] = frozenset()
    loaded: bool = False  # read from a node's file (else nothing is known, and nothing is warned of)


PLACES = ("disease", "ethnicity", "geo", "origin", "phenotype", "procedure", "treatment", "exposure", "sample_term")


@dataclass
class Query:
    """Compiled conditions, grouped by the row they constrain."""

    individual: list[Cond] = field(default_factory=list)
    diseases: list[Cond] = field(default_factory=list)
    disease_values: list[Cond] = field(default_factory=list)
    sample: list[Cond] = field(default_factory=list)
    related: list[Related | AnyOf] = field(default_factory=list)
    sample_related: list[Related] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    impossible: bool = False
    keys: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The normalised query: the same conditions in any order or spelling give the same key."""
        return "&".join(sorted(set(self.keys)))


def parse_filters(raw: Any) -> list[Filter]:
    """Accept the request body's list (strings or objects) or a GET comma list."""
    if raw is None:
        return []
    items: list[Any] = raw.split(",") if isinstance(raw, str) else list(raw)
    found: list[Filter] = []
    for item in items:
        if isinstance(item, str):
            text = item.strip()
            if not text:
                continue
            match = _ALNUM_TEXT.match(text)
            if match:
                found.append(Filter(match.group(1), match.group(2), match.group(3).strip()))
            else:
                found.append(Filter(text))
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            operator = item.get("operator")
            value = item.get("value")
            found.append(
                Filter(
                    item["id"].strip(),
                    str(operator) if operator is not None else None,
                    str(value) if value is not None else None,
                    bool(item.get("includeDescendantTerms", True)),
                )
            )
        else:
            raise ValueError(f"a filter must be a string or an object with an id, not {item!r}")
    return found


def duration_years(text: str) -> float | None:
    match = _DURATION.match(text.strip().upper())
    if not match or not any(match.groups()):
        return None
    y, m, w, d = (float(g) if g else 0.0 for g in match.groups())
    return y + m / 12 + (w * 7 + d) / 365.25


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return duration_years(text)


def _sql_operator(op: str) -> str:
    return "<>" if op in ("!", "!=") else op


def icd10_cond(term: str, include_descendants: bool) -> tuple[Cond, str]:
    """The condition on a diagnosis row `d` for an ICD-10 term, and its normalised key.

    Chapters and blocks are ranges of 3-character categories; a category or subcategory covers its
    dotted extensions (F31 covers F31.8 and F31.81; E11.9 covers E11.900X001). Raises icd10.InvalidCode.
    """
    code = icd10.normalise(term)
    if code in icd10.chapters():
        blocks = icd10.children(code)
        lo, hi = blocks[0].split("-")[0], blocks[-1].split("-")[-1]
        return Cond("d", "code3", "between", (lo, hi)), f"icd10~{code}"
    if "-" in code:
        lo, hi = code.split("-")
        return Cond("d", "code3", "between", (lo, hi)), f"icd10~{code}"
    if not include_descendants:
        return Cond("d", "code", "=", (code,)), f"icd10={code}"
    return Cond("d", "code", "prefix", (code,)), f"icd10~{code}"


def icd10_condition(term: str, include_descendants: bool) -> tuple[str, list[Any], str]:
    cond, key = icd10_cond(term, include_descendants)
    return cond.sql, cond.params, key


def compile_filters(
    filters: list[Filter],
    disease_ids: frozenset[str] = frozenset(),
    coarse: Coarsening | None = None,
    holdings: Holdings | None = None,
) -> Query:
    """`disease_ids`: non-ICD disease codes the node holds (MONDO, ORPHA, …), matched exactly by id.

    `coarse`: compare dates and ages by whole periods (for requesters below record level). `holdings`:
    where the node holds terms and assays (without it, terms are routed by their prefix alone)."""
    query = Query()
    materials = material_codes()
    held = holdings or Holdings()
    for f in filters:
        fid = ALIASES.get(f.id, f.id)
        if f.operator is not None and fid in ALPHANUMERIC:
            _alphanumeric(query, ALPHANUMERIC[fid], f, coarse)
            continue
        if f.operator is not None and fid == KARYOTYPIC_SEX:
            _karyotypic_sex(query, f)
            continue
        if f.operator is not None and _CURIE.match(fid):
            _measure(query, f, fid, held)
            continue
        if f.operator is not None:
            query.warnings.append(f"Unknown filter term {f.id!r}: not a field of this node; nothing matches.")
            query.impossible = True
            continue
        prefix, _, local = fid.partition(":")
        prefix = prefix.upper()
        if prefix in ("ICD10", "ICD-10", "ICD10CM"):
            try:
                cond, key = icd10_cond(fid, f.include_descendants)
            except icd10.InvalidCode:
                query.warnings.append(f"Unknown filter term {f.id!r}: not an ICD-10 code; nothing matches.")
                query.impossible = True
                continue
            query.diseases.append(cond)
            query.keys.append(key)
        elif prefix in OTHER_DISEASE_PREFIXES and local and fid in disease_ids:
            query.diseases.append(Cond("d", "code", "=", (fid,)))
            query.keys.append(f"disease={fid}")
        elif held.terms.get(fid) in _RELATED_PLACES or (prefix == "HP" and local):
            _related_term(query, f, fid, held)
        elif fid in SEX_TERMS:
            query.individual.append(Cond("i", "sex", "=", (fid,)))
            query.keys.append(f"sex={fid}")
        elif held.terms.get(fid) == "sample_term":
            query.sample_related.append(Related("st", (Cond("st", "term", "=", (fid,)),)))
            query.keys.append(f"sampleterm={fid}")
        elif prefix == "NCIT" and local:
            query.individual.append(Cond("i", "ethnicity", "=", (fid,)))
            query.keys.append(f"ethnicity={fid}")
        elif prefix == "GAZ" and local:
            query.individual.append(Cond("i", "geographic_origin", "=", (fid,)))
            query.keys.append(f"geo={fid}")
        elif prefix == "UBERON" and local:
            query.sample.append(Cond("b", "origin", "=", (fid,)))
            query.keys.append(f"origin={fid}")
        elif (prefix == "MIABIS" and local.upper() in materials) or fid.upper() in materials:
            code = (local if prefix == "MIABIS" else fid).upper()
            query.sample.append(Cond("b", "material", "=", (code,)))
            query.keys.append(f"material={code}")
        else:
            query.warnings.append(f"Unknown filter term {f.id!r}: this node does not hold it; nothing matches.")
            query.impossible = True
    return query


KARYOTYPIC_SEX = "karyotypicSex"
# place -> (alias, column) of the one-to-many table that holds its terms
_RELATED_PLACES = {
    "procedure": ("p", "code"),
    "treatment": ("t", "code"),
    "exposure": ("x", "code"),
    "phenotype": ("f", "term"),
}


def _related_term(query: Query, f: Filter, fid: str, held: Holdings) -> None:
    """A procedure, treatment, exposure or phenotype code; HPO terms cover their descendants."""
    place = held.terms.get(fid, "phenotype")
    alias, column = _RELATED_PLACES[place]
    if place != "phenotype":
        query.related.append(Related(alias, (Cond(alias, column, "=", (fid,)),)))
        query.keys.append(f"{place}={fid}")
        return
    wanted = {fid}
    if f.include_descendants:
        below = hpo.descendants(fid)
        if below is None and fid not in held.phenotypes:
            query.warnings.append(f"Unknown filter term {f.id!r}: not a term of the HPO; nothing matches.")
            query.impossible = True
            return
        wanted |= below or frozenset()
    if held.loaded:
        wanted &= held.phenotypes
        if not wanted:
            query.warnings.append(f"Unknown filter term {f.id!r}: this node does not hold it; nothing matches.")
            query.impossible = True
            return
    # An excluded feature ("observed absent") never matches a filter on the feature.
    conds = (Cond("f", "term", "in", tuple(sorted(wanted))), Cond("f", "excluded", "=", (False,)))
    query.related.append(Related("f", conds))
    query.keys.append(f"phenotype{'~' if f.include_descendants else '='}{fid}")


def _karyotypic_sex(query: Query, f: Filter) -> None:
    op = f.operator or "="
    value = (f.value or "").strip().upper()
    if op not in ("=", "!", "!=") or not value:
        query.warnings.append(f"Filter {f.id!r}: takes = or != and a value such as XXY; nothing matches.")
        query.impossible = True
        return
    conds = (Cond("k", "field", "=", (KARYOTYPIC_SEX,)), Cond("k", "term", _sql_operator(op), (value,)))
    query.related.append(Related("k", conds))
    query.keys.append(f"karyotypicSex{'!' if op != '=' else '='}{value}")


def _measure(query: Query, f: Filter, fid: str, held: Holdings) -> None:
    """A measure by assay code: a number (optionally with a unit) under any operator, or an ontology value."""
    codes = units.assays(fid)
    level = next((held.assays[c] for c in codes if c in held.assays), None)
    if held.loaded and level is None:
        query.warnings.append(f"Unknown filter term {f.id!r}: this node holds no such measure; nothing matches.")
        query.impossible = True
        return
    aliases = {"biosample": ("sm",), "both": ("m", "si")}.get(level or "individual", ("m",))
    op = f.operator or "="
    text = (f.value or "").strip()
    if op not in OPERATORS:
        query.warnings.append(f"Filter {f.id!r}: unknown operator {op!r}; nothing matches.")
        query.impossible = True
        return
    conds: list[Cond] = [Cond("?", "assay", "in", codes) if len(codes) > 1 else Cond("?", "assay", "=", codes)]
    name = "|".join(codes)
    number = _number(text) if not _CURIE.match(text) else None
    if _CURIE.match(text):
        if op not in ("=", "!", "!="):
            query.warnings.append(f"Filter {f.id!r}: an ontology value takes = or != only; nothing matches.")
            query.impossible = True
            return
        answers = units.values(fid, text)
        conds.append(Cond("?", "value_term", "in" if op == "=" else "notin", answers))
        query.keys.append(f"{name}{'!' if op != '=' else '='}{text}")
    elif number is not None:
        conds.append(Cond("?", "value", _sql_operator(op), (number,)))
        query.keys.append(f"{name}{'!' if op in ('!', '!=') else op}{number:g}")
    elif (converted := units.value_with_unit(text)) is not None:
        value, unit_id = converted
        conds += [Cond("?", "unit", "=", (unit_id,)), Cond("?", "value", _sql_operator(op), (value,))]
        query.keys.append(f"{name}{'!' if op in ('!', '!=') else op}{value:g}{unit_id}")
    else:
        query.warnings.append(
            f"Filter {f.id!r}: cannot read {text!r} as a number, a number with a known unit or an ontology id;"
            " nothing matches."
        )
        query.impossible = True
        return
    groups = tuple(Related(a, tuple(Cond(a, c.column, c.op, c.values) for c in conds)) for a in aliases)
    if aliases == ("sm",):
        query.sample_related.append(groups[0])
    else:
        query.related.append(groups[0] if len(groups) == 1 else AnyOf(groups))


AGES = frozenset({"age", "ageAtDiagnosis"})


def _coarse_conds(alias: str, column: str, op: str, lo: Any, hi: Any) -> list[Cond]:
    """``period(column) op period(value)`` as conditions on the raw column, the period being [lo, hi)."""
    if op == "<":
        return [Cond(alias, column, "<", (lo,))]
    if op == "<=":
        return [Cond(alias, column, "<", (hi,))]
    if op == ">":
        return [Cond(alias, column, ">=", (hi,))]
    if op == ">=":
        return [Cond(alias, column, ">=", (lo,))]
    if op == "=":
        return [Cond(alias, column, ">=", (lo,)), Cond(alias, column, "<", (hi,))]
    return [Cond(alias, column, "outside", (lo, hi))]


def _alphanumeric(query: Query, target: AlphanumericField, f: Filter, coarse: Coarsening | None = None) -> None:
    op = f.operator or "="
    text = (f.value or "").strip()
    if op not in OPERATORS:
        query.warnings.append(f"Filter {f.id!r}: unknown operator {op!r}; nothing matches.")
        query.impossible = True
        return
    value: Any
    if target.kind == "number":
        value = _number(text)
    else:
        try:
            value = date.fromisoformat(text)
        except ValueError:
            value = None
    if value is None:
        query.warnings.append(f"Filter {f.id!r}: cannot read {text!r} as a {target.kind}; nothing matches.")
        query.impossible = True
        return
    alias, column = target.column.split(".")
    rows = query.sample if target.level == "biosample" else query.disease_values
    period: tuple[Any, Any] | None = None
    if coarse is not None and isinstance(value, date) and coarse.date_unit != "day":
        period = coarse.date_period(value)
    elif coarse is not None and target.id in AGES and coarse.age_band > 1:
        period = coarse.age_period(float(value))
    if period is not None:
        rows.extend(_coarse_conds(alias, column, _sql_operator(op), *period))
        lo = period[0].isoformat() if isinstance(period[0], date) else f"{period[0]:g}"
        query.keys.append(f"{target.id}{'!' if op in ('!', '!=') else op}[{lo}")
        return
    rows.append(Cond(alias, column, _sql_operator(op), (value,)))
    shown = value.isoformat() if isinstance(value, date) else f"{value:g}"
    query.keys.append(f"{target.id}{'!' if op == '!=' else op}{shown}")


@dataclass(frozen=True)
class Scope:
    """Where a query is asked: the whole node, one dataset or cohort, or one individual."""

    dataset_id: str | None = None
    cohort_id: str | None = None
    individual_id: str | None = None


def _where(conditions: list[Any]) -> tuple[str, list[Any]]:
    """AND of conditions, each a Cond or an ``(sql, params)`` pair."""
    if not conditions:
        return "TRUE", []
    sql = " AND ".join(c for c, _ in conditions)
    params = [p for _, ps in conditions for p in ps]
    return sql, params


def related_sql(group: Related | AnyOf, owner_ref: str) -> tuple[str, list[Any]]:
    """``EXISTS`` one row of the group's table, owned by `owner_ref`, meeting all its conds."""
    if isinstance(group, AnyOf):
        parts = [related_sql(g, owner_ref) for g in group.groups]
        return "(" + " OR ".join(sql for sql, _ in parts) + ")", [p for _, ps in parts for p in ps]
    inner, params = _where(list(group.conds))
    table, owner = RELATED_TABLES[group.alias]
    alias = group.alias
    return f"EXISTS (SELECT 1 FROM {table} {alias} WHERE {alias}.{owner} = {owner_ref} AND {inner})", params


def sample_conditions(query: Query) -> tuple[str, list[Any]]:
    """Everything one sample `b` must satisfy: its own fields, its terms and its measurements."""
    return _where([*query.sample, *(related_sql(g, "b.pk") for g in query.sample_related)])


def has_sample_conditions(query: Query) -> bool:
    return bool(query.sample or query.sample_related)


def individual_conditions(query: Query, scope: Scope, with_samples: bool) -> tuple[str, list[Any]]:
    """WHERE clause over `i` (and, via EXISTS, its diagnoses, other one-to-many parts and samples)."""
    parts: list[Any] = []
    if query.impossible:
        return "FALSE", []
    parts.extend(query.individual)
    if scope.dataset_id is not None:
        parts.append(("i.dataset_id = ?", [scope.dataset_id]))
    if scope.cohort_id is not None:
        parts.append(("i.cohort_id = ?", [scope.cohort_id]))
    if scope.individual_id is not None:
        parts.append(("i.id = ?", [scope.individual_id]))
    disease_terms: list[Any] = list(query.diseases) or ([("TRUE", [])] if query.disease_values else [])
    for term in disease_terms:
        inner, inner_params = _where([term, *query.disease_values])
        parts.append((f"EXISTS (SELECT 1 FROM diseases d WHERE d.individual_pk = i.pk AND {inner})", inner_params))
    parts.extend(related_sql(g, "i.pk") for g in query.related)
    if with_samples and has_sample_conditions(query):
        inner, inner_params = sample_conditions(query)
        parts.append((f"EXISTS (SELECT 1 FROM biosamples b WHERE b.individual_pk = i.pk AND {inner})", inner_params))
    return _where(parts)


def individuals_sql(query: Query, scope: Scope, select: str = "count(*)") -> tuple[str, list[Any]]:
    where, params = individual_conditions(query, scope, with_samples=True)
    return f"SELECT {select} FROM individuals i WHERE {where}", params


def biosamples_sql(query: Query, scope: Scope, select: str = "count(*)") -> tuple[str, list[Any]]:
    """Samples that meet the sample filters themselves, of donors meeting the other filters."""
    where_i, params_i = individual_conditions(query, scope, with_samples=False)
    where_b, params_b = sample_conditions(query)
    sql = (
        f"SELECT {select} FROM biosamples b JOIN individuals i ON i.pk = b.individual_pk WHERE {where_b} AND {where_i}"
    )
    return sql, params_b + params_i
