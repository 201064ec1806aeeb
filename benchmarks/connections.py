"""Connections at the seed's scale: one service process holds 10,000 concurrent keep-alive
connections (each has made a request and stays open, 5% of them sending one more every
second) while `/health` is probed every 5 ms on a connection of its own. The same is measured
on the idle server first, and on the raw Starlette baseline (`raw_app.py`) in the same run.

    .venv/bin/python benchmarks/connections.py [--connections 10000] [--seconds 10]

The file-descriptor limit is raised (`resource.setrlimit`) for this process and, inherited,
for the servers it starts. Both servers run under uvicorn with the loop and parser of
`olympus serve` and a keep-alive timeout of 10 minutes (uvicorn's default, 5 s, would close
idle connections during the hold), pinned to core 0; this driver runs on core 1. Needs
PostgreSQL and Redis on loopback as `run.py` does (the servers start on a fresh database);
see benchmarks/README.md."""

import argparse
import asyncio
import os
import re
import resource
import secrets
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import stack
from report import write_json

SERVER_CORE, CLIENT_CORE = 0, 1
KEEP_ALIVE_S = 600
REQUEST = b"GET /health HTTP/1.1\r\nHost: bench\r\n\r\n"
CONTENT_LENGTH = re.compile(rb"(?i)\r\ncontent-length: *(\d+)")
PROBE_PAUSE_S = 0.005
OPEN_BATCH = 500  # connections opened together (below the listen backlog)
TRICKLE_SHARE = 0.05  # of the held connections send a request each second
SPARE_FILES = 1024  # beyond the connections: the servers' own files, pools, logs
GOAL_P99_MS = 100.0


class Connection:
    """One keep-alive HTTP/1.1 connection sending `GET /health`, one request at a time."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> "Connection":
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        connection = cls(reader, writer)
        await connection.get()
        return connection

    async def get(self) -> float:
        """One request and its whole answer; the seconds it took."""
        started = time.perf_counter()
        self.writer.write(REQUEST)
        head = await self.reader.readuntil(b"\r\n\r\n")
        if head[9:12] != b"200":
            raise RuntimeError(f"answer {head[:12]!r}")
        length = CONTENT_LENGTH.search(head)
        await self.reader.readexactly(int(length[1]) if length else 0)
        return time.perf_counter() - started

    def close(self) -> None:
        self.writer.close()


def raise_file_limit(needed: int) -> int:
    """The soft limit of open files raised to `needed` (children inherit it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < needed:
        sys.exit(f"needs {needed} open files; the hard limit is {hard} (raise it: ulimit -Hn)")
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return int(soft)
    resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
    return needed


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))] * 1000


async def probe(port: int, seconds: float) -> list[float]:
    """`/health` every 5 ms on a connection of its own, for `seconds`: each latency."""
    connection = await Connection.open(port)
    latencies: list[float] = []
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            latencies.append(await connection.get())
            await asyncio.sleep(PROBE_PAUSE_S)
    finally:
        connection.close()
    return latencies


async def open_many(port: int, count: int) -> list[Connection]:
    opened: list[Connection] = []
    while len(opened) < count:
        batch = min(OPEN_BATCH, count - len(opened))
        opened += await asyncio.gather(*(Connection.open(port) for _ in range(batch)))
    return opened


async def trickle(held: list[Connection], stop: asyncio.Event) -> tuple[int, int]:
    """A request on 5% of the held connections each second (in tenths), round the list;
    returns how many were sent and how many failed."""
    per_tick = max(1, int(len(held) * TRICKLE_SHARE / 10))
    sent = failed = cursor = 0
    while not stop.is_set():
        tick = time.monotonic()
        batch = [held[(cursor + k) % len(held)] for k in range(per_tick)]
        cursor += per_tick
        results = await asyncio.gather(*(c.get() for c in batch), return_exceptions=True)
        sent += len(results)
        failed += sum(isinstance(r, BaseException) for r in results)
        await asyncio.sleep(max(0.0, 0.1 - (time.monotonic() - tick)))
    return sent, failed


async def still_open(held: list[Connection]) -> int:
    """How many held connections answer one more request (none was dropped meanwhile)."""
    answered = 0
    for start in range(0, len(held), OPEN_BATCH):
        batch = held[start : start + OPEN_BATCH]
        results = await asyncio.gather(*(c.get() for c in batch), return_exceptions=True)
        answered += sum(not isinstance(r, BaseException) for r in results)
    return answered


@dataclass
class Outcome:
    target: str
    connections: int
    idle_p50_ms: float
    idle_p99_ms: float
    held_p50_ms: float
    held_p99_ms: float
    held_max_ms: float
    probes: int
    open_seconds: float
    rss_idle_mib: float
    rss_held_mib: float
    trickled: int
    trickle_failures: int
    open_at_end: int


async def measure(server: stack.Server, connections: int, seconds: float) -> Outcome:
    port = int(server.base_url.rsplit(":", 1)[1])
    await probe(port, 1.0)  # warm-up
    idle = await probe(port, seconds)
    rss_idle = rss_mib(server.pid)
    started = time.monotonic()
    held = await open_many(port, connections)
    open_seconds = time.monotonic() - started
    try:
        stop = asyncio.Event()
        background = asyncio.create_task(trickle(held, stop))
        loaded = await probe(port, seconds)
        stop.set()
        trickled, trickle_failures = await background
        rss_held = rss_mib(server.pid)
        open_at_end = await still_open(held)
    finally:
        for connection in held:
            connection.close()
    return Outcome(
        target=server.name,
        connections=connections,
        idle_p50_ms=percentile(idle, 50),
        idle_p99_ms=percentile(idle, 99),
        held_p50_ms=percentile(loaded, 50),
        held_p99_ms=percentile(loaded, 99),
        held_max_ms=max(loaded) * 1000,
        probes=len(loaded),
        open_seconds=open_seconds,
        rss_idle_mib=rss_idle,
        rss_held_mib=rss_held,
        trickled=trickled,
        trickle_failures=trickle_failures,
        open_at_end=open_at_end,
    )


def start_servers(config: stack.StackConfig, servers: stack.Servers) -> list[stack.Server]:
    stack.run_cli(config, "migrate")
    keep_alive = ("--timeout-keep-alive", str(KEEP_ALIVE_S))
    port = stack.free_port()
    command = stack.uvicorn_command("olympus.app:create_app", port, "--factory", *keep_alive)
    service = servers.start(
        "service", stack.pinned(SERVER_CORE, command), config.service_env(), port
    )
    raw = stack.start_raw_app(servers, config, *keep_alive)
    for server in (service, raw):
        stack.wait_ready(server, "/health")
    return [service, raw]


def render(outcomes: list[Outcome]) -> str:
    service, raw = outcomes
    lines = [
        "| target | held conns | idle p50 / p99 ms | held p50 / p99 / max ms | probes "
        "| open all (s) | RSS idle → held (MiB) | trickle req (failed) | open at end |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        lines.append(
            f"| {o.target} | {o.connections:,} | {o.idle_p50_ms:.2f} / {o.idle_p99_ms:.2f} "
            f"| {o.held_p50_ms:.2f} / {o.held_p99_ms:.2f} / {o.held_max_ms:.1f} | {o.probes:,} "
            f"| {o.open_seconds:.1f} | {o.rss_idle_mib:.0f} → {o.rss_held_mib:.0f} "
            f"| {o.trickled:,} ({o.trickle_failures}) | {o.open_at_end:,} |"
        )
    verdict = "met" if service.held_p99_ms < GOAL_P99_MS else "MISSED"
    lines += [
        "",
        f"service held p99 / raw held p99: {service.held_p99_ms / raw.held_p99_ms:.2f}x; "
        f"service held p99 / its idle p99: {service.held_p99_ms / service.idle_p99_ms:.2f}x",
        f"goal: service /health p99 with {service.connections:,} held < {GOAL_P99_MS:.0f} ms: "
        f"{service.held_p99_ms:.1f} ms, {verdict}",
    ]
    return "\n".join(lines)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each probe")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--database", default="olympus_connections_bench")
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
    )
    parser.add_argument(
        "--output", type=Path, default=stack.BENCH_DIR / "results" / "connections.json"
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    limit = raise_file_limit(args.connections + SPARE_FILES)
    os.sched_setaffinity(0, {CLIENT_CORE})  # the driver stays off the servers' core
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    load_before = [round(v, 2) for v in os.getloadavg()]
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="olympus-conns-") as tmp:
        config = stack.StackConfig(
            postgres_url=args.postgres_url,
            database=args.database,
            redis_url=args.redis_url,
            jwt_secret=secrets.token_urlsafe(36),
            server_core=SERVER_CORE,
            jwt_issuer="olympus-core",
            jwt_audience="olympus-api",
            app_role="olympus_app",
            work_dir=Path(tmp),
        )
        asyncio.run(stack.recreate_database(config))
        asyncio.run(stack.flush_redis(config.redis_url))
        servers = stack.Servers(Path(tmp))
        try:
            with stack.stopping(servers):
                targets = start_servers(config, servers)
                for server in targets:
                    print(f"{server.name}: {args.connections:,} connections ...", flush=True)
                    outcomes.append(asyncio.run(measure(server, args.connections, args.seconds)))
        except stack.StackError as exc:
            sys.exit(f"benchmark failed: {exc}")
        finally:
            asyncio.run(stack.drop_database(config))
            asyncio.run(stack.flush_redis(config.redis_url))
    meta: dict[str, Any] = {
        "file_limit": limit,
        "load_before": load_before,
        "load_after": [round(v, 2) for v in os.getloadavg()],
        "seconds": args.seconds,
        "keep_alive_s": KEEP_ALIVE_S,
    }
    print()
    print(render(outcomes))
    print(f"load average before {meta['load_before']}, after {meta['load_after']}")
    write_json(args.output, meta, [], [], {o.target: vars(o) for o in outcomes})
    print(f"\nwritten to {args.output}")
    if statistics.fmean(o.open_at_end / o.connections for o in outcomes) < 1:
        sys.exit("some held connections were dropped")


if __name__ == "__main__":
    main()
