"""The catalog's hot reads over HTTP at 100,000 products, on PostgreSQL + Redis: a page of 50
products (`GET /api/v1/products?limit=50`) and a search (`?q=...&limit=50`, a common and a
rare substring), each against the raw Starlette + asyncpg handler of `raw_app.py` running the
service's own page statement, measured in the same run, alternating (`--rounds`, the order
swapped each round).

Usage: .venv/bin/python benchmarks/catalog_http.py [--products 100000] [--seconds 10]
[--rounds 3]. Needs what `run.py` needs (wrk, taskset, two cores, PostgreSQL and Redis on
loopback); see benchmarks/README.md, "Catalog over HTTP"."""

import argparse
import asyncio
import json
import os
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

import asyncpg
import catalog_search
import httpx
import loadgen
import run as harness
import stack
from loadgen import Figures
from report import Goal, Row

NEIGHBOUR = "neighbour"
PAGE = 50
COMMON = "tea"  # in a tenth of the names
CASES = ("list", "search_common", "search_rare")
LABELS = {
    "list": f"list, {PAGE} a page",
    "search_common": f"q={COMMON!r} (common)",
    "search_rare": "q=rare (one product)",
}
GOAL = 0.5
# What the raw handler binds each parameter of the compiled statement to: these stand-ins are
# found among the compiled parameters and named.
_TENANT_MARK = uuid.UUID(int=0xA11CE)
_LIMIT_MARK = 987_654


def compile_statements(path: Path) -> Path:
    """The service's page statement (`product_page_statement`, compiled for PostgreSQL and
    asyncpg) of a plain list, of a search and of a short search (no trigram: no
    MATERIALIZED), with the role of each parameter, for the raw handler."""
    from sqlalchemy.dialects.postgresql import asyncpg as pg_asyncpg

    from olympus.commerce.catalog import repository

    dialect = pg_asyncpg.dialect()  # type: ignore[no-untyped-call]
    document: dict[str, Any] = {"trigram": repository.TRIGRAM}
    for kind, q in (("list", None), ("search", "~mark~"), ("short", "~")):
        query = repository.ProductQuery(q=q, limit=_LIMIT_MARK)
        stmt = repository.product_page_statement(_TENANT_MARK, "postgresql", query)
        compiled = stmt.compile(dialect=dialect)
        pattern = repository.like_pattern(q) if q else None
        params = []
        for name in compiled.positiontup or ():
            value = compiled.params[name]
            if value == _TENANT_MARK:
                params.append(["tenant"])
            elif pattern is not None and value == pattern:
                params.append(["pattern"])
            elif value == _LIMIT_MARK + 1:
                params.append(["limit"])
            else:
                params.append(["value", value])
        document[kind] = {"sql": compiled.string, "params": params}
    path.write_text(json.dumps(document, indent=1))
    return path


async def tenant_ids(config: stack.StackConfig) -> tuple[uuid.UUID, uuid.UUID, str]:
    """The load-test tenant, its neighbour, and a rare search: the distinct part of one
    active product's name (found once in the catalog)."""
    conn = await asyncpg.connect(config.database_url, timeout=10)
    try:
        ids = {r["slug"]: r["id"] for r in await conn.fetch("SELECT slug, id FROM tenants")}
        rare = await conn.fetchval(
            "SELECT split_part(name, ' ', 3) FROM products WHERE tenant_id = $1"
            " AND parent_id IS NULL AND status = 'active' ORDER BY id OFFSET"
            " (SELECT count(*) / 20 FROM products WHERE tenant_id = $1) LIMIT 1",
            ids[harness.TENANT],
        )
    finally:
        await conn.close()
    return ids[harness.TENANT], ids[NEIGHBOUR], str(rare)


def bring_up(
    config: stack.StackConfig, servers: stack.Servers, products: int
) -> tuple[stack.Server, stack.Server, str]:
    """Schema, the load-test tenant and a neighbour, the seeded catalog, then the service and
    the raw app (given the service's statements); the rare search."""
    harness.migrate_and_create_tenant(config)
    harness.migrate_and_create_tenant(config, NEIGHBOUR)
    tenant, neighbour, _ = asyncio.run(tenant_ids(config))
    print(f"seeding {products} products ...", flush=True)
    asyncio.run(
        catalog_search.seed(
            config.database_url, products, tenant=tenant, neighbour=neighbour, new_tenants=False
        )
    )
    _, _, rare = asyncio.run(tenant_ids(config))
    statements = compile_statements(config.work_dir / "catalog_statements.json")
    service = stack.start_service(servers, config, settings=harness.COUNTED_NEVER_REFUSED)
    # The raw app keeps few idle connections (its /auth/me pool is unused here), so both
    # servers' pools fit in PostgreSQL's 100 connections beside other work.
    settings = {"CATALOG_STATEMENTS": str(statements), "RAW_POOL_MIN": "2"}
    raw = stack.start_raw_app(servers, config, settings=settings)
    for server in (service, raw):
        stack.wait_ready(server)
    return service, raw, rare


def check_same_answers(bench: harness.Bench, token: str, paths: dict[str, str]) -> None:
    """Both targets answer each case with the same documents: the comparison is fair."""
    headers = {"Authorization": f"Bearer {token}"}
    for case, path in paths.items():
        answers = []
        for server in (bench.service, bench.raw):
            answer = httpx.get(server.base_url + path, headers=headers, timeout=30.0)
            if answer.status_code != 200:
                raise stack.StackError(f"{server.name} {path}: {answer.status_code} {answer.text}")
            answers.append(answer.json())
        if answers[0] != answers[1]:
            raise stack.StackError(f"{case}: the service and the raw app answer differently")
        items = answers[0]["items"]
        print(f"  {case}: {len(items)} products, both answers equal", flush=True)


def measure(bench: harness.Bench, rounds: int, rare: str) -> dict[str, Any]:
    paths = {
        "list": f"/api/v1/products?limit={PAGE}",
        "search_common": f"/api/v1/products?q={quote(COMMON)}&limit={PAGE}",
        "search_rare": f"/api/v1/products?q={quote(rare)}&limit={PAGE}",
    }
    pair = [("service", bench.service), ("raw", bench.raw)]
    results: dict[str, Any] = {case: {"rounds": []} for case in CASES}
    with httpx.Client(base_url=bench.service.base_url, timeout=30.0) as client:
        for turn in range(rounds):
            # A fresh token each round: a run outlasts an access token's 15 minutes.
            token = harness.login(client, harness.OWNER_EMAIL)["access_token"]
            if turn == 0:
                check_same_answers(bench, token, paths)
            for case in CASES:
                print(f"round {turn + 1}: {case} ...", flush=True)
                figures: dict[str, Figures] = {}
                for name, server in pair if turn % 2 == 0 else pair[::-1]:
                    for seconds in (harness.WARM_SECONDS, bench.seconds):
                        load = bench.get_load(
                            server,
                            paths[case],
                            connections=bench.connections,
                            token=token,
                            seconds=seconds,
                        )
                        figures[name] = bench.load(load)  # the warm-up's are overwritten
                results[case]["rounds"].append(figures)
    for case in CASES:
        ordered = sorted(results[case]["rounds"], key=_ratio)
        results[case]["median"] = ordered[len(ordered) // 2]
    results["rare"] = rare
    return results


def _ratio(figures: dict[str, Figures]) -> float:
    raw = figures["raw"].per_second
    return figures["service"].per_second / raw if raw else 0.0


def rows_and_goals(m: dict[str, Any], conns: int) -> tuple[list[Row], list[Goal]]:
    rows, goals = [], []
    for case in CASES:
        label = LABELS[case]
        for turn, figures in enumerate(m[case]["rounds"], start=1):
            for name in ("service", "raw"):
                target = f"{'raw asyncpg' if name == 'raw' else name}, r{turn}"
                rows.append(harness._row(label, target, conns, figures[name]))
        kept = m[case]["median"]
        goals.append(
            harness._goal(
                f"catalog_{case}_ratio",
                f"{label}: req/s, service / raw (median round)",
                ">=",
                GOAL,
                "x",
                _ratio(kept),
                kept["service"],
                kept["raw"],
            )
        )
    return rows, goals


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="The catalog's list and search over HTTP")
    harness.add_stack_arguments(parser, "olympus_catalog_http_bench")
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per case")
    parser.add_argument(
        "--output", type=Path, default=harness.BENCH_DIR / "results" / "catalog_http.json"
    )
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    return args


def main() -> None:
    args = parse_args()
    harness.check_machine()
    load_before = [round(v, 2) for v in os.getloadavg()]
    try:
        with (
            tempfile.TemporaryDirectory(prefix="olympus-bench-") as tmp,
            harness.fresh_stack(args, Path(tmp)) as (config, versions, servers),
        ):
            service, raw, rare = bring_up(config, servers, args.products)
            bench = harness.Bench(
                service,
                raw,
                service,  # no variant without fair use here
                Path(tmp),
                args.seconds,
                args.connections,
                [harness.OWNER_EMAIL],
                harness.service_defaults(),
                config,
            )
            measurements = measure(bench, args.rounds, rare)
    except (stack.StackError, loadgen.LoadError) as exc:
        sys.exit(f"benchmark failed: {exc}")
    rows, goals = rows_and_goals(measurements, args.connections)
    recorded = {
        case: {
            "rounds": [{k: f.as_dict() for k, f in r.items()} for r in measurements[case]["rounds"]]
        }
        for case in CASES
    }
    recorded["search_rare"]["q"] = measurements["rare"]
    harness.publish(args, load_before, versions, recorded, rows, goals)


if __name__ == "__main__":
    main()
