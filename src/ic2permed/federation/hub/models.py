from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ic2permed.core.database import Base, JsonValue, UTCDateTime, utcnow


class FederationNode(Base):
    """A Beacon v2 server the hub asks: one of ours (a biobank's node) or anyone else's."""

    __tablename__ = "federation_nodes"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    base_url: Mapped[str] = mapped_column(Text)
    jurisdiction: Mapped[str] = mapped_column(String(8))
    region: Mapped[str] = mapped_column(String(32))
    biobank_id: Mapped[str | None] = mapped_column(String(120), default=None)
    signing_secret: Mapped[str | None] = mapped_column(Text, default=None)
    enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class NodeProcess(Base):
    """What `ic2permed demo`'s supervisor last saw of a node process it runs on this machine.

    Kept in the database, not in memory, so every hub worker's page tells the same story."""

    __tablename__ = "federation_node_processes"

    node_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    since: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    restarts: Mapped[int] = mapped_column(Integer, default=0)
    exit_code: Mapped[int | None] = mapped_column(Integer, default=None)


class FederatedQueryLog(Base):
    """Every federated query: who asked what, and which nodes answered how."""

    __tablename__ = "federation_query_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer, default=None)
    actor_name: Mapped[str] = mapped_column(String(64))
    criteria: Mapped[dict[str, Any]] = mapped_column(JsonValue)
    answers: Mapped[list[dict[str, Any]]] = mapped_column(JsonValue)


class SavedQuery(Base):
    """A named query a user can re-run and share by its link."""

    __tablename__ = "federation_saved_queries"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner_id: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(200))
    criteria: Mapped[dict[str, Any]] = mapped_column(JsonValue)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
