"""A thin hand-written layer over the generated `olympus_api` package: sign in, a bearer token
that is refreshed when an answer says 401, problem+json answers raised as `ProblemError`,
cursor pages walked as one iterator, and `Idempotency-Key` values for the retryable writes.

    from olympus_client import Olympus
    from olympus_api.api.products import products_list

    olympus = Olympus("https://api.example.com")
    olympus.sign_in("acme", "owner@acme.example", "...")
    for product in olympus.pages(products_list.sync_detailed, status="active"):
        print(product.sku)
"""

import threading
import uuid
from collections.abc import Callable, Generator, Iterator
from typing import Any, Protocol, TypeVar

import httpx

from olympus_api.client import AuthenticatedClient
from olympus_api.models.login_request import LoginRequest
from olympus_api.models.login_response import LoginResponse
from olympus_api.types import Response

__all__ = ["Olympus", "ProblemError", "new_idempotency_key"]

T = TypeVar("T")
REFRESH_PATH = "/api/v1/auth/refresh"
LOGIN_PATH = "/api/v1/auth/login"


class ProblemError(Exception):
    """An answer in problem+json (RFC 9457): `code` is the stable machine code."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        self.status = status
        self.code: str = str(body.get("code", "http_error"))
        self.title: str = str(body.get("title", ""))
        self.detail: str = str(body.get("detail", ""))
        self.type: str = str(body.get("type", "about:blank"))
        self.body = body
        super().__init__(f"{status} {self.code}: {self.detail or self.title}")

    @classmethod
    def from_response(cls, status: int, content: bytes) -> "ProblemError":
        try:
            body = httpx.Response(status, content=content).json()
        except ValueError:
            body = {"detail": content.decode("utf-8", "replace")[:500]}
        if not isinstance(body, dict):
            body = {"detail": str(body)}
        return cls(status, body)


def new_idempotency_key() -> str:
    """A fresh key for one logical write: send the same key on every retry of it."""
    return str(uuid.uuid4())


class _Tokens(httpx.Auth):
    """The bearer token on every request; on a 401, one refresh (rotating the pair) and the
    request sent again. Refreshes of concurrent requests are made once."""

    requires_response_body = True

    def __init__(self) -> None:
        self.access_token = ""
        self.refresh_token = ""
        self._lock = threading.Lock()

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if request.url.path in (LOGIN_PATH, REFRESH_PATH):
            request.headers.pop("Authorization", None)
            yield request
            return
        sent_with = self.access_token
        if sent_with:
            request.headers["Authorization"] = f"Bearer {sent_with}"
        response = yield request
        if response.status_code != 401 or not self.refresh_token:
            return
        with self._lock:
            if self.access_token == sent_with:  # nobody refreshed meanwhile
                refreshed = yield httpx.Request(
                    "POST",
                    request.url.copy_with(path=REFRESH_PATH, query=None),
                    json={"refresh_token": self.refresh_token},
                )
                if refreshed.status_code != 200:
                    return  # the original 401 stands
                pair = refreshed.json()
                self.access_token = pair["access_token"]
                self.refresh_token = pair["refresh_token"]
        request.headers["Authorization"] = f"Bearer {self.access_token}"
        yield request


class _Page(Protocol[T]):  # a generated `Page...` model
    items: list[T]
    next_cursor: str | None


class Olympus:
    """One signed-in caller of the API. `api` is the generated client to pass to the
    generated endpoint functions (`olympus_api.api.<tag>.<operation>.sync_detailed`)."""

    def __init__(self, base_url: str, *, timeout: float = 30.0, **httpx_args: Any) -> None:
        self._tokens = _Tokens()
        self.api = AuthenticatedClient(
            base_url=base_url,
            token="",  # replaced on each request by the current one (`_Tokens`)
            timeout=httpx.Timeout(timeout),
            httpx_args={**httpx_args, "auth": self._tokens},
        )

    def __enter__(self) -> "Olympus":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.api.get_httpx_client().close()

    @property
    def access_token(self) -> str:
        return self._tokens.access_token

    @property
    def refresh_token(self) -> str:
        return self._tokens.refresh_token

    def use_tokens(self, access_token: str, refresh_token: str = "") -> None:
        """Continue with a pair kept from an earlier sign-in."""
        self._tokens.access_token = access_token
        self._tokens.refresh_token = refresh_token

    def sign_in(self, tenant: str, email: str, password: str) -> LoginResponse:
        """Sign in with email and password (a tenant without a second factor; with one, the
        answer is a challenge: use `auth_mfa_verify`)."""
        from olympus_api.api.auth import auth_login

        answer = self.call(
            auth_login.sync_detailed,
            body=LoginRequest(tenant=tenant, email=email, password=password),
        )
        if not isinstance(answer, LoginResponse):
            raise ProblemError(
                401, {"code": "mfa_required", "detail": "A second factor is required"}
            )
        self.use_tokens(answer.access_token, answer.refresh_token)
        return answer

    def call(self, endpoint: Callable[..., Response[Any]], /, *args: Any, **kwargs: Any) -> Any:
        """Call a generated `sync_detailed` function with this client (`args`: its path
        parameters); its parsed answer, or `ProblemError` when the status is 400 or more."""
        response = endpoint(*args, client=self.api, **kwargs)
        status = int(response.status_code)
        if status >= 400:
            raise ProblemError.from_response(status, response.content)
        return response.parsed

    def pages(
        self, endpoint: Callable[..., Response[Any]], /, *args: Any, **kwargs: Any
    ) -> Iterator[Any]:
        """Every item of a cursor-paginated list, page after page."""
        cursor: str | None = kwargs.pop("cursor", None)
        while True:
            page: _Page[Any] = self.call(
                endpoint, *args, **kwargs, **({"cursor": cursor} if cursor else {})
            )
            yield from page.items
            cursor = page.next_cursor
            if not cursor:
                return
