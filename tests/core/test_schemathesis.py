"""Schemathesis against the app, in-process, signed in as a tenant's owner: every check of the
examples, coverage and fuzzing phases on each operation, then the stateful phase that chains
operations through the links it infers (an id one answer gives, the next request uses). Zero
server errors and zero answers the schema doesn't describe, on SQLite and on PostgreSQL.

The app under test is a second instance on the suite's database (as a replica would be),
served by Schemathesis's own ASGI client: it starts the app's lifespan on its event loop, so
the app must be one that no other loop has started."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from schemathesis.python import asgi

from olympus.app import create_app
from olympus.core.cache import RedisCache
from tests.fixtures.accounts import LOGIN, TenantInfo
from tests.fixtures.apps import Backend, MovableClock, make_settings

# Stripe's webhook is excluded: it answers only a body signed with the tenant's webhook secret
# (anything else is refused with 400 before the body is read), so generated requests would
# test nothing but the signature check, which tests/commerce/payments covers.
STRIPE_WEBHOOK = "/api/v1/webhooks/stripe/{tenant_id}"

CONFIG = {
    "phases": {
        "examples": {"enabled": True},
        "coverage": {"enabled": True},
        "fuzzing": {"enabled": True},
        "stateful": {"enabled": True, "max-steps": 10},
    },
    # Every string the service takes refuses U+0000 (PostgreSQL text can't hold it; see
    # core/schemas.py), a rule of the whole API rather than of each field's schema.
    "generation": {"max-examples": 12, "allow-x00": False},
    "checks": {
        "enabled": True,
        # A schema-valid request may still break a business rule (a common password, a token
        # that doesn't exist): a 422 with the rule's own code is then the right answer. A 422
        # `validation_error` to a schema-valid request is not: `valid_requests_pass_validation`.
        "positive_data_acceptance": {
            "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]
        },
    },
}
_settings = hypothesis.settings(
    max_examples=12,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(hypothesis.HealthCheck),
)


@pytest.fixture
def api_schema(
    backend: Backend, clock: MovableClock, tmp_path: Path, tenant: TenantInfo
) -> Iterator[schemathesis.BaseSchema]:
    # A replica that only answers HTTP: the suite's own app relays the shared outbox.
    settings = make_settings(backend, tmp_path, outbox_relay=False, outbox_listen=False)
    application = create_app(settings, clock=clock)
    if isinstance(application.state.cache, RedisCache):
        application.state.cache._prefix = f"olympus-test-st-{tenant.slug}:"
    config = schemathesis.Config.from_dict(CONFIG)
    schema = schemathesis.openapi.from_asgi("/openapi.json", application, config=config).exclude(
        path=STRIPE_WEBHOOK
    )
    credentials: dict[str, Any] = {
        "tenant": tenant.slug,
        "email": tenant.owner_email,
        "password": tenant.owner_password,
    }
    login = schema[LOGIN]["POST"]

    class OwnerToken:
        """A fresh sign-in every few seconds, and again after any 401 (the run may call
        `/auth/logout` with it)."""

        def get(self, case: schemathesis.Case[Any], ctx: schemathesis.AuthContext) -> str:
            response = login.Case(body=credentials).call()
            assert response.status_code == 200, response.text
            token: str = response.json()["access_token"]
            return token

        def set(
            self, case: schemathesis.Case[Any], data: str, ctx: schemathesis.AuthContext
        ) -> None:
            case.headers["Authorization"] = f"Bearer {data}"

    schema.auth(OwnerToken, refresh_interval=5)
    try:
        yield schema
    finally:
        asgi.shutdown_lifespans()


@schemathesis.check
def valid_requests_pass_validation(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case[Any]
) -> bool | None:
    """What the schema accepts, the app's validation accepts too (and the reverse is the
    negative-data checks' part)."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 422:
        return None
    body = response.json()
    if body.get("code") == "validation_error":
        raise AssertionError(f"a schema-valid request failed validation: {body.get('detail')}")
    return None


lazy_schema = schemathesis.pytest.from_fixture("api_schema")


@lazy_schema.parametrize()
@hypothesis.settings(_settings)
def test_every_operation_answers_as_its_schema_says(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate()


def test_chained_operations_answer_as_the_schema_says(
    api_schema: schemathesis.BaseSchema,
) -> None:
    machine: Any = api_schema.as_state_machine()
    machine.run(
        settings=hypothesis.settings(
            _settings, max_examples=15, stateful_step_count=10, phases=list(hypothesis.Phase)
        )
    )
