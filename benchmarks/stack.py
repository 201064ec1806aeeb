"""The system under test: a fresh PostgreSQL database and Redis db, the service and the raw
baseline as subprocesses pinned to one core, every one of them stopped on the way out."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
from redis.asyncio import Redis

BENCH_DIR = Path(__file__).resolve().parent
BIN_DIR = Path(sys.executable).parent
READY_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 15.0


class StackError(RuntimeError):
    """The stack could not be brought up; the message says what failed."""


@dataclass(frozen=True)
class StackConfig:
    postgres_url: str  # any database of the server, used to drop and create the bench one
    database: str
    redis_url: str
    jwt_secret: str
    server_core: int
    jwt_issuer: str
    jwt_audience: str
    app_role: str  # the service's DATABASE_APP_ROLE, which the baseline's refresh takes too
    work_dir: Path  # the servers' working and data directory: no `.env`, mail kept here

    @property
    def database_url(self) -> str:
        parts = urlsplit(self.postgres_url)
        return urlunsplit(parts._replace(path="/" + self.database))

    def service_env(self) -> dict[str, str]:
        cleared = _service_variables()
        env = {k: v for k, v in os.environ.items() if k.upper() not in cleared}
        env.update(
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            ENVIRONMENT="production",
            JWT_SECRET=self.jwt_secret,
            LOG_LEVEL="WARNING",
            DATA_DIR=str(self.work_dir),
        )
        return env


def _service_variables() -> set[str]:
    """Every setting of the service, cleared from the environment of a run so neither a
    developer's shell nor a `.env` can change what is measured."""
    from olympus.config import Settings

    return {name.upper() for name in Settings.model_fields}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def recreate_database(config: StackConfig) -> str:
    """Drop and create the bench database; returns the server's version."""
    conn = await asyncpg.connect(config.postgres_url, timeout=10)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{config.database}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{config.database}"')
        return str(await conn.fetchval("SHOW server_version"))
    finally:
        await conn.close()


async def analyze_database(config: StackConfig) -> None:
    """Refresh the planner's statistics of the bench database, as autovacuum does on its own
    on a production server (on some machines it is off, and without statistics PostgreSQL
    plans even a primary-key look-up as a scan of the tenant's rows, for the service and
    the baselines alike)."""
    conn = await asyncpg.connect(config.database_url, timeout=10)
    try:
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


async def drop_database(config: StackConfig) -> None:
    conn = await asyncpg.connect(config.postgres_url, timeout=10)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{config.database}" WITH (FORCE)')
    finally:
        await conn.close()


async def flush_redis(url: str) -> str:
    """Empty the bench's own Redis database (only that one); returns the server's version."""
    client = Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
    try:
        await client.flushdb()
        info = await client.info("server")
        return str(info.get("redis_version", "?"))
    finally:
        await client.aclose()


def run_cli(config: StackConfig, *args: str) -> str:
    """Run an `olympus` command to completion (bounded in time) and return its output."""
    done = subprocess.run(
        [str(BIN_DIR / "olympus"), *args],
        env=config.service_env(),
        cwd=config.work_dir,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise StackError(f"olympus {args[0]} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_tail(self, lines: int = 30) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""


@dataclass
class Servers:
    """The subprocesses started by the run; `stop_all` ends each one by its own pid."""

    log_dir: Path
    started: list[Server] = field(default_factory=list)

    def start(self, name: str, command: list[str], env: dict[str, str], port: int) -> Server:
        log_path = self.log_dir / f"{name}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=self.log_dir
            )
        server = Server(name, process, f"http://127.0.0.1:{port}", log_path)
        self.started.append(server)
        return server

    def stop_all(self) -> None:
        for server in reversed(self.started):
            _stop(server.process)
        self.started.clear()


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT_S)


def pinned(core: int, command: list[str]) -> list[str]:
    return ["taskset", "-c", str(core), *command]


def start_service(
    servers: Servers,
    config: StackConfig,
    *,
    name: str = "service",
    settings: dict[str, str] | None = None,
) -> Server:
    """`olympus serve` on the server's core; `settings` are further environment variables
    of the service (a variant measured beside the default one)."""
    port = free_port()
    env = {**config.service_env(), **(settings or {})}
    command = pinned(config.server_core, [str(BIN_DIR / "olympus"), "serve", "--port", str(port)])
    return servers.start(name, command, env, port)


def start_raw_app(
    servers: Servers, config: StackConfig, *, settings: dict[str, str] | None = None
) -> Server:
    """The baseline app on the server's core; `settings` are further environment variables
    (the catalog's statements, for instance)."""
    port = free_port()
    env = {
        **os.environ,
        **(settings or {}),
        "DATABASE_URL": config.database_url,
        "JWT_SECRET": config.jwt_secret,
        "JWT_ISSUER": config.jwt_issuer,
        "JWT_AUDIENCE": config.jwt_audience,
        "DATABASE_APP_ROLE": config.app_role,
    }
    uvicorn = [
        str(BIN_DIR / "python"),
        "-m",
        "uvicorn",
        "raw_app:app",
        "--app-dir",
        str(BENCH_DIR),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    return servers.start("raw", pinned(config.server_core, uvicorn), env, port)


def wait_ready(server: Server, path: str = "/ready") -> None:
    """Poll until the server answers 200, it dies, or the deadline passes."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    with httpx.Client(base_url=server.base_url, timeout=2.0) as client:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise StackError(f"{server.name} exited at start:\n{server.log_tail()}")
            with contextlib.suppress(httpx.HTTPError):
                if client.get(path).status_code == 200:
                    return
            time.sleep(0.2)
    raise StackError(f"{server.name} not ready after {READY_TIMEOUT_S:.0f} s:\n{server.log_tail()}")


@contextlib.contextmanager
def stopping(servers: Servers) -> Iterator[Servers]:
    """Stop every started server however the block ends (error, Ctrl-C, SIGTERM)."""
    previous = signal.getsignal(signal.SIGTERM)

    def _terminate(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, _terminate)
    try:
        yield servers
    finally:
        servers.stop_all()
        signal.signal(signal.SIGTERM, previous)
