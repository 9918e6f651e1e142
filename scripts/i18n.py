"""Keep the translation catalogues in step with the code.

python scripts/i18n.py update              # extract strings, merge into en and zh_Hans .po files
python scripts/i18n.py fill MAP.json       # add zh_Hans translations from {"msgid": "译文"}
python scripts/i18n.py missing             # list msgids without a Chinese translation
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1] / "src" / "ic2permed"
LOCALE_DIR = ROOT / "locale"
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    template = Catalog(project="ic2permed")
    for filename, lineno, message, comments, _context in extract_from_dir(
        str(ROOT), METHODS, OPTIONS, KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments)
    return template


def po_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"


def load(locale: str) -> Catalog:
    path = po_path(locale)
    if path.exists():
        with path.open("rb") as handle:
            return read_po(handle, locale=locale)
    return Catalog(locale=locale, project="ic2permed")


def save(catalog: Catalog, locale: str) -> None:
    path = po_path(locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=True, no_location=True)


def update() -> None:
    for locale in ("en", "zh_Hans"):
        template = extract()
        catalog = load(locale)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if locale == "en":
            for message in catalog:
                if message.id and not message.string:
                    message.string = message.id
        save(catalog, locale)
    print(f"{len(extract())} messages extracted", file=sys.stderr)


def fill(mapping_file: str) -> None:
    mapping = json.loads(Path(mapping_file).read_text(encoding="utf-8"))
    catalog = load("zh_Hans")
    for message in catalog:
        if message.id in mapping:
            message.string = mapping[message.id]
            message.flags.discard("fuzzy")
    save(catalog, "zh_Hans")


def missing() -> list[str]:
    catalog = load("zh_Hans")
    return [str(m.id) for m in catalog if m.id and (not m.string or m.fuzzy)]


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "update"
    if command == "update":
        update()
    elif command == "fill":
        fill(sys.argv[2])
    elif command == "missing":
        for msgid in missing():
            print(json.dumps(msgid, ensure_ascii=False))
    else:
        sys.exit(__doc__)
