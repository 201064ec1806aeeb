"""What the embedded default (SQLite, no Redis) holds up to under concurrent writes: the
service started as `make run` starts it, on a database of its own, pinned to one core; wrk on
the other core sends `PATCH /api/v1/locations/{id}` (one row, an audit row and an outbox event
per request) from 1, 4, 16 and 64 connections. Prints req/s, latency and non-2xx answers, and
`/metrics`' write-wait histogram. Run: .venv/bin/python benchmarks/sqlite_writes.py"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import httpx
import loadgen
from stack import BIN_DIR, Servers, free_port, pinned, stopping, wait_ready

PASSWORD = "Quiet-Harbour-Lamp-93"


def _setup(base_url: str, data_dir: Path) -> tuple[str, str]:
    """A tenant, its owner's token and one location to change."""
    with httpx.Client(base_url=base_url, timeout=30) as c:
        admin_password = (data_dir / ".olympus" / "admin-password").read_text().strip()
        r = c.post(
            "/api/v1/auth/login",
            json={"tenant": "platform", "email": "admin@example.com", "password": admin_password},
        )
        admin = {"Authorization": f"Bearer {r.json()['access_token']}"}
        owner = {"email": "owner@bench.example.com", "password": PASSWORD, "full_name": "O"}
        r = c.post(
            "/api/v1/tenants", headers=admin, json={"slug": "bench", "name": "B", "owner": owner}
        )
        r.raise_for_status()
        r = c.post(
            "/api/v1/auth/login",
            json={"tenant": "bench", "email": owner["email"], "password": PASSWORD},
        )
        token = r.json()["access_token"]
        r = c.post(
            "/api/v1/locations",
            headers={"Authorization": f"Bearer {token}"},
            json={"name": "Store", "code": "S1", "kind": "store", "address": {},
                  "timezone": "UTC", "currency": "EUR"},
        )  # fmt: skip
        r.raise_for_status()
        return token, r.json()["id"]


def _write_wait(base_url: str) -> str:
    text = httpx.get(f"{base_url}/metrics", timeout=10).text
    count = sum_ = 0.0
    for line in text.splitlines():
        if line.startswith("olympus_db_write_wait_seconds_count"):
            count = float(line.split()[-1])
        elif line.startswith("olympus_db_write_wait_seconds_sum"):
            sum_ = float(line.split()[-1])
    return f"{int(count)} writes waited {sum_ / count * 1000 if count else 0:.2f} ms on average"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, nargs="+", default=[1, 4, 16, 64])
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, stopping(Servers(Path(tmp))) as servers:
        data_dir = Path(tmp)
        port = free_port()
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_"))},
            "ENVIRONMENT": "development",
            "DATA_DIR": tmp,
            "LOG_LEVEL": "WARNING",
        }
        command = pinned(0, [str(BIN_DIR / "olympus"), "serve", "--port", str(port)])
        server = servers.start("service", command, env, port)
        wait_ready(server)
        token, location = _setup(server.base_url, data_dir)
        columns = ("req/s", "p50 ms", "p99 ms", "max ms", "non-2xx")
        print(f"{'connections':>11} " + " ".join(f"{c:>8}" for c in columns))
        for connections in options.connections:
            load = loadgen.Load(
                "send", server.base_url, connections, options.seconds, 1_000_000,
                ("PATCH", f"/api/v1/locations/{location}", token,
                 json.dumps({"name": f"c{connections}"})),
            )  # fmt: skip
            f = loadgen.run(load, core=1, work_dir=data_dir, server=(server.pid, 0))
            print(
                f"{connections:>11} {f.per_second:>8.1f} {f.p50_ms:>8.1f} {f.p99_ms:>8.1f} "
                f"{f.max_ms:>8.1f} {f.errors.get('status', 0):>8}",
                flush=True,
            )
        print(_write_wait(server.base_url))


if __name__ == "__main__":
    sys.exit(main())
