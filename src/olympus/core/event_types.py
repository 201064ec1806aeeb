"""The catalogue of event types: each type the service emits is declared once, with the
pydantic model of its `data`, a description and an example. Writing an event checks its data
against the declaration (strict mode: an undeclared type or data that doesn't fit fails the
write, except in production, where it is logged and the write goes on). Consumers parse an
envelope's data into the declared model. docs/EVENTS.md is generated from this registry.

The domains declare their types in their own `schemas.py`; `olympus.event_catalogue` imports
them all, and is loaded here on the first look-up of a type not yet declared."""

import importlib
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar

import structlog
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, model_validator

log = structlog.get_logger("olympus.events")

# Imported on a miss: it imports every domain's schemas, which declare their types.
CATALOGUE_MODULE = "olympus.event_catalogue"
# Validation context of a write: keys a model doesn't name are refused (a consumer's parse
# ignores them, so a field added later doesn't break an older consumer).
_EXACT: dict[str, Any] = {"exact": True}


class EventPart(BaseModel):
    """A model inside an event's data (a line, a change): what `EventData` is for nested
    objects. Written events must carry exactly the declared keys; parsing ignores extras."""

    model_config = ConfigDict(populate_by_name=True, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _no_undeclared_keys(cls, value: Any, info: ValidationInfo) -> Any:
        context = info.context
        if context is not None and context.get("exact") and isinstance(value, Mapping):
            known = _known_keys(cls)
            if known is not None and not known.issuperset(value):
                unknown = sorted(str(k) for k in value if k not in known)
                raise ValueError(f"keys not declared for {cls.__name__}: {', '.join(unknown)}")
        return value


@cache
def _known_keys(model: type[BaseModel]) -> frozenset[str] | None:
    """The keys a model's data may have (names and aliases); None when it takes any."""
    if model.model_config.get("extra") == "allow":
        return None
    fields = model.model_fields
    return frozenset(fields) | {f.alias for f in fields.values() if f.alias}


class EventData(EventPart):
    """The data of one event type. `version` is its schema version, carried in the envelope:
    raised when a change breaks consumers (a field removed, renamed or retyped); adding a
    field keeps it."""

    version: ClassVar[int] = 1


class FieldChange(EventPart):
    """One field's change: `{"from": old, "to": new}`."""

    from_: Any = Field(alias="from", description="the value before")
    to: Any = Field(description="the value after")


# `{field: {"from": old, "to": new}}`, the shape of most events' `changes`.
Changes = dict[str, FieldChange]


@dataclass(frozen=True)
class EventType:
    """One declared type."""

    name: str
    model: type[EventData]
    description: str
    example: dict[str, Any]

    @property
    def version(self) -> int:
        return self.model.version


class EventSchemaError(RuntimeError):
    """An event that doesn't match the catalogue (a programming error, not bad input)."""


class UndeclaredEventType(EventSchemaError):
    def __init__(self, event_type: str) -> None:
        super().__init__(
            f"the event type {event_type!r} is not declared: declare it with "
            "`olympus.core.event_types.declare` in its domain's schemas.py"
        )
        self.event_type = event_type


class InvalidEventData(EventSchemaError):
    def __init__(self, event_type: str, error: ValidationError) -> None:
        super().__init__(f"the data of a {event_type!r} event doesn't fit its schema: {error}")
        self.event_type = event_type
        self.error = error


_registry: dict[str, EventType] = {}
_catalogue_loaded = False


def declare(
    type: str,
    model: type[EventData],
    *,
    description: str,
    example: dict[str, Any],
) -> EventType:
    """Declare an event type (once; declaring it again with the same model is harmless)."""
    found = _registry.get(type)
    if found is not None and found.model is not model:
        raise ValueError(f"the event type {type!r} is already declared with {found.model}")
    declared = EventType(type, model, description, example)
    _registry[type] = declared
    return declared


def _load_catalogue() -> None:
    global _catalogue_loaded
    if not _catalogue_loaded:
        _catalogue_loaded = True
        importlib.import_module(CATALOGUE_MODULE)


def lookup(event_type: str) -> EventType:
    """The declaration of a type; `UndeclaredEventType` when there is none."""
    found = _registry.get(event_type)
    if found is None:
        _load_catalogue()
        found = _registry.get(event_type)
    if found is None:
        raise UndeclaredEventType(event_type)
    return found


def declared_types() -> list[EventType]:
    """Every declared type (the whole catalogue), sorted by name."""
    _load_catalogue()
    return [_registry[name] for name in sorted(_registry)]


def parse_data(event_type: str, data: Mapping[str, Any]) -> EventData:
    """An event's data as its declared model (keys the model doesn't know are ignored)."""
    declared = lookup(event_type)
    try:
        return declared.model.model_validate(data)
    except ValidationError as exc:
        raise InvalidEventData(event_type, exc) from exc


def validate_exactly(declared: EventType, data: Mapping[str, Any]) -> EventData:
    """The data as its model, refusing keys the model doesn't declare (what a write checks)."""
    try:
        return declared.model.model_validate(data, context=_EXACT)
    except ValidationError as exc:
        raise InvalidEventData(declared.name, exc) from exc


# --- strict mode: what a write of an event checks ---------------------------------------------

_strict_pinned: bool | None = None  # tests
_strict_configured: bool | None = None  # the app, from its settings


def configure_strict(strict: bool) -> None:
    """Set by the app from its settings (strict outside production)."""
    global _strict_configured
    _strict_configured = strict


def is_strict() -> bool:
    if _strict_pinned is not None:
        return _strict_pinned
    if _strict_configured is not None:
        return _strict_configured
    return os.environ.get("ENVIRONMENT", "").strip().lower() != "production"


@contextmanager
def strict_mode(strict: bool) -> Iterator[None]:
    """Pin strict mode on or off (tests), whatever the app configures meanwhile."""
    global _strict_pinned
    before = _strict_pinned
    _strict_pinned = strict
    try:
        yield
    finally:
        _strict_pinned = before


def check_event(event_type: str, data: Mapping[str, Any]) -> int:
    """Check an event about to be written against its declaration; its schema version.
    Strict: raise for an undeclared type or data that doesn't fit. Otherwise (production)
    log a warning and let the write go on."""
    try:
        declared = lookup(event_type)
        validate_exactly(declared, data)
    except EventSchemaError as exc:
        if is_strict():
            raise
        log.warning("event_not_in_catalogue", event_type=event_type, error=str(exc))
        return EventData.version
    return declared.version


class AdHocEventData(EventData):
    """Any data (types declared by tests)."""

    model_config = ConfigDict(extra="allow")


@contextmanager
def declared_for_test(
    *types: str, model: type[EventData] = AdHocEventData, description: str = "a test's event"
) -> Iterator[None]:
    """Declare `types` for the duration of a test (events of the test's own making)."""
    added = [t for t in types if t not in _registry]
    for event_type in added:
        declare(event_type, model, description=description, example={})
    try:
        yield
    finally:
        for event_type in added:
            _registry.pop(event_type, None)
