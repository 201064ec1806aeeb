"""Olympus Core benchmarks on PostgreSQL + Redis, each figure against a baseline measured in the
same run: login vs a bare Argon2id verify, logins and refreshes per second on one core,
/auth/me vs a raw Starlette + asyncpg app and with vs without the fair-use quotas, /health
latency while logins hash.

Usage: .venv/bin/python benchmarks/run.py [--seconds 10] (or `make bench`). Needs wrk,
taskset, two cores, PostgreSQL and Redis on loopback; see benchmarks/README.md."""

import argparse
import asyncio
import contextlib
import json
import operator
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import loadgen
import stack
from loadgen import Figures, Load
from report import Goal, Row, render_table, write_json

BENCH_DIR = Path(__file__).resolve().parent
SERVER_CORE, CLIENT_CORE = 0, 1
TENANT = "loadtest"
PASSWORD = "Quartz-Meadow-Lantern-42"
OWNER_EMAIL = "owner@loadtest.example.com"
MEMBERS = 7  # users registered besides the owner; logins cycle through all of them
LOGIN_CONNECTIONS = 8  # enough to keep the hashing threads busy
HEALTH_LOGINS = 16
ME_PATH = "/api/v1/auth/me"
GUARDED_LIST_PATH = "/api/v1/locations?limit=50"
PROBE_PAUSE_MS = 5
WARM_SECONDS = 2.0
REFRESH_SPARE_TOKENS = 8
MAX_RATE = 20_000  # requests per second no target here reaches: the budget of each run
PHASES = ("login", "health", "refresh", "me")
# Every request is counted against the fair-use quotas, none refused: what is measured is the
# cost of the count, not of 429s. The variant without them runs beside the service.
COUNTED_NEVER_REFUSED = {
    "RATE_LIMIT_PER_TOKEN": "1000000000",
    "RATE_LIMIT_PER_TENANT": "1000000000",
}
WITHOUT_FAIR_USE = {"RATE_LIMIT_ENABLED": "false"}
FAIR_USE_ROUNDS = 3


@dataclass
class Bench:
    """What every phase needs: where the targets are and how long to load them."""

    service: stack.Server
    raw: stack.Server
    unlimited: stack.Server  # the service without the fair-use quotas
    work_dir: Path
    seconds: float
    connections: int
    emails: list[str]
    argon2: dict[str, Any]
    config: stack.StackConfig

    def load(self, load: Load) -> Figures:
        """Run `load`, with the CPU use of the server it targets. The database is analyzed
        first, as autovacuum keeps its statistics on a production server: what came before
        (sign-ins, a pool of fresh sessions) changed the tables' sizes."""
        target = next(
            s for s in (self.service, self.raw, self.unlimited) if s.base_url == load.base_url
        )
        asyncio.run(stack.analyze_database(self.config))
        return loadgen.run(
            load, core=CLIENT_CORE, work_dir=self.work_dir, server=(target.pid, SERVER_CORE)
        )

    def budget(self, seconds: float) -> int:
        return int(seconds * MAX_RATE)

    def login_load(self, connections: int, seconds: float) -> Load:
        args = (TENANT, PASSWORD, *self.emails)
        return Load(
            "login", self.service.base_url, connections, seconds, self.budget(seconds), args
        )

    def refresh_load(self, server: stack.Server, pool: Path, seconds: float | None = None) -> Load:
        seconds = seconds or self.seconds
        args = (str(pool),)
        return Load(
            "refresh", server.base_url, self.connections, seconds, self.budget(seconds), args
        )

    def get_load(
        self,
        server: stack.Server,
        path: str,
        *,
        connections: int,
        pause_ms: int = 0,
        token: str = "",
        seconds: float | None = None,
    ) -> Load:
        seconds = seconds or self.seconds
        args = (path, str(pause_ms), token)
        return Load("get", server.base_url, connections, seconds, self.budget(seconds), args)


# --- set-up ----------------------------------------------------------------------------------


def service_defaults() -> dict[str, Any]:
    from olympus.config import Settings

    fields = Settings.model_fields
    return {
        "memory_kib": fields["argon2_memory_kib"].default,
        "time_cost": fields["argon2_time_cost"].default,
        "parallelism": fields["argon2_parallelism"].default,
        "issuer": fields["jwt_issuer"].default,
        "audience": fields["jwt_audience"].default,
        "app_role": fields["database_app_role"].default,
    }


def register_members(client: httpx.Client) -> list[str]:
    emails = [OWNER_EMAIL]
    for i in range(1, MEMBERS + 1):
        email = f"member{i}@loadtest.example.com"
        body = {"tenant": TENANT, "email": email, "password": PASSWORD, "full_name": f"M {i}"}
        answer = client.post("/api/v1/auth/register", json=body)
        if answer.status_code != 201:
            raise stack.StackError(f"register {email}: {answer.status_code} {answer.text}")
        emails.append(email)
    return emails


def login(client: httpx.Client, email: str) -> dict[str, Any]:
    body = {"tenant": TENANT, "email": email, "password": PASSWORD}
    answer = client.post("/api/v1/auth/login", json=body)
    if answer.status_code != 200:
        raise stack.StackError(f"login {email}: {answer.status_code} {answer.text}")
    result: dict[str, Any] = answer.json()
    return result


def refresh_pool(client: httpx.Client, emails: list[str], count: int, path: Path) -> Path:
    """`count` fresh sessions; their refresh tokens, one a line, for the refresh scenario."""
    tokens = [login(client, emails[i % len(emails)])["refresh_token"] for i in range(count)]
    path.write_text("\n".join(tokens) + "\n")
    return path


# --- the benchmarks --------------------------------------------------------------------------


def bare_verify(bench: Bench, count: int = 100) -> dict[str, float]:
    """The bare Argon2id verification, on the server's core while the servers are idle."""
    params = bench.argon2
    command = stack.pinned(
        SERVER_CORE,
        [
            sys.executable,
            str(BENCH_DIR / "argon2_verify.py"),
            f"--memory-kib={params['memory_kib']}",
            f"--time-cost={params['time_cost']}",
            f"--parallelism={params['parallelism']}",
            f"--count={count}",
        ],
    )
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def bench_login(bench: Bench) -> dict[str, Any]:
    bench.load(bench.login_load(1, WARM_SECONDS))
    bare = bare_verify(bench)
    one = bench.load(bench.login_load(1, bench.seconds))
    many = bench.load(bench.login_load(LOGIN_CONNECTIONS, bench.seconds))
    return {"bare_verify": bare, "sequential": one, "concurrent": many}


def bench_health(bench: Bench) -> dict[str, Any]:
    """/health probed every few ms, idle and then while 16 logins are in flight."""
    probe = bench.get_load(bench.service, "/health", connections=1, pause_ms=PROBE_PAUSE_MS)
    idle = bench.load(probe)
    logins = bench.login_load(HEALTH_LOGINS, bench.seconds + 2)  # outlasts the probe
    background = loadgen.start(logins, core=CLIENT_CORE, work_dir=bench.work_dir)
    try:
        time.sleep(1.0)  # let the logins fill the hashing pool before probing
        loaded = bench.load(probe)
    except BaseException:
        background.kill()
        background.wait()
        raise
    return {"idle": idle, "under_logins": loaded, "logins": loadgen.finish(background, logins)}


def bench_refresh(bench: Bench, client: httpx.Client) -> dict[str, Any]:
    """Each target gets two pools of fresh sessions (warm-up, measure), made up front."""
    # wrk calls request() once before the run to check it, which takes a token; the spare
    # ones also cover an answer lost to an error.
    size = bench.connections + REFRESH_SPARE_TOKENS
    targets = {"service": bench.service, "raw": bench.raw}
    pools = {
        (name, phase): refresh_pool(client, bench.emails, size, bench.work_dir / f"{name}.{phase}")
        for name in targets
        for phase in ("warm", "measure")
    }
    results = {}
    for name, server in targets.items():
        bench.load(bench.refresh_load(server, pools[(name, "warm")], WARM_SECONDS))
        results[name] = bench.load(bench.refresh_load(server, pools[(name, "measure")]))
    return results


def bench_me(bench: Bench, token: str) -> dict[str, Any]:
    """The same user's token against each target, each warmed up first: the service (every
    request counted against the fair-use quotas) and the same service without them, in
    alternation (`FAIR_USE_ROUNDS` rounds, the order swapped each round, the median round of
    each kept: the difference is smaller than what other work on the machine moves between
    two runs), then the raw app. Then a list behind a permission check (`locations:read`), on
    the service: its figure next to /me's shows what the check costs once cached (no query:
    the principal's one cache round trip carries it)."""

    def measure(server: stack.Server, path: str) -> Figures:
        figures = None
        for seconds in (WARM_SECONDS, bench.seconds):
            load = bench.get_load(
                server, path, connections=bench.connections, token=token, seconds=seconds
            )
            figures = bench.load(load)  # the warm-up's figures are overwritten
        assert figures is not None
        return figures

    pair = [("service", bench.service), ("no_fair_use", bench.unlimited)]
    rounds: dict[str, list[Figures]] = {"service": [], "no_fair_use": []}
    for turn in range(FAIR_USE_ROUNDS):
        for name, server in pair if turn % 2 == 0 else pair[::-1]:
            rounds[name].append(measure(server, ME_PATH))
    results: dict[str, Any] = {
        name: sorted(figures, key=lambda f: f.per_second)[len(figures) // 2]
        for name, figures in rounds.items()
    }
    results["fair_use_rounds"] = [
        {
            name: {"per_second": f.per_second, "per_cpu_second": f.per_cpu_second}
            for name, f in ((n, rounds[n][turn]) for n in rounds)
        }
        for turn in range(FAIR_USE_ROUNDS)
    ]
    results["raw"] = measure(bench.raw, ME_PATH)
    results["guarded_list"] = measure(bench.service, GUARDED_LIST_PATH)
    return results


# --- judging ---------------------------------------------------------------------------------


def _row(benchmark: str, target: str, conns: int, f: Figures) -> Row:
    usage = f.usage
    return Row(
        benchmark,
        target,
        conns,
        f.requests,
        f.per_second,
        f.p50_ms,
        f.p95_ms,
        f.p99_ms,
        f.error_count,
        usage.server_share if usage else None,
        usage.others_share if usage else None,
        f.per_cpu_second,
    )


def _login_rows(g: dict[str, Any], _: int) -> list[Row]:
    bare = g["bare_verify"]
    bare_row = Row(
        "login, one at a time",
        "bare verify",
        1,
        int(bare["count"]),
        bare["per_second"],
        bare["p50_ms"],
        bare["p95_ms"],
        bare["p99_ms"],
        None,
        per_cpu_second=bare["per_second"],  # one thread, always on the CPU
    )
    return [
        _row("login, one at a time", "service", 1, g["sequential"]),
        bare_row,
        _row("logins/s, one core", "service", LOGIN_CONNECTIONS, g["concurrent"]),
    ]


def _login_goals(g: dict[str, Any]) -> list[Goal]:
    login, bare, logins = g["sequential"], g["bare_verify"], g["concurrent"]
    return [
        _goal("login_overhead", "median login - median bare verify", "<=", 5, "ms",
              login.p50_ms - bare["p50_ms"], login),
        _goal("logins_per_second", f"logins/s on one core (bare verify {bare['per_second']:.0f})",
              ">=", 35, "/s", logins.per_second, logins),
    ]  # fmt: skip


def _health_rows(g: dict[str, Any], _: int) -> list[Row]:
    return [
        _row("/health every 5 ms", "idle", 1, g["idle"]),
        _row("/health every 5 ms", "16 logins", 1, g["under_logins"]),
        _row("/health every 5 ms", "(the logins)", HEALTH_LOGINS, g["logins"]),
    ]


def _health_goals(g: dict[str, Any]) -> list[Goal]:
    loaded = g["under_logins"]
    return [
        _goal("health_p99_under_logins", "/health p99 with 16 logins in flight", "<", 50, "ms",
              loaded.p99_ms, loaded, g["logins"]),
    ]  # fmt: skip


def _refresh_rows(g: dict[str, Any], conns: int) -> list[Row]:
    return [
        _row("refreshes/s, one core", "service", conns, g["service"]),
        _row("refreshes/s, one core", "raw asyncpg", conns, g["raw"]),
    ]


def _refresh_goals(g: dict[str, Any]) -> list[Goal]:
    service, raw = g["service"], g["raw"]
    return [
        _goal("refreshes_per_second", f"refreshes/s on one core (raw {raw.per_second:.0f})",
              ">=", 600, "/s", service.per_second, service, raw),
    ]  # fmt: skip


def _me_rows(g: dict[str, Any], conns: int) -> list[Row]:
    rows = [
        _row("GET /auth/me, one core", "service", conns, g["service"]),
        _row("GET /auth/me, one core", "no fair use", conns, g["no_fair_use"]),
        _row("GET /auth/me, one core", "raw asyncpg", conns, g["raw"]),
    ]
    if "guarded_list" in g:
        rows.append(_row("GET /locations (guarded)", "service", conns, g["guarded_list"]))
    return rows


def _me_goals(g: dict[str, Any]) -> list[Goal]:
    service, raw, unlimited = g["service"], g["raw"], g["no_fair_use"]
    ratio = service.per_second / raw.per_second if raw.per_second else 0.0
    # Per CPU-second of the server, round by round (the two variants measured back to back),
    # the median round: whatever else the machine does moves req/s more than the check does.
    ratios = sorted(
        r["service"]["per_cpu_second"] / r["no_fair_use"]["per_cpu_second"]
        for r in g["fair_use_rounds"]
        if r["service"]["per_cpu_second"] and r["no_fair_use"]["per_cpu_second"]
    )
    kept = ratios[len(ratios) // 2] if ratios else 0.0
    return [
        _goal("me_ratio", "GET /auth/me req/s, service / raw", ">=", 0.5, "x", ratio,
              service, raw),
        _goal("me_fair_use_cost", "GET /auth/me req/cpu-s, with / without fair use (median "
              "round)", ">=", 0.9, "x", kept, service, unlimited),
    ]  # fmt: skip


_JUDGES = {
    "login": (_login_rows, _login_goals),
    "health": (_health_rows, _health_goals),
    "refresh": (_refresh_rows, _refresh_goals),
    "me": (_me_rows, _me_goals),
}
_COMPARE = {"<=": operator.le, "<": operator.lt, ">=": operator.ge}


def rows_of(m: dict[str, Any], conns: int) -> list[Row]:
    return [row for group, values in m.items() for row in _JUDGES[group][0](values, conns)]


def goals_of(m: dict[str, Any]) -> list[Goal]:
    return [goal for group, values in m.items() for goal in _JUDGES[group][1](values)]


def _goal(
    name: str,
    description: str,
    compare: str,
    bound: float,
    unit: str,
    measured: float,
    *figures: Figures,
) -> Goal:
    """The verdict; a run with failed requests or a spent budget proves nothing."""
    errors = sum(f.error_count for f in figures)
    cut_short = any(f.budget_reached for f in figures)
    notes = [f"{errors} failed requests"] if errors else []
    notes += ["request budget reached, the rate reads low"] if cut_short else []
    note = "; ".join(notes)
    met = _COMPARE[compare](measured, bound) and not errors
    target = f"{compare} {bound:g}{' ms' if unit == 'ms' else unit}"
    return Goal(name, description, target, round(measured, 2), unit.strip(), met, note)


def metadata(
    versions: dict[str, str], args: argparse.Namespace, load_before: list[float]
) -> dict[str, Any]:
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {"cores": os.cpu_count(), "cpu": _cpu_model(), "kernel": platform.release()},
        "python": platform.python_version(),
        "postgresql": versions["postgresql"],
        "redis": versions["redis"],
        "wrk": _wrk_version(),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes_in_src": bool(_git("status", "--porcelain", "--", "src")),
        "load_average_before": load_before,
        "load_average_after": [round(v, 2) for v in os.getloadavg()],
        "pinning": {"server_core": SERVER_CORE, "client_core": CLIENT_CORE},
        "seconds_per_run": args.seconds,
        "connections": args.connections,
        "service_settings": service_defaults(),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def _wrk_version() -> str:
    done = subprocess.run(["wrk", "-v"], capture_output=True, text=True, timeout=10, check=False)
    first = (done.stdout or done.stderr).strip().splitlines()
    return first[0] if first else "?"


def _git(*args: str) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=BENCH_DIR.parent,
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    return done.stdout.strip()


# --- the run ---------------------------------------------------------------------------------


def add_stack_arguments(parser: argparse.ArgumentParser, database: str) -> None:
    """The options of every HTTP benchmark: run lengths, where PostgreSQL and Redis are."""
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each measurement")
    parser.add_argument(
        "--connections", type=int, default=32, help="concurrency of the throughput runs"
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
        help="a server the bench database is dropped and created on (BENCH_POSTGRES_URL)",
    )
    parser.add_argument("--database", default=database)
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5"),
        help="a Redis database used by the run only: it is flushed (BENCH_REDIS_URL)",
    )
    parser.add_argument("--keep-database", action="store_true", help="leave the data behind")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Olympus Core benchmarks (PostgreSQL + Redis)")
    add_stack_arguments(parser, "olympus_bench")
    parser.add_argument(
        "--output", type=Path, default=BENCH_DIR / "results" / "latest.json", help="JSON result"
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=PHASES,
        default=list(PHASES),
        help="run only these benchmarks (all by default)",
    )
    return parser.parse_args()


def check_machine() -> None:
    cores = os.sched_getaffinity(0)
    if not {SERVER_CORE, CLIENT_CORE} <= cores:
        sys.exit(f"needs cores {SERVER_CORE} and {CLIENT_CORE}; this process may use {cores}")
    loadgen.require_wrk()
    os.sched_setaffinity(0, {CLIENT_CORE})  # this driver and what it starts stay off the server


def migrate_and_create_tenant(config: stack.StackConfig, slug: str = TENANT) -> None:
    """The schema, then the tenant `slug` with its owner (`OWNER_EMAIL`, `PASSWORD`)."""
    stack.run_cli(config, "migrate")
    stack.run_cli(
        config,
        "create-tenant",
        "--slug",
        slug,
        "--name",
        "Load test",
        "--owner-email",
        OWNER_EMAIL,
        "--owner-password",
        PASSWORD,
        "--owner-name",
        "Owner",
    )


def bring_up(
    config: stack.StackConfig, servers: stack.Servers
) -> tuple[stack.Server, stack.Server, stack.Server]:
    migrate_and_create_tenant(config)
    service = stack.start_service(servers, config, settings=COUNTED_NEVER_REFUSED)
    unlimited = stack.start_service(
        servers, config, name="service-no-fair-use", settings=WITHOUT_FAIR_USE
    )
    raw = stack.start_raw_app(servers, config)
    for server in (service, unlimited, raw):
        stack.wait_ready(server)
    return service, raw, unlimited


def measure(bench: Bench, phases: list[str]) -> dict[str, Any]:
    with httpx.Client(base_url=bench.service.base_url, timeout=30.0) as client:
        bench.emails = register_members(client)
        token = login(client, OWNER_EMAIL)["access_token"]
        runners: dict[str, Callable[[], dict[str, Any]]] = {
            "login": lambda: bench_login(bench),
            "health": lambda: bench_health(bench),
            "refresh": lambda: bench_refresh(bench, client),
            "me": lambda: bench_me(bench, token),
        }
        results = {}
        for phase in PHASES:
            if phase in phases:
                print(f"{phase} ...", flush=True)
                results[phase] = runners[phase]()
    return results


def stack_config(args: argparse.Namespace, work_dir: Path) -> stack.StackConfig:
    defaults = service_defaults()
    return stack.StackConfig(
        postgres_url=args.postgres_url,
        database=args.database,
        redis_url=args.redis_url,
        jwt_secret=secrets.token_urlsafe(36),  # 48 characters
        server_core=SERVER_CORE,
        jwt_issuer=defaults["issuer"],
        jwt_audience=defaults["audience"],
        app_role=defaults["app_role"],
        work_dir=work_dir,
    )


@contextlib.contextmanager
def fresh_stack(
    args: argparse.Namespace, work_dir: Path
) -> Iterator[tuple[stack.StackConfig, dict[str, str], stack.Servers]]:
    """A new bench database and an empty Redis database, and the servers started in the
    block, every one stopped at its end; the database is dropped unless `--keep-database`."""
    config = stack_config(args, work_dir)
    versions = {
        "postgresql": asyncio.run(stack.recreate_database(config)),
        "redis": asyncio.run(stack.flush_redis(config.redis_url)),
    }
    servers = stack.Servers(work_dir)
    try:
        with stack.stopping(servers):
            yield config, versions, servers
    finally:
        if not args.keep_database:
            asyncio.run(stack.drop_database(config))
            asyncio.run(stack.flush_redis(config.redis_url))


def run(args: argparse.Namespace, work_dir: Path) -> tuple[dict[str, str], dict[str, Any]]:
    """Bring the stack up, measure, tear everything down; the versions and the figures."""
    with fresh_stack(args, work_dir) as (config, versions, servers):
        print(
            "starting the service (with and without fair use) and the raw baseline ...",
            flush=True,
        )
        service, raw, unlimited = bring_up(config, servers)
        bench = Bench(
            service,
            raw,
            unlimited,
            work_dir,
            args.seconds,
            args.connections,
            [],
            service_defaults(),
            config,
        )
        return versions, measure(bench, args.only)


def publish(
    args: argparse.Namespace,
    load_before: list[float],
    versions: dict[str, str],
    measurements: dict[str, Any],
    rows: list[Row],
    goals: list[Goal],
) -> None:
    """Print the table and write the JSON record of a run."""
    meta = metadata(versions, args, load_before)
    print()
    print(render_table(meta, rows, goals))
    plain = {
        group: {k: v.as_dict() if isinstance(v, Figures) else v for k, v in values.items()}
        for group, values in measurements.items()
    }
    write_json(args.output, meta, rows, goals, plain)
    print(f"\nwritten to {args.output}")


def main() -> None:
    args = parse_args()
    check_machine()
    load_before = [round(v, 2) for v in os.getloadavg()]
    try:
        with tempfile.TemporaryDirectory(prefix="olympus-bench-") as tmp:
            versions, measurements = run(args, Path(tmp))
    except (stack.StackError, loadgen.LoadError) as exc:
        sys.exit(f"benchmark failed: {exc}")
    rows, goals = rows_of(measurements, args.connections), goals_of(measurements)
    publish(args, load_before, versions, measurements, rows, goals)


if __name__ == "__main__":
    main()
