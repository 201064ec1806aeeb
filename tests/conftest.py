"""Fixtures of the whole suite. Every test that takes `app` (or what builds on it) runs twice:
on the embedded default (SQLite, in-process cache and bus) and on PostgreSQL + Redis. Without
a reachable PostgreSQL or Redis the second run is skipped with the reason; with CI=true it
fails instead.

Each test builds its own tenants with unique slugs, so tests never see each other's rows and
need no clean-up; each run of the suite gets its own PostgreSQL database and Redis key prefix.
"""

from collections.abc import Iterator

import pytest

from olympus.core.event_types import strict_mode

# The helpers' own assertions report like the tests' (they are imported before any test).
pytest.register_assert_rewrite("tests.fixtures")

pytest_plugins = [
    "tests.fixtures.apps",
    "tests.fixtures.accounts",
    "tests.fixtures.messages",
    "tests.fixtures.stripe",
    "tests.fixtures.inventory",
]


@pytest.fixture(autouse=True)
def _events_fit_the_catalogue() -> Iterator[None]:
    """Every event a test makes the service write must be declared and fit its model, even
    where a test builds an app with production settings (a test's own types: see
    `declared_for_test`)."""
    with strict_mode(True):
        yield
