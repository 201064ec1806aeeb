"""Following the outbox table (what `olympus events tail` reads without Redis): events
written from the moment it starts, matching the pattern, in the order written."""

import asyncio
from pathlib import Path

from olympus.core.events import follow_outbox
from tests.fixtures.apps import Backend, MovableClock
from tests.fixtures.outbox import commit_events, own_database


async def test_following_the_outbox_yields_new_matching_events_in_order(
    backend: Backend, tmp_path: Path
) -> None:
    async with own_database(backend, tmp_path) as (db, tenant_id):
        await commit_events(db, tenant_id, 2, "shop.before")  # written before: not shown
        follower = follow_outbox(db, clock=MovableClock(), pattern="shop.*", poll_seconds=0.02)
        first = asyncio.ensure_future(anext(follower))
        await asyncio.sleep(0.1)
        wanted = await commit_events(db, tenant_id, 3, "shop.sold")
        await commit_events(db, tenant_id, 1, "other.thing")
        async with asyncio.timeout(5):
            seen = [(await first)["id"]] + [(await anext(follower))["id"] for _ in range(2)]
        await follower.aclose()
        assert seen == wanted
