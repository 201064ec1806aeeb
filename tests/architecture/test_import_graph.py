"""Dependencies between the parts of the service point one way, read from the source.

Every import counts: at module level, inside a function or method, and under
`if TYPE_CHECKING:`. Each module belongs to a unit (`olympus.core`, `olympus.auth`,
`olympus.platform.users`, `olympus.commerce.orders`, `olympus.app`, ...), except the HTTP edge:
every `router.py` and `dependencies.py` (or the package of that name one grew into) forms a
unit of its own, `<unit>:edge`, which sits at the top with the app and the CLI. Units are
layered, low to high:

    0  olympus.core, olympus.config, olympus (the package itself)
    1  olympus.platform.<x>
    2  olympus.auth, olympus.commerce.<x> (commerce may import auth, never the reverse)
    3  olympus.accounts, and any other top-level unit not named here
    4  the edge units, olympus.models
    5  olympus.app, olympus.cli

Inside commerce: catalog = customers < inventory < pricing = discounts < carts = orders <
payments < analytics. The rules: no cycle between units, no cycle between modules, no import
of a higher unit (nor of the edge from outside it, nor of the app or the CLI, except the CLI's
import of the app), and every import inside a function says why on its line or the line above.
"""

import ast
import io
import re
import textwrap
import tokenize
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src"
PACKAGE = "olympus"

EDGE_FILES = frozenset({"router.py", "dependencies.py"})
EDGE = ":edge"
EDGE_LAYER = 4
DEFAULT_LAYER = 3
TOP_LAYERS = {
    "core": 0,
    "config": 0,
    "platform": 1,
    "auth": 2,
    "commerce": 2,
    "accounts": 3,
    "models": 4,
    "app": 5,
    "cli": 5,
}
COMMERCE_ORDER = {
    "catalog": 0,
    "customers": 0,
    "inventory": 1,
    "pricing": 2,
    "discounts": 2,
    "carts": 3,
    "orders": 3,
    "payments": 4,
    "analytics": 5,
}
# A comment that only talks to a tool explains nothing.
_PRAGMA = re.compile(
    r"(?:noqa(?::[\s\w,]*)?|type:\s*ignore(?:\[[^\]]*\])?|fmt:\s*\w+|pragma:.*|isort:.*)",
    re.IGNORECASE,
)


# --- the graph ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Import:
    """One imported module of one import statement, between two modules of the package."""

    source: str
    target: str
    file: str
    line: int
    statement: str
    in_function: bool
    type_checking: bool

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line} `{self.statement}`"


@dataclass(frozen=True)
class LateImport:
    """An import statement inside a function (outside `if TYPE_CHECKING:`), of anything."""

    module: str
    file: str
    line: int
    statement: str
    explained: bool


@dataclass(frozen=True)
class Graph:
    package: str
    modules: frozenset[str]
    edge_modules: frozenset[str]
    imports: tuple[Import, ...]
    late_imports: tuple[LateImport, ...]


def build_graph(root: Path, package: str) -> Graph:
    """Every import of every `.py` under `root/package` (`root` is the folder holding the
    package, e.g. `src`)."""
    files = discover_modules(root, package)
    known = frozenset(files)
    edge_modules = frozenset(m for m, p in files.items() if _is_edge(p.relative_to(root)))
    imports: list[Import] = []
    late: list[LateImport] = []
    for module, path in sorted(files.items()):
        if not path.is_file():
            continue  # a folder without `__init__.py`
        file = path.relative_to(root.parent).as_posix()
        found, late_found = read_imports(
            path.read_text(encoding="utf-8"),
            module=module,
            is_package=path.name == "__init__.py",
            file=file,
            package=package,
            known=known,
        )
        imports.extend(found)
        late.extend(late_found)
    return Graph(package, known, edge_modules, tuple(imports), tuple(late))


def _is_edge(path: Path) -> bool:
    """A `router.py` or `dependencies.py`, or a module of a `router/` or `dependencies/`
    package (a module that outgrew one file)."""
    return path.name in EDGE_FILES or any(f"{part}.py" in EDGE_FILES for part in path.parts[:-1])


def discover_modules(root: Path, package: str) -> dict[str, Path]:
    """Module name → file, for every `.py` under the package; folders count as packages."""
    base = root / package
    modules: dict[str, Path] = {}
    for path in sorted(base.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    for folder in sorted(p for p in base.rglob("*") if p.is_dir()):
        name = ".".join(folder.relative_to(root).parts)
        if "__pycache__" not in name and any(folder.rglob("*.py")):
            modules.setdefault(name, folder / "__init__.py")
    modules.setdefault(package, base / "__init__.py")
    return modules


def read_imports(
    source: str,
    *,
    module: str,
    is_package: bool,
    file: str,
    package: str,
    known: frozenset[str],
) -> tuple[list[Import], list[LateImport]]:
    tree = ast.parse(source, filename=file)
    comments = comments_of(source)
    imports: list[Import] = []
    late: list[LateImport] = []
    for node, in_function, type_checking in _import_statements(tree):
        statement = ast.unparse(node)
        if in_function and not type_checking:
            late.append(
                LateImport(module, file, node.lineno, statement, _explained(node, comments))
            )
        targets = _targets(node, module=module, is_package=is_package, known=known)
        for target in dict.fromkeys(targets):
            inside = target == package or target.startswith(package + ".")
            if inside and target != module:
                imports.append(
                    Import(
                        module,
                        target,
                        file,
                        node.lineno,
                        statement,
                        in_function,
                        type_checking,
                    )
                )
    return imports, late


def _import_statements(
    tree: ast.Module,
) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool, bool]]:
    """Each import statement, whether it sits in a function, whether under TYPE_CHECKING."""
    stack: list[tuple[ast.AST, bool, bool]] = [(tree, False, False)]
    found: list[tuple[ast.Import | ast.ImportFrom, bool, bool]] = []
    while stack:
        node, in_function, type_checking = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append((node, in_function, type_checking))
            continue
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend((child, in_function, True) for child in node.body)
            stack.extend((child, in_function, type_checking) for child in node.orelse)
            continue
        nested = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        stack.extend((child, nested, type_checking) for child in ast.iter_child_nodes(node))
    yield from sorted(found, key=lambda item: (item[0].lineno, item[0].col_offset))


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _targets(
    node: ast.Import | ast.ImportFrom, *, module: str, is_package: bool, known: frozenset[str]
) -> Iterator[str]:
    """The modules an import statement names: `import a.b.c` is `a.b.c` if that is a module
    (or package) else the longest known prefix; `from a.b import c` is `a.b.c` if that is a
    module else `a.b`. No edge to the parent packages."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            parts = alias.name.split(".")
            prefixes = (".".join(parts[:n]) for n in range(len(parts), 0, -1))
            yield next((p for p in prefixes if p in known), alias.name)
        return
    base = _absolute(node, module=module, is_package=is_package)
    if base is None:
        return
    for alias in node.names:
        candidate = f"{base}.{alias.name}"
        yield candidate if alias.name != "*" and candidate in known else base


def _absolute(node: ast.ImportFrom, *, module: str, is_package: bool) -> str | None:
    if node.level == 0:
        return node.module
    parts = module.split(".") if is_package else module.split(".")[:-1]
    up = node.level - 1
    if up >= len(parts):
        return None
    parts = parts[: len(parts) - up]
    return ".".join([*parts, node.module] if node.module else parts)


@dataclass(frozen=True)
class Comment:
    text: str
    alone: bool  # nothing but the comment on its line


def comments_of(source: str) -> dict[int, Comment]:
    found: dict[int, Comment] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            alone = not token.line[: token.start[1]].strip()
            found[token.start[0]] = Comment(token.string.lstrip("#").strip(), alone)
    return found


def _explains(comment: Comment | None) -> bool:
    return comment is not None and bool(comment.text) and not _PRAGMA.fullmatch(comment.text)


def _explained(node: ast.stmt, comments: Mapping[int, Comment]) -> bool:
    """A comment on a line of the statement, or alone on the line directly above it."""
    end = node.end_lineno or node.lineno
    if any(_explains(comments.get(line)) for line in range(node.lineno, end + 1)):
        return True
    above = comments.get(node.lineno - 1)
    return above is not None and above.alone and _explains(above)


# --- units and layers --------------------------------------------------------------------------


def unit_of(module: str, graph: Graph) -> str:
    parts = module.split(".")
    if len(parts) >= 3 and parts[1] in ("platform", "commerce"):
        base = ".".join(parts[:3])
    else:
        base = ".".join(parts[:2])
    return base + EDGE if module in graph.edge_modules else base


def layer_of(unit: str, package: str) -> tuple[int, bool]:
    """The unit's layer, and whether it got the default (a top-level unit not in the table)."""
    if unit.endswith(EDGE):
        return EDGE_LAYER, False
    if unit == package:
        return 0, False
    top = unit.split(".")[1]
    if top in TOP_LAYERS:
        return TOP_LAYERS[top], False
    return DEFAULT_LAYER, True


def _describe(unit: str, package: str) -> str:
    layer, defaulted = layer_of(unit, package)
    if defaulted:
        return (
            f"{unit}, layer {layer} by default: a top-level unit missing from the layer "
            "table of tests/architecture/test_import_graph.py"
        )
    return f"{unit}, layer {layer}"


def _commerce_rank(unit: str, package: str) -> int | None:
    parts = unit.split(".")
    if len(parts) == 3 and parts[:2] == [package, "commerce"]:
        return COMMERCE_ORDER.get(parts[2])
    return None


def upward_reason(source_unit: str, target_unit: str, package: str) -> str | None:
    """Why an import from one unit of the other is not allowed, or None."""
    if source_unit == target_unit:
        return None
    app, cli = f"{package}.app", f"{package}.cli"
    if target_unit in (app, cli):
        if source_unit == cli and target_unit == app:
            return None
        return f"nothing imports {target_unit} (only {cli} may import {app})"
    if target_unit.endswith(EDGE) and not (source_unit.endswith(EDGE) or source_unit in (app, cli)):
        return "only the HTTP edge, the app and the CLI import an edge module"
    source_layer, _ = layer_of(source_unit, package)
    target_layer, _ = layer_of(target_unit, package)
    if target_layer > source_layer:
        return "imports a higher layer"
    commerce = f"{package}.commerce"
    if source_unit == f"{package}.auth" and target_unit.startswith(commerce):
        return "auth never imports commerce"
    source_rank = _commerce_rank(source_unit, package)
    target_rank = _commerce_rank(target_unit, package)
    if source_rank is not None and target_rank is not None and target_rank > source_rank:
        return "imports a later part of commerce (" + " < ".join(_COMMERCE_STEPS) + ")"
    return None


_COMMERCE_STEPS = [
    " = ".join(n for n, r in COMMERCE_ORDER.items() if r == rank)
    for rank in sorted(set(COMMERCE_ORDER.values()))
]


# --- the rules ---------------------------------------------------------------------------------


def find_violations(graph: Graph) -> list[str]:
    return [
        *unit_cycles(graph),
        *module_cycles(graph),
        *upward_imports(graph),
        *unexplained_late_imports(graph),
    ]


def unit_cycles(graph: Graph) -> list[str]:
    examples = _examples(
        ((unit_of(i.source, graph), unit_of(i.target, graph)), i) for i in graph.imports
    )
    return [_cycle_message("unit cycle", cycle, examples) for cycle in find_cycles(examples)]


def module_cycles(graph: Graph) -> list[str]:
    examples = _examples(((i.source, i.target), i) for i in graph.imports)
    return [_cycle_message("module cycle", cycle, examples) for cycle in find_cycles(examples)]


def _examples(
    edges: Iterable[tuple[tuple[str, str], Import]],
) -> dict[tuple[str, str], tuple[Import, int]]:
    """Per edge between two different nodes: its first import statement, and how many."""
    found: dict[tuple[str, str], tuple[Import, int]] = {}
    for edge, imp in edges:
        if edge[0] != edge[1]:
            first, count = found.get(edge, (imp, 0))
            found[edge] = (first, count + 1)
    return found


def _cycle_message(
    kind: str, cycle: list[str], examples: Mapping[tuple[str, str], tuple[Import, int]]
) -> str:
    lines = [f"{kind}: " + " -> ".join(cycle)]
    for a, b in pairwise(cycle):
        example, count = examples[(a, b)]
        more = f" (and {count - 1} more)" if count > 1 else ""
        lines.append(f"    {a} -> {b}: {example.where}{more}")
    return "\n".join(lines)


def find_cycles(edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Cycles that together cover every edge lying on one: for each such edge a -> b, a then
    the shortest way from b back to a. Each is listed once, from its smallest node, closed."""
    adjacency: dict[str, set[str]] = {}
    for a, b in edges:
        adjacency.setdefault(a, set()).add(b)
    seen: set[tuple[str, ...]] = set()
    for a in sorted(adjacency):
        for b in sorted(adjacency[a]):
            back = _shortest_path(adjacency, b, a)
            if back is None:
                continue
            nodes = [a, *back[:-1]]
            start = nodes.index(min(nodes))
            seen.add(tuple(nodes[start:] + nodes[:start]))
    return [[*cycle, cycle[0]] for cycle in sorted(seen)]


def _shortest_path(adjacency: Mapping[str, set[str]], start: str, goal: str) -> list[str] | None:
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [node]
            while (step := previous[path[-1]]) is not None:
                path.append(step)
            return path[::-1]
        for following in sorted(adjacency.get(node, ())):
            if following not in previous:
                previous[following] = node
                queue.append(following)
    return None


def upward_imports(graph: Graph) -> list[str]:
    found: list[str] = []
    for imp in graph.imports:
        source_unit, target_unit = unit_of(imp.source, graph), unit_of(imp.target, graph)
        reason = upward_reason(source_unit, target_unit, graph.package)
        if reason is not None:
            found.append(
                f"upward import: {imp.source} ({_describe(source_unit, graph.package)}) imports "
                f"{imp.target} ({_describe(target_unit, graph.package)}): {reason}; "
                f"at {imp.where}"
            )
    return found


def unexplained_late_imports(graph: Graph) -> list[str]:
    return [
        f"function-level import without a comment saying why: {late.file}:{late.line} "
        f"`{late.statement}` (in {late.module})"
        for late in graph.late_imports
        if not late.explained
    ]


# --- the tests ---------------------------------------------------------------------------------


def test_the_service_follows_the_dependency_rules() -> None:
    violations = find_violations(build_graph(SRC, PACKAGE))
    assert not violations, f"{len(violations)} dependency rule violation(s):\n" + "\n".join(
        violations
    )


def test_the_real_tree_is_read() -> None:
    """A walker that reads nothing would pass every rule."""
    graph = build_graph(SRC, PACKAGE)
    assert {"olympus", "olympus.core.db", "olympus.app"} <= graph.modules
    assert {"olympus.auth.router", "olympus.auth.router.passkeys"} <= graph.edge_modules
    edges = {(i.source, i.target) for i in graph.imports}
    assert ("olympus.app", "olympus.auth.router") in edges
    assert ("olympus.core.db", "olympus.core.tenancy") in edges
    assert ("olympus.accounts.service", "olympus.auth.service") in edges


def _plant(tmp_path: Path, files: Mapping[str, str]) -> Graph:
    """A package `olympus` of these files (paths under `src/olympus/`) and its graph; every
    folder gets an `__init__.py`."""
    root = tmp_path / "src"
    for name, text in files.items():
        path = root / PACKAGE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    for folder in [root / PACKAGE, *(p for p in (root / PACKAGE).rglob("*") if p.is_dir())]:
        (folder / "__init__.py").touch()
    return build_graph(root, PACKAGE)


def _matching(violations: list[str], *needles: str) -> list[str]:
    return [v for v in violations if all(n in v for n in needles)]


_UPWARD = re.compile(r"^upward import: (\S+) \(.*?\) imports (\S+) \(")


def _upward_pairs(violations: list[str]) -> set[tuple[str, str]]:
    return {(m[1], m[2]) for v in violations if (m := _UPWARD.match(v))}


def test_platform_importing_auth_is_upward(tmp_path: Path) -> None:
    graph = _plant(
        tmp_path,
        {
            "auth/service.py": "",
            "platform/users/service.py": "from olympus.auth.service import Authenticator\n",
        },
    )
    violations = find_violations(graph)
    assert _matching(
        violations,
        "upward import: olympus.platform.users.service (olympus.platform.users, layer 1)",
        "imports olympus.auth.service (olympus.auth, layer 2)",
        "src/olympus/platform/users/service.py:1",
    ), violations
    assert len(violations) == 1, violations


def test_relative_and_type_checking_imports_count(tmp_path: Path) -> None:
    graph = _plant(
        tmp_path,
        {
            "auth/service.py": "",
            "accounts/service.py": "",
            "platform/users/service.py": """\
                from typing import TYPE_CHECKING

                if TYPE_CHECKING:
                    from olympus.accounts import service

                def f() -> None:
                    if TYPE_CHECKING:
                        from ...auth import service
            """,
        },
    )
    violations = find_violations(graph)
    assert _matching(violations, "imports olympus.accounts.service", "service.py:4")
    assert _matching(violations, "imports olympus.auth.service", "service.py:8")
    assert not _matching(violations, "function-level import"), violations


def test_a_cycle_between_two_units(tmp_path: Path) -> None:
    graph = _plant(
        tmp_path,
        {
            "platform/users/models.py": "",
            "platform/users/service.py": "from olympus.platform.rbac.models import Role\n",
            "platform/rbac/models.py": "",
            "platform/rbac/service.py": "\n\nfrom olympus.platform.users import models\n",
        },
    )
    violations = find_violations(graph)
    assert violations == [
        "unit cycle: olympus.platform.rbac -> olympus.platform.users -> olympus.platform.rbac\n"
        "    olympus.platform.rbac -> olympus.platform.users: "
        "src/olympus/platform/rbac/service.py:3 `from olympus.platform.users import models`\n"
        "    olympus.platform.users -> olympus.platform.rbac: "
        "src/olympus/platform/users/service.py:1 `from olympus.platform.rbac.models import Role`"
    ]


def test_a_cycle_between_modules(tmp_path: Path) -> None:
    graph = _plant(
        tmp_path,
        {
            "core/db.py": "from olympus.core.tenancy import ScopedSession\n",
            "core/tenancy.py": """\
                def is_tenant_owned() -> bool:
                    # late: core.db imports this module
                    from olympus.core.db import TenantOwned
                    return True
            """,
        },
    )
    violations = find_violations(graph)
    assert violations == [
        "module cycle: olympus.core.db -> olympus.core.tenancy -> olympus.core.db\n"
        "    olympus.core.db -> olympus.core.tenancy: "
        "src/olympus/core/db.py:1 `from olympus.core.tenancy import ScopedSession`\n"
        "    olympus.core.tenancy -> olympus.core.db: "
        "src/olympus/core/tenancy.py:3 `from olympus.core.db import TenantOwned`"
    ]


def test_a_long_cycle_is_reported_with_every_edge(tmp_path: Path) -> None:
    graph = _plant(
        tmp_path,
        {
            "platform/a/service.py": "import olympus.platform.b.service\n",
            "platform/b/service.py": "from olympus.platform.c import service\n",
            "platform/c/service.py": "from olympus.platform.a import service\n",
        },
    )
    cycles = _matching(find_violations(graph), "unit cycle")
    assert len(cycles) == 1
    assert cycles[0].startswith(
        "unit cycle: olympus.platform.a -> olympus.platform.b -> olympus.platform.c -> "
        "olympus.platform.a\n"
    )
    assert len(cycles[0].splitlines()) == 4


def test_function_level_imports_say_why(tmp_path: Path) -> None:
    graph = _plant(
        tmp_path,
        {
            "app.py": "",
            "cli.py": """\
                def serve() -> None:
                    import uvicorn

                def run() -> None:
                    # Start-up stays fast: the app is built only by the commands that need it.
                    from olympus.app import create_app

                def migrate() -> None:
                    from olympus.core import db  # only this command touches the database

                def check() -> None:
                    x = 1  # a comment about x, not the import
                    import json

                def lint() -> None:
                    import ast  # noqa: PLC0415

                class Command:
                    def method(self) -> None:
                        import os
            """,
            "core/db.py": "",
        },
    )
    violations = find_violations(graph)
    flagged = sorted(int(v.split("cli.py:")[1].split()[0]) for v in violations)
    assert flagged == [2, 13, 16, 20], violations
    assert all(v.startswith("function-level import without a comment") for v in violations)


def test_the_http_edge_app_and_cli(tmp_path: Path) -> None:
    graph = _plant(
        tmp_path,
        {
            "app.py": "from olympus.platform.users.router import router\n",
            "cli.py": "from olympus.app import create_app\n",
            "models.py": "from olympus.platform.users.models import User\n",
            "core/dependencies.py": "from olympus.core.db import Database\n",
            "core/db.py": "",
            "auth/dependencies.py": "from olympus.core.dependencies import database\n",
            "auth/service.py": "from olympus.auth.dependencies import CurrentUser\n",
            "platform/users/models.py": "",
            "platform/users/router.py": (
                "from olympus.auth.dependencies import CurrentUser\n"
                "from olympus.platform.users import service\n"
            ),
            "platform/users/service.py": "from olympus import cli\n",
            "platform/users/schemas.py": "from olympus.app import create_app\n",
        },
    )
    violations = find_violations(graph)
    assert _matching(
        violations,
        "olympus.auth.service (olympus.auth, layer 2) imports olympus.auth.dependencies "
        "(olympus.auth:edge, layer 4): only the HTTP edge",
    )
    assert _matching(violations, "imports olympus.cli", "nothing imports olympus.cli")
    assert _matching(violations, "imports olympus.app", "platform/users/schemas.py:1")
    assert len(_matching(violations, "upward import")) == 3, violations


def test_a_router_package_is_the_edge(tmp_path: Path) -> None:
    """A `router.py` grown into a `router/` package stays at the edge, every module of it."""
    graph = _plant(
        tmp_path,
        {
            "app.py": "from olympus.auth.router import router\n",
            "auth/dependencies.py": "",
            "auth/service.py": "from olympus.auth.router.shapes import user_out\n",
            "auth/router/__init__.py": "from olympus.auth.router import signin\n",
            "auth/router/signin.py": (
                "from olympus.auth.dependencies import AuthDep\n"
                "from olympus.auth.router.shapes import user_out\n"
            ),
            "auth/router/shapes.py": "",
        },
    )
    assert {
        "olympus.auth.router",
        "olympus.auth.router.signin",
        "olympus.auth.router.shapes",
    } <= graph.edge_modules
    assert "olympus.auth.service" not in graph.edge_modules
    violations = find_violations(graph)
    assert _upward_pairs(violations) == {("olympus.auth.service", "olympus.auth.router.shapes")}
    assert len(violations) == 1, violations


def test_commerce_sits_beside_auth_in_its_own_order(tmp_path: Path) -> None:
    graph = _plant(
        tmp_path,
        {
            "accounts/service.py": "from olympus.commerce.orders import service\n",
            "auth/service.py": "from olympus.commerce.catalog import service\n",
            "platform/users/service.py": "from olympus.commerce.catalog import models\n",
            "commerce/catalog/models.py": "",
            "commerce/catalog/service.py": "from olympus.commerce.pricing import service\n",
            "commerce/customers/service.py": "from olympus.commerce.catalog import models\n",
            "commerce/pricing/service.py": "from olympus.commerce.discounts import service\n",
            "commerce/discounts/service.py": "from olympus.auth import service\n",
            "commerce/orders/service.py": (
                "from olympus.commerce.pricing import service\n"
                "from olympus.commerce.loyalty import service as loyalty\n"
                "from olympus.accounts import service as accounts\n"
            ),
            "commerce/loyalty/service.py": "from olympus.commerce.analytics import service\n",
            "commerce/analytics/service.py": "",
        },
    )
    violations = find_violations(graph)
    assert _upward_pairs(violations) == {
        ("olympus.auth.service", "olympus.commerce.catalog.service"),
        ("olympus.platform.users.service", "olympus.commerce.catalog.models"),
        ("olympus.commerce.catalog.service", "olympus.commerce.pricing.service"),
        ("olympus.commerce.orders.service", "olympus.accounts.service"),
    }, violations
    assert _matching(violations, "commerce.catalog.service", "later part of commerce")
    assert _matching(violations, "auth never imports commerce")
    # orders -> accounts is upward, and with accounts -> orders it is a cycle too
    assert _matching(
        violations, "unit cycle: olympus.accounts -> olympus.commerce.orders -> olympus.accounts"
    )


def test_an_unknown_top_level_unit_defaults_to_layer_3(tmp_path: Path) -> None:
    graph = _plant(
        tmp_path,
        {
            "reports/service.py": "from olympus.platform.users import service\n",
            "platform/users/service.py": "",
            "platform/audit/service.py": "import olympus.reports.service\n",
        },
    )
    violations = find_violations(graph)
    assert len(violations) == 1, violations
    assert "olympus.reports, layer 3 by default" in violations[0]


def test_no_edge_to_parent_packages(tmp_path: Path) -> None:
    graph = _plant(
        tmp_path,
        {
            "core/db.py": "class Base: ...\n",
            "platform/users/service.py": (
                "import olympus.core.db\nfrom olympus.core.db import Base\nimport os.path\n"
            ),
        },
    )
    assert {(i.source, i.target) for i in graph.imports} == {
        ("olympus.platform.users.service", "olympus.core.db")
    }
    assert find_violations(graph) == []


def test_a_tree_that_follows_the_rules_passes(tmp_path: Path) -> None:
    graph = _plant(
        tmp_path,
        {
            "__init__.py": '__version__ = "1"\n',
            "config.py": "from olympus import __version__\n",
            "core/db.py": "from olympus.config import Settings\n",
            "core/tenancy.py": "from olympus.core.db import Base\n",
            "core/dependencies.py": "from . import db\n",
            "platform/tenants/service.py": "from olympus.core import tenancy\n",
            "platform/users/service.py": """\
                from typing import TYPE_CHECKING

                from olympus.platform.tenants import service as tenants

                if TYPE_CHECKING:
                    from olympus.core.db import Base
            """,
            "platform/users/router.py": (
                "from olympus.auth.dependencies import CurrentUser\n"
                "from olympus.accounts import members\n"
            ),
            "auth/service.py": "from olympus.platform.users import service\n",
            "auth/dependencies.py": "from ..core.dependencies import db\n",
            "commerce/catalog/service.py": "from olympus.auth import service\n",
            "commerce/orders/service.py": "from olympus.commerce.catalog import service\n",
            "accounts/members.py": (
                "from olympus.auth import service\nfrom olympus.commerce.orders import service\n"
            ),
            "models.py": "from olympus.platform.users import service\n",
            "app.py": (
                "from olympus.platform.users.router import router\nfrom olympus import models\n"
            ),
            "cli.py": """\
                def serve() -> None:
                    from olympus.app import create_app  # the app is built only to serve
            """,
        },
    )
    assert len(graph.imports) == 19
    assert find_violations(graph) == []
