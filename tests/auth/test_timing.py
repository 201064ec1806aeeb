"""A wrong email and a wrong password answer alike and in similar time, so sign-in does not
tell which emails have accounts. Measured with the real Argon2 parameters."""

import statistics
import time
import uuid
from pathlib import Path

import httpx

from tests.fixtures.accounts import PASSWORD, TenantInfo
from tests.fixtures.apps import Backend, MovableClock, make_settings, running_app
from tests.fixtures.problems import assert_problem

ROUNDS = 15
WARM_UP = 2
TOLERANCE = 1.25  # the slower median at most 25 % above the faster one
# A burst of load from other processes can skew one run of medians; a real difference (a path
# that skips the hash) shows in every attempt.
ATTEMPTS = 3


async def test_unknown_email_and_wrong_password_take_similar_time(
    backend: Backend, clock: MovableClock, tmp_path: Path, tenant: TenantInfo
) -> None:
    settings = make_settings(
        backend,
        tmp_path,
        # OWASP's Argon2id parameters, as in production.
        argon2_memory_kib=19456,
        argon2_time_cost=2,
        # Many failures on one account are the point here, not a lockout.
        login_max_failures=1_000,
    )
    email = f"timed-{uuid.uuid4().hex[:8]}@example.com"
    async with running_app(settings, clock) as application:
        transport = httpx.ASGITransport(app=application, client=("203.0.113.50", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            # Registered here, so the stored hash has the real parameters too.
            r = await client.post(
                "/api/v1/auth/register",
                json={"tenant": tenant.slug, "email": email, "password": PASSWORD},
            )
            assert r.status_code == 201, r.text
            wrong_password = {"tenant": tenant.slug, "email": email, "password": "Not-It-12345!"}
            measured = []
            for _ in range(ATTEMPTS):
                unknown, wrong = await _median_times(client, wrong_password)
                measured.append((unknown, wrong))
                if max(unknown, wrong) / min(unknown, wrong) <= TOLERANCE:
                    break
            else:
                report = "; ".join(
                    f"unknown {u * 1000:.1f} ms, wrong {w * 1000:.1f} ms" for u, w in measured
                )
                raise AssertionError(f"medians differ by more than 25 % in every attempt: {report}")

    # The real parameters make a sign-in cost a hash: guard against measuring a cheap path.
    assert min(unknown, wrong) > 0.005


async def _median_times(
    client: httpx.AsyncClient, wrong_password: dict[str, str]
) -> tuple[float, float]:
    """Median seconds of a sign-in with an unknown email and with a wrong password, measured
    in alternating order so drift in the machine's load hits both alike; both must answer the
    same problem."""
    samples: dict[str, list[float]] = {"unknown": [], "wrong": []}
    answers: dict[str, set[tuple[int, str]]] = {"unknown": set(), "wrong": set()}
    for i in range(WARM_UP + ROUNDS):
        unknown_email = {**wrong_password, "email": f"nobody-{uuid.uuid4().hex[:8]}@example.com"}
        pair = [("unknown", unknown_email), ("wrong", wrong_password)]
        if i % 2:
            pair.reverse()
        for kind, body in pair:
            start = time.perf_counter()
            response = await client.post("/api/v1/auth/login", json=body)
            elapsed = time.perf_counter() - start
            problem = assert_problem(response, 401, "invalid_credentials")
            answers[kind].add((response.status_code, problem["detail"]))
            if i >= WARM_UP:
                samples[kind].append(elapsed)
    assert answers["unknown"] == answers["wrong"]
    return statistics.median(samples["unknown"]), statistics.median(samples["wrong"])
