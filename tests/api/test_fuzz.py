"""Property-based fuzzing of the whole JSON API (schemathesis), logged in as admin, on a bounded sample.

Fails on any 5xx, and when fewer than 80 % of operations ever get past authentication (a fuzzer that
only meets 401 proves nothing).
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.core.result import Ok

from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.permissions import Role
from ic2permed.web.app import create_app
from tests.factories import make_token, make_user

EXAMPLES = 6  # per operation: keeps the run to a minute or two
LAST = ("DELETE /api/v1/me/tokens/{token_id}",)  # may revoke the fuzzer's own token: run it last


def test_no_operation_answers_5xx_and_most_get_past_authentication(
    settings: Settings, sqlite_database: Database
) -> None:
    make_user(sqlite_database, "fuzz-admin-fictional", Role.ADMIN)
    auth = {"Authorization": f"Bearer {make_token(sqlite_database, 'fuzz-admin-fictional')}"}
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app(settings, sqlite_database))
    loaded = list(schema.get_all_operations())
    assert all(isinstance(result, Ok) for result in loaded), "the OpenAPI document has invalid operations"
    operations = sorted((r.ok() for r in loaded if isinstance(r, Ok)), key=lambda op: op.label in LAST)
    statuses: dict[str, set[int]] = {}
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            response = case.call(headers=auth)
            statuses.setdefault(case.operation.label, set()).add(response.status_code)
            if response.status_code >= 500:
                failures.append(f"{case.operation.label} -> {response.status_code}: {case.as_curl_command()}")

        run()
    assert failures == [], "\n".join(failures[:20])
    past_auth = [label for label, codes in statuses.items() if codes - {401}]
    assert len(past_auth) >= 0.8 * len(statuses), sorted(set(statuses) - set(past_auth))
