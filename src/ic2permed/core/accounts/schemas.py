from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ic2permed.core.permissions import Role

USERNAME_PATTERN = r"^[a-zA-Z0-9_.-]{3,64}$"


class UserCreate(BaseModel):
    username: str = Field(pattern=USERNAME_PATTERN, description="3–64 letters, digits, _ . -")
    password: str = Field(min_length=10, max_length=256)
    roles: list[Role] = Field(min_length=1)
    display_name: str = Field(default="", max_length=200)
    region: str | None = None

    @field_validator("password")
    @classmethod
    def _not_trivial(cls, value: str) -> str:
        if len(set(value)) < 4:
            raise ValueError("is too simple")
        return value


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    roles: list[Role]
    is_active: bool
    region: str | None
    created_at: datetime


class TokenCreate(BaseModel):
    label: str = Field(min_length=1, max_length=100)
    expires_days: int | None = Field(default=None, ge=1, le=3650)


class TokenRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    label: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenRead):
    token: str = Field(description="Shown once; only its hash is stored.")


class LoginForm(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
