"""Import a node's records: Beacon reference-tools CSV, Beacon-Friendly-Format JSON, MIABIS CSV.

Strict where answers depend on it: ids, sex, diseases and every field a filter uses must parse, or the
import stops with a per-row error report and nothing is written. Other fields are kept as given (shown
under ``info.asImported`` in records). Entry types the node does not serve are skipped and named.
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
from ic2permed.federation.node.query import duration_years
from ic2permed.federation.node.store import SEX_FEMALE, SEX_MALE, write_new

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


@dataclass
class ImportBatch:
    """Everything read, normalised, plus the report; written only when `errors` is empty."""

    individuals: list[tuple[Any, ...]] = field(default_factory=list)
    diseases: list[tuple[Any, ...]] = field(default_factory=list)
    biosamples: list[tuple[Any, ...]] = field(default_factory=list)
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
    if len(batch.errors) > before:
        return
    pk = len(batch.individuals)
    batch.index[ident] = pk
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
    if len(batch.errors) > before:
        return
    seen.add(ident)
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
    return ImportReport(
        individuals=len(batch.individuals),
        biosamples=len(batch.biosamples),
        diagnoses=len(batch.diseases),
        datasets=sum(1 for c in batch.collections if c[1] == "dataset"),
        cohorts=sum(1 for c in batch.collections if c[1] == "cohort"),
        skipped=batch.skipped,
        warnings=batch.warnings,
    )
