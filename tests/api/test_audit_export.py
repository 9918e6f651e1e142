"""The audit CSV never hands a spreadsheet a live formula."""

from __future__ import annotations

import csv
import io

from ic2permed.core.audit import service as audit
from ic2permed.core.audit.schemas import AuditFilter
from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor


def test_audit_csv_neutralises_formulas(database: Database) -> None:
    with database.session() as session:
        audit.record(session, Actor.system(), "=cmd|'/C calc'!A0", "item", "@SUM(A1)")
        session.commit()
        text = "".join(audit.export_csv(session, Actor.system(), AuditFilter()))
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[-1]["action"] == "'=cmd|'/C calc'!A0"
    assert rows[-1]["entity_id"] == "'@SUM(A1)"
