"""Errors of the users domain."""

from olympus.core.errors import Conflict, NotFound


class UserNotFound(NotFound):
    code = "user_not_found"
    title = "User not found"


class EmailTaken(Conflict):
    code = "email_taken"
    title = "Email already registered"
