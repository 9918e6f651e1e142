"""Every message a service raises reaches a Chinese reader in Chinese (the catalogue's template for it)."""

from __future__ import annotations

import ast
import re
from importlib.resources import files
from pathlib import Path

from ic2permed.core import messages
from ic2permed.core.i18n import gettext

SOURCE = Path(str(files("ic2permed")))
ERRORS = {"NotFound", "Conflict", "Forbidden", "ValidationFailed", "InvalidTransition", "Unauthorized"}
ERRORS |= {"PayloadTooLarge", "DomainError", "ServiceUnavailable", "TooManyRequests", "BadCode"}
# Messages never shown on a page: the Beacon node's wire answers, request signing and command lines.
NOT_ON_PAGES = ("federation/node/", "federation/signing.py", "federation/verify.py", "/cli.py", "cli.py")
SHAPE = re.compile(r"%\(\w+\)s|\{\}")


def _shape(node: ast.expr) -> str | None:
    """A message literal with its values blanked (`No biobank with id {}.`), or None when it is not a literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)  # type: ignore[misc]
    return None


def raised_messages() -> dict[str, str]:
    """Each message literal passed to a domain error, a field error or a steward finding, with where it is."""
    found: dict[str, str] = {}
    for path in SOURCE.rglob("*.py"):
        where = path.relative_to(SOURCE).as_posix()
        if any(part in where for part in NOT_ON_PAGES):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", "")
            args: list[ast.expr] = []
            if name in ERRORS and node.args:
                args.append(node.args[0])
            if name in ("FieldError", "fail") and len(node.args) > 1:
                args.append(node.args[1] if name == "FieldError" else node.args[-1])
            if name == "append" and node.args and isinstance(node.args[0], ast.Tuple) and len(node.args[0].elts) == 3:
                args.append(node.args[0].elts[2])  # a steward check's (severity, kind, message)
            for arg in args:
                shape = _shape(arg)
                if shape and len(SHAPE.sub("", shape)) > 2:  # not a bare value such as f"{exc}"
                    found[SHAPE.sub("{}", shape.replace("%%", "%"))] = where
    return found


def test_every_raised_message_has_a_catalogue_template() -> None:
    templates = {SHAPE.sub("{}", t.replace("%%", "%")) for t in messages.TEMPLATES}
    missing = {shape: where for shape, where in raised_messages().items() if shape not in templates}
    assert len(raised_messages()) > 150
    assert missing == {}, "add these to core/messages.py TEMPLATES (and translate them):\n" + "\n".join(
        f"{where}: {shape}" for shape, where in sorted(missing.items(), key=lambda x: x[1])
    )


def test_every_template_is_translated_with_the_same_values() -> None:
    for template in messages.TEMPLATES:
        zh = gettext("zh_Hans", template)
        assert zh != template, f"no Chinese for {template!r}"
        assert sorted(re.findall(r"%\(\w+\)s", zh)) == sorted(re.findall(r"%\(\w+\)s", template)), template


def test_a_message_is_rendered_in_the_reader_s_language_with_its_values() -> None:
    assert messages.translate("zh_Hans", "No biobank with id 'nope'.") == "没有编号为 'nope' 的生物样本库。"
    assert messages.translate("en", "No biobank with id 'nope'.") == "No biobank with id 'nope'."
    assert messages.translate("zh_Hans", "'E99.9x' is not an ICD-10 or ORPHA code") == (
        "'E99.9x' 不是 ICD-10 或 ORPHA 编码"
    )
    # Pydantic's wording, with and without the prefix it puts before a validator's own message
    assert messages.translate("zh_Hans", "String should have at least 1 character") == "至少应有 1 个字符"
    assert messages.translate("zh_Hans", "Value error, counts have no year") == "数量没有注明年份"
    # the most specific template wins over a looser one that would also match
    assert messages.translate("zh_Hans", "12 samples is fewer than 40 donors") == "样本数 12 少于捐献者数 40"
    # text that is no message of ours stays as written rather than being guessed at
    assert messages.translate("zh_Hans", "a note a curator typed") == "a note a curator typed"
