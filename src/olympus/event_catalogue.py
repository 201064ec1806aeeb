"""Every event type the service emits, in one place: importing this module imports each
domain's schemas, which declare their types (`core.event_types`), so the registry is whole.
`parse_event` turns an envelope's data into its type's model; `render_markdown` writes the
catalogue (docs/EVENTS.md)."""

import json
from collections.abc import Mapping
from typing import Any

import olympus.auth.schemas
import olympus.commerce.carts.schemas
import olympus.commerce.catalog.schemas
import olympus.commerce.customers.schemas
import olympus.commerce.discounts.schemas
import olympus.commerce.inventory.schemas
import olympus.commerce.orders.schemas
import olympus.commerce.payments.schemas
import olympus.platform.locations.schemas
import olympus.platform.rbac.schemas
import olympus.platform.settings.schemas
import olympus.platform.tenants.schemas
import olympus.platform.users.schemas
import olympus.platform.webhooks.schemas  # noqa: F401 - imported for their declarations
from olympus.core.event_types import EventData, EventType, declared_types, parse_data


def parse_event(envelope: Mapping[str, Any]) -> EventData:
    """The `data` of an event envelope (a dict as published, or an `EventEnvelope`'s
    `model_dump()`) as the model its type declares."""
    return parse_data(str(envelope["type"]), envelope["data"])


# --- docs/EVENTS.md ---------------------------------------------------------------------------

_INTRO = """# Event catalogue

<!-- Generated from the code by `olympus events catalogue --write docs/EVENTS.md`: edit the
declarations (`declare(...)` in each domain's schemas.py), not this file. A test fails when
it is stale. -->

Every state change writes an event in its own transaction (see [API.md](API.md#events) for
the envelope, delivery and ordering). Each type below declares the pydantic model of its
`data`, in the domain that emits it; writing an event whose data doesn't fit fails in
development and tests, and is logged in production.

`version` is the schema version of a type's `data`, carried in the envelope: it is raised when
a change breaks consumers (a field removed, renamed or retyped); adding a field keeps it, so a
consumer ignores keys it doesn't know.

In Python, parse an envelope's data into its model:

```python
from olympus.event_catalogue import parse_event

data = parse_event(envelope)  # e.g. an OrderCreatedData for an `order.created`
```

or, from the subscriber API (`olympus.core.consumers`), `envelope.typed()` or
`envelope.data_as(OrderCreatedData)`; [examples/consume_events.py](../examples/consume_events.py)
is a runnable consumer. Elsewhere, the JSON schema of each type is the table of its fields.

Ids are UUIDs as strings, amounts integers in minor units, times ISO 8601 in UTC.
`changes` is `{field: {"from": old, "to": new}}` unless a type says otherwise.
"""


def _type_text(schema: Mapping[str, Any], defs: Mapping[str, Any]) -> str:
    """A JSON schema's type in a few words: `uuid`, `string or null`, `list of int`..."""
    if "$ref" in schema:
        name = str(schema["$ref"]).rsplit("/", 1)[-1]
        target = defs.get(name, {})
        fields = ", ".join(f"`{k}`" for k in target.get("properties", {}))
        return f"object ({fields})" if fields else "object"
    if "anyOf" in schema:
        return " or ".join(_type_text(s, defs) for s in schema["anyOf"])
    kind = schema.get("type")
    if kind == "array":
        return f"list of {_type_text(schema.get('items', {}), defs)}"
    if kind == "object":
        values = schema.get("additionalProperties")
        if isinstance(values, Mapping) and values:
            return f"object of {_type_text(values, defs)}"
        return "object"
    if kind == "string" and "format" in schema:
        return "uuid" if schema["format"] == "uuid" else f"string ({schema['format']})"
    if kind is None:
        return "any"
    return {"integer": "int", "boolean": "bool", "number": "number"}.get(str(kind), str(kind))


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _fields_table(declared: EventType) -> list[str]:
    schema = declared.model.model_json_schema(by_alias=True)
    defs = schema.get("$defs", {})
    required = set(schema.get("required", []))
    lines = ["| field | type | required | description |", "|---|---|---|---|"]
    for name, field in schema.get("properties", {}).items():
        described = field.get("description", "")
        lines.append(
            f"| `{name}` | {_cell(_type_text(field, defs))} | "
            f"{'yes' if name in required else 'no'} | {_cell(described)} |"
        )
    return lines


def render_markdown() -> str:
    """The catalogue as Markdown: docs/EVENTS.md."""
    types = declared_types()
    lines = [_INTRO, "## Types", ""]
    lines += [f"- [`{t.name}`](#{t.name.replace('.', '')}) — {_cell(t.description)}" for t in types]
    for declared in types:
        example = json.dumps(declared.example, indent=2)
        lines += [
            "",
            f"## {declared.name}",
            "",
            _cell(declared.description),
            "",
            f"Version {declared.version}; data model `{declared.model.__module__}."
            f"{declared.model.__qualname__}`.",
            "",
            *_fields_table(declared),
            "",
            "Example `data`:",
            "",
            "```json",
            example,
            "```",
        ]
    return "\n".join(lines) + "\n"
