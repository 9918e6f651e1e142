"""Import a node's records: Beacon reference-tools CSV, Beacon-Friendly-Format JSON, MIABIS CSV.

Strict where answers depend on it: ids, sex, diseases and every field a filter uses (measure assay codes
and values, procedure, treatment, exposure and phenotype codes, karyotypic sex, biosample terms) must
parse, or the import stops with a per-row error report and nothing is written. Other fields are kept as
given (shown under ``info.asImported`` in records), and the report counts every field read and says where
it went, so nothing is dropped silently. Entry types the node does not serve are skipped and named.
The new file is built beside the served one and swapped in atomically (`store.write_new`).
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rich.progress import Progress

from ic2permed.core.errors import FieldError, ValidationFailed
from ic2permed.core.progress import bar
from ic2permed.core.vocab import icd10, miabis
from ic2permed.federation.node import units
from ic2permed.federation.node.query import KARYOTYPIC_SEX, duration_years
from ic2permed.federation.node.store import SEX_FEMALE, SEX_MALE, TABLES, insert_columns, write_new

FORMATS = ("beacon-csv", "bff", "miabis-csv")
SERVED = ("individuals", "biosamples", "datasets", "cohorts")
SEX_IDS = {
    SEX_FEMALE: SEX_FEMALE,
    SEX_MALE: SEX_MALE,
    "NCIT:C1799": "NCIT:C1799",
    "NCIT:C17998": "NCIT:C17998",
    "NCIT:C124294": "NCIT:C124294",
}
SEX_WORDS = {"female": SEX_FEMALE, "f": SEX_FEMALE, "male": SEX_MALE, "m": SEX_MALE, "unknown": "NCIT:C17998"}
# Paths the Beacon default model defines as arrays (so `a|b` cells are several entries of the deepest one).
ARRAY_PATHS = frozenset(
    {
        ("diseases",),
        ("exposures",),
        ("interventionsOrProcedures",),
        ("measures",),
        ("measurements",),
        ("pedigrees",),
        ("pedigrees", "members"),
        ("phenotypicFeatures",),
        ("treatments",),
        ("diagnosticMarkers",),
        ("dataUseConditions", "duoDataUse"),
        ("dataUseConditions", "duoDataUse", "modifiers"),
        ("cohortDataTypes",),
        ("collectionEvents",),
        *(
            (c, f)
            for c in ("inclusionCriteria", "exclusionCriteria")
            for f in ("genders", "locations", "ethnicities", "diseaseConditions", "phenotypicConditions")
        ),
        ("inclusionCriteria", "phenotypicConditions", "modifiers"),
        ("exclusionCriteria", "phenotypicConditions", "modifiers"),
        ("phenotypicFeatures", "modifiers"),
        ("pathologicalTnmFinding",),
    }
)
# Ontologies whose disease codes are matched exactly by id (ICD-10 gets the hierarchy).
DISEASE_PREFIXES = ("MONDO", "ORPHA", "OMIM", "DOID", "SNOMED", "SNOMEDCT", "NCIT", "HP", "EFO")
_CURIE_LIST = re.compile(r"^\s*[A-Za-z][\w.-]*:[^,]+(,\s*[A-Za-z][\w.-]*:[^,]+)+\s*$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
TEMPERATURE_CODES = {
    "temperatureroom": 20,
    "temperature2to10": 4,
    "temperature-18to-35": -20,
    "temperature-60to-85": -80,
    "temperatureln": -196,
}


# Where each top-level field of an entry is kept: a table the filters use, else only the record.
INDIVIDUAL_FIELDS = {
    "id": "individuals",
    "sex": "individuals",
    "ethnicity": "individuals",
    "geographicOrigin": "individuals",
    "diseases": "diseases",
    "measures": "measures",
    "interventionsOrProcedures": "procedures",
    "treatments": "treatments",
    "phenotypicFeatures": "phenotypes",
    "exposures": "exposures",
    "karyotypicSex": "individual_terms",
}
# Biosample fields holding one ontology term (or a list of them), kept in `sample_terms` under their name.
SAMPLE_TERM_FIELDS = (
    "biosampleStatus",
    "sampleOriginDetail",
    "obtentionProcedure",
    "sampleProcessing",
    "sampleStorage",
    "tumorProgression",
    "tumorGrade",
    "histologicalDiagnosis",
    "pathologicalStage",
    "pathologicalTnmFinding",
    "diagnosticMarkers",
)
BIOSAMPLE_FIELDS = {
    "id": "biosamples",
    "individualId": "biosamples",
    "collectionDate": "biosamples",
    "collectionMoment": "biosamples",
    "materialType": "biosamples",
    "storageTemperature": "biosamples",
    "sampleOriginType": "biosamples",
    "measurements": "measurements",
    "phenotypicFeatures": "phenotypes",
    **dict.fromkeys(SAMPLE_TERM_FIELDS, "sample_terms"),
}
RECORD_ONLY = "record only"
KARYOTYPES = frozenset(
    {"UNKNOWN_KARYOTYPE", "XX", "XY", "XO", "XXY", "XXX", "XXYY", "XXXY", "XXXX", "XYY", "OTHER_KARYOTYPE"}
)


@dataclass(frozen=True)
class FieldCount:
    """How many values of one field an import read, and where they are kept."""

    entry: str
    field: str
    read: int
    kept: str  # a table name, or "record only" (shown in records, not filterable)


@dataclass
class ImportBatch:
    """Everything read, normalised, plus the report; written only when `errors` is empty."""

    individuals: list[tuple[Any, ...]] = field(default_factory=list)
    diseases: list[tuple[Any, ...]] = field(default_factory=list)
    biosamples: list[tuple[Any, ...]] = field(default_factory=list)
    parts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    unreadable: dict[str, int] = field(default_factory=dict)
    collections: list[tuple[str, str, str, str]] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportReport:
    individuals: int
    biosamples: int
    diagnoses: int
    datasets: int
    cohorts: int
    skipped: list[str]
    warnings: list[str]
    fields: list[FieldCount] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)


BOOLEAN_TEXT = {"true": True, "false": False}
INTEGER_KEYS = frozenset({"cohortSize", "availabilityCount", "resultsCount", "numberOfSamples"})


def _cell_value(key: str, text: str) -> Any:
    """Typed where the model is: JSON objects in cells, TRUE/FALSE, counts as integers; else text."""
    if text.startswith(("{", "[")):
        try:
            return json.loads(text)
        except ValueError:
            return text
    if text.lower() in BOOLEAN_TEXT:
        return BOOLEAN_TEXT[text.lower()]
    if key in INTEGER_KEYS and text.lstrip("-").isdigit():
        return int(text)
    return text


def _array_depth(path: list[str]) -> int:
    return max((k for k in range(1, len(path) + 1) if tuple(path[:k]) in ARRAY_PATHS), default=0)


def unflatten(row: dict[str, str]) -> dict[str, Any]:
    """One reference-tools CSV row (``a|b|c`` headers) → the nested Beacon document.

    Several entries of an array share a cell, joined by ``|``; real files also comma-join them, which is
    recognised when a cell of the same array holds comma-joined ontology ids (then every sibling cell
    with the same number of comma parts is split too).
    """
    cells: list[tuple[list[str], str]] = []
    for header, cell in row.items():
        if header is None or cell is None or cell.strip() == "":
            continue
        cells.append((header.strip().lstrip("\ufeff").split("|"), cell.strip()))
    comma_parts: dict[tuple[str, ...], int] = {}
    for path, cell in cells:
        depth = _array_depth(path)
        if depth and "|" not in cell and _CURIE_LIST.match(cell):
            comma_parts[tuple(path[:depth])] = len(cell.split(","))
    doc: dict[str, Any] = {}
    for path, cell in cells:
        depth = _array_depth(path)
        group = tuple(path[:depth])
        if cell.startswith(("{", "[")):
            raw = [cell]
        elif "|" in cell:
            raw = [v.strip() for v in cell.split("|")]
        elif group in comma_parts and len(cell.split(",")) == comma_parts[group]:
            raw = [v.strip() for v in cell.split(",")]
        else:
            raw = [cell]
        values = [_cell_value(path[-1], v) for v in raw]
        if depth == 0:
            _set(doc, path, values[0] if len(values) == 1 else values)
            continue
        container = doc
        for k, key in enumerate(path[: depth - 1]):  # walk down, taking the first item of outer arrays
            nxt = container.setdefault(key, [] if tuple(path[: k + 1]) in ARRAY_PATHS else {})
            if isinstance(nxt, list):
                if not nxt:
                    nxt.append({})
                nxt = nxt[0]
            container = nxt
        items: list[Any] = container.setdefault(path[depth - 1], [])
        rest = path[depth:]
        while len(items) < len(values):
            items.append({} if rest else None)
        for index, value in enumerate(values):
            if rest:
                _set(items[index], rest, value)
            else:
                items[index] = value
    return doc


def _set(target: dict[str, Any], path: list[str], value: Any) -> None:
    for key in path[:-1]:
        nxt = target.get(key)
        if not isinstance(nxt, dict):
            nxt = {}
            target[key] = nxt
        target = nxt
    target[path[-1]] = value


def parse_date(text: str) -> date:
    """ISO dates and date-times, and the day/month/year forms spreadsheets write (``25/9/24``)."""
    raw = text.strip()
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        pass
    match = _DMY.match(raw)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if year < 100:
            year += 2000 if year <= date.today().year % 100 else 1900
        return date(year, month, day)
    return datetime.fromisoformat(raw).date()


MAX_AGE = 150


def _years(value: Any) -> int | None:
    """Ages arrive as ISO durations (``P32Y6M1D``), ``{"iso8601duration": …}`` or plain numbers."""
    if value is None or value == "":
        return None
    if isinstance(value, dict):
        nested = value.get("age")
        value = value.get("iso8601duration") or (nested.get("iso8601duration") if isinstance(nested, dict) else None)
        if value is None:
            return None
    text = str(value).strip()
    years = duration_years(text)
    if years is None:
        years = float(text)
    if not math.isfinite(years) or not 0 <= years <= MAX_AGE:
        raise ValueError(f"an age must be between 0 and {MAX_AGE} years")
    return int(years)


class _Rows:
    """Collects per-row errors so one import reports every problem at once."""

    def __init__(self, batch: ImportBatch, source: str) -> None:
        self.batch, self.source = batch, source

    def error(self, row: int, fieldname: str, message: str) -> None:
        self.batch.errors.append(FieldError(f"{self.source}: {fieldname}", message, row))


def _sex(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("id") or value.get("label")
    if not isinstance(value, str):
        return None
    text = value.strip()
    return SEX_IDS.get(text.upper()) or SEX_WORDS.get(text.lower())


def disease_code(value: str) -> tuple[str, str]:
    """(stored code, 3-character category): ICD-10 normalised without prefix, other ontologies as CURIEs."""
    text = value.strip()
    prefix, _, local = text.partition(":")
    if prefix.upper() in ("ICD10", "ICD-10", "ICD10CM") or (not local and re.match(r"^[A-Z]\d", text.upper())):
        code = icd10.known(text)  # the same check as the directory's import: on the WHO list
        if "-" in code or code in icd10.chapters():
            raise icd10.InvalidCode(f"{value!r} is a block or chapter, not a diagnosis")
        return code, code[:3]
    if prefix.upper() in DISEASE_PREFIXES and local:
        return f"{prefix.upper()}:{local}", ""
    raise icd10.InvalidCode(f"{value!r} is neither an ICD-10 code nor a known disease ontology id")


def _material(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("id")
    if not isinstance(value, str) or not value.strip():
        return None
    code = value.strip().split(":", 1)[-1] if value.upper().startswith("MIABIS:") else value.strip()
    return miabis.material_type(code).code


def _temperature(value: Any) -> int | None:
    if value is None or value == "":
        return None
    text = str(value).strip()
    if text.lower() in TEMPERATURE_CODES:
        return TEMPERATURE_CODES[text.lower()]
    return round(float(text))


def add_individual(batch: ImportBatch, rows: _Rows, n: int, doc: dict[str, Any]) -> None:
    before = len(batch.errors)
    ident = str(doc.get("id") or "").strip()
    if not ident:
        rows.error(n, "id", "missing")
    elif ident in batch.index:
        rows.error(n, "id", f"{ident!r} appears twice")
    sex = _sex(doc.get("sex"))
    if sex is None:
        rows.error(n, "sex", f"{doc.get('sex')!r} is not an NCIT sex term (NCIT:C16576, NCIT:C20197, …)")
    diagnoses: list[tuple[str, str, int | None, date | None]] = []
    for k, disease in enumerate(doc.get("diseases") or []):
        code = (disease.get("diseaseCode") or {}).get("id") if isinstance(disease, dict) else None
        if not code:
            rows.error(n, f"diseases[{k}].diseaseCode.id", "missing")
            continue
        try:
            stored, code3 = disease_code(str(code))
            age = _years(disease.get("ageOfOnset")) if isinstance(disease, dict) else None
            when = disease.get("diagnosisDate") or disease.get("date")
            diagnoses.append((stored, code3, age, parse_date(str(when)) if when else None))
        except (ValueError, icd10.InvalidCode) as exc:
            rows.error(n, f"diseases[{k}]", str(exc))
    parts = individual_parts(rows, n, doc, batch)
    if len(batch.errors) > before:
        return
    pk = len(batch.individuals)
    batch.index[ident] = pk
    _count_fields(batch, "individuals", doc, INDIVIDUAL_FIELDS)
    for table, items in parts.items():
        batch.parts.setdefault(table, []).extend({"individual_pk": pk, **item} for item in items)
    ethnicity = (doc.get("ethnicity") or {}).get("id") if isinstance(doc.get("ethnicity"), dict) else None
    geo = (doc.get("geographicOrigin") or {}).get("id") if isinstance(doc.get("geographicOrigin"), dict) else None
    batch.individuals.append((pk, ident, sex, ethnicity, geo, None, None, json.dumps(doc, default=str)))
    batch.diseases.extend((pk, code, code3, age, when) for code, code3, age, when in diagnoses)


def add_biosample(batch: ImportBatch, rows: _Rows, n: int, doc: dict[str, Any], seen: set[str]) -> None:
    before = len(batch.errors)
    ident = str(doc.get("id") or "").strip()
    owner = str(doc.get("individualId") or "").strip()
    if not ident:
        rows.error(n, "id", "missing")
    elif ident in seen:
        rows.error(n, "id", f"{ident!r} appears twice")
    if owner not in batch.index:
        rows.error(n, "individualId", f"{owner!r} is not an imported individual")
    given = doc.get("info")
    info: dict[str, Any] = given if isinstance(given, dict) else {}
    values: dict[str, Any] = {}
    parsers: tuple[tuple[str, Any, Callable[[Any], Any]], ...] = (
        ("collectionDate", doc.get("collectionDate"), lambda v: parse_date(str(v))),
        ("collectionMoment", doc.get("collectionMoment"), _years),
        ("materialType", doc.get("materialType") or info.get("materialType"), _material),
        ("storageTemperature", doc.get("storageTemperature", info.get("storageTemperature")), _temperature),
    )
    for name, raw, parse in parsers:
        try:
            values[name] = parse(raw) if raw not in (None, "") else None
        except (ValueError, KeyError, TypeError) as exc:
            rows.error(n, name, f"cannot read {raw!r}: {exc}")
    parts = biosample_parts(rows, n, doc, batch)
    if len(batch.errors) > before:
        return
    seen.add(ident)
    pk, owner_pk = len(batch.biosamples), batch.index[owner]
    _count_fields(batch, "biosamples", doc, BIOSAMPLE_FIELDS)
    for table, items in parts.items():
        batch.parts.setdefault(table, []).extend({"individual_pk": owner_pk, "biosample_pk": pk, **i} for i in items)
    origin = doc.get("sampleOriginType")
    origin_id = origin.get("id") if isinstance(origin, dict) else (origin if isinstance(origin, str) else None)
    batch.biosamples.append(
        (
            len(batch.biosamples),
            ident,
            batch.index[owner],
            values["materialType"],
            origin_id,
            values["collectionDate"],
            values["collectionMoment"],
            values["storageTemperature"],
            json.dumps(doc, default=str),
        )
    )


def _count_fields(batch: ImportBatch, entry: str, doc: dict[str, Any], kept: dict[str, str]) -> None:
    for name, value in doc.items():
        if value is None or value == "" or value == [] or value == {}:
            continue
        key = (entry, name)
        batch.counts[key] = batch.counts.get(key, 0) + (len(value) if isinstance(value, list) else 1)


def _term_id(value: Any) -> str | None:
    """The id of an ontology term given as ``{"id": …}`` or as a bare CURIE."""
    if isinstance(value, dict):
        value = value.get("id")
    if isinstance(value, str) and re.match(r"^[A-Za-z][\w.-]*:\S+$", value.strip()):
        return value.strip()
    return None


def _lenient(batch: ImportBatch, where: str, parse: Callable[[Any], Any], value: Any) -> Any:
    """Parse a field no filter uses; an unreadable value is kept in the record and counted, not fatal."""
    if value is None or value == "":
        return None
    try:
        return parse(value)
    except (ValueError, TypeError, KeyError):
        batch.unreadable[where] = batch.unreadable.get(where, 0) + 1
        return None


def _date(value: Any) -> date:
    return parse_date(str(value))


def _items(rows: _Rows, n: int, doc: dict[str, Any], name: str) -> list[tuple[int, dict[str, Any]]]:
    value = doc.get(name)
    if value in (None, "", []):
        return []
    if not isinstance(value, list):
        value = [value]
    found = []
    for k, item in enumerate(value):
        if isinstance(item, dict):
            found.append((k, item))
        else:
            rows.error(n, f"{name}[{k}]", f"not an object but {item!r}")
    return found


def _required_term(rows: _Rows, n: int, where: str, value: Any) -> str | None:
    term = _term_id(value)
    if term is None:
        rows.error(n, where, f"{value!r} is not an ontology term id (PREFIX:code)")
    return term


def measure_row(rows: _Rows, n: int, where: str, item: dict[str, Any], batch: ImportBatch) -> dict[str, Any] | None:
    """One Beacon measure (individual `measures` or biosample `measurements`) as a table row."""
    assay = _required_term(rows, n, f"{where}.assayCode.id", item.get("assayCode"))
    given_value = item.get("measurementValue")
    if isinstance(given_value, dict):
        raw: dict[str, Any] = given_value
    elif isinstance(given_value, (int, float, str)) and given_value != "":
        raw = {"value": given_value}
    else:
        rows.error(n, f"{where}.measurementValue", "missing")
        return None
    nested = raw.get("quantity")
    quantity: dict[str, Any] = nested if isinstance(nested, dict) else raw
    row: dict[str, Any] = {"assay": assay}
    if quantity.get("value") not in (None, ""):
        try:
            number = float(quantity["value"])
            if not math.isfinite(number):
                raise ValueError
        except (TypeError, ValueError):
            rows.error(n, f"{where}.measurementValue.value", f"{quantity['value']!r} is not a number")
            return None
        unit_given = quantity.get("unit")
        given: dict[str, Any] = unit_given if isinstance(unit_given, dict) else {}
        row["value"], row["unit"] = units.canonical(number, _term_id(given) or given.get("id"), given.get("label"))
    elif _term_id(raw) is not None:
        row["value_term"] = _term_id(raw)
    elif raw.get("typedQuantities"):
        batch.unreadable[f"{where.split('[')[0]}.typedQuantities"] = (
            batch.unreadable.get(f"{where.split('[')[0]}.typedQuantities", 0) + 1
        )
    else:
        rows.error(n, f"{where}.measurementValue", "neither a quantity with a value nor an ontology term")
        return None
    field_name = where.split("[")[0]
    row["date"] = _lenient(batch, f"{field_name}.date", _date, item.get("date"))
    row["age"] = _lenient(batch, f"{field_name}.observationMoment", _years, item.get("observationMoment"))
    return row if assay else None


def _phenotype_rows(rows: _Rows, n: int, doc: dict[str, Any], batch: ImportBatch) -> list[dict[str, Any]]:
    found = []
    for k, item in _items(rows, n, doc, "phenotypicFeatures"):
        term = _required_term(rows, n, f"phenotypicFeatures[{k}].featureType.id", item.get("featureType"))
        excluded = item.get("excluded", False)
        if isinstance(excluded, str):
            excluded = BOOLEAN_TEXT.get(excluded.strip().lower(), excluded)
        if not isinstance(excluded, bool):
            rows.error(n, f"phenotypicFeatures[{k}].excluded", f"{excluded!r} is not true or false")
            continue
        age = _lenient(batch, "phenotypicFeatures.onset", _years, item.get("onset"))
        if term:
            found.append({"term": term, "excluded": excluded, "age": age})
    return found


def individual_parts(rows: _Rows, n: int, doc: dict[str, Any], batch: ImportBatch) -> dict[str, list[dict[str, Any]]]:
    """The one-to-many parts of an individual, as rows of their tables (errors go to `rows`)."""
    parts: dict[str, list[dict[str, Any]]] = {}
    for k, item in _items(rows, n, doc, "measures"):
        row = measure_row(rows, n, f"measures[{k}]", item, batch)
        if row:
            parts.setdefault("measures", []).append(row)
    procedures = "interventionsOrProcedures"
    for k, item in _items(rows, n, doc, procedures):
        code = _required_term(rows, n, f"{procedures}[{k}].procedureCode.id", item.get("procedureCode"))
        if code:
            parts.setdefault("procedures", []).append(
                {
                    "code": code,
                    "body_site": _term_id(item.get("bodySite")),
                    "date": _lenient(batch, f"{procedures}.dateOfProcedure", _date, item.get("dateOfProcedure")),
                    "age": _lenient(batch, f"{procedures}.ageAtProcedure", _years, item.get("ageAtProcedure")),
                }
            )
    for k, item in _items(rows, n, doc, "treatments"):
        code = _required_term(rows, n, f"treatments[{k}].treatmentCode.id", item.get("treatmentCode"))
        if code:
            parts.setdefault("treatments", []).append(
                {
                    "code": code,
                    "route": _term_id(item.get("routeOfAdministration")),
                    "age": _lenient(batch, "treatments.ageAtOnset", _years, item.get("ageAtOnset")),
                }
            )
    for k, item in _items(rows, n, doc, "exposures"):
        code = _required_term(rows, n, f"exposures[{k}].exposureCode.id", item.get("exposureCode"))
        value = _lenient(batch, "exposures.value", float, item.get("value"))
        duration = item.get("duration")
        if code:
            parts.setdefault("exposures", []).append(
                {
                    "code": code,
                    "value": value,
                    "unit": _term_id(item.get("unit")),
                    "date": _lenient(batch, "exposures.date", _date, item.get("date")),
                    "age": _lenient(batch, "exposures.ageAtExposure", _years, item.get("ageAtExposure")),
                    "duration": str(duration) if duration not in (None, "") else None,
                }
            )
    phenotypes = _phenotype_rows(rows, n, doc, batch)
    if phenotypes:
        parts["phenotypes"] = [{"biosample_pk": None, **p} for p in phenotypes]
    karyotype = doc.get("karyotypicSex")
    if karyotype not in (None, ""):
        text = str(karyotype).strip().upper()
        if text not in KARYOTYPES:
            rows.error(n, "karyotypicSex", f"{karyotype!r} is not one of {', '.join(sorted(KARYOTYPES))}")
        else:
            parts["individual_terms"] = [{"field": KARYOTYPIC_SEX, "term": text}]
    return parts


def biosample_parts(rows: _Rows, n: int, doc: dict[str, Any], batch: ImportBatch) -> dict[str, list[dict[str, Any]]]:
    """A biosample's terms, measurements and phenotypic features, as rows of their tables."""
    parts: dict[str, list[dict[str, Any]]] = {}
    for name in SAMPLE_TERM_FIELDS:
        for k, item in _items(rows, n, doc, name):
            value = item.get("procedureCode") if name == "obtentionProcedure" else item
            term = _required_term(rows, n, f"{name}[{k}].id", value)
            if term:
                parts.setdefault("sample_terms", []).append({"field": name, "term": term})
    for k, item in _items(rows, n, doc, "measurements"):
        row = measure_row(rows, n, f"measurements[{k}]", item, batch)
        if row:
            parts.setdefault("measurements", []).append(row)
    phenotypes = _phenotype_rows(rows, n, doc, batch)
    if phenotypes:
        parts["phenotypes"] = phenotypes
    return parts


def add_collection(batch: ImportBatch, rows: _Rows, n: int, kind: str, doc: dict[str, Any]) -> None:
    ident, name = str(doc.get("id") or "").strip(), str(doc.get("name") or "").strip()
    if not ident or not name:
        rows.error(n, "id/name", f"a {kind} needs an id and a name")
        return
    if kind == "cohort" and not doc.get("cohortType"):
        doc["cohortType"] = "study-defined"
        batch.warnings.append(f"cohort {ident!r}: no cohortType, assumed 'study-defined'")
    batch.collections.append((ident, kind, name, json.dumps(doc, default=str)))


def _size(rows: Iterable[dict[str, Any]] | None) -> int | None:
    """How many rows an entry type has, when known ahead (the progress bar's 100 %)."""
    return len(rows) if isinstance(rows, list) else None


def read_entries(batch: ImportBatch, entries: dict[str, Iterable[dict[str, Any]]], progress: Progress | None) -> None:
    """Entries of every served type, in dependency order (individuals before their samples)."""
    for entry in ("datasets", "cohorts"):
        rows = _Rows(batch, entry)
        for n, doc in enumerate(entries.get(entry, []), start=1):
            if not isinstance(doc, dict):
                rows.error(n, "entry", f"not a JSON object but {type(doc).__name__}")
                continue
            add_collection(batch, rows, n, entry[:-1], doc)
    task = progress.add_task("individuals", total=_size(entries.get("individuals"))) if progress else None
    rows = _Rows(batch, "individuals")
    for n, doc in enumerate(entries.get("individuals", []), start=1):
        if not isinstance(doc, dict):
            rows.error(n, "entry", f"not a JSON object but {type(doc).__name__}")
            continue
        add_individual(batch, rows, n, doc)
        if progress is not None and task is not None and n % 1000 == 0:
            progress.update(task, completed=n)
    if progress is not None and task is not None:
        progress.update(task, completed=_size(entries.get("individuals")) or 0)
    seen: set[str] = set()
    rows = _Rows(batch, "biosamples")
    task = progress.add_task("biosamples", total=_size(entries.get("biosamples"))) if progress else None
    for n, doc in enumerate(entries.get("biosamples", []), start=1):
        if not isinstance(doc, dict):
            rows.error(n, "entry", f"not a JSON object but {type(doc).__name__}")
            continue
        add_biosample(batch, rows, n, doc, seen)
        if progress is not None and task is not None and n % 1000 == 0:
            progress.update(task, completed=n)
    if progress is not None and task is not None:
        progress.update(task, completed=_size(entries.get("biosamples")) or 0)
    datasets = [c for c in batch.collections if c[1] == "dataset"]
    cohorts = [c for c in batch.collections if c[1] == "cohort"]
    if len(datasets) == 1 or len(cohorts) == 1:
        ds = datasets[0][0] if len(datasets) == 1 else None
        co = cohorts[0][0] if len(cohorts) == 1 else None
        batch.individuals = [(*r[:5], ds, co, r[7]) for r in batch.individuals]


def _csv_rows(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            yield unflatten(row)


def beacon_csv_entries(directory: Path, batch: ImportBatch) -> dict[str, Iterable[dict[str, Any]]]:
    entries: dict[str, Iterable[dict[str, Any]]] = {}
    for path in sorted(directory.glob("*.csv")):
        if path.stem in SERVED:
            entries[path.stem] = list(_csv_rows(path))
        else:
            batch.skipped.append(path.stem)
    return entries


def bff_entries(directory: Path, batch: ImportBatch) -> dict[str, Iterable[dict[str, Any]]]:
    entries: dict[str, Iterable[dict[str, Any]]] = {}
    for path in sorted(directory.glob("*.json")):
        if path.stem not in SERVED:
            batch.skipped.append(path.stem)
            continue
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        entries[path.stem] = data if isinstance(data, list) else [data]
    return entries


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def miabis_entries(directory: Path, batch: ImportBatch) -> dict[str, Iterable[dict[str, Any]]]:
    """MIABIS donor and sample tables (``donors.csv``, ``samples.csv``) mapped onto Beacon documents.

    Donor columns: id, sex, [ethnicity], [diagnosis]. Sample columns: id, donor id, material type,
    sampling date, [age at sampling], [storage temperature], [diagnosis] (ICD-10, several joined by | , ;).
    """
    donors: dict[str, dict[str, Any]] = {}
    first_row: dict[str, int] = {}
    samples: list[dict[str, Any]] = []
    for path in sorted(directory.glob("*.csv")):
        name = _norm(path.stem)
        if name not in ("donors", "donor", "samples", "sample"):
            batch.skipped.append(path.stem)
            continue
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for n, row in enumerate(csv.DictReader(handle), start=1):
                r = {_norm(k): (v or "").strip() for k, v in row.items() if k}
                if name.startswith("donor"):
                    doc: dict[str, Any] = {"id": r.get("id") or r.get("donorid", ""), "sex": r.get("sex", "")}
                    if r.get("ethnicity"):
                        doc["ethnicity"] = {"id": r["ethnicity"]}
                    doc["diseases"] = _miabis_diseases(r)
                    if doc["id"] in first_row:  # never let a second row silently replace the first
                        message = f"{doc['id']!r} appears twice (first on row {first_row[doc['id']]})"
                        batch.errors.append(FieldError(f"{path.stem}: id", message, n))
                        continue
                    first_row[doc["id"]] = n
                    donors[doc["id"]] = doc
                else:
                    owner = r.get("donorid") or r.get("donor") or r.get("individualid", "")
                    sample: dict[str, Any] = {
                        "id": r.get("id") or r.get("sampleid", ""),
                        "individualId": owner,
                        "materialType": r.get("materialtype") or r.get("material", ""),
                        "collectionDate": r.get("samplingdate") or r.get("collectiondate", ""),
                        "collectionMoment": r.get("ageatsampling") or r.get("age") or r.get("donorage", ""),
                        "storageTemperature": r.get("storagetemperature", ""),
                    }
                    samples.append(sample)
                    if owner in donors:
                        donors[owner]["diseases"].extend(_miabis_diseases(r))
    for doc in donors.values():
        unique = {d["diseaseCode"]["id"]: d for d in doc["diseases"]}
        doc["diseases"] = list(unique.values())
    return {"individuals": list(donors.values()), "biosamples": samples}


def _miabis_diseases(row: dict[str, str]) -> list[dict[str, Any]]:
    raw = row.get("diagnosis") or row.get("diagnosisavailable") or row.get("diseases") or ""
    codes = [c.strip() for c in re.split(r"[|,;]", raw) if c.strip()]
    return [{"diseaseCode": {"id": c if ":" in c else f"ICD10:{c}"}} for c in codes]


def read(fmt: str, directory: Path, progress: Progress | None = None) -> ImportBatch:
    if fmt not in FORMATS:
        raise ValidationFailed(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    directory = Path(directory)
    if not directory.is_dir():
        raise ValidationFailed(f"{str(directory)!r} is not a directory")
    batch = ImportBatch()
    reader = {"beacon-csv": beacon_csv_entries, "bff": bff_entries, "miabis-csv": miabis_entries}[fmt]
    entries = reader(directory, batch)
    if not entries.get("individuals"):
        batch.errors.append(FieldError("individuals", f"no individuals found in {directory}"))
        return batch
    read_entries(batch, entries, progress)
    return batch


def _insert_columns(con: Any, table: str, types: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Column-wise bulk insert (one statement per chunk; executemany is row by row in DuckDB)."""
    if not rows:
        return
    names = [f"c{i}" for i in range(len(types))]
    select = ", ".join(f"CAST(unnest(${n}) AS {t})" for n, t in zip(names, types, strict=True))
    for start in range(0, len(rows), 500_000):
        chunk = rows[start : start + 500_000]
        columns = {n: [row[i] for row in chunk] for i, n in enumerate(names)}
        con.execute(f"INSERT INTO {table} SELECT {select}", columns)


def write(batch: ImportBatch, db: Path, name: str) -> None:
    with write_new(db) as con:
        _insert_columns(
            con,
            "individuals",
            ("INTEGER", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "JSON"),
            batch.individuals,
        )
        _insert_columns(con, "diseases", ("INTEGER", "VARCHAR", "VARCHAR", "SMALLINT", "DATE"), batch.diseases)
        _insert_columns(
            con,
            "biosamples",
            ("INTEGER", "VARCHAR", "INTEGER", "VARCHAR", "VARCHAR", "DATE", "SMALLINT", "SMALLINT", "JSON"),
            batch.biosamples,
        )
        for table, items in batch.parts.items():
            names = list(TABLES[table])
            insert_columns(con, table, {c: [item.get(c) for item in items] for c in names})
        if batch.collections:
            con.executemany("INSERT INTO collections VALUES (?, ?, ?, ?)", batch.collections)
        con.execute("INSERT INTO node_meta VALUES ('name', ?), ('source', 'import')", [name])


def import_directory(
    fmt: str, directory: Path, db: Path, name: str | None = None, show_progress: bool = True
) -> ImportReport:
    """All or nothing: any strict-field error raises ValidationFailed with every row's problem."""
    with bar(quiet=not show_progress) as progress:
        batch = read(fmt, directory, progress)
        if batch.errors:
            raise ValidationFailed(f"import stopped, nothing imported ({len(batch.errors)} problems)", batch.errors)
        task = progress.add_task("writing the node file", total=1)
        write(batch, db, name or Path(directory).name)
        progress.update(task, completed=1)
    for where, count in sorted(batch.unreadable.items()):
        batch.warnings.append(f"{where}: {count} value(s) unreadable, kept in the record only (no filter uses them)")
    return ImportReport(
        individuals=len(batch.individuals),
        biosamples=len(batch.biosamples),
        diagnoses=len(batch.diseases),
        datasets=sum(1 for c in batch.collections if c[1] == "dataset"),
        cohorts=sum(1 for c in batch.collections if c[1] == "cohort"),
        skipped=batch.skipped,
        warnings=batch.warnings,
        fields=field_report(batch),
        rows={table: len(items) for table, items in sorted(batch.parts.items())},
    )


def field_report(batch: ImportBatch) -> list[FieldCount]:
    """Every top-level field read, with its count and where it is kept; record-only fields are warned of."""
    found = []
    for (entry, name), count in sorted(batch.counts.items()):
        kept = (INDIVIDUAL_FIELDS if entry == "individuals" else BIOSAMPLE_FIELDS).get(name, RECORD_ONLY)
        if entry == "biosamples" and name == "info":
            kept = RECORD_ONLY
        found.append(FieldCount(entry, name, count, kept))
        if kept == RECORD_ONLY:
            batch.warnings.append(
                f"{entry}.{name}: {count} value(s) kept in the records only; the node cannot filter on it"
            )
    return found
