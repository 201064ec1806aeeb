"""The delivery workers of this process: attached to be woken after each commit that queued
deliveries (pings, redeliveries)."""

from collections.abc import Callable
from typing import Protocol

from olympus.core.db import WriteUnitOfWork
from olympus.platform.webhooks.repository import Claimed


class LocalWorker(Protocol):
    lease_seconds: float

    def wake(self) -> None: ...

    def take(self, claimed: list[Claimed]) -> None: ...


_workers: list[LocalWorker] = []


def attach_worker(worker: LocalWorker) -> Callable[[], None]:
    """Wake `worker` after each commit of this process that queued deliveries (pings,
    redeliveries); returns the detach."""
    _workers.append(worker)
    return lambda: _workers.remove(worker) if worker in _workers else None


async def _wake_workers() -> None:
    for worker in list(_workers):
        worker.wake()


def wake_after_commit(uow: WriteUnitOfWork) -> None:
    """The workers of this process are woken once `uow` has committed."""
    uow.after_commit(_wake_workers)
