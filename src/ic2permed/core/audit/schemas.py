from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class AuditEntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor_id: int | None
    actor_name: str
    action: str
    entity_type: str
    entity_id: str
    before: Any = None
    after: Any = None


class AuditFilter(BaseModel):
    actor: str | None = Field(default=None, description="Username of the actor.")
    action: str | None = None
    entity_type: str | None = None
    entity_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


class AuditPage(BaseModel):
    items: list[AuditEntryRead]
    total: int
    offset: int
    limit: int
