"""Regenerate the typed clients from the app's OpenAPI schema (no server needed).

    python clients/generate.py            # into clients/ (what `make clients` runs)
    python clients/generate.py --out DIR  # into DIR, laid out as clients/ (the staleness test)

Writes `openapi.json` (the schema both are generated from), `python/olympus_api/`
(openapi-python-client) and `typescript/src/schema.d.ts` (openapi-typescript, from
`typescript/node_modules`: run `npm ci` there first). The hand-written wrappers beside them
(`python/olympus_client/`, `typescript/src/index.ts`) are left alone.
"""

import argparse
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

CLIENTS = Path(__file__).resolve().parent
PYTHON_CONFIG = CLIENTS / "python-generator.yaml"
TYPESCRIPT = CLIENTS / "typescript"


def app_schema() -> dict[str, Any]:
    """The schema the service serves at /openapi.json, built without serving it."""
    from olympus.app import create_app
    from olympus.config import Settings

    settings = Settings(_env_file=None, environment="test", jwt_secret="x" * 40)
    return create_app(settings).openapi()


def for_generators(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema as the generators get it. FastAPI splits a model whose request and answer
    shapes differ into `X-Input` and `X-Output`, both titled `X`; generators name classes by
    title, so each gets its own."""
    schema = copy.deepcopy(schema)
    for name, component in schema.get("components", {}).get("schemas", {}).items():
        if name.endswith(("-Input", "-Output")):
            component["title"] = name.replace("-", "")
    return schema


def generate_python(schema_path: Path, out: Path) -> None:
    target = out / "python" / "olympus_api"
    with tempfile.TemporaryDirectory() as tmp:
        generated = Path(tmp) / "olympus_api"
        bin_dir = Path(sys.executable).parent
        env = {
            **os.environ,
            "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
            # The generator keeps an enum's values in a set: a fixed hash seed, a fixed order.
            "PYTHONHASHSEED": "0",
        }
        subprocess.run(  # noqa: S603 (our own interpreter's tool and arguments)
            [str(bin_dir / "openapi-python-client"), "generate", "--path", str(schema_path),
             "--meta", "none", "--output-path", str(generated), "--config", str(PYTHON_CONFIG)],
            check=True, env=env, cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(generated, target)


def generate_typescript(schema_path: Path, out: Path) -> None:
    target = out / "typescript" / "src" / "schema.d.ts"
    target.parent.mkdir(parents=True, exist_ok=True)
    tool = TYPESCRIPT / "node_modules" / ".bin" / "openapi-typescript"
    if not tool.exists():
        raise SystemExit(f"{tool} is missing: run `npm ci` in {TYPESCRIPT}")
    subprocess.run(  # noqa: S603 (the pinned tool from package-lock.json)
        # A field with a default may be left out of a request body.
        [str(tool), str(schema_path), "--output", str(target), "--root-types",
         "--default-non-nullable", "false"],
        check=True, cwd=TYPESCRIPT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def generate(out: Path, *, python: bool = True, typescript: bool = True) -> None:
    out.mkdir(parents=True, exist_ok=True)
    schema = app_schema()
    (out / "openapi.json").write_text(json.dumps(schema, indent=2, sort_keys=False) + "\n")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "openapi.json"
        source.write_text(json.dumps(for_generators(schema), indent=2))
        if python:
            generate_python(source, out)
        if typescript:
            generate_typescript(source, out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=CLIENTS)
    parser.add_argument("--skip-typescript", action="store_true")
    args = parser.parse_args()
    generate(args.out, typescript=not args.skip_typescript)


if __name__ == "__main__":
    main()
