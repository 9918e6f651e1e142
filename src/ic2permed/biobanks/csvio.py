"""The CSV form of the catalogue: one row per biobank or collection, the same columns for export and import.

Lists are joined with ``; ``. An import applies only the columns its header names, so a manager can
send ``record_type,id,donors,samples,count_year`` to update counts in bulk.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from ic2permed.biobanks.schemas import BiobankDetail, CollectionRead
from ic2permed.core.bounds import CountedLines
from ic2permed.core.errors import FieldError, ValidationFailed
from ic2permed.core.exports import csv_writer, unescape_cell

COLUMNS = (
    "record_type",
    "id",
    "biobank_id",
    "parent_id",
    "name_en",
    "name_zh",
    "acronym",
    "country",
    "region",
    "city",
    "province",
    "juristic_person",
    "url",
    "contact_email",
    "ciio",
    "description_en",
    "description_zh",
    "collection_types",
    "material_types",
    "data_categories",
    "diseases",
    "sex",
    "storage_temperatures",
    "access_conditions",
    "age_low",
    "age_high",
    "donors",
    "samples",
    "count_year",
    "commercial_use",
    "quality_marks",
    "networks",
    "services",
    "verified",
    "sources",
)
RECORD_TYPES = ("biobank", "collection")


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(str(v.get("url", "")) if isinstance(v, dict) else str(getattr(v, "url", v)) for v in value)
    return str(value)


def _row(record_type: str, data: dict[str, Any]) -> list[str]:
    return [record_type if c == "record_type" else cell(data.get(c)) for c in COLUMNS]


def rows(biobanks: Iterable[BiobankDetail]) -> Iterator[list[str]]:
    for biobank in biobanks:
        data = biobank.model_dump()
        data["biobank_id"] = biobank.id
        yield _row("biobank", data)
        for collection in biobank.collections:
            yield _row("collection", _collection_data(collection))


def _collection_data(collection: CollectionRead) -> dict[str, Any]:
    return collection.model_dump()


def write(biobanks: Iterable[BiobankDetail]) -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(biobanks))
    return buffer.getvalue()


def read(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and each data row with its line number (header is line 1)."""
    lines = CountedLines(text.lstrip("\ufeff"))
    reader = csv.DictReader(lines)
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    found = []
    try:
        for number, row in enumerate(reader, start=2):
            cleaned = {k: unescape_cell((v or "").strip()) for k, v in row.items() if k}
            if any(cleaned.values()):
                found.append((number, cleaned))
    except csv.Error as exc:  # e.g. a cell over the csv module's 128 KB limit
        raise ValidationFailed("Unreadable CSV", [FieldError("file", str(exc), lines.count)]) from None
    return header, found
