"""Where the CPU went during a run (Linux /proc): the CPU time of the server process (all its
threads) and how busy its core was. Requests per CPU-second of the server is the per-core
figure that stays honest when other work shares the machine."""

import os
from dataclasses import dataclass
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Snapshot:
    process_s: float  # CPU seconds used so far by the process
    core_busy_s: float  # non-idle seconds of the core so far
    core_total_s: float


def snapshot(pid: int, core: int) -> Snapshot:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    busy, total = _core_ticks(core)
    return Snapshot((utime + stime) / _TICK, busy / _TICK, total / _TICK)


def _core_ticks(core: int) -> tuple[int, int]:
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith(f"cpu{core} "):
            values = [int(v) for v in line.split()[1:]]
            idle = values[3] + values[4]  # idle + iowait
            return sum(values[:8]) - idle, sum(values[:8])
    raise RuntimeError(f"no cpu{core} line in /proc/stat")


@dataclass(frozen=True)
class Usage:
    """Over one run: the server's CPU seconds, and the shares of its core used by the server
    and by everything else (PostgreSQL, Redis, other work on the machine)."""

    server_cpu_s: float
    server_share: float
    others_share: float


def usage(before: Snapshot, after: Snapshot) -> Usage:
    server = after.process_s - before.process_s
    total = after.core_total_s - before.core_total_s
    busy = after.core_busy_s - before.core_busy_s
    if total <= 0:
        return Usage(server, 0.0, 0.0)
    return Usage(server, min(1.0, server / total), max(0.0, (busy - server) / total))
