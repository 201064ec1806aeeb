"""The committed TypeScript client (clients/typescript) against a running service: its
end-to-end tests (test/e2e.test.ts: sign in, refresh on 401, cursor pages, an idempotent
order, ProblemError) compiled with the pinned TypeScript and run by `node --test`."""

import os
import subprocess

from tests.clients.conftest import TYPESCRIPT, Service, node_or_skip


def test_typescript_client_end_to_end(service: Service) -> None:
    node = node_or_skip()
    tsc = TYPESCRIPT / "node_modules" / "typescript" / "bin" / "tsc"
    compiled = subprocess.run(  # noqa: S603 (the pinned compiler)
        [node, str(tsc), "-p", "tsconfig.test.json"],
        cwd=TYPESCRIPT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    env = {
        **os.environ,
        "OLYMPUS_URL": service.url,
        "OLYMPUS_TENANT": service.tenant,
        "OLYMPUS_EMAIL": service.email,
        "OLYMPUS_PASSWORD": service.password,
    }
    ran = subprocess.run(  # noqa: S603 (our own test files)
        [node, "--test", "build-test/test/"],
        cwd=TYPESCRIPT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stdout[-6000:] + ran.stderr[-2000:]
    assert "# fail 0" in ran.stdout and "# pass 4" in ran.stdout, ran.stdout[-6000:]
