"""What a user may do: the permissions they hold tenant-wide and those held only at given
locations. Computed once from their grants, cached, and checked by one dependency."""

import uuid
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import orjson


@dataclass(frozen=True)
class Authorization:
    roles: tuple[str, ...] = ()
    permissions: frozenset[str] = frozenset()
    location_permissions: dict[uuid.UUID, frozenset[str]] = field(default_factory=dict)

    def can(self, permission: str, location_id: uuid.UUID | None = None) -> bool:
        """Held tenant-wide, or (for a location-bound object) at that location."""
        if permission in self.permissions:
            return True
        if location_id is None:
            return False
        return permission in self.location_permissions.get(location_id, frozenset())

    def can_somewhere(self, permission: str) -> bool:
        return permission in self.permissions or any(
            permission in perms for perms in self.location_permissions.values()
        )

    def locations_for(self, permission: str) -> frozenset[uuid.UUID] | None:
        """None when held tenant-wide (every location); else the locations where it is held."""
        if permission in self.permissions:
            return None
        return frozenset(
            loc for loc, perms in self.location_permissions.items() if permission in perms
        )

    def all_permissions(self) -> list[str]:
        return list(self._all_permissions)

    @cached_property
    def _all_permissions(self) -> tuple[str, ...]:
        every = set(self.permissions)
        for perms in self.location_permissions.values():
            every |= perms
        return tuple(sorted(every))

    def dumps(self) -> str:
        return orjson.dumps(
            {
                "r": list(self.roles),
                "p": sorted(self.permissions),
                "l": {str(k): sorted(v) for k, v in self.location_permissions.items()},
            }
        ).decode()

    @classmethod
    def loads(cls, raw: str) -> "Authorization":
        """Parsed once per distinct cached value: every request of a user brings the same
        string back from the cache, and an `Authorization` is never changed once made."""
        return _parse(raw)


@lru_cache(maxsize=4096)
def _parse(raw: str) -> Authorization:
    data: dict[str, Any] = orjson.loads(raw)
    return Authorization(
        roles=tuple(data["r"]),
        permissions=frozenset(data["p"]),
        location_permissions={uuid.UUID(k): frozenset(v) for k, v in data["l"].items()},
    )
