"""One Jinja2 environment per locale, so translations never leak between concurrent requests."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ic2permed.core.i18n import HTML_LANG, LOCALE_NAMES, LOCALES, pick, translations
from ic2permed.core.messages import translate
from ic2permed.core.vocab import display, regions


class Templates:
    def __init__(self, packages: Sequence[str]) -> None:
        loader = ChoiceLoader([PackageLoader(pkg, "templates") for pkg in packages])
        self._envs: dict[str, Environment] = {}
        for locale in LOCALES:
            env = Environment(
                loader=loader,
                autoescape=select_autoescape(["html", "xml"]),
                extensions=["jinja2.ext.i18n"],
                trim_blocks=True,
                lstrip_blocks=True,
            )
            env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
            env.globals.update(locale=locale, html_lang=HTML_LANG[locale], locale_names=LOCALE_NAMES, pick=pick)
            env.globals["region_colours"] = regions.REGION_COLOURS  # one colour per region on every chart
            env.filters["nl2br"] = lambda text: Markup("<br>").join(str(text or "").splitlines())
            _label_filters(env, translations(locale).gettext, locale)
            self._envs[locale] = env

    def add_global(self, name: str, value: Any) -> None:
        """A helper every template may call (e.g. links one domain's pages make to another's, composed in `web`)."""
        for env in self._envs.values():
            env.globals[name] = value

    def render(self, locale: str, name: str, context: dict[str, Any]) -> str:
        env = self._envs.get(locale, self._envs["en"])
        return env.get_template(name).render(context)


def _label_filters(env: Environment, gettext: Callable[[str], str], locale: str) -> None:
    """`{{ code | legal_tier }}` and friends: a code's translated label, or the code when it has none."""

    def labeller(labels: dict[str, str]) -> Callable[[Any], str]:
        return lambda code: gettext(labels[code]) if code in labels else str(code if code is not None else "")

    env.filters["legal_tier"] = labeller(display.LEGAL_TIERS)
    env.filters["audit_action"] = labeller(display.AUDIT_ACTIONS)
    env.filters["audit_entity"] = labeller(display.ENTITY_TYPES)
    env.filters["audit_actor"] = labeller(display.ACTORS)
    env.filters["severity"] = labeller(display.SEVERITIES)
    env.filters["role"] = labeller(display.ROLES)
    env.filters["precision"] = labeller(display.PRECISIONS)
    env.filters["term"] = lambda value: display.term_label(value, locale)
    # A service's own message (an error, a steward-check finding) in the page's language.
    env.filters["message"] = lambda text: translate(locale, str(text if text is not None else ""))
    # Audit snapshots as JSON a person can read: Chinese as Chinese, not \\u escapes.
    env.filters["json_text"] = lambda value: json.dumps(value, ensure_ascii=False, indent=1, default=str)
