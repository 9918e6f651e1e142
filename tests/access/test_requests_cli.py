"""`ic2permed requests list|show|export` in a real process against a database holding one request."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ic2permed.access import service
from ic2permed.access.schemas import RequestCreate
from ic2permed.biobanks import service as biobanks
from ic2permed.core.accounts import service as accounts
from ic2permed.core.accounts.schemas import UserCreate
from ic2permed.core.database import Database
from ic2permed.core.migrate import upgrade
from ic2permed.core.permissions import Actor, Role
from tests.access.conftest import CATALOGUE, eu_to_cn_request

pytestmark = pytest.mark.slow


def run(args: list[str], db_url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("IC2PERMED_")}
    environment.update({"IC2PERMED_LOAD_BUNDLED_DATA": "false", "IC2PERMED_DATABASE_URL": db_url})
    return subprocess.run(
        [sys.executable, "-m", "ic2permed", "requests", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
        timeout=180,
    )


def test_list_show_and_export_json(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    database = Database(url)
    upgrade(database.engine)
    with database.session() as session:
        biobanks.load_bundle(session, json.dumps(CATALOGUE).encode(), name="access-test")
        user = accounts.create_user(
            session,
            Actor.system(),
            UserCreate(username="lea-fictional", password="long-enough-pw", roles=[Role.RESEARCHER]),
        )
        lea = Actor(id=user.id, username="lea-fictional", roles=frozenset({Role.RESEARCHER}))
        created = service.submit(session, lea, RequestCreate.model_validate(eu_to_cn_request()))
    database.dispose()

    listed = run(["list", "--json"], url, tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert [r["id"] for r in json.loads(listed.stdout)] == [created.id]

    shown = run(["show", str(created.id), "--as", "lea-fictional"], url, tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["title"] == created.title

    exported = run(["export", "--format", "json"], url, tmp_path)
    assert exported.returncode == 0, exported.stderr
    (request,) = json.loads(exported.stdout)
    assert request["state"] == "under_review"
    (item,) = request["collections"]
    assert item["state"] == "submitted"
    steps = {s["step_id"]: s for s in item["checklist"]}
    assert steps["cn_hgr_material_export_certificate"]["authority"] == "NHC"
    assert {"status", "reference", "evidence_date", "document"} <= set(steps["ethics_provider"])
    assert request["history"][0]["target"] == "under_review"

    missing = run(["show", "999"], url, tmp_path)
    assert missing.returncode == 1
    assert len(missing.stderr.strip().splitlines()) == 1 and "999" in missing.stderr

    bad = run(["export", "--format", "xml"], url, tmp_path)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
