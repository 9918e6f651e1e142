"""One SQLAlchemy engine and session factory per app or CLI run, built from settings (never at import)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, MetaData, create_engine, event, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, InterfaceError, OperationalError, StatementError
from sqlalchemy.orm import DeclarativeBase, ORMExecuteState, Session, SessionTransaction, sessionmaker
from sqlalchemy.types import TypeDecorator

from ic2permed.core.errors import Conflict, DomainError, ServiceUnavailable, ValidationFailed

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


JsonValue = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both engines (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use datetime.now(UTC)")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    return datetime.now(UTC)


SQLITE_BUSY_SECONDS = 30.0
"""How long a SQLite write waits for other writers (this process, the CLI, a second server) before it
gives up with 503; a SQLite URL may set its own, e.g. ``sqlite:///var/ic2permed.db?timeout=5``."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def sqlite_busy_seconds(url: str) -> float:
    try:
        return float(make_url(url).query.get("timeout", SQLITE_BUSY_SECONDS))  # type: ignore[arg-type]
    except ValueError:
        return SQLITE_BUSY_SECONDS


def make_engine(url: str) -> Engine:
    # hide_parameters: errors and logs never carry bound values (password hashes, token hashes)
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": sqlite_busy_seconds(url)},
            hide_parameters=True,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, hide_parameters=True)


class WriterLock:
    """One SQLite writer at a time inside this process, queued in Python instead of in SQLite.

    SQLite allows one writer; its own busy handler polls with growing sleeps, so under many concurrent
    writers some wait past any timeout while others get through ("database is locked"). A session
    takes this lock before its first write (flush or bulk DML) and releases it when its transaction
    ends, so writers queue fairly; readers never take it (WAL lets them read during a write). Other
    processes are still covered by SQLite's busy timeout.
    """

    def __init__(self, wait: float = SQLITE_BUSY_SECONDS) -> None:
        self._lock = threading.Lock()
        self.wait = wait

    def acquire(self, session: Session) -> None:
        if session.info.get(_HOLDS_WRITER):
            return
        if not self._lock.acquire(timeout=self.wait):
            raise ServiceUnavailable("The database is busy with other changes; try again in a moment.")
        session.info[_HOLDS_WRITER] = self

    @staticmethod
    def release(session: Session) -> None:
        owner = session.info.pop(_HOLDS_WRITER, None)
        if isinstance(owner, WriterLock):
            owner._lock.release()


_HOLDS_WRITER = "ic2permed.holds_writer_lock"


def _serialise_writes(factory: sessionmaker[Session], lock: WriterLock) -> None:
    def before_flush(session: Session, _context: Any, _instances: Any) -> None:
        lock.acquire(session)

    def before_dml(state: ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            lock.acquire(state.session)

    def transaction_end(session: Session, transaction: SessionTransaction) -> None:
        if transaction.parent is None:
            WriterLock.release(session)

    event.listen(factory, "before_flush", before_flush)
    event.listen(factory, "do_orm_execute", before_dml)
    event.listen(factory, "after_transaction_end", transaction_end)


def translate_error(exc: BaseException) -> DomainError | None:
    """A database failure as a domain error a user may see: no SQL, no parameters, no secrets."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(exc, StatementError) and isinstance(exc.orig, OverflowError):
        original = exc.orig
    text_ = str(original).lower()
    if isinstance(exc, OperationalError) and ("locked" in text_ or "busy" in text_):
        return ServiceUnavailable("The database is busy with other changes; try again in a moment.")
    if isinstance(exc, DataError) or isinstance(original, OverflowError):
        return ValidationFailed("A value is out of range or too long for the database.")
    if isinstance(exc, IntegrityError):
        return Conflict("The change conflicts with data saved at the same time; reload and try again.")
    if isinstance(exc, OperationalError | InterfaceError):
        return ServiceUnavailable("The database is unavailable; try again in a moment.")
    return None


class Database:
    """Holds the engine and hands out sessions; services commit, callers never share sessions."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        if self.engine.dialect.name == "sqlite":
            _serialise_writes(self._factory, WriterLock(sqlite_busy_seconds(url)))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        return self._factory()

    @contextmanager
    def begin(self) -> Iterator[Session]:
        with self._factory() as session, session.begin():
            yield session

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()
