"""A real HTTP receiver on loopback for the webhook tests: it records each request (headers,
raw body, arrival time) and answers with the statuses it is told, in turn."""

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes
    at: float  # time.monotonic()


@dataclass
class Receiver:
    port: int = 0
    # Statuses to answer, in order; then `default_status`.
    statuses: list[int] = field(default_factory=list)
    default_status: int = 200
    # Seconds to wait before answering (a slow receiver, for timeouts).
    delay: float = 0.0
    requests: list[Received] = field(default_factory=list)
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        name, value = line.split(":", 1)
                        headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                self.requests.append(Received(method, path, headers, body, time.monotonic()))
                self._arrived.set()
                status = self.statuses.pop(0) if self.statuses else self.default_status
                if self.delay:
                    await asyncio.sleep(self.delay)
                writer.write(f"HTTP/1.1 {status} X\r\ncontent-length: 2\r\n\r\nok".encode())
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def wait_for(self, count: int, within: float = 10.0) -> list[Received]:
        """The first `count` requests, once they arrived."""
        async with asyncio.timeout(within):
            while len(self.requests) < count:
                self._arrived.clear()
                await self._arrived.wait()
        return self.requests[:count]


@contextlib.asynccontextmanager
async def running_receiver(**options: object) -> AsyncIterator[Receiver]:
    receiver = Receiver(**options)  # type: ignore[arg-type]
    server = await asyncio.start_server(receiver.handle, "127.0.0.1", 0)
    receiver.port = server.sockets[0].getsockname()[1]
    try:
        yield receiver
    finally:
        server.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(server.wait_closed(), 2)
