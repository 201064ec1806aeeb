"""The relay's after-publish hooks: called with the envelopes that went out, in the
transaction that marks them published (what a hook writes commits with the marks); a hook
that fails leaves the batch to be published again, like a refusing publisher."""

from pathlib import Path
from typing import Any

from olympus.core.db import WriteUnitOfWork
from olympus.core.events import OutboxRelay
from tests.fixtures.apps import Backend, MovableClock
from tests.fixtures.outbox import commit_events, own_database


class Kept:
    def __init__(self) -> None:
        self.published: list[dict[str, Any]] = []

    async def publish(self, envelope: dict[str, Any]) -> None:
        self.published.append(envelope)


async def test_hooks_see_what_was_published_in_the_marking_transaction(
    backend: Backend, tmp_path: Path
) -> None:
    async with own_database(backend, tmp_path) as (db, tenant_id):
        seen: list[list[str]] = []

        async def hook(uow: WriteUnitOfWork, envelopes: list[dict[str, Any]]) -> None:
            assert isinstance(uow, WriteUnitOfWork)  # the relay's writing transaction
            seen.append([e["id"] for e in envelopes])

        kept = Kept()
        relay = OutboxRelay(db, [kept], clock=MovableClock(), after_publish=[hook])
        ids = await commit_events(db, tenant_id, 3, "relay.hooked")
        assert await relay.drain() == 3
        assert seen == [ids]
        assert [e["id"] for e in kept.published] == ids
        assert await relay.drain() == 0
        assert len(seen) == 1  # no call for an empty batch


async def test_a_failing_hook_fails_the_batch_which_is_published_again(
    backend: Backend, tmp_path: Path
) -> None:
    async with own_database(backend, tmp_path) as (db, tenant_id):
        calls: list[list[str]] = []
        failing = True

        async def hook(uow: WriteUnitOfWork, envelopes: list[dict[str, Any]]) -> None:
            calls.append([e["id"] for e in envelopes])
            if failing:
                raise RuntimeError("hook down")

        kept = Kept()
        relay = OutboxRelay(db, [kept], clock=MovableClock(), after_publish=[hook])
        ids = await commit_events(db, tenant_id, 2, "relay.hooked")
        try:
            await relay.drain()
        except RuntimeError:
            pass
        else:
            raise AssertionError("the hook's failure was swallowed")
        assert (await relay.backlog()).pending == 2  # nothing marked
        failing = False
        assert await relay.drain() == 2
        assert calls == [ids, ids]
        assert (await relay.backlog()).pending == 0
