"""The dashboard session's refusals."""

from olympus.core.errors import Forbidden, Unauthenticated


class CsrfRejected(Forbidden):
    code = "csrf_rejected"
    title = "Cross-site request refused"


class NoDashboardSession(Unauthenticated):
    code = "dashboard_session_missing"
    title = "No dashboard session"
