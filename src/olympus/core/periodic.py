"""A background task of each process that runs a sweep every few seconds until stopped (the
reservations' expiry, the abandoned payments): its start, its stop and its loop, so each
sweep only says what one pass does."""

import asyncio

import structlog


class PeriodicSweep:
    """Runs `sweep()` every `interval_seconds` (0: never in this process) from `start()` to
    `stop()`. A failed pass is logged as `failure_event` to `logger` and the next one runs
    on time."""

    task_name = "sweep"
    failure_event = "sweep_failed"

    def __init__(self, *, interval_seconds: float, logger: structlog.stdlib.BoundLogger) -> None:
        self.interval_seconds = interval_seconds
        self._log = logger
        self._task: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()

    async def sweep(self) -> int:
        raise NotImplementedError

    def start(self) -> None:
        if self.interval_seconds <= 0:
            return
        self._stop.clear()
        self._task = asyncio.create_task(self._run(), name=self.task_name)

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task
            self._task = None

    async def _run(self) -> None:
        while not self._stop.is_set():
            try:
                async with asyncio.timeout(self.interval_seconds):
                    await self._stop.wait()
                return
            except TimeoutError:
                pass
            try:
                await self.sweep()
            except Exception:
                self._log.exception(self.failure_event)
