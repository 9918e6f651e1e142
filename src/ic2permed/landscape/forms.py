"""The curator's edit form: text fields in, a validated item (or per-field errors) out."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ic2permed.landscape.exchange import COLUMNS, LIST_COLUMNS
from ic2permed.landscape.schemas import ItemCreate, ItemFields, ItemRead

# The plain-text inputs: the file layout's columns without the id, the lists, the sources and the flag.
TEXT_FIELDS = tuple(c for c in COLUMNS if c not in ("id", *LIST_COLUMNS, "sources", "verified"))


def blank() -> dict[str, Any]:
    values: dict[str, Any] = dict.fromkeys(TEXT_FIELDS, "")
    values.update(
        id="",
        acronyms="",
        themes=[],
        sources="",
        verified=False,
        status="in_force",
        title_zh_status="translation",
        kind="law",
        region="EU",
    )
    return values


def from_item(item: ItemRead) -> dict[str, Any]:
    values: dict[str, Any] = {
        name: "" if getattr(item, name) is None else str(getattr(item, name)) for name in TEXT_FIELDS
    }
    values.update(
        id=item.id,
        acronyms=", ".join(item.acronyms),
        themes=list(item.themes),
        sources="\n".join(
            " | ".join(str(s.get(k) or "") for k in ("url", "title", "accessed", "quote")) for s in item.sources
        ),
        verified=item.verified,
    )
    return values


def parse(form: dict[str, Any], themes: list[str], with_id: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (form values to re-display, data for the schema)."""
    values: dict[str, Any] = {name: str(form.get(name, "")).strip() for name in TEXT_FIELDS}
    values.update(
        id=str(form.get("id", "")).strip(),
        acronyms=str(form.get("acronyms", "")),
        themes=themes,
        sources=str(form.get("sources", "")),
        verified=form.get("verified") == "on",
    )
    data: dict[str, Any] = {k: (v or None) for k, v in values.items() if k in TEXT_FIELDS}
    for text_field in ("issuing_body", "title_zh", "summary_en", "summary_zh", "title_en"):
        data[text_field] = values[text_field]
    data["title_zh_status"] = values["title_zh_status"] or "translation"
    data["acronyms"] = [a.strip() for a in values["acronyms"].split(",") if a.strip()]
    data["themes"] = themes
    data["verified"] = values["verified"]
    data["sources"] = []
    for line in values["sources"].splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")] + ["", "", "", ""]
        data["sources"].append(
            {"url": parts[0], "title": parts[1] or parts[0], "accessed": parts[2] or None, "quote": parts[3]}
        )
    if with_id:
        data["id"] = values["id"]
    return values, data


def validate(data: dict[str, Any], with_id: bool) -> tuple[ItemFields | None, dict[str, str]]:
    try:
        model: ItemFields = (ItemCreate if with_id else ItemFields).model_validate(data)
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else "item"
            errors.setdefault(name, str(err["msg"]).removeprefix("Value error, "))
        return None, errors
    return model, {}
