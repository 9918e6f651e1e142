"""The one shape of a cited source, shared by every domain that states real-world facts."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field, HttpUrl, model_validator

from ic2permed.core.vocab import source_hosts
from ic2permed.core.vocab.source_hosts import SourceKind


class SourceRef(BaseModel):
    url: HttpUrl
    title: str = Field(min_length=1, max_length=500)
    accessed: date | None = None
    quote: str = Field(default="", max_length=600)
    kind: SourceKind | None = Field(default=None, description="official, reputable or mirror; from the host list")

    @model_validator(mode="after")
    def _kind(self) -> SourceRef:
        """The host list decides the kind, so a curator cannot promote a repost to an official source."""
        self.kind = source_hosts.source_kind(str(self.url))
        return self
