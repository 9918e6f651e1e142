"""`ic2permed biobanks …`: search, export, import and the steward check. Data on stdout, messages on stderr.

The output of ``export --format json`` and ``search --json`` is a contract used by outside checks.
"""

from __future__ import annotations

import json
import shlex
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ic2permed.biobanks import service
from ic2permed.biobanks.schemas import SearchQuery
from ic2permed.core.commands import command_database
from ic2permed.core.errors import FieldError, ValidationFailed
from ic2permed.core.permissions import Actor

app = typer.Typer(help="Biobank directory: MIABIS catalogue of EU and Chinese biobanks.", no_args_is_help=True)
err = Console(stderr=True)


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"
    FHIR = "fhir"


def _write(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _query(q: str, disease: list[str] | None, material: list[str] | None, region: list[str] | None) -> SearchQuery:
    params = {
        "q": [q] if q else [],
        "disease": disease or [],
        "material": material or [],
        "region": region or [],
    }
    for name in ("disease", "material", "region"):  # check each option alone, so the error names it
        _, warnings = service.query_from_params({name: params[name]})
        if warnings:
            raise ValidationFailed("Unknown filter value", [FieldError(name, w) for w in warnings])
    query, _ = service.query_from_params(params)
    return query


QUERY = Annotated[
    str, typer.Argument(help="Words in English or Chinese (optional).", show_default=False, metavar="QUERY")
]
OLD_Q = Annotated[str, typer.Option("--q", hidden=True, help="Deprecated: pass the words as the QUERY argument.")]


def _words(query: str, old_q: str, command: str) -> str:
    """The search words: the QUERY argument (every search command's style), or the old --q with a note."""
    if old_q and query:
        raise typer.BadParameter("give the words once, as the QUERY argument", param_hint="--q")
    if old_q:
        note = (
            f"note: --q is deprecated; pass the words as an argument: ic2permed biobanks {command} {shlex.quote(old_q)}"
        )
        sys.stderr.write(note + "\n")  # one line, never wrapped
    return query or old_q


DISEASE = Annotated[
    list[str] | None,
    typer.Option("--disease", help="ICD-10 chapter, block or code (E10, F31.8, IV), or ORPHA:n."),
]
MATERIAL = Annotated[list[str] | None, typer.Option("--material", help="MIABIS material type, e.g. SERUM.")]
REGION = Annotated[list[str] | None, typer.Option("--region", help="EU, 'Europe (non-EU)', China, International.")]


@app.command()
def search(
    ctx: typer.Context,
    query_words: QUERY = "",
    q: OLD_Q = "",
    disease: DISEASE = None,
    material: MATERIAL = None,
    region: REGION = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print matching collections as JSON.", metavar="")] = False,
) -> None:
    """Find collections, best match first (each with its biobank id): `biobanks search 乳腺癌 --material SERUM`."""
    query = _query(_words(query_words, q, "search"), disease, material, region)
    with command_database(ctx).session() as session:
        result = service.search_collections(session, query)
    hits = sorted(service.flat_hits(result), key=lambda h: (-h.score, -(h.collection.samples or 0)))
    rows: list[dict[str, Any]] = [
        {
            "id": h.collection.id,
            "biobank_id": h.biobank_id,
            "parent_id": h.collection.parent_id,
            "name_en": h.collection.name_en,
            "name_zh": h.collection.name_zh,
            "biobank_name_en": h.biobank_name_en,
            "country": h.country,
            "region": h.region,
            "material_types": h.collection.material_types,
            "diseases": h.collection.diseases,
            "donors": h.collection.donors,
            "samples": h.collection.samples,
            "count_year": h.collection.count_year,
            "verified": h.collection.verified,
            "score": h.score,
        }
        for h in hits
    ]
    if as_json:
        _write(rows)
        return
    table = Table("collection", "biobank", "materials", "diseases", "samples", title=f"{len(rows)} collection(s)")
    for row in rows:
        table.add_row(
            f"{row['name_en']}\n{row['name_zh']}",
            row["biobank_id"],
            ", ".join(row["material_types"]),
            ", ".join(row["diseases"]),
            str(row["samples"] or "—"),
        )
    Console().print(table)


@app.command()
def export(
    ctx: typer.Context,
    query_words: QUERY = "",
    format: Annotated[Format, typer.Option("--format", help="json, csv or fhir (R4 MIABIS on FHIR).")] = Format.JSON,
    q: OLD_Q = "",
    disease: DISEASE = None,
    material: MATERIAL = None,
    region: REGION = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to a file instead of stdout.")] = None,
) -> None:
    """Export the catalogue (or the view QUERY and the filters select) with sources and the verified flag."""
    query = _query(_words(query_words, q, "export"), disease, material, region)
    with command_database(ctx).session() as session:
        if format is Format.CSV:
            text = service.export_csv(session, query)
        elif format is Format.FHIR:
            text = json.dumps(service.export_fhir(session, query), ensure_ascii=False, indent=2) + "\n"
        else:
            text = json.dumps(service.export_json(session, query), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    output.write_text(text, encoding="utf-8")
    err.print(f"Wrote {output}.")


@app.command("import")
def import_(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="CSV file with the export's columns (or a subset).", exists=True)],
) -> None:
    """Import or bulk-update from CSV: every row applies, or none (each bad row is listed on stderr)."""
    text = path.read_text(encoding="utf-8-sig")
    with command_database(ctx).session() as session:
        try:
            report = service.import_csv(session, Actor.system(), text)
        except ValidationFailed as exc:
            for error in exc.errors:
                where = f"row {error.row}: " if error.row is not None else ""
                sys.stderr.write(f"{where}{error.field}: {error.message}\n")
            raise
    _write(report.model_dump())
    err.print(f"{len(report.created)} created, {len(report.updated)} updated from {report.rows} row(s).")


@app.command()
def check(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as JSON.", metavar="")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when any error-level problem is found.", metavar="")
    ] = False,
) -> None:
    """Steward report: counts below donors, unknown ICD-10 codes, missing Chinese names, stale counts."""
    with command_database(ctx).session() as session:
        problems = service.steward_check(session)
    if as_json:
        _write([p.model_dump() for p in problems])
    else:
        table = Table("severity", "type", "id", "problem", title=f"{len(problems)} problem(s)")
        for p in problems:
            table.add_row(p.severity, p.entity_type, p.entity_id, f"{p.code}: {p.message}")
        Console().print(table)
    if strict and any(p.severity == "error" for p in problems):
        raise typer.Exit(1)


@app.command("link-landscape")
def link_landscape(
    ctx: typer.Context,
    biobank_id: Annotated[str, typer.Argument(help="Directory biobank id, e.g. uk-ukbiobank.")],
    item_id: Annotated[str, typer.Argument(help="Landscape item id about the same thing, e.g. uk-biobank.")],
    basis: Annotated[str, typer.Option("--basis", help="Why the two records are about the same thing.")],
    basis_zh: Annotated[str, typer.Option("--basis-zh", help="The same in Chinese.")] = "",
    source: Annotated[str, typer.Option("--source", help="URL of a page naming it (a listed host).")] = "",
    source_title: Annotated[str, typer.Option("--source-title", help="That page's title.")] = "",
) -> None:
    """Link a directory entry and a landscape item about the same thing; both pages then link to each other."""
    with command_database(ctx).session() as session:
        link = service.link_landscape_item(
            session, Actor.system(), biobank_id, item_id, basis, basis_zh, source, source_title
        )
    err.print(f"Linked {link.biobank_id} and {link.item_id} ({link.title_en}).")


@app.command("unlink-landscape")
def unlink_landscape(
    ctx: typer.Context,
    biobank_id: Annotated[str, typer.Argument(help="Directory biobank id.")],
    item_id: Annotated[str, typer.Argument(help="Landscape item id.")],
) -> None:
    """Remove the link between a directory entry and a landscape item."""
    with command_database(ctx).session() as session:
        service.unlink_landscape_item(session, Actor.system(), biobank_id, item_id)
    err.print(f"Unlinked {biobank_id} and {item_id}.")
