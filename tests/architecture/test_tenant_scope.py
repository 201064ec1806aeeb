"""Every hand-written statement on a tenant-owned table binds `tenant_id`, read from the source.

ORM statements run through the session are filtered by the tenancy hook, but Core statements
(`sa.select(table.c.x)`, `sa.update(table)`, `sa.insert(table)`, on `session.connection()` or
any connection) and raw SQL (driver SQL, `sa.text`) are not, and SQLite has no row-level
security. Tenant-owned tables: those of the service's metadata with a `tenant_id` column, and
those of classes using the `TenantOwned` mixin (a `Table` with a `tenant_id` column defined
anywhere counts too).

R1  raw SQL: a string (implicit concatenations and f-strings' literal parts included) that reads
    as SQL (a SELECT/INSERT/UPDATE/DELETE/WITH word and a FROM/INTO/UPDATE/JOIN reference) and
    names a tenant-owned table as `FROM t`, `JOIN t`, `UPDATE t`, `INTO t` (optional alias)
    mentions `tenant_id` after each such reference: unqualified, or qualified by that
    reference's alias or table name. The text checked for a reference runs to the next
    FROM/UPDATE/INTO reference of a tenant-owned table (a JOIN continues the clause, so its ON
    and the WHERE that follows count for every table of the clause). DDL is ignored.
R2  Core statements: a call of select/insert/update/delete whose arguments reference a
    tenant-owned Table object (`Model.__table__`, `cast(sa.Table, Model.__table__)`, a name
    bound to one, `<that>.c.<col>`) has `tenant_id` in the method chain built on it
    (`.where(...)`, `.values(tenant_id=...)`, `.filter_by(tenant_id=...)`), or, when the
    statement is assigned to a name and extended later: at module level every chain built on
    the name binds it, in a function at least one does. Statements built from ORM classes only
    are the session hook's business and are not checked.

A deliberate cross-tenant statement carries `# tenant-scope: <reason>` on its line or the line
directly above (the line above its enclosing statement counts too); an escape without a reason
is itself a violation.
"""

import ast
import builtins
import importlib
import io
import re
import sys
import textwrap
import tokenize
import types
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src"
PACKAGE = "olympus"
MODELS_MODULE = "olympus.models"
BASE_MODULE = "olympus.core.db"
MIXIN_MODULES = ("olympus.core.tenancy", "olympus.core.db")

R1 = "R1 raw SQL"
R2 = "R2 Core statement"
ESCAPE = "escape"
IMPORT = "import"


@dataclass(frozen=True, order=True)
class Checked:
    """A statement on a tenant-owned table the rules looked at (bound or not)."""

    file: str
    line: int
    rule: str
    table: str


@dataclass(frozen=True, order=True)
class Violation:
    file: str
    line: int
    rule: str
    table: str
    message: str

    def __str__(self) -> str:
        table = f" {self.table}:" if self.table else ""
        return f"{self.file}:{self.line}: [{self.rule}]{table} {self.message}"


# --- which tables are tenant-owned -------------------------------------------------------------


@dataclass(frozen=True)
class TenantTables:
    names: frozenset[str]
    mixin: type | None

    def table_of(self, obj: object) -> str | None:
        """The name of the tenant-owned table `obj` is (or is an alias of), else None."""
        if isinstance(obj, sa.Alias):
            obj = obj.element
        if isinstance(obj, sa.Table) and (obj.name in self.names or "tenant_id" in obj.c):
            return obj.name
        return None


def find_mixin() -> type | None:
    for module_name in MIXIN_MODULES:
        mixin = getattr(importlib.import_module(module_name), "TenantOwned", None)
        if isinstance(mixin, type):
            return mixin
    return None


def tenant_tables() -> TenantTables:
    """From the service's metadata, once every model is imported."""
    importlib.import_module(MODELS_MODULE)
    base = importlib.import_module(BASE_MODULE).Base
    mixin = find_mixin()
    names = {t.name for t in base.metadata.tables.values() if "tenant_id" in t.c}
    if mixin is not None:
        names |= {
            m.local_table.name
            for m in base.registry.mappers
            if issubclass(m.class_, mixin) and isinstance(m.local_table, sa.Table)
        }
    return TenantTables(frozenset(names), mixin)


# --- comments and escapes ----------------------------------------------------------------------

_ESCAPE = re.compile(r"(?:^tenant-scope\b:?|(?<![\w-])tenant-scope:)(.*)$")


def comments_of(source: str) -> dict[int, str]:
    return {
        token.start[0]: token.string.lstrip("#").strip()
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }


def escape_reason(comment: str) -> str | None:
    """The reason of a `tenant-scope:` escape comment ("" when it gives none), else None."""
    match = _ESCAPE.search(comment)
    return None if match is None else match.group(1).strip()


# --- R1: raw SQL -------------------------------------------------------------------------------

_DML = re.compile(r"\b(?:SELECT|INSERT|UPDATE|DELETE|WITH|select|insert|update|delete|with)\b")
_DDL = re.compile(
    r"\b(?:CREATE|ALTER|DROP|GRANT|REVOKE|POLICY|create|alter|drop|grant|revoke|policy)\b"
)
_REFERENCE = re.compile(
    r"\b(?P<kw>FROM|JOIN|UPDATE|INTO|from|join|update|into)\s+(?:ONLY\s+|only\s+)?"
    r'(?:"?\w+"?\s*\.\s*)?"?(?P<table>[A-Za-z_]\w*)"?'
    r"(?:\s+(?:AS\s+|as\s+)?(?P<alias>[A-Za-z_]\w*))?"
)
_NOT_AN_ALIAS = frozenset(
    [
        "where",
        "set",
        "values",
        "join",
        "inner",
        "left",
        "right",
        "full",
        "outer",
        "cross",
        "natural",
        "on",
        "using",
        "group",
        "order",
        "limit",
        "offset",
        "for",
        "returning",
        "select",
        "union",
        "intersect",
        "except",
        "having",
        "window",
        "fetch",
        "default",
        "as",
        "lateral",
        "tablesample",
    ]
)
_TENANT_ID = re.compile(r"tenant_id\b")


@dataclass(frozen=True)
class Reference:
    keyword: str
    table: str
    alias: str | None
    start: int
    end: int


def sql_references(text: str, tables: Iterable[str]) -> list[Reference]:
    """The references to tenant-owned tables of a string that reads as SQL (DDL: none)."""
    owned = {t.lower() for t in tables}
    if not _DML.search(text) or _DDL.search(text):
        return []
    found: list[Reference] = []
    for match in _REFERENCE.finditer(text):
        table = match["table"].lower()
        if table not in owned:
            continue
        alias = match["alias"]
        if alias is not None and alias.lower() in _NOT_AN_ALIAS:
            alias = None
        end = match.end() if alias is not None else match.end("table")
        found.append(Reference(match["kw"].upper(), table, alias, match.start(), end))
    return found


def unbound_references(text: str, tables: Iterable[str]) -> list[Reference]:
    """The references of `text` with no `tenant_id` of theirs in the text that follows them."""
    references = sql_references(text, tables)
    unbound: list[Reference] = []
    for i, ref in enumerate(references):
        stop = next(
            (r.start for r in references[i + 1 :] if r.keyword != "JOIN"),
            len(text),
        )
        qualifiers = {ref.table} | ({ref.alias.lower()} if ref.alias else set())
        if not _binds(text[ref.end : stop], qualifiers):
            unbound.append(ref)
    return unbound


def _binds(segment: str, qualifiers: set[str]) -> bool:
    for match in _TENANT_ID.finditer(segment):
        before = segment[: match.start()].rstrip('"')
        if before and (before[-1].isalnum() or before[-1] == "_"):
            continue  # part of a longer word
        if not before.rstrip().endswith("."):
            return True  # unqualified
        qualifier = re.search(r'"?(\w+)"?\s*\.\s*$', before)
        if qualifier is not None and qualifier[1].lower() in qualifiers:
            return True
    return False


def string_text(node: ast.expr) -> str | None:
    """The text of a string expression: a constant, an f-string's literal parts (each value
    stands as `?`), or a `+` of those."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "?"
            for v in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = string_text(node.left), string_text(node.right)
        if left is not None and right is not None:
            return left + right
    return None


# --- R2: Core statements -----------------------------------------------------------------------

_VERBS = frozenset({"select", "insert", "update", "delete"})
_SA_NAMES = frozenset({"sa", "sqlalchemy", "postgresql", "sqlite", "mysql"})
# Methods of a statement whose arguments never restrict its rows.
_NOT_BINDING = frozenset(
    [
        "returning",
        "order_by",
        "group_by",
        "add_columns",
        "with_only_columns",
        "distinct",
        "execution_options",
        "with_for_update",
        "limit",
        "offset",
        "options",
        "on_conflict_do_nothing",
        "prefix_with",
        "suffix_with",
        "with_hint",
    ]
)
_MISSING = object()


def _dotted(node: ast.expr) -> list[str] | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *reversed(parts)]


def _mentions_tenant(nodes: Iterable[ast.AST]) -> bool:
    for top in nodes:
        for node in ast.walk(top):
            if (
                (isinstance(node, ast.Name) and node.id == "tenant_id")
                or (isinstance(node, ast.Attribute) and node.attr == "tenant_id")
                or (isinstance(node, ast.Constant) and node.value == "tenant_id")
                or (isinstance(node, ast.keyword) and node.arg == "tenant_id")
            ):
                return True
    return False


def _call_parts(call: ast.Call) -> list[ast.AST]:
    return [*call.args, *call.keywords]


@dataclass
class _Scope:
    """Names of a function: those bound to a tenant-owned table (name → table), and those
    bound to anything else (which hide the module's names)."""

    tables: dict[str, str] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)


class _FileScan:
    def __init__(
        self,
        source: str,
        *,
        file: str,
        namespace: Mapping[str, Any],
        tenant: TenantTables,
    ) -> None:
        self.file = file
        self.namespace = namespace
        self.tenant = tenant
        self.tree = ast.parse(source, filename=file)
        self.comments = comments_of(source)
        self.parents: dict[ast.AST, ast.AST] = {
            child: parent
            for parent in ast.walk(self.tree)
            for child in ast.iter_child_nodes(parent)
        }
        self._scopes: dict[ast.AST, _Scope] = {}
        self.violations: list[Violation] = []
        self.checked: list[Checked] = []

    # shared

    def _report(self, line: int, rule: str, table: str, message: str) -> None:
        self.violations.append(Violation(self.file, line, rule, table, message))

    def _statement_of(self, node: ast.AST) -> ast.AST:
        while not isinstance(node, ast.stmt) and node in self.parents:
            node = self.parents[node]
        return node

    def _escaped(self, *nodes: ast.AST) -> bool:
        lines: set[int] = set()
        for node in nodes:
            for anchor in (node, self._statement_of(node)):
                line = getattr(anchor, "lineno", 0)
                lines |= {line, line - 1}
        return any(escape_reason(self.comments.get(line, "")) not in (None, "") for line in lines)

    def _functions_around(self, node: ast.AST) -> list[ast.AST]:
        found: list[ast.AST] = []
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                found.append(node)
        return found

    def run(self) -> tuple[list[Violation], list[Checked]]:
        self.check_escapes()
        self.check_raw_sql()
        self.check_core_statements()
        return self.violations, self.checked

    def check_escapes(self) -> None:
        for line, comment in sorted(self.comments.items()):
            if escape_reason(comment) == "":
                self._report(
                    line,
                    ESCAPE,
                    "",
                    "`# tenant-scope:` escape without a reason: say why this statement "
                    "crosses tenants",
                )

    # R1

    def check_raw_sql(self) -> None:
        for node in self._strings(self.tree):
            text = string_text(node)
            if text is None:
                continue
            self.checked += [
                Checked(self.file, node.lineno, R1, ref.table)
                for ref in sql_references(text, self.tenant.names)
            ]
            for ref in unbound_references(text, self.tenant.names):
                if self._escaped(node):
                    continue
                snippet = " ".join(text[ref.start : ref.end].split())
                self._report(
                    node.lineno,
                    R1,
                    ref.table,
                    f"`{snippet}` without its tenant_id in the text that follows (bind "
                    f"{ref.alias or ref.table}.tenant_id, or escape with `# tenant-scope: "
                    "<reason>`)",
                )

    def _strings(self, node: ast.AST) -> Iterator[ast.expr]:
        """Every string expression once, skipping docstrings and other bare strings."""
        if isinstance(node, ast.Expr) and string_text(node.value) is not None:
            return
        if isinstance(node, ast.expr) and string_text(node) is not None:
            yield node
            return
        for child in ast.iter_child_nodes(node):
            yield from self._strings(child)

    # R2

    def check_core_statements(self) -> None:
        for node in ast.walk(self.tree):
            if not (isinstance(node, ast.Call) and self._is_constructor(node.func)):
                continue
            table = self._table_in(node)
            if table is None:
                continue
            self.checked.append(Checked(self.file, node.lineno, R2, table))
            verb = node.func.attr if isinstance(node.func, ast.Attribute) else ""
            verb = node.func.id if isinstance(node.func, ast.Name) else verb
            top, calls = self._chain(node)
            if self._binds(calls) or self._escaped(node):
                continue
            self._check_assigned(node, top, table, verb)

    def _check_assigned(self, call: ast.Call, top: ast.AST, table: str, verb: str) -> None:
        unbound = f"`{verb}` on {table} without tenant_id in its method chain"
        advice = (
            " (bind it: `.where(<table>.c.tenant_id == ...)`, `.values(tenant_id=...)`; or "
            "escape with `# tenant-scope: <reason>`)"
        )
        name = self._assigned_name(top)
        if name is None:
            self._report(call.lineno, R2, table, unbound + advice)
            return
        functions = self._functions_around(call)
        container: ast.AST = functions[0] if functions else self.tree
        uses = [
            n
            for n in ast.walk(container)
            if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
        ]
        bound = {id(use): self._binds(self._chain(use)[1]) for use in uses}
        if functions:
            if not any(bound.values()):
                self._report(
                    call.lineno,
                    R2,
                    table,
                    f"{unbound}, nor in any chain built on `{name}` later" + advice,
                )
            return
        if not uses:
            self._report(
                call.lineno,
                R2,
                table,
                f"{unbound}, assigned to `{name}` and never used in this module" + advice,
            )
        for use in uses:
            if not bound[id(use)] and not self._escaped(use):
                self._report(
                    use.lineno,
                    R2,
                    table,
                    f"`{name}` (a `{verb}` on {table}, line {call.lineno}) used without "
                    "tenant_id in the chain built on it" + advice,
                )

    def _assigned_name(self, top: ast.AST) -> str | None:
        parent = self.parents.get(top)
        if isinstance(parent, ast.Assign) and parent.value is top and len(parent.targets) == 1:
            target = parent.targets[0]
            return target.id if isinstance(target, ast.Name) else None
        if isinstance(parent, ast.AnnAssign | ast.NamedExpr) and parent.value is top:
            return parent.target.id if isinstance(parent.target, ast.Name) else None
        return None

    def _chain(self, node: ast.AST) -> tuple[ast.AST, list[ast.Call]]:
        """The outermost expression of the method chain built on `node`, and its calls."""
        calls: list[ast.Call] = []
        while True:
            attribute = self.parents.get(node)
            if not (isinstance(attribute, ast.Attribute) and attribute.value is node):
                return node, calls
            call = self.parents.get(attribute)
            if not (isinstance(call, ast.Call) and call.func is attribute):
                return node, calls
            calls.append(call)
            node = call

    def _binds(self, calls: list[ast.Call]) -> bool:
        return any(
            isinstance(call.func, ast.Attribute)
            and call.func.attr not in _NOT_BINDING
            and _mentions_tenant(_call_parts(call))
            for call in calls
        )

    def _is_constructor(self, func: ast.expr) -> bool:
        if isinstance(func, ast.Name):
            if func.id in _VERBS:
                return True
            value = self.namespace.get(func.id, _MISSING)
            return (
                getattr(value, "__name__", None) in _VERBS
                and str(getattr(value, "__module__", "")).startswith("sqlalchemy")
                and callable(value)
            )
        if not (isinstance(func, ast.Attribute) and func.attr in _VERBS):
            return False
        path = _dotted(func.value)
        if path is None:
            return False
        value = self._resolve(path)
        if isinstance(value, types.ModuleType):
            return value.__name__.startswith("sqlalchemy")
        return value is _MISSING and path[0] in _SA_NAMES

    def _resolve(self, path: list[str]) -> object:
        value = self.namespace.get(path[0], getattr(builtins, path[0], _MISSING))
        for attr in path[1:]:
            if value is _MISSING:
                break
            try:
                value = getattr(value, attr)
            except Exception:
                value = _MISSING
        return value

    def _table_in(self, call: ast.Call) -> str | None:
        """The first tenant-owned table the call's arguments reference."""
        scope = self._scope_of(call)
        for part in _call_parts(call):
            for node in ast.walk(part):
                if isinstance(node, ast.Name | ast.Attribute):
                    table = self._table_of(node, scope)
                    if table is not None:
                        return table
        return None

    def _table_of(self, node: ast.expr, scope: _Scope) -> str | None:
        path = _dotted(node)
        if path is None:
            return None
        if path[0] in scope.tables:
            return scope.tables[path[0]] if len(path) == 1 else None
        if path[0] in scope.hidden:
            return None
        value = self._resolve(path)
        return None if value is _MISSING else self.tenant.table_of(value)

    def _table_expression(self, node: ast.expr, scope: _Scope) -> str | None:
        """The table of `T`, `cast(X, T)` or `T.alias(...)`, T being a tenant-owned table."""
        if isinstance(node, ast.Call):
            func = _dotted(node.func)
            if func is not None and func[-1] == "cast" and len(node.args) == 2:
                return self._table_expression(node.args[1], scope)
            if isinstance(node.func, ast.Attribute) and node.func.attr == "alias":
                return self._table_expression(node.func.value, scope)
            return None
        return self._table_of(node, scope)

    def _scope_of(self, node: ast.AST) -> _Scope:
        scope = _Scope()
        for function in reversed(self._functions_around(node)):  # outermost first
            inner = self._function_scope(function, scope)
            tables = {k: v for k, v in scope.tables.items() if k not in inner.hidden}
            scope = _Scope({**tables, **inner.tables}, scope.hidden | inner.hidden)
        return scope

    def _function_scope(self, function: ast.AST, outer: _Scope) -> _Scope:
        if function in self._scopes:
            return self._scopes[function]
        scope = _Scope()
        assert isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        arguments = function.args
        for arg in [
            *arguments.posonlyargs,
            *arguments.args,
            *arguments.kwonlyargs,
            *([arguments.vararg] if arguments.vararg else []),
            *([arguments.kwarg] if arguments.kwarg else []),
        ]:
            scope.hidden.add(arg.arg)
        for node in ast.walk(function):
            value: ast.expr | None = None
            names: list[str] = []
            if isinstance(node, ast.Assign):
                value = node.value
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
                for target in node.targets:
                    if isinstance(target, ast.Tuple | ast.List):
                        scope.hidden |= {e.id for e in target.elts if isinstance(e, ast.Name)}
            elif isinstance(node, ast.AnnAssign | ast.NamedExpr | ast.AugAssign):
                value = node.value
                names = [node.target.id] if isinstance(node.target, ast.Name) else []
            elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
                scope.hidden |= {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
            elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                scope.hidden |= {
                    n.id for n in ast.walk(node.optional_vars) if isinstance(n, ast.Name)
                }
            for name in names:
                table = None if value is None else self._table_expression(value, outer)
                if table is not None:
                    scope.tables[name] = table
                scope.hidden.add(name)
        self._scopes[function] = scope
        return scope


def scan_source(
    source: str, *, file: str, namespace: Mapping[str, Any], tenant: TenantTables
) -> tuple[list[Violation], list[Checked]]:
    """The violations of one module, and the statements checked; `namespace` (the module's
    globals) resolves its names."""
    return _FileScan(source, file=file, namespace=namespace, tenant=tenant).run()


def modules_of(root: Path, package: str) -> dict[str, Path]:
    modules: dict[str, Path] = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def scan(root: Path, package: str) -> list[Violation]:
    """Every violation under `root/package` (`root` holds the package, e.g. `src`)."""
    return scan_with_statements(root, package)[0]


def scan_with_statements(root: Path, package: str) -> tuple[list[Violation], list[Checked]]:
    """The violations under `root/package`, and every statement the rules checked. Each
    module is imported (from `sys.path`, which must find it at this very file) to resolve its
    names."""
    violations: list[Violation] = []
    checked: list[Checked] = []
    namespaces: dict[str, Mapping[str, Any]] = {}
    modules = modules_of(root, package)
    for name, path in modules.items():
        file = path.relative_to(root.parent).as_posix()
        try:
            module = importlib.import_module(name)
        except Exception as exc:
            violations.append(Violation(file, 1, IMPORT, "", f"cannot import {name}: {exc!r}"))
            continue
        loaded = Path(getattr(module, "__file__", None) or "").resolve()
        if loaded != path.resolve():
            message = f"{name} was imported from {loaded}, not from this file"
            violations.append(Violation(file, 1, IMPORT, "", message))
            continue
        namespaces[name] = vars(module)
    tenant = tenant_tables()
    for name, path in modules.items():
        if name in namespaces:
            file = path.relative_to(root.parent).as_posix()
            source = path.read_text(encoding="utf-8")
            found, seen = scan_source(source, file=file, namespace=namespaces[name], tenant=tenant)
            violations += found
            checked += seen
    return sorted(violations), sorted(checked)


# --- the tests ---------------------------------------------------------------------------------


def test_every_hand_written_statement_binds_the_tenant() -> None:
    violations = scan(SRC, PACKAGE)
    assert not violations, (
        f"{len(violations)} statement(s) on tenant-owned tables without tenant_id:\n"
        + "\n".join(map(str, violations))
    )


def test_the_real_tree_is_read() -> None:
    """A scanner that sees nothing would pass: some statements it must see today."""
    _, checked = scan_with_statements(SRC, PACKAGE)
    seen = {(c.file.rsplit("/", 1)[-1], c.rule, c.table) for c in checked}
    assert {
        ("repository.py", R1, "users"),
        ("locks.py", R1, "users"),
        ("repository.py", R1, "refresh_tokens"),
        ("repository.py", R1, "auth_sessions"),
        ("repository.py", R1, "tenant_settings"),
        ("events.py", R1, "events"),
        ("repository.py", R2, "users"),
        ("locks.py", R2, "users"),
        ("repository.py", R2, "refresh_tokens"),
        ("repository.py", R2, "auth_sessions"),
        ("idempotency.py", R2, "idempotency_keys"),
    } <= seen, sorted(seen)


def test_the_tenant_owned_tables() -> None:
    tables = tenant_tables()
    assert {"users", "roles", "role_grants", "auth_sessions", "refresh_tokens"} <= tables.names
    assert {"one_time_tokens", "events", "idempotency_keys"} <= tables.names
    assert "tenants" not in tables.names
    assert tables.mixin is not None


SQL_TABLES = frozenset({"users", "roles", "refresh_tokens", "auth_sessions"})


@pytest.mark.parametrize(
    ("sql", "unbound"),
    [
        ("SELECT id FROM users WHERE email_normalized = $1", ["users"]),
        ("SELECT id FROM users WHERE tenant_id = $1 AND email_normalized = $2", []),
        ("INSERT INTO refresh_tokens (tenant_id, id) VALUES ($1, $2)", []),
        ("INSERT INTO refresh_tokens (id, token_hash) VALUES ($1, $2)", ["refresh_tokens"]),
        ("UPDATE users SET name = $2 WHERE id = $1", ["users"]),
        ('DELETE FROM "users" WHERE "tenant_id" = $1', []),
        ("SELECT u.id FROM users u WHERE u.tenant_id = $1", []),
        ("SELECT u.id FROM users AS u WHERE u.tenant_id = $1", []),
        ("SELECT u.id FROM public.users u WHERE u.tenant_id = $1", []),
        # each reference binds its own: the join's ON and the WHERE count for the clause
        (
            "SELECT u.id FROM users u JOIN roles r ON r.tenant_id = u.tenant_id "
            "WHERE u.tenant_id = $1",
            [],
        ),
        (
            "SELECT u.id FROM users u JOIN roles r ON r.id = u.role WHERE u.tenant_id = $1",
            ["roles"],
        ),
        # a subquery is a reference of its own
        (
            "SELECT id FROM users WHERE tenant_id = $1 AND id IN (SELECT user_id FROM roles)",
            ["roles"],
        ),
        (
            "WITH spent AS (UPDATE refresh_tokens SET spent_at = $3 WHERE tenant_id = $1 "
            "RETURNING session_id) SELECT s.id FROM auth_sessions s "
            "WHERE s.tenant_id = $1 AND s.id = (SELECT session_id FROM spent)",
            [],
        ),
        ("SELECT tenant_id, id FROM users WHERE email = $1", ["users"]),
        ("SELECT id, status FROM tenants WHERE slug = $1", []),
        ("SELECT 1", []),
        ("ALTER TABLE users ENABLE ROW LEVEL SECURITY", []),
        ("REVOKE UPDATE, DELETE ON users FROM app", []),
        ("Update the roles of a user from users' settings", []),
        ("select id from users where email = $1", ["users"]),
    ],
)
def test_raw_sql_references(sql: str, unbound: list[str]) -> None:
    assert [r.table for r in unbound_references(sql, SQL_TABLES)] == unbound


# --- planted modules ---------------------------------------------------------------------------

Plant = Callable[[str], list[Violation]]


def _orm_import(table: str) -> str:
    """`from <module> import <Class> as <Class>` for the mapped class of `table`, wherever the
    service defines it today."""
    importlib.import_module(MODELS_MODULE)
    base = importlib.import_module(BASE_MODULE).Base
    for mapper in base.registry.mappers:
        if getattr(mapper.local_table, "name", None) == table:
            cls = mapper.class_
            return f"from {cls.__module__} import {cls.__name__} as {cls.__name__}"
    raise LookupError(table)


@pytest.fixture
def plant(tmp_path: Path) -> Iterator[Plant]:
    """Scan a module of this source, written under a package of a unique name in `tmp_path`
    (on `sys.path` for the test only). `{model:<table>}` in the source stands for the import
    of the mapped class of that table, from wherever the service defines it."""
    packages: list[str] = []
    sys.path.insert(0, str(tmp_path))

    def scan_planted(source: str) -> list[Violation]:
        package = f"tenant_scope_plant_{uuid.uuid4().hex}"
        packages.append(package)
        folder = tmp_path / package
        folder.mkdir()
        (folder / "__init__.py").write_text("", encoding="utf-8")
        text = re.sub(r"\{model:(\w+)\}", lambda m: _orm_import(m[1]), textwrap.dedent(source))
        (folder / "statements.py").write_text(text, encoding="utf-8")
        importlib.invalidate_caches()
        return scan(tmp_path, package)

    try:
        yield scan_planted
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.split(".")[0] in packages]:
            del sys.modules[name]


def _lines(violations: list[Violation], rule: str) -> list[tuple[int, str]]:
    return [(v.line, v.table) for v in violations if v.rule == rule]


def test_driver_sql_without_tenant_is_flagged(plant: Plant) -> None:
    violations = plant('_FIND = "SELECT id FROM users WHERE email_normalized = $1"\n')
    assert _lines(violations, R1) == [(1, "users")]
    assert len(violations) == 1
    file = violations[0].file
    assert re.fullmatch(r".+/tenant_scope_plant_\w+/statements\.py", file)
    assert str(violations[0]).startswith(f"{file}:1: [R1 raw SQL] users: `FROM users` without")


def test_driver_sql_with_tenant_passes(plant: Plant) -> None:
    assert not plant(
        '_FIND = "SELECT id FROM users WHERE tenant_id = $1 AND email_normalized = $2"\n'
    )


def test_raw_sql_in_every_form(plant: Plant) -> None:
    violations = plant(
        '''\
        """A docstring may say SELECT id FROM users WHERE email = $1."""
        import sqlalchemy as sa

        TABLE = "users"
        IMPLICIT = (
            "SELECT id FROM users"
            " WHERE email = $1"
        )
        FORMATTED = f"UPDATE users SET name = {TABLE!r} WHERE id = $1"
        ADDED = "DELETE FROM roles " + "WHERE id = $1"
        TEXT = sa.text("SELECT id FROM users WHERE tenant_id = :tenant")
        TRIPLE = """
            SELECT id
            FROM users u
            JOIN roles r ON r.id = u.role_id
            WHERE u.tenant_id = $1
        """
        DDL = "CREATE INDEX ix ON users (email)"


        def f() -> str:
            """Delete the rows from users, for nobody."""
            return "SELECT id FROM refresh_tokens WHERE session_id = $1"
        '''
    )
    assert _lines(violations, R1) == [
        (6, "users"),
        (9, "users"),
        (10, "roles"),
        (12, "roles"),
        (23, "refresh_tokens"),
    ]
    assert len(violations) == 5


def test_core_statement_without_tenant_is_flagged(plant: Plant) -> None:
    violations = plant(
        """\
        from typing import Any, cast

        import sqlalchemy as sa
        {model:users}

        _USERS = cast(sa.Table, User.__table__)


        def find(x: Any) -> Any:
            return sa.select(_USERS.c.id).where(_USERS.c.email == x)
        """
    )
    assert _lines(violations, R2) == [(10, "users")]
    assert len(violations) == 1
    assert "`select` on users without tenant_id in its method chain" in str(violations[0])


def test_core_statement_with_tenant_passes(plant: Plant) -> None:
    assert not plant(
        """\
        from typing import Any, cast

        import sqlalchemy as sa
        {model:users}

        _USERS = cast(sa.Table, User.__table__)


        def find(x: Any, t: Any) -> Any:
            return sa.select(_USERS.c.id).where(_USERS.c.email == x, _USERS.c.tenant_id == t)
        """
    )


def test_core_statements_in_every_form(plant: Plant) -> None:
    violations = plant(
        """\
        from typing import Any, cast

        import sqlalchemy as sa
        from sqlalchemy import update
        from sqlalchemy.dialects import postgresql, sqlite
        {model:users}
        {model:refresh_tokens}
        {model:tenants}

        _USERS = cast(sa.Table, User.__table__)
        _TOKENS = RefreshToken.__table__
        _LISTED = sa.Table("listed", sa.MetaData(), sa.Column("tenant_id"), sa.Column("id"))
        _BOUND_LATER = sa.select(_USERS.c.id)
        _NEVER_BOUND = sa.select(_USERS.c.id)
        _ALWAYS_BOUND = sa.select(_USERS.c.id).where(_USERS.c.tenant_id == 1)


        def orm_only(x: Any) -> Any:
            sa.select(User).where(User.email == x)
            sa.update(User).values(name=x)
            return sa.select(User.id).where(User.id == x)


        def not_tenant_owned(x: Any) -> Any:
            tenants = Tenant.__table__
            return sa.select(tenants.c.id).where(tenants.c.slug == x)


        def local_table(x: Any, t: Any) -> Any:
            users = User.__table__
            sa.select(users.c.id).where(users.c.tenant_id == t)
            return sa.select(users.c.is_active).where(users.c.id == x)


        def dialects(t: Any, claim: Any) -> Any:
            postgresql.insert(_TOKENS).values(tenant_id=t, id=1)
            sqlite.insert(_TOKENS).values(**claim).on_conflict_do_nothing(
                index_elements=["tenant_id", "id"]
            )
            insert = postgresql.insert if t else sqlite.insert
            insert(_TOKENS).values(tenant_id=t)
            update(_TOKENS).values(spent_at=1).returning(_TOKENS.c.tenant_id)
            return sa.delete(_LISTED).where(_LISTED.c.id == 1)


        def later(t: Any) -> Any:
            stmt = sa.update(_USERS).values(name="x")
            stmt = stmt.where(_USERS.c.tenant_id == t)
            unbound = sa.select(_USERS.c.id)
            return _BOUND_LATER.where(_USERS.c.tenant_id == t), stmt, unbound


        def unbound_use() -> Any:
            return _BOUND_LATER, _ALWAYS_BOUND
        """
    )
    assert _lines(violations, R2) == [
        (14, "users"),
        (32, "users"),
        (37, "refresh_tokens"),
        (42, "refresh_tokens"),
        (43, "listed"),
        (49, "users"),
        (54, "users"),
    ], "\n".join(map(str, violations))
    assert len(violations) == 7
    assert "never used in this module" in str(violations[0])
    assert "`_BOUND_LATER` (a `select` on users, line 13) used without" in str(violations[-1])


def test_escapes(plant: Plant) -> None:
    violations = plant(
        """\
        from typing import Any

        import sqlalchemy as sa
        {model:users}

        # tenant-scope: the sign-in look-up runs before any tenant is known
        _FIND = "SELECT id FROM users WHERE email_normalized = $1"
        _OTHER = "SELECT id FROM users WHERE email_normalized = $1"  # tenant-scope: operators
        # tenant-scope:
        _UNEXPLAINED = "SELECT id FROM users WHERE email_normalized = $1"
        _ALSO = "SELECT id FROM users WHERE email_normalized = $1"  # tenant-scope


        def prune(cutoff: Any) -> Any:
            # tenant-scope: the retention prune crosses every tenant
            return sa.delete(User.__table__).where(
                User.__table__.c.created_at < cutoff
            )


        def prune_again(cutoff: Any) -> Any:
            return sa.delete(User.__table__).where(  # tenant-scope:
                User.__table__.c.created_at < cutoff
            )
        """
    )
    assert [(v.line, v.rule) for v in violations] == [
        (9, ESCAPE),
        (10, R1),
        (11, R1),
        (11, ESCAPE),
        (22, R2),
        (22, ESCAPE),
    ], "\n".join(map(str, violations))


def test_a_module_that_cannot_be_imported_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "not_on_the_path_pkg"
    folder.mkdir()
    (folder / "__init__.py").write_text("", encoding="utf-8")
    violations = scan(tmp_path, "not_on_the_path_pkg")
    assert [v.rule for v in violations] == [IMPORT]
