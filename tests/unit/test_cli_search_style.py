"""One search style on the command line: the words are the QUERY argument of every `search` command."""

from __future__ import annotations

import json

from tests.clirunner import InProcessCli

BUNDLED = {"IC2PERMED_LOAD_BUNDLED_DATA": "true"}


def test_biobanks_search_takes_the_words_as_an_argument_and_the_old_option_still_works(cli: InProcessCli) -> None:
    new = cli("biobanks", "search", "cancer", "--json", **BUNDLED)
    assert new.code == 0, new.stderr
    found = json.loads(new.stdout)
    assert found, "the bundled directory has cancer collections"
    everything = json.loads(cli("biobanks", "search", "--json", **BUNDLED).stdout)
    assert len(found) < len(everything)
    old = cli("biobanks", "search", "--q", "cancer", "--json", **BUNDLED)
    assert old.code == 0 and json.loads(old.stdout) == found
    assert "--q is deprecated; pass the words as an argument: ic2permed biobanks search cancer\n" in old.stderr
    assert "--q" not in cli("biobanks", "search", "--help", **BUNDLED).stdout  # no longer offered
    both = cli("biobanks", "search", "cancer", "--q", "diabetes", **BUNDLED)
    assert both.code == 2 and "give the words once" in both.stderr
    all_biobanks = json.loads(cli("biobanks", "export", **BUNDLED).stdout)
    some = json.loads(cli("biobanks", "export", "cancer", **BUNDLED).stdout)  # export filters the same way
    assert 0 < len(some) < len(all_biobanks)


def test_every_search_command_takes_an_optional_positional_query(cli: InProcessCli) -> None:
    for group in ("landscape", "biobanks", "experts", "stakeholders"):
        helped = cli(group, "search", "--help")
        assert helped.code == 0, f"{group}: {helped.stderr}"
        assert "[QUERY]" in helped.stdout, f"{group} search does not take [QUERY]: {helped.stdout[:300]}"
    organisations = cli("stakeholders", "search", "BBMRI", "--json", **BUNDLED)
    assert organisations.code == 0, organisations.stderr
    assert any(o["acronym"] == "BBMRI-ERIC" for o in json.loads(organisations.stdout))
    listed = cli("landscape", "search", "--json", "--limit", "3", **BUNDLED)
    assert listed.code == 0 and len(json.loads(listed.stdout)) == 3
