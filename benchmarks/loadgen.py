"""The load generator: wrk (one thread, pinned to the client core) driven by the Lua scenarios
in `lua/`, each bounded by a duration and a request budget. The same generator measures the
service and its baselines."""

import json
import shutil
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import cpu

LUA_DIR = Path(__file__).resolve().parent / "lua"
RESULT_MARK = "BENCH_RESULT "
GRACE_S = 30.0  # beyond the run's own duration, before the generator is killed
REQUEST_TIMEOUT_S = 30  # a slower answer counts as a timeout (and leaves the histogram)


@dataclass(frozen=True)
class Load:
    """One wrk run: a scenario, a target, how many connections, for how long, at most how
    many requests, and the scenario's own arguments."""

    scenario: str
    base_url: str
    connections: int
    seconds: float
    budget: int
    args: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figures:
    requests: int
    seconds: float
    errors: dict[str, int]
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    budget_reached: bool = False  # wrk then idles to the end: the rate reads low
    usage: cpu.Usage | None = None

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def per_cpu_second(self) -> float | None:
        """Requests per CPU-second of the server: its rate on a core of its own."""
        if self.usage is None or self.usage.server_cpu_s <= 0:
            return None
        return self.requests / self.usage.server_cpu_s

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "seconds": round(self.seconds, 3),
            "per_second": round(self.per_second, 1),
            "p50_ms": round(self.p50_ms, 2),
            "p95_ms": round(self.p95_ms, 2),
            "p99_ms": round(self.p99_ms, 2),
            "mean_ms": round(self.mean_ms, 2),
            "max_ms": round(self.max_ms, 2),
            "errors": self.errors,
            "budget_reached": self.budget_reached,
            **self._usage_dict(),
        }

    def _usage_dict(self) -> dict[str, Any]:
        if self.usage is None or self.per_cpu_second is None:
            return {}
        return {
            "server_cpu_s": round(self.usage.server_cpu_s, 2),
            "server_core_share": round(self.usage.server_share, 3),
            "others_core_share": round(self.usage.others_share, 3),
            "per_server_cpu_second": round(self.per_cpu_second, 1),
        }


class LoadError(RuntimeError):
    """wrk failed or printed no result."""


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise LoadError("wrk is not installed (Debian/Ubuntu: apt-get install -y wrk)")
    return path


def _script(scenario: str, work_dir: Path) -> Path:
    """wrk loads one file: the shared part followed by the scenario."""
    path = work_dir / f"{scenario}.lua"
    common = (LUA_DIR / "common.lua").read_text()
    path.write_text(common + "\n" + (LUA_DIR / f"{scenario}.lua").read_text())
    return path


def start(load: Load, *, core: int, work_dir: Path) -> subprocess.Popen[str]:
    command = [
        "taskset",
        "-c",
        str(core),
        require_wrk(),
        "-t1",
        f"-c{load.connections}",
        f"-d{max(1, round(load.seconds))}s",
        f"--timeout={REQUEST_TIMEOUT_S}s",
        "-s",
        str(_script(load.scenario, work_dir)),
        load.base_url,
        "--",
        str(load.budget),
        *load.args,
    ]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen[str], load: Load) -> Figures:
    try:
        out, err = process.communicate(timeout=load.seconds + GRACE_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise LoadError(f"wrk ({load.scenario}) overran its time limit") from None
    finally:
        if process.poll() is None:
            process.kill()
    for line in out.splitlines():
        if line.startswith(RESULT_MARK):
            figures = _figures(json.loads(line[len(RESULT_MARK) :]))
            return replace(figures, budget_reached=figures.requests >= load.budget)
    raise LoadError(f"wrk ({load.scenario}) printed no result:\n{out}\n{err}")


def run(load: Load, *, core: int, work_dir: Path, server: tuple[int, int] | None = None) -> Figures:
    """One run; with `server` (pid, core), also where the CPU went."""
    before = cpu.snapshot(*server) if server else None
    figures = finish(start(load, core=core, work_dir=work_dir), load)
    if server is None or before is None:
        return figures
    return replace(figures, usage=cpu.usage(before, cpu.snapshot(*server)))


def _figures(raw: dict[str, Any]) -> Figures:
    latency = raw["latency_us"]
    return Figures(
        requests=int(raw["requests"]),
        seconds=raw["duration_us"] / 1e6,
        errors={k: int(v) for k, v in raw["errors"].items() if v},
        p50_ms=latency["p50"] / 1000,
        p95_ms=latency["p95"] / 1000,
        p99_ms=latency["p99"] / 1000,
        mean_ms=latency["mean"] / 1000,
        max_ms=latency["max"] / 1000,
    )
