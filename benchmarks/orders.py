"""Orders created per second through `POST /api/v1/orders` on PostgreSQL + Redis (the real
service: pricing, stock reservation, discount offers, numbering, outbox and audit), against a
raw baseline measured in the same run: the same writes in one transaction in a bare
Starlette + asyncpg handler (`raw_orders.py`). Every order has two lines over the same two
products at one location, and every order of the tenant takes the tenant's order counter, so
the orders of the run contend for the same rows: the worst case of the write path.

    .venv/bin/python benchmarks/orders.py [--seconds 10] [--rounds 3]

The two targets are measured in alternation (the order swapped each round), median round.
Afterwards each level must hold as many reserved units as the orders made, and `olympus
inventory check` must find the ledger balanced. Needs wrk, taskset, two cores, PostgreSQL
and Redis on loopback (see benchmarks/README.md)."""

import argparse
import asyncio
import json
import os
import secrets
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx
import loadgen
import stack
from loadgen import Figures, Load

SERVER_CORE, CLIENT_CORE = 0, 1
TENANT = "loadtest"
PASSWORD = "Quartz-Meadow-Lantern-42"
OWNER_EMAIL = "owner@loadtest.example.com"
WARM_SECONDS = 2.0
STOCK = 1_000_000  # far more than any run reserves: no answer is a 409
MAX_RATE = 20_000
# Every request counted against the fair-use quotas, none refused (as in run.py).
COUNTED_NEVER_REFUSED = {
    "RATE_LIMIT_PER_TOKEN": "1000000000",
    "RATE_LIMIT_PER_TENANT": "1000000000",
}
ORDERS = "/api/v1/orders"
LINES = ((0, 2), (1, 1))  # (product, quantity): two lines per order


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
    )
    parser.add_argument("--database", default="olympus_orders_bench")
    parser.add_argument("--keep-database", action="store_true")
    return parser.parse_args()


def _ok(answer: httpx.Response, what: str, status: int = 201) -> dict[str, Any]:
    if answer.status_code != status:
        raise stack.StackError(f"{what}: {answer.status_code} {answer.text}")
    body: dict[str, Any] = answer.json()
    return body


def prepare(client: httpx.Client) -> tuple[str, str, list[str]]:
    """Sign in as the owner, make a location and two active products, stock them; the token,
    the order's body and the products."""
    login = {"tenant": TENANT, "email": OWNER_EMAIL, "password": PASSWORD}
    token = _ok(client.post("/api/v1/auth/login", json=login), "login", 200)["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    location = _ok(
        client.post(
            "/api/v1/locations",
            json={"name": "Hot store", "code": "HOT", "timezone": "UTC", "currency": "EUR"},
            headers=headers,
        ),
        "location",
    )["id"]
    products = []
    for number in range(2):
        product = _ok(
            client.post(
                "/api/v1/products",
                json={
                    "sku": f"HOT-{number}",
                    "name": f"Hot unit {number}",
                    "price": 100 + number,
                    "currency": "EUR",
                    "status": "active",
                },
                headers=headers,
            ),
            "product",
        )["id"]
        _ok(
            client.post(
                f"/api/v1/inventory/{product}/adjustments",
                json={"location_id": location, "delta": STOCK, "reason": "benchmark stock"},
                headers=headers,
            ),
            "stock",
        )
        products.append(product)
    body = {
        "location_id": location,
        "items": [{"product_id": products[p], "quantity": q} for p, q in LINES],
    }
    return token, json.dumps(body, separators=(",", ":")), products


def measure(
    config: stack.StackConfig,
    target: stack.Server,
    work_dir: Path,
    token: str,
    body: str,
    seconds: float,
    connections: int,
) -> Figures:
    args = ("POST", ORDERS, token, body)
    warm = Load(
        "send", target.base_url, connections, WARM_SECONDS, int(MAX_RATE * WARM_SECONDS), args
    )
    loadgen.run(warm, core=CLIENT_CORE, work_dir=work_dir)
    asyncio.run(stack.analyze_database(config))
    load = Load("send", target.base_url, connections, seconds, int(MAX_RATE * seconds), args)
    return loadgen.run(load, core=CLIENT_CORE, work_dir=work_dir, server=(target.pid, SERVER_CORE))


def main() -> None:
    args = parse_args()
    if not {SERVER_CORE, CLIENT_CORE} <= os.sched_getaffinity(0):
        sys.exit(f"needs cores {SERVER_CORE} and {CLIENT_CORE}")
    loadgen.require_wrk()
    os.sched_setaffinity(0, {CLIENT_CORE})
    # The baseline keeps as few idle connections as the load needs (the database server may
    # be shared); the service's pool opens connections only as requests need them.
    os.environ.setdefault("RAW_POOL_MIN", "2")
    os.environ.setdefault("RAW_POOL_MAX", str(args.connections + 4))
    from olympus.config import Settings

    fields = Settings.model_fields
    load_before = [round(v, 2) for v in os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="olympus-bench-") as tmp:
        work_dir = Path(tmp)
        config = stack.StackConfig(
            postgres_url=args.postgres_url,
            database=args.database,
            redis_url=args.redis_url,
            jwt_secret=secrets.token_urlsafe(36),
            server_core=SERVER_CORE,
            jwt_issuer=str(fields["jwt_issuer"].default),
            jwt_audience=str(fields["jwt_audience"].default),
            app_role=str(fields["database_app_role"].default),
            work_dir=work_dir,
        )
        versions = (
            asyncio.run(stack.recreate_database(config)),
            asyncio.run(stack.flush_redis(config.redis_url)),
        )
        servers = stack.Servers(work_dir)
        rounds: list[dict[str, Figures]] = []
        try:
            with stack.stopping(servers):
                stack.run_cli(config, "migrate")
                stack.run_cli(
                    config, "create-tenant", "--slug", TENANT, "--name", "Load test",
                    "--owner-email", OWNER_EMAIL, "--owner-password", PASSWORD,
                )  # fmt: skip
                service = stack.start_service(servers, config, settings=COUNTED_NEVER_REFUSED)
                raw = start_raw_orders(servers, config)
                for server in (service, raw):
                    stack.wait_ready(server)
                with httpx.Client(base_url=service.base_url, timeout=30.0) as client:
                    token, body, products = prepare(client)
                    for number in range(args.rounds):
                        order = (service, raw) if number % 2 == 0 else (raw, service)
                        figures = {}
                        for target in order:
                            print(f"round {number + 1}: {target.name} ...", flush=True)
                            figures[target.name] = measure(
                                config, target, work_dir, token, body, args.seconds,
                                args.connections,
                            )  # fmt: skip
                        rounds.append(figures)
                    auth = {"Authorization": f"Bearer {token}"}
                    stock = [
                        _ok(client.get(f"/api/v1/inventory/{p}", headers=auth), "stock", 200)
                        for p in products
                    ]
                check = stack.run_cli(config, "inventory", "check", "--tenant", TENANT).strip()
        finally:
            if not args.keep_database:
                asyncio.run(stack.drop_database(config))
                asyncio.run(stack.flush_redis(config.redis_url))
    report(args, rounds, stock, check, versions, load_before)


def start_raw_orders(servers: stack.Servers, config: stack.StackConfig) -> stack.Server:
    """The baseline app (`raw_orders.py`) on the server's core, as `stack.start_raw_app`
    starts `raw_app.py`."""
    port = stack.free_port()
    env = {
        **os.environ,
        "DATABASE_URL": config.database_url,
        "JWT_SECRET": config.jwt_secret,
        "JWT_ISSUER": config.jwt_issuer,
        "JWT_AUDIENCE": config.jwt_audience,
        "DATABASE_APP_ROLE": config.app_role,
    }
    command = stack.uvicorn_command("raw_orders:app", port, "--app-dir", str(stack.BENCH_DIR))
    return servers.start("raw", stack.pinned(config.server_core, command), env, port)


def report(
    args: argparse.Namespace,
    rounds: list[dict[str, Figures]],
    stock: list[dict[str, Any]],
    check: str,
    versions: tuple[str, str],
    load_before: list[float],
) -> None:
    print(
        f"\nPostgreSQL {versions[0]}, Redis {versions[1]}; {args.connections} connections, "
        f"{args.seconds:.0f} s per run, {args.rounds} rounds; load average before {load_before}, "
        f"after {[round(v, 2) for v in os.getloadavg()]}"
    )
    print(f"{'round':>5} {'target':8} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} "
          f"{'server cpu':>10} {'others':>6} {'req/cpu-s':>9}")  # fmt: skip
    ratios, cpu_ratios = [], []
    sent = 0
    for number, figures in enumerate(rounds, 1):
        for name, f in figures.items():
            usage = f.usage
            sent += f.requests - f.error_count
            print(
                f"{number:>5} {name:8} {f.per_second:>8.0f} {f.p50_ms:>7.1f} {f.p99_ms:>7.1f} "
                f"{f.error_count:>6} {usage.server_share if usage else 0:>10.0%} "
                f"{usage.others_share if usage else 0:>6.0%} {f.per_cpu_second or 0:>9.0f}"
            )
        ratios.append(figures["service"].per_second / figures["raw"].per_second)
        service_cpu, raw_cpu = figures["service"].per_cpu_second, figures["raw"].per_cpu_second
        if service_cpu and raw_cpu:
            cpu_ratios.append(service_cpu / raw_cpu)
    print(f"\nservice / raw, orders/s, median round:     {statistics.median(ratios):.2f}x")
    if cpu_ratios:
        print(f"service / raw, req/cpu-s, median round:    {statistics.median(cpu_ratios):.2f}x")
    # wrk counts the answers it got; a request in flight when a run stops may still commit,
    # so a level can hold a few more than were counted, never fewer.
    for (_, quantity), level in zip(LINES, stock, strict=True):
        print(
            f"level of {level['product_id']}: on_hand {level['on_hand']}, reserved "
            f"{level['reserved']}; orders counted {sent} x {quantity} = {sent * quantity}"
        )
        if level["reserved"] < sent * quantity or level["on_hand"] != STOCK:
            sys.exit("the level does not account for every order")
    print(f"olympus inventory check: {check}")


if __name__ == "__main__":
    main()
