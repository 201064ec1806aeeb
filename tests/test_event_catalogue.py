"""The event catalogue: every type the source emits is declared (read from the source, so a
new `record_event` without a declaration fails here even before a test exercises it), every
declared type is emitted, each example fits its model, an envelope's data parses into its
model, and docs/EVENTS.md is what the declarations generate."""

import ast
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from olympus.cli import app as cli
from olympus.core.consumers import EventEnvelope
from olympus.core.event_types import (
    EventData,
    InvalidEventData,
    UndeclaredEventType,
    declared_types,
    lookup,
    validate_exactly,
)
from olympus.event_catalogue import parse_event, render_markdown

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "olympus"
EVENTS_MD = REPO / "docs" / "EVENTS.md"
# The functions that write an event, and the position of the event's type among their
# arguments (`record_events` takes (type, data) pairs).
EMITTERS = {"record_event": 1, "insert_event_on": 2}
BULK_EMITTERS = {"record_events": 1}
# The outbox and the subscriber API themselves: they carry any type, they emit none.
MACHINERY = {SRC / "core" / "events.py", SRC / "core" / "consumers.py"}


class Unresolved(Exception):
    pass


@dataclass
class Module:
    path: Path
    tree: ast.Module
    functions: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = field(default_factory=dict)
    parents: dict[ast.AST, ast.FunctionDef | ast.AsyncFunctionDef | None] = field(
        default_factory=dict
    )


def _load(path: Path) -> Module:
    module = Module(path, ast.parse(path.read_text(encoding="utf-8")))

    def visit(node: ast.AST, owner: ast.FunctionDef | ast.AsyncFunctionDef | None) -> None:
        for child in ast.iter_child_nodes(node):
            module.parents[child] = owner
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                module.functions.setdefault(child.name, []).append(child)
                visit(child, child)
            else:
                visit(child, owner)

    visit(module.tree, None)
    return module


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


class Scanner:
    """Resolves the event type an emit site writes: a literal, a variable given literals,
    a parameter given literals by the function's callers, or a call to a function that
    returns literals. What it can't resolve fails the test, naming the place."""

    def __init__(self, modules: list[Module]) -> None:
        self.modules = modules
        self.found: dict[str, set[str]] = {}

    def _where(self, module: Module, node: ast.AST) -> str:
        path = module.path.relative_to(REPO) if module.path.is_relative_to(REPO) else module.path
        return f"{path}:{getattr(node, 'lineno', '?')}"

    def resolve(self, module: Module, expr: ast.expr, depth: int = 0) -> set[str]:
        if depth > 8:
            raise Unresolved(self._where(module, expr))
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return {expr.value}
        if isinstance(expr, ast.Constant) and expr.value is None:
            return set()  # no event (an optional emit left out)
        if isinstance(expr, ast.IfExp):
            return self.resolve(module, expr.body, depth + 1) | self.resolve(
                module, expr.orelse, depth + 1
            )
        if isinstance(expr, ast.Name):
            return self._name(module, expr, depth)
        if isinstance(expr, ast.Call):
            return self._returned(module, expr, depth)
        raise Unresolved(self._where(module, expr))

    def _name(self, module: Module, name: ast.Name, depth: int) -> set[str]:
        owner = module.parents.get(name)
        if owner is not None:
            params = [*owner.args.posonlyargs, *owner.args.args]
            if name.id in {a.arg for a in params}:
                index = [a.arg for a in params].index(name.id)
                return self._given(module, owner, name.id, index, depth)
            if name.id in {a.arg for a in owner.args.kwonlyargs}:
                return self._given(module, owner, name.id, None, depth)
            assigned = [
                node.value
                for node in ast.walk(owner)
                if isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == name.id for t in node.targets)
            ]
            if assigned:
                return set().union(*(self.resolve(module, v, depth + 1) for v in assigned))
        for node in module.tree.body:  # a module-level constant
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name.id for t in node.targets
            ):
                return self.resolve(module, node.value, depth + 1)
        raise Unresolved(self._where(module, name))

    def _given(
        self,
        module: Module,
        function: ast.FunctionDef | ast.AsyncFunctionDef,
        param: str,
        index: int | None,
        depth: int,
    ) -> set[str]:
        """What the callers of `function` (in its module) pass as `param`."""
        default: ast.expr | None = None
        if index is None:
            kwonly = [a.arg for a in function.args.kwonlyargs]
            default = function.args.kw_defaults[kwonly.index(param)]
        types: set[str] = set()
        calls = [
            n
            for n in ast.walk(module.tree)
            if isinstance(n, ast.Call) and _callee(n) == function.name
        ]
        if not calls:
            raise Unresolved(f"{self._where(module, function)}: nobody calls {function.name}")
        for call in calls:
            given = next((k.value for k in call.keywords if k.arg == param), None)
            if given is None and index is not None and index < len(call.args):
                given = call.args[index]
            if given is None:
                given = default
            if given is None:
                continue  # left out: the default (None) emits nothing
            types |= self.resolve(module, given, depth + 1)
        return types

    def _returned(self, module: Module, call: ast.Call, depth: int) -> set[str]:
        """The literals a called function returns (or yields as the type of a pair)."""
        name = _callee(call)
        candidates = [(module, f) for f in module.functions.get(name or "", [])]
        if not candidates:
            candidates = [(m, f) for m in self.modules for f in m.functions.get(name or "", [])]
        if not candidates:
            raise Unresolved(self._where(module, call))
        types: set[str] = set()
        for owner_module, function in candidates:
            for node in ast.walk(function):
                if isinstance(node, ast.Return) and node.value is not None:
                    types |= self.resolve(owner_module, node.value, depth + 1)
        return types

    def _yielded_types(self, module: Module, call: ast.Call, depth: int) -> set[str]:
        name = _callee(call)
        types: set[str] = set()
        functions = module.functions.get(name or "", [])
        if not functions:
            raise Unresolved(self._where(module, call))
        for function in functions:
            for node in ast.walk(function):
                if isinstance(node, ast.Yield) and isinstance(node.value, ast.Tuple):
                    types |= self.resolve(module, node.value.elts[0], depth + 1)
        return types

    def scan(self) -> Iterator[tuple[str, set[str]]]:
        """(where, the types it emits) for each emit site."""
        for module in self.modules:
            if module.path in MACHINERY:
                continue
            for node in ast.walk(module.tree):
                if isinstance(node, ast.Call) and _callee(node) in EMITTERS:
                    position = EMITTERS[_callee(node) or ""]
                    if len(node.args) > position:
                        yield self._where(module, node), self.resolve(module, node.args[position])
                elif isinstance(node, ast.Call) and _callee(node) in BULK_EMITTERS:
                    pairs = node.args[BULK_EMITTERS[_callee(node) or ""]]
                    if not isinstance(pairs, ast.Call):
                        raise Unresolved(self._where(module, node))
                    yield self._where(module, node), self._yielded_types(module, pairs, 0)
                elif isinstance(node, ast.Dict):
                    # An envelope built by hand (a webhook's ping).
                    keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                    if {"type", "data", "version"} <= keys:
                        value = node.values[
                            [getattr(k, "value", None) for k in node.keys].index("type")
                        ]
                        yield self._where(module, node), self.resolve(module, value)


def emitted_types() -> dict[str, set[str]]:
    """Each event type the source emits, and where."""
    modules = [_load(p) for p in sorted(SRC.rglob("*.py"))]
    emitted: dict[str, set[str]] = {}
    for where, types in Scanner(modules).scan():
        for event_type in types:
            emitted.setdefault(event_type, set()).add(where)
    return emitted


def test_every_type_the_source_emits_is_declared() -> None:
    emitted = emitted_types()
    # The scan follows the indirections the domains use (a helper given the type, a
    # function returning it, a generator of pairs, an envelope built by hand).
    assert {
        "user.logged_in",  # insert_event_on
        "location.archived",  # a parameter, given by a caller
        "order.paid",  # a keyword-only parameter
        "user.deactivated",  # a variable
        "product.archived",  # a function returning it, called from another module
        "webhook.ping",  # an envelope built by hand
    } <= set(emitted)
    declared = {t.name for t in declared_types()}
    undeclared = {t: sorted(w) for t, w in emitted.items() if t not in declared}
    assert not undeclared, f"emitted without a declaration in the catalogue: {undeclared}"


def test_every_declared_type_is_emitted_somewhere() -> None:
    emitted = set(emitted_types())
    stale = sorted(t.name for t in declared_types() if t.name not in emitted)
    assert not stale, f"declared but never emitted (remove the declaration): {stale}"


def test_an_emit_site_the_scan_cannot_follow_fails_it(tmp_path: Path) -> None:
    source = tmp_path / "service.py"
    source.write_text("def act(uow, kind):\n    record_event(uow, kind.lower(), {})\n")
    with pytest.raises(Unresolved):
        list(Scanner([_load(source)]).scan())


@pytest.mark.parametrize("event_type", [t.name for t in declared_types()])
def test_each_example_fits_its_model_exactly(event_type: str) -> None:
    declared = lookup(event_type)
    assert declared.description
    data = validate_exactly(declared, declared.example)
    assert isinstance(data, EventData)
    assert declared.version >= 1


def test_parse_event_gives_the_declared_model_and_round_trips() -> None:
    for declared in declared_types():
        envelope = {
            "id": str(uuid.uuid4()),
            "type": declared.name,
            "tenant_id": str(uuid.uuid4()),
            "occurred_at": "2026-12-01T10:00:00Z",
            "version": declared.version,
            "data": declared.example,
        }
        data = parse_event(envelope)
        assert type(data) is declared.model
        # Dumped as JSON, the model gives back the data it was parsed from.
        assert data.model_dump(mode="json", by_alias=True, exclude_unset=True) == declared.example
        typed = EventEnvelope.model_validate(envelope)
        assert typed.typed() == data
        assert typed.data_as(declared.model) == data


def test_parse_event_ignores_keys_it_does_not_know_and_refuses_what_does_not_fit() -> None:
    example = lookup("order.created").example
    envelope = {"type": "order.created", "data": {**example, "added_later": 1}}
    assert parse_event(envelope) == parse_event({"type": "order.created", "data": example})
    with pytest.raises(InvalidEventData):
        parse_event({"type": "order.created", "data": {**example, "total": "a lot"}})
    with pytest.raises(UndeclaredEventType):
        parse_event({"type": "order.teleported", "data": {}})


def test_docs_events_md_is_what_the_declarations_generate() -> None:
    assert EVENTS_MD.read_text(encoding="utf-8") == render_markdown(), (
        "docs/EVENTS.md is stale: run `olympus events catalogue --write docs/EVENTS.md`"
    )


def test_the_cli_writes_and_checks_the_catalogue(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "EVENTS.md"
    stale = runner.invoke(cli, ["events", "catalogue", "--check", str(target)])
    assert stale.exit_code == 1
    assert "stale" in stale.output
    assert runner.invoke(cli, ["events", "catalogue", "--write", str(target)]).exit_code == 0
    checked = runner.invoke(cli, ["events", "catalogue", "--check", str(target)])
    assert checked.exit_code == 0, checked.output
    printed = runner.invoke(cli, ["events", "catalogue"])
    assert printed.exit_code == 0
    assert printed.output == target.read_text(encoding="utf-8")
    assert "## order.created" in printed.output
