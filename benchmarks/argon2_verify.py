"""The floor of a login: one bare Argon2id verification (argon2-cffi, no service around it),
timed in a loop on one thread. Prints one JSON line: latency percentiles and verifications
per second. Run pinned to the core the service runs on."""

import argparse
import json
import statistics
import time

from argon2 import PasswordHasher, Type

PASSWORD = "Quartz-Meadow-Lantern-42"


def _percentile(ordered: list[float], pct: float) -> float:
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def measure(*, memory_kib: int, time_cost: int, parallelism: int, count: int) -> dict[str, float]:
    hasher = PasswordHasher(
        time_cost=time_cost,
        memory_cost=memory_kib,
        parallelism=parallelism,
        hash_len=32,
        salt_len=16,
        type=Type.ID,
    )
    encoded = hasher.hash(PASSWORD)
    for _ in range(3):  # warm the allocator and caches
        hasher.verify(encoded, PASSWORD)
    samples: list[float] = []
    for _ in range(count):
        start = time.perf_counter()
        hasher.verify(encoded, PASSWORD)
        samples.append((time.perf_counter() - start) * 1000)
    ordered = sorted(samples)
    return {
        "count": count,
        "p50_ms": statistics.median(ordered),
        "p95_ms": _percentile(ordered, 95),
        "p99_ms": _percentile(ordered, 99),
        "mean_ms": statistics.fmean(ordered),
        "per_second": 1000 / statistics.fmean(ordered),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--memory-kib", type=int, default=19 * 1024)
    parser.add_argument("--time-cost", type=int, default=2)
    parser.add_argument("--parallelism", type=int, default=1)
    parser.add_argument("--count", type=int, default=60)
    args = parser.parse_args()
    figures = measure(
        memory_kib=args.memory_kib,
        time_cost=args.time_cost,
        parallelism=args.parallelism,
        count=args.count,
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
