from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookUpdate")


@_attrs_define
class WebhookUpdate:
    """Only the fields sent change (null is refused: leave a field out to keep it).
    `active: true` resumes an endpoint that was disabled, with its failure count reset.

        Attributes:
            url (str | Unset): Where the events are POSTed: `https`, resolving to public addresses only (checked here and
                again at every delivery).
            events (list[str] | Unset): Event types to receive; `*` matches any part (`order.*`, `*` for every event).
            description (str | Unset):
            active (bool | Unset):
    """

    url: str | Unset = UNSET
    events: list[str] | Unset = UNSET
    description: str | Unset = UNSET
    active: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        events: list[str] | Unset = UNSET
        if not isinstance(self.events, Unset):
            events = self.events

        description = self.description

        active = self.active

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if url is not UNSET:
            field_dict["url"] = url
        if events is not UNSET:
            field_dict["events"] = events
        if description is not UNSET:
            field_dict["description"] = description
        if active is not UNSET:
            field_dict["active"] = active

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url", UNSET)

        events = cast(list[str], d.pop("events", UNSET))

        description = d.pop("description", UNSET)

        active = d.pop("active", UNSET)

        webhook_update = cls(
            url=url,
            events=events,
            description=description,
            active=active,
        )

        return webhook_update
