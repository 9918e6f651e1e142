"""The federated totals chart gives each region its own colour (the one every other chart uses)."""

from __future__ import annotations

import re
from types import SimpleNamespace

from ic2permed.core.http.templating import Templates
from ic2permed.core.vocab import regions


def test_each_region_bar_has_its_region_s_colour() -> None:
    totals = [
        SimpleNamespace(region=code, count=n, exact=True, nodes=3)
        for code, n in (("China", 50), ("Europe (non-EU)", 30), ("EU", 20))
    ]
    outcome = SimpleNamespace(answered=3, asked=3, totals=totals, strata={}, strata_hidden=0)
    context = {"outcome": outcome, "regions": regions.REGIONS, "strata_labels": [], "qs": ""}
    html = Templates(["ic2permed.web", "ic2permed.federation"]).render("en", "federation/_summary.html", context)
    fills = re.findall(r'<rect [^>]*fill="(#[0-9a-f]{6})"', html)
    assert fills == [regions.REGION_COLOURS[t.region] for t in totals]
