"""Shared fixtures: a migrated database on SQLite and on PostgreSQL, an app and an HTTP client."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.migrate import upgrade
from ic2permed.web.app import create_app
from tests.clirunner import InProcessCli

PG_ENV = "IC2PERMED_TEST_DATABASE_URL"
PG_SCHEMA = f"ic2permed_test_{os.getpid()}"  # one schema per run, so parallel runs never collide
SECRET = "test-secret-" + "x" * 40


def _settings_variables() -> list[str]:
    """The caller's IC2PERMED_* settings; the IC2PERMED_TEST_* knobs that .ci/run sets are not settings."""
    return [name for name in os.environ if name.startswith("IC2PERMED_") and not name.startswith("IC2PERMED_TEST_")]


@pytest.fixture(scope="session", autouse=True)
def _hermetic_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No setting from the caller's shell and no `.env` from the checkout reach the suite (or its servers)."""
    with pytest.MonkeyPatch.context() as patch:
        for name in _settings_variables():
            patch.delenv(name)
        patch.chdir(tmp_path_factory.mktemp("cwd"))
        yield


@pytest.fixture(autouse=True)
def _hermetic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts in its own empty directory (where `var/` and `.env` would be) with no settings set."""
    for name in _settings_variables():
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def _pg_base_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{PG_ENV} is not set; CI must run the PostgreSQL tests")
        return None
    return url


def _pg_url_with_schema(url: str) -> str:
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3D{PG_SCHEMA}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate once; each test gets a copy of the file (fast and fully isolated)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    database = Database(f"sqlite:///{path}")
    upgrade(database.engine)
    database.dispose()
    return path


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str | None]:
    base = _pg_base_url()
    if base is None:
        yield None
        return
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
    except Exception as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {base} is unreachable: {exc}")
        admin.dispose()
        yield None
        return
    url = _pg_url_with_schema(base)
    database = Database(url)
    upgrade(database.engine)
    database.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
    admin.dispose()


def _truncate_all(database: Database) -> None:
    with database.engine.begin() as conn:
        tables = conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = :s AND tablename <> 'alembic_version'"),
            {"s": PG_SCHEMA},
        ).scalars()
        names = ", ".join(f'"{t}"' for t in tables)
        if names:
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def database(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path, pg_url: str | None
) -> Iterator[Database]:
    """A migrated, empty database on each engine (PostgreSQL skipped locally when not configured)."""
    if request.param == "sqlite":
        path = tmp_path / "ic2permed.db"
        shutil.copy(sqlite_template, path)
        db = Database(f"sqlite:///{path}")
    else:
        if pg_url is None:
            pytest.skip(f"PostgreSQL tests need {PG_ENV} (CI sets it)")
        db = Database(pg_url)
        _truncate_all(db)
    yield db
    db.dispose()


@pytest.fixture
def sqlite_database(tmp_path: Path, sqlite_template: Path) -> Iterator[Database]:
    path = tmp_path / "ic2permed.db"
    shutil.copy(sqlite_template, path)
    db = Database(f"sqlite:///{path}")
    yield db
    db.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(var_dir=tmp_path / "var", secret_key=SECRET, load_bundled_data=False)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def client(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> InProcessCli:
    """`cli("users", "list", "--json")`: the command line in this process (see tests/clirunner.py)."""
    return InProcessCli(capsys, monkeypatch)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: Playwright's sync API keeps an event loop running for the session."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
