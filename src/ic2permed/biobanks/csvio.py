"""The CSV form of the catalogue: one row per biobank or collection, the same columns for export and import.

Lists are joined with `` | `` and sources written as JSON, as every export does (core.exports). An import
applies only the columns its header names, so a manager can send ``record_type,id,donors,samples,count_year``
to update counts in bulk. The XLSX export has the same columns under headers in the reader's language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from ic2permed.biobanks.schemas import BiobankDetail, CollectionRead
from ic2permed.core.bounds import CountedLines
from ic2permed.core.errors import FieldError, ValidationFailed
from ic2permed.core.exports import csv_writer, join_list, sources_cell, unescape_cell, xlsx_table
from ic2permed.core.i18n import N_, gettext

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
COLUMN_LABELS = {
    "record_type": N_("Record type"),
    "id": N_("ID"),
    "biobank_id": N_("Biobank ID"),
    "parent_id": N_("Parent collection ID"),
    "name_en": N_("Name (English)"),
    "name_zh": N_("Name (Chinese)"),
    "acronym": N_("Acronym"),
    "country": N_("Country"),
    "region": N_("Region"),
    "city": N_("City"),
    "province": N_("Province"),
    "juristic_person": N_("Juristic person"),
    "url": N_("Website"),
    "contact_email": N_("Contact e-mail"),
    "description_en": N_("Description (English)"),
    "description_zh": N_("Description (Chinese)"),
    "collection_types": N_("Collection types"),
    "material_types": N_("Material types"),
    "data_categories": N_("Data categories"),
    "diseases": N_("Diseases"),
    "sex": N_("Sex"),
    "storage_temperatures": N_("Storage temperatures"),
    "access_conditions": N_("Access conditions"),
    "age_low": N_("Youngest age"),
    "age_high": N_("Oldest age"),
    "donors": N_("Donors"),
    "samples": N_("Samples"),
    "count_year": N_("Year of the counts"),
    "commercial_use": N_("Commercial use"),
    "ciio": N_("Critical information infrastructure operator"),
    "quality_marks": N_("Quality marks"),
    "networks": N_("Networks"),
    "services": N_("Services"),
    "verified": N_("Verified"),
    "sources": N_("Sources"),
}


def cell(value: Any, column: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if column == "sources":
        return sources_cell(value)
    if isinstance(value, list):
        return join_list(v.get("url", "") if isinstance(v, dict) else getattr(v, "url", v) for v in value)
    return str(value)


def _row(record_type: str, data: dict[str, Any]) -> list[str]:
    return [record_type if c == "record_type" else cell(data.get(c), c) for c in COLUMNS]


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


def write_xlsx(biobanks: Iterable[BiobankDetail], locale: str) -> bytes:
    """The same rows as the CSV, as a spreadsheet with the header in `locale`."""
    header = [gettext(locale, COLUMN_LABELS[c]) for c in COLUMNS]
    return xlsx_table(gettext(locale, N_("Biobanks")), header, rows(biobanks))


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
