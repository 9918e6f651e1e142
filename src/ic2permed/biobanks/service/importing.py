"""CSV import and bulk update, all-or-nothing: every row is checked first, errors name their row.

Curators may create biobanks and edit anything; a biobank manager may update their own biobanks and add
or update their collections. Columns missing from the header are left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ic2permed.biobanks import csvio
from ic2permed.biobanks.models import Biobank, Collection
from ic2permed.biobanks.records import Cleaner, clean_biobank, clean_collection
from ic2permed.biobanks.schemas import ImportReport
from ic2permed.biobanks.service.editing import apply_changes, can_edit, record_counts, retokenise, snapshot
from ic2permed.core.audit import service as audit
from ic2permed.core.errors import FieldError, ValidationFailed
from ic2permed.core.permissions import Actor, Permission

CURATOR_ONLY = {"verified", "sources"}


@dataclass
class _Planned:
    kind: str
    row: int
    values: dict[str, Any]
    existing: Biobank | Collection | None


def _merge_sources(new: list[dict[str, Any]], old: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A cell may name a source by URL alone: keep the title and quote we already hold for that URL."""
    known = {s.get("url"): s for s in old}
    return [{**known.get(s["url"], {}), **{k: v for k, v in s.items() if v}} for s in new]


class _Plan:
    def __init__(self, session: Session, actor: Actor, header: list[str]) -> None:
        self.session = session
        self.actor = actor
        self.header = set(header) - {"record_type"}
        self.errors: list[FieldError] = []
        self.planned: list[_Planned] = []
        self.biobanks: dict[str, str] = {}
        self.collections: dict[str, str] = {}

    def fail(self, row: int, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message, row))

    def _curator_fields(self, row: int, values: dict[str, Any], current: dict[str, Any]) -> None:
        """Verification is a curator's statement about sources; managers may not change it."""
        if self.actor.can(Permission.CURATE_BIOBANKS):
            return
        if "verified" in values and values["verified"] != bool(current.get("verified")):
            self.fail(row, "verified", "only curators set this")
        if "sources" in values:
            old = [s.get("url") for s in current.get("sources") or []]
            if [s.get("url") for s in values["sources"]] != old:
                self.fail(row, "sources", "only curators set this")

    def _check(self, kind: str, row: int, given: dict[str, str], existing: Any) -> dict[str, Any] | None:
        current = snapshot(existing) if existing is not None else {}
        cleaner = Cleaner(strict=True, row=row)
        clean = clean_biobank if kind == "biobank" else clean_collection
        if existing is not None:  # only cells that differ from what is stored count as changes
            given = {k: v for k, v in given.items() if k == "id" or csvio.cell(current.get(k), k) != v}
        values = clean({**current, **given}, cleaner)
        fields = set(given) if existing is not None else set(values)
        self.errors.extend(e for e in cleaner.errors if e.field in fields or e.field == "id")
        if existing is not None:
            values = {k: v for k, v in values.items() if k in given}
        self._curator_fields(row, {k: v for k, v in values.items() if k in given}, current)
        if "sources" in values:
            values["sources"] = _merge_sources(values["sources"], current.get("sources") or [])
        return values

    def biobank(self, row: int, given: dict[str, str]) -> None:
        key = given.get("id", "")
        existing = self.session.get(Biobank, key) if key else None
        if existing is None and not self.actor.can(Permission.CURATE_BIOBANKS):
            self.fail(row, "id", f"only curators add biobanks ({key!r} is new)")
            return
        if existing is not None and not can_edit(self.session, self.actor, key):
            self.fail(row, "id", f"you do not manage biobank {key!r}")
            return
        values = self._check("biobank", row, given, existing)
        if values is not None:
            self.biobanks[key] = key
            self.planned.append(_Planned("biobank", row, values, existing))

    def collection(self, row: int, given: dict[str, str]) -> None:
        key = given.get("id", "")
        existing = self.session.get(Collection, key) if key else None
        owner = existing.biobank_id if existing is not None else given.get("biobank_id", "")
        if existing is not None and given.get("biobank_id") and given["biobank_id"] != owner:
            self.fail(row, "biobank_id", f"collection {key!r} belongs to {owner!r}; it cannot move")
            return
        if not owner or (self.session.get(Biobank, owner) is None and owner not in self.biobanks):
            self.fail(row, "biobank_id", f"no biobank {owner!r}")
            return
        if not can_edit(self.session, self.actor, owner) and owner not in self.biobanks:
            self.fail(row, "biobank_id", f"you do not manage biobank {owner!r}")
            return
        parent = given.get("parent_id") or (existing.parent_id if existing is not None else None)
        if parent:
            parent_row = self.session.get(Collection, parent)
            parent_owner = parent_row.biobank_id if parent_row is not None else self.collections.get(parent)
            if parent_owner != owner:
                self.fail(row, "parent_id", f"no collection {parent!r} in biobank {owner!r}")
        values = self._check("collection", row, {**given, "biobank_id": owner}, existing)
        if values is not None:
            self.collections[key] = owner
            self.planned.append(_Planned("collection", row, values, existing))


def import_csv(session: Session, actor: Actor, text: str) -> ImportReport:
    """Apply every row or none; raises ValidationFailed listing each bad row and field."""
    if not actor.can(Permission.CURATE_BIOBANKS):
        actor.require(Permission.MANAGE_OWN_BIOBANK)
    header, rows = csvio.read(text)
    missing = {"record_type", "id"} - set(header)
    unknown = set(header) - set(csvio.COLUMNS)
    if missing or unknown:
        errors = [FieldError(c, "required column is missing", 1) for c in sorted(missing)]
        errors += [FieldError(c, "unknown column", 1) for c in sorted(unknown)]
        raise ValidationFailed("Import refused; nothing was changed", errors)
    plan = _Plan(session, actor, header)
    seen: set[tuple[str, str]] = set()
    ordered = sorted(rows, key=lambda r: (r[1].get("record_type") != "biobank", r[0]))
    for number, row in ordered:
        kind = row.get("record_type", "")
        given = {k: v for k, v in row.items() if k in plan.header}
        if kind not in csvio.RECORD_TYPES:
            plan.fail(number, "record_type", "use biobank or collection")
            continue
        if (kind, given.get("id", "")) in seen:
            plan.fail(number, "id", f"{given.get('id')!r} appears twice")
            continue
        seen.add((kind, given.get("id", "")))
        if kind == "biobank":
            plan.biobank(number, given)
        else:
            plan.collection(number, given)
    if plan.errors:
        session.rollback()
        raise ValidationFailed("Import refused; nothing was changed", sorted(plan.errors, key=_order))
    report = _write(session, actor, plan.planned)
    report.rows = len(rows)
    session.commit()
    return report


def _order(error: FieldError) -> tuple[int, str]:
    return (error.row or 0, error.field)


def _write(session: Session, actor: Actor, planned: list[_Planned]) -> ImportReport:
    report = ImportReport()
    touched: set[str] = set()
    for item in planned:
        kind = item.kind
        entity = "biobank" if kind == "biobank" else "biobank_collection"
        if item.existing is None:
            model = Biobank if kind == "biobank" else Collection
            row = model(**item.values, origin="import", edited=True)
            session.add(row)
            session.flush()
            audit.record(session, actor, f"{entity}.create", entity, row.id, None, snapshot(row))
            if any(item.values.get(k) is not None for k in ("donors", "samples", "count_year")):
                record_counts(session, actor, kind, row)
            report.created.append(row.id)
        elif apply_changes(session, actor, kind, item.existing, item.values):
            report.updated.append(item.existing.id)
        touched.add(item.values.get("biobank_id") or item.values.get("id") or "")
        if item.existing is not None:
            touched.add(getattr(item.existing, "biobank_id", item.existing.id))
    session.flush()
    for biobank_id in touched:
        biobank = session.get(Biobank, biobank_id)
        if biobank is not None:
            retokenise(session, biobank)
    return report
