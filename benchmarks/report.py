"""The benchmark's answer: rows of figures (the service and its baseline side by side), the
goals judged against them, a table for the terminal and a JSON document for the record."""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Row:
    """One measured target: latency percentiles and throughput."""

    benchmark: str
    target: str
    connections: int
    requests: int
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int | None  # None where nothing could fail (the bare verification)
    server_share: float | None = None  # of its core, used by the server process
    others_share: float | None = None  # of that core, used by everything else
    per_cpu_second: float | None = None  # requests per CPU-second of the server


@dataclass(frozen=True)
class Goal:
    name: str
    description: str
    target: str
    measured: float
    unit: str
    met: bool
    note: str = ""


def render_table(meta: dict[str, Any], rows: list[Row], goals: list[Goal]) -> str:
    lines = [
        f"Olympus Core benchmarks, {meta['date']}",
        f"{meta['machine']['cores']} cores ({meta['machine']['cpu']}), "
        f"Python {meta['python']}, PostgreSQL {meta['postgresql']}, Redis {meta['redis']}",
        f"server pinned to core {meta['pinning']['server_core']}, wrk on core "
        f"{meta['pinning']['client_core']}; load average before "
        f"{_load(meta['load_average_before'])}, after {_load(meta['load_average_after'])}",
        "",
        f"{'benchmark':<26}{'target':<14}{'conc':>5}{'requests':>9}{'req/s':>9}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>7}"
        f"{'server cpu':>11}{'others':>7}{'req/cpu-s':>10}",
    ]
    previous = ""
    for row in rows:
        name = row.benchmark if row.benchmark != previous else ""
        previous = row.benchmark
        errors = "-" if row.errors is None else str(row.errors)
        lines.append(
            f"{name:<26}{row.target:<14}{row.connections:>5}{row.requests:>9}"
            f"{row.per_second:>9.1f}{row.p50_ms:>9.2f}{row.p95_ms:>9.2f}{row.p99_ms:>9.2f}"
            f"{errors:>7}{_share(row.server_share):>11}{_share(row.others_share):>7}"
            f"{_rate(row.per_cpu_second):>10}"
        )
    lines += ["", f"{'goal':<52}{'target':>12}{'measured':>14}  met"]
    for goal in goals:
        measured = f"{goal.measured:.2f} {goal.unit}".strip()
        verdict = "yes" if goal.met else "NO"
        note = f"  ({goal.note})" if goal.note else ""
        lines.append(f"{goal.description:<52}{goal.target:>12}{measured:>14}  {verdict}{note}")
    return "\n".join(lines)


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _load(values: list[float]) -> str:
    return " ".join(f"{v:.2f}" for v in values)


def write_json(
    path: Path,
    meta: dict[str, Any],
    rows: list[Row],
    goals: list[Goal],
    measurements: dict[str, Any],
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "meta": meta,
        "measurements": measurements,
        "rows": [row.__dict__ for row in rows],
        "goals": [goal.__dict__ for goal in goals],
    }
    path.write_text(json.dumps(document, indent=2) + "\n")
