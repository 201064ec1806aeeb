"""Errors of the locations domain."""

from olympus.core.errors import Conflict, NotFound


class LocationNotFound(NotFound):
    code = "location_not_found"
    title = "Location not found"


class LocationCodeTaken(Conflict):
    code = "location_code_taken"
    title = "Location code already in use"


class LocationArchived(Conflict):
    code = "location_archived"
    title = "Location archived"
