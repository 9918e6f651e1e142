from __future__ import annotations

from pathlib import Path

import pytest

from ic2permed.core.config import ConfigError, load_settings


def test_bad_port_is_one_readable_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IC2PERMED_PORT", "70000")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith("Configuration error: IC2PERMED_PORT:")
    assert "70000" in message and "\n" not in message


def test_unknown_database_scheme_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IC2PERMED_DATABASE_URL", "mysql://root@localhost/x")
    with pytest.raises(ConfigError, match="unknown database scheme 'mysql'"):
        load_settings()


@pytest.mark.parametrize("secret", ["changeme", "short-secret"])
def test_weak_secrets_are_refused(monkeypatch: pytest.MonkeyPatch, secret: str) -> None:
    monkeypatch.setenv("IC2PERMED_SECRET_KEY", secret)
    with pytest.raises(ConfigError, match="IC2PERMED_SECRET_KEY"):
        load_settings()


def test_defaults_use_sqlite_under_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'var' / 'ic2permed.db'}"
    assert settings.port == 8000


def test_masked_settings_hide_secrets_and_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IC2PERMED_SECRET_KEY", "s" * 10 + "-a-long-enough-secret-value-xyz")
    monkeypatch.setenv("IC2PERMED_DATABASE_URL", "postgresql://app:hunter2@db.example/ic2")
    shown = load_settings().masked()
    assert shown["secret_key"] == "**********"
    assert shown["database_url"] == "postgresql+psycopg://app:****@db.example/ic2"


def test_trusted_proxies_take_a_comma_separated_list_of_addresses_and_networks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("IC2PERMED_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8,::1")
    assert load_settings().trusted_proxies == ["127.0.0.1/32", "10.0.0.0/8", "::1/128"]
    monkeypatch.setenv("IC2PERMED_TRUSTED_PROXIES", "not-an-address")
    with pytest.raises(ConfigError, match="IC2PERMED_TRUSTED_PROXIES"):
        load_settings()
