"""Errors of roles, permissions and grants."""

from olympus.core.errors import Conflict, Forbidden, InvalidInput, NotFound


class RoleNotFound(NotFound):
    code = "role_not_found"
    title = "Role not found"


class GrantNotFound(NotFound):
    code = "grant_not_found"
    title = "Role grant not found"


class RoleNameTaken(Conflict):
    code = "role_name_taken"
    title = "Role name already in use"


class SystemRoleProtected(Conflict):
    code = "system_role"
    title = "System roles can't be changed this way"


class RoleAlreadyGranted(Conflict):
    code = "role_already_granted"
    title = "Role already granted"


class LastOwner(Conflict):
    code = "last_owner"
    title = "The last owner can't be removed"


class UnknownPermission(InvalidInput):
    code = "unknown_permission"
    title = "Unknown permission"


class PrivilegeEscalation(Forbidden):
    code = "privilege_escalation"
    title = "You can't grant what you don't hold"
