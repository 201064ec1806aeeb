"""Errors of the customers domain."""

from olympus.core.errors import Conflict, NotFound


class CustomerNotFound(NotFound):
    code = "customer_not_found"
    title = "Customer not found"


class CustomerEmailTaken(Conflict):
    code = "customer_email_taken"
    title = "Customer email already in use"


class CustomerUserTaken(Conflict):
    code = "customer_user_taken"
    title = "User account already linked to a customer"


class CustomerErased(Conflict):
    code = "customer_erased"
    title = "Customer erased"
