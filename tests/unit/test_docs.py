"""Every setting and every command is documented where a newcomer looks."""

from __future__ import annotations

from pathlib import Path

from ic2permed.core.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in Settings.model_fields if f"IC2PERMED_{name.upper()}" not in readme]
    assert missing == []


def test_every_domain_folder_is_in_the_architecture_doc() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    folders = [p.name for p in (ROOT / "src" / "ic2permed").iterdir() if p.is_dir() and not p.name.startswith("_")]
    missing = [name for name in folders if f"`{name}" not in doc]
    assert missing == []
