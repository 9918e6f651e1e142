"""The registry of domains: what `web` mounts, what the CLI adds, what bundled data is loaded.

Only this module, `web`, `cli`, `bootstrap` and `server` may import several domains at once. What a domain
hands over (`DomainSpec`, `NavEntry`) is defined in `core.domain_spec`, so no domain imports this registry.
"""

from __future__ import annotations

from ic2permed.core.domain_spec import DomainSpec, NavEntry
from ic2permed.core.i18n import N_


def all_domains() -> list[DomainSpec]:
    from ic2permed.access import spec as access_spec
    from ic2permed.biobanks import spec as biobanks_spec
    from ic2permed.experts import spec as experts_spec
    from ic2permed.federation import spec as federation_spec
    from ic2permed.landscape import spec as landscape_spec
    from ic2permed.stakeholders import spec as stakeholders_spec

    return [
        landscape_spec.SPEC,
        experts_spec.SPEC,
        biobanks_spec.SPEC,
        federation_spec.SPEC,
        access_spec.SPEC,
        stakeholders_spec.SPEC,
    ]


def nav_entries() -> list[NavEntry]:
    entries = [NavEntry(N_("Home"), "/")]
    for domain in all_domains():
        entries.extend(domain.nav)
    return entries
