from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookCreate")


@_attrs_define
class WebhookCreate:
    """
    Attributes:
        url (str): Where the events are POSTed: `https`, resolving to public addresses only (checked here and again at
            every delivery).
        events (list[str]): Event types to receive; `*` matches any part (`order.*`, `*` for every event).
        description (str | Unset):  Default: ''.
        active (bool | Unset):  Default: True.
    """

    url: str
    events: list[str]
    description: str | Unset = ""
    active: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        events = self.events

        description = self.description

        active = self.active

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
                "events": events,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if active is not UNSET:
            field_dict["active"] = active

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        events = cast(list[str], d.pop("events"))

        description = d.pop("description", UNSET)

        active = d.pop("active", UNSET)

        webhook_create = cls(
            url=url,
            events=events,
            description=description,
            active=active,
        )

        return webhook_create
