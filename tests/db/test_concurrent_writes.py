"""SQLite under concurrent writers: writes queue and succeed; a busy database is a 503, never SQL."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from ic2permed.core.accounts import service as accounts
from ic2permed.core.accounts.schemas import TokenCreate
from ic2permed.core.audit import service as audit
from ic2permed.core.audit.schemas import AuditFilter
from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor, Role
from ic2permed.web.app import create_app
from tests.factories import make_token, make_user

WRITERS = 48


@pytest.fixture
def sqlite_file(tmp_path: Path, sqlite_template: Path) -> Path:
    path = tmp_path / "ic2permed.db"
    shutil.copy(sqlite_template, path)
    return path


def test_many_concurrent_writers_all_succeed(sqlite_database: Database) -> None:
    make_user(sqlite_database, "wren-fictional", Role.RESEARCHER)

    def write(number: int) -> str:
        with sqlite_database.session() as session:
            return accounts.create_token(
                session, Actor.system(), TokenCreate(label=f"t{number}"), "wren-fictional"
            ).token

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        tokens = list(pool.map(write, range(WRITERS * 3)))
    assert len(set(tokens)) == WRITERS * 3
    with sqlite_database.session() as session:
        listed = accounts.list_tokens(session, Actor.system(), "wren-fictional")
    assert len(listed) == WRITERS * 3


def test_slow_writers_queue_instead_of_failing(sqlite_database: Database) -> None:
    """60 writes holding the write lock 0.1 s each need 6 s in all: longer than SQLite's old 5 s timeout."""

    def slow_write(number: int) -> None:
        with sqlite_database.session() as session:
            audit.record(session, Actor.system(), "test.write", "test", number)
            session.flush()
            time.sleep(0.1)
            session.commit()

    with ThreadPoolExecutor(max_workers=60) as pool:
        list(pool.map(slow_write, range(60)))
    with sqlite_database.session() as session:
        page = audit.list_entries(session, Actor.system(), AuditFilter(action="test.write"), 0, 100)
    assert page.total == 60


@pytest.fixture
def held_lock(sqlite_file: Path) -> Iterator[sqlite3.Connection]:
    """Another process's writer holding SQLite's write lock."""
    other = sqlite3.connect(sqlite_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield other
    other.execute("ROLLBACK")
    other.close()


@pytest.mark.anyio
async def test_a_busy_database_answers_503_without_sql(
    settings: Settings, sqlite_file: Path, held_lock: sqlite3.Connection
) -> None:
    database = Database(f"sqlite:///{sqlite_file}?timeout=0.3")
    held_lock.execute("ROLLBACK")
    make_user(database, "gus-fictional", Role.RESEARCHER)
    token = make_token(database, "gus-fictional")
    held_lock.execute("BEGIN IMMEDIATE")
    app = create_app(settings, database)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        response = await http.post(
            "/api/v1/me/tokens", json={"label": "x"}, headers={"Authorization": f"Bearer {token}"}
        )
    database.dispose()
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"].isdigit()
    assert response.headers["content-type"].startswith("application/problem+json")
    for leak in ("INSERT", "UPDATE", "SELECT", "sqlite3", "OperationalError", "ic2p_"):
        assert leak not in response.text


def test_cli_on_a_locked_database_prints_one_line_without_sql_or_hashes(
    tmp_path: Path, sqlite_file: Path, held_lock: sqlite3.Connection
) -> None:
    env = {
        **os.environ,
        "IC2PERMED_VAR_DIR": str(tmp_path / "var"),
        "IC2PERMED_DATABASE_URL": f"sqlite:///{sqlite_file}?timeout=0.3",
        "IC2PERMED_LOAD_BUNDLED_DATA": "false",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ic2permed",
            "users",
            "create",
            "--username",
            "ivy-fictional",
            "--role",
            "researcher",
            "--password-stdin",
        ],
        input="fictional-pass-4567\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "busy" in lines[0]
    for leak in ("UPDATE", "SELECT", "argon2", "[parameters"):
        assert leak not in result.stderr + result.stdout
