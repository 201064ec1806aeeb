"""The committed clients are what `make clients` makes from today's schema: regenerated into a
temporary directory and compared file by file."""

import filecmp
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from tests.clients.conftest import ROOT, node_or_skip

CLIENTS = ROOT / "clients"
STALE = "the committed clients are stale: run `make clients` and commit the result"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("clients_generate", CLIENTS / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


def _differences(left: Path, right: Path) -> list[str]:
    """Files that differ, or are on one side only, between two trees."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        only = [n for n in cmp.left_only + cmp.right_only if n != "__pycache__"]
        found.extend(f"{prefix}{n} (on one side only)" for n in only)
        found.extend(f"{prefix}{n}" for n in cmp.diff_files)
        for name, sub in cmp.subdirs.items():
            if name != "__pycache__":
                walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return found


def test_the_schema_and_the_python_client_are_fresh(tmp_path: Path) -> None:
    _generator().generate(tmp_path, typescript=False)

    assert (tmp_path / "openapi.json").read_text() == (CLIENTS / "openapi.json").read_text(), STALE
    generated = tmp_path / "python" / "olympus_api"
    assert _differences(generated, CLIENTS / "python" / "olympus_api") == [], STALE


def test_the_typescript_client_is_fresh(tmp_path: Path) -> None:
    node_or_skip()
    _generator().generate(tmp_path, python=False)

    schema_types = Path("typescript", "src", "schema.d.ts")
    assert (tmp_path / schema_types).read_text() == (CLIENTS / schema_types).read_text(), STALE
