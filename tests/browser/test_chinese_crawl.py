"""Chinese pages are Chinese: a Chinese browser, logged in as admin on the bundled data, visits one page per route
and one error of each kind, and fails on any visible raw code or catalogue text left untranslated.

The pages are taken from the routers themselves, so a new page is crawled without anyone listing it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from importlib.resources import files
from typing import Any

import httpx
import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import Page, expect

from ic2permed.core import messages
from ic2permed.core.i18n import LOCALE_NAMES
from ic2permed.domains import all_domains
from ic2permed.web.pages import router as web_pages_router
from tests.browser.conftest import ADMIN_PASSWORD, LiveServer

pytestmark = pytest.mark.browser

# Raw codes a user must never read on a Chinese page (data values are checked through these shapes).
RAW = [
    (re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b"), "an upper-case code (GENOMIC_DATA)"),
    (re.compile(r"\b(?:NCIT|MIABIS|ICD10|UBERON|GAZ|MONDO|OBI):\S+"), "an ontology CURIE"),
    (re.compile(r"\\u[0-9a-fA-F]{4}"), "a \\u escape"),
    (re.compile(r"\b(?:landscape|biobanks|federation|user|token|account|node|access)\.[a-z_]+\b"), "an audit code"),
    (re.compile(r"\b[a-z]+_[a-z]+(?:_[a-z]+)*\b"), "a snake_case field name"),
    (re.compile(r"\(rounded\)|\bNot Found\b|\bInvalid search\b|\bsystem\b"), "English"),
]
# Codes that read as English words when shown raw: legal tiers, roles, region codes.
RAW_WORDS = frozenset(
    {"regulation", "directive", "decision", "recommendation", "communication"}
    | {"admin", "curator", "coordinator", "expert", "researcher"}
    | {"China", "International", "Europe (non-EU)", "error", "warning", "info"}
)
# Pages that render only with a parameter: how to find one real value for it on the bundled data.
PARAMETERS: dict[str, tuple[str, Callable[[Any], object]]] = {
    "item_id": ("/api/v1/landscape/items?limit=1", lambda d: d["items"][0]["id"]),
    "biobank_id": ("/api/v1/biobanks/biobanks", lambda d: d[0]["id"]),
    "collection_id": ("/api/v1/biobanks/search", lambda d: d["hits"][0]["collection"]["id"]),
    "network_id": ("/api/v1/biobanks/networks", lambda d: d[0]["id"]),
    "organisation_id": ("/api/v1/stakeholders/organisations", lambda d: d[0]["id"]),
    "group_id": ("/api/v1/working-groups", lambda d: d[0]["id"]),
}
NOT_HTML = (".svg", ".pdf", ".json", ".csv", ".ico")
# Pages that need a record the crawl does not create (a request draft, a saved query).
NEEDS_A_RECORD = {
    "/biobanks/requests/{draft_id}",
    "/federated-search/saved/{query_id}",
    # experts, Delphi studies, proposals and access requests exist only in the demo or once users make them
    "/experts/{expert_id}",
    "/experts/{expert_id}/edit",
    "/delphi/{study_id}",
    "/delphi/{study_id}/roadmap",
    "/delphi/{study_id}/vote",
    "/delphi/{study_id}/votes.{fmt}",
    "/working-groups/proposals/{proposal_id}",
    "/requests/{rid}",
    "/requests/{rid}/dossier.html",
    "/stakeholders/report.html",  # a download (Content-Disposition: attachment), not a page
    "/docs",  # the API explorer lists API paths and parameter names, which are identifiers, not page text
}
ERRORS = {
    "no such page": "/no-such-page",
    "no such biobank": "/biobanks/biobank/no-such-biobank",
    "no such landscape item": "/landscape/items/no-such-item",
    "invalid federated query": "/federated-search?disease=糖尿病&age_min=60&age_max=40",
    "federated search scoped to an unknown node": "/federated-search?node=no-such-node",
    "invalid Locator criteria": "/federated-search?bmi_min=35&bmi_max=30&body_height_max=400&smoking_status=former",
    "invalid landscape search": "/landscape?in_force_on=yesterday",
    "invalid page parameter (pydantic's own message)": "/landscape?limit=many",
    "no such collection": "/biobanks/collection/no-such-collection",
    "no such organisation": "/stakeholders/organisations/no-such-organisation",
    "no such working group": "/working-groups/no-such-group",
}
VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, text = node.textContent.trim(), el = node.parentElement;
    if (!text || !el || el.closest("script, style, code, pre, [translate=no], #swagger-ui")) continue;
    if (!el.checkVisibility()) continue;
    out.push(text);
  }
  for (const el of document.body.querySelectorAll("[placeholder], [aria-label], [title], img[alt]")) {
    for (const name of ["placeholder", "aria-label", "title", "alt"]) {
      const value = (el.getAttribute(name) || "").trim();
      if (value) out.push(value);
    }
  }
  return out;
}"""


@cache
def untranslated_catalogue() -> frozenset[str]:
    """English catalogue texts that have a different Chinese translation: seeing one on a Chinese page is a bug."""
    path = files("ic2permed") / "locale" / "zh_Hans" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    language_switch = set(LOCALE_NAMES.values())  # each language is offered under its own name, on every page
    return (
        frozenset(
            str(m.id)
            for m in catalogue
            if isinstance(m.id, str) and m.id and m.string and m.string != m.id and "%(" not in m.id
        )
        - language_switch
    )


def problems(texts: list[str]) -> list[str]:
    found = []
    english = untranslated_catalogue()
    for text in texts:
        if text in english or text in RAW_WORDS:
            found.append(f"untranslated: {text!r}")
            continue
        template = messages.template_of(text)
        if template is not None and len(re.sub(r"%\(\w+\)s", "", template)) > 5:
            # a service's message (No biobank with id 'x'.) as raised, in English
            found.append(f"untranslated message: {text[:80]!r}")
            continue
        for pattern, what in RAW:
            match = pattern.search(text)
            if match:
                found.append(f"{what}: {match.group(0)!r} in {text[:80]!r}")
    return found


def routes() -> list[str]:
    routers = [web_pages_router, *[d.pages for d in all_domains() if d.pages is not None]]
    paths = [
        str(getattr(route, "path", ""))
        for router in routers
        for route in router.routes
        if "GET" in getattr(route, "methods", ())
    ]
    return [p for p in paths if not p.endswith(NOT_HTML) and p not in NEEDS_A_RECORD]


def concrete(path: str, base: str) -> str:
    for name in re.findall(r"{(\w+)}", path):
        assert name in PARAMETERS, f"the crawl does not know a value for {{{name}}} in {path}: add it to PARAMETERS"
        url, pick = PARAMETERS[name]
        path = path.replace(f"{{{name}}}", str(pick(httpx.get(base + url, timeout=30).json())))
    return path


def visible(page: Page) -> list[str]:
    texts: list[str] = page.evaluate(VISIBLE_TEXT)
    return texts


def _chinese_admin(live_server: LiveServer, chromium: Any) -> tuple[Any, Page]:
    context = chromium.new_context(locale="zh-CN", extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    page = context.new_page()
    page.goto(live_server.url + "/login")
    page.locator("#username").fill("pat-fictional")
    page.locator("#password").fill(ADMIN_PASSWORD)
    page.locator("form[action='/login'] button[type=submit]").click()
    page.wait_for_url(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    return context, page


def test_every_page_and_error_is_chinese(live_server: LiveServer, chromium: Any) -> None:
    context, page = _chinese_admin(live_server, chromium)
    targets = {path: concrete(path, live_server.url) for path in routes()}
    targets.update({f"error: {kind}": url for kind, url in ERRORS.items()})
    assert len(targets) > 30
    report: dict[str, list[str]] = {}
    for name, url in targets.items():
        response = page.goto(live_server.url + url)
        status = response.status if response else None
        expect(page.locator("main"), f"{name} ({url}) answered {status} without a main landmark").to_be_visible()
        found = problems(visible(page))
        if found:
            report[name] = sorted(set(found))[:8]
    context.close()
    assert report == {}, "\n".join(f"{name}: {found}" for name, found in report.items())


def test_the_crawl_catches_a_planted_untranslated_string(live_server: LiveServer, chromium: Any) -> None:
    context, page = _chinese_admin(live_server, chromium)
    page.goto(live_server.url + "/")
    assert problems(visible(page)) == []
    planted = sorted(untranslated_catalogue())[0]
    page.evaluate(
        "text => { const p = document.createElement('p'); p.textContent = text; "
        "document.querySelector('main').appendChild(p); }",
        planted,
    )
    assert problems(visible(page)) == [f"untranslated: {planted!r}"]
    page.evaluate("() => { document.querySelector('main').lastChild.textContent = 'RARE_DISEASE'; }")
    assert problems(visible(page)) and "upper-case code" in problems(visible(page))[0]
    page.evaluate("() => { document.querySelector('main').lastChild.textContent = \"No biobank with id 'x'.\"; }")
    assert problems(visible(page)) == ["untranslated message: \"No biobank with id 'x'.\""]
    context.close()
