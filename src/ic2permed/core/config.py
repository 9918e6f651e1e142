"""Typed settings read from ``IC2PERMED_*`` environment variables and an optional ``.env``."""

from __future__ import annotations

from ipaddress import ip_network
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

SUPPORTED_SCHEMES = ("sqlite", "postgresql", "postgresql+psycopg")
WEAK_SECRETS = {"changeme", "secret", "change-me", "changethis", "default", "password"}


class ConfigError(Exception):
    """A setting has a value the platform cannot start with; the message is one readable line."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IC2PERMED_", env_file=".env", extra="ignore")

    var_dir: Path = Field(default=Path("var"), description="Where the SQLite file, secrets and logs live.")
    database_url: str = Field(default="", description="SQLAlchemy URL; empty means SQLite under var_dir.")
    host: str = Field(default="127.0.0.1", description="Interface the web server binds to.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port of the web server.")
    workers: int = Field(default=1, ge=1, le=64, description="Web worker processes (PostgreSQL only).")
    secret_key: SecretStr | None = Field(
        default=None, description="Signs sessions and CSRF tokens; generated under var_dir when unset."
    )
    session_max_age: int = Field(default=14 * 24 * 3600, ge=60, description="Session lifetime in seconds.")
    default_locale: str = Field(default="en", description="Language when the browser states none we have.")
    load_bundled_data: bool = Field(default=True, description="Load the bundled datasets on first use.")
    log_level: str = Field(default="INFO", description="Python logging level.")
    demo_nodes: int = Field(default=4, ge=0, le=16, description="Local demo Beacon nodes started by `demo`.")
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description=(
            "Addresses or CIDRs of reverse proxies whose X-Forwarded-For / X-Forwarded-Proto headers are believed;"
            " comma-separated. Empty: forwarded headers are ignored."
        ),
    )
    federation_timeout: float = Field(
        default=5.0, gt=0, le=60, description="Seconds the hub waits for each Beacon node before marking it timed out."
    )
    federation_max_inflight: int = Field(
        default=24,
        ge=1,
        le=10_000,
        description="Federated queries one hub worker runs at once; beyond it the hub answers 503 with Retry-After.",
    )
    telemetry: bool = Field(
        default=False,
        description="FastAPI's OpenTelemetry traces, metrics and logs (needs a configured provider); off saves CPU.",
    )
    smtp_host: str = Field(default="", description="SMTP server for access-request e-mail; empty sends none.")
    smtp_port: int = Field(default=25, ge=1, le=65535, description="Port of the SMTP server.")
    smtp_from: str = Field(default="ic2permed@localhost", description="Sender address of platform e-mail.")
    mail_bundled_contacts: bool = Field(
        default=False,
        description=(
            "Admin switch: mail access requests to contact addresses that came with bundled or demo directory data."
            " Off: such mail is withheld and logged, never sent."
        ),
    )
    webhooks_allow_insecure: bool = Field(
        default=False, description="Tests only: allow http:// and private or loopback webhook addresses."
    )

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if value and value.split(":", 1)[0] not in SUPPORTED_SCHEMES:
            scheme = value.split(":", 1)[0]
            raise ValueError(f"unknown database scheme {scheme!r}; use one of {', '.join(SUPPORTED_SCHEMES)}")
        return value

    @field_validator("secret_key")
    @classmethod
    def _no_default_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        raw = value.get_secret_value()
        if raw.lower() in WEAK_SECRETS or len(raw) < 32:
            raise ValueError("must be at least 32 characters and not a well-known default")
        return value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxy_networks(cls, value: Any) -> list[str]:
        items = [p.strip() for p in value.split(",")] if isinstance(value, str) else list(value or [])
        networks = []
        for item in filter(None, items):
            try:
                networks.append(str(ip_network(str(item), strict=False)))
            except ValueError:
                raise ValueError(f"{item!r} is not an IP address or CIDR") from None
        return networks

    @field_validator("default_locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in ("en", "zh_Hans"):
            raise ValueError("must be 'en' or 'zh_Hans'")
        return value

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            url = self.database_url
            if url.startswith("postgresql://"):
                url = "postgresql+psycopg://" + url[len("postgresql://") :]
            return url
        return f"sqlite:///{(self.var_dir / 'ic2permed.db').resolve()}"

    @property
    def database_engine(self) -> str:
        return "postgresql" if self.effective_database_url.startswith("postgresql") else "sqlite"

    def masked(self) -> dict[str, Any]:
        """The effective settings with secrets and passwords hidden, for `config show`."""
        shown: dict[str, Any] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                value = "**********"
            elif value is None and name == "secret_key":
                value = f"(generated, stored in {self.var_dir / 'secret_key'})"
            elif isinstance(value, Path):
                value = str(value)
            shown[name] = value
        shown["database_url"] = _mask_password(self.effective_database_url)
        return shown


def _mask_password(url: str) -> str:
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    if ":" in creds:
        creds = creds.split(":", 1)[0] + ":****"
    return f"{scheme}://{creds}@{host}"


def load_settings(**overrides: Any) -> Settings:
    """Build settings, turning validation failures into one readable `ConfigError` line."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"]) or "settings"
            message = str(err["msg"]).removeprefix("Value error, ")
            problems.append(f"IC2PERMED_{field.upper()}: {message} (got {err.get('input')!r})")
        raise ConfigError("Configuration error: " + "; ".join(problems)) from None
