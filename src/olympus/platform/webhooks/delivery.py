"""Sending one webhook delivery: the signature, the address checks that keep requests off
loopback, private, link-local and metadata addresses (SSRF), and the HTTP request itself.

The host is resolved once and every address it resolves to must be public; the request then
goes to that checked address (Host header and TLS server name kept), so a DNS answer that
changes between the check and the connection (rebinding) can't send it elsewhere. Redirects
are not followed: a 3xx is a failed attempt."""

import asyncio
import hashlib
import hmac
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from olympus import __version__

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud metadata services (most sit in link-local or private ranges, refused anyway; named
# here so a change of those rules can't let them through).
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)
USER_AGENT = f"Olympus-Webhooks/{__version__}"
# How much of a receiver's answer is read (the rest is dropped with the connection).
MAX_ANSWER_BYTES = 64 * 1024


class AddressRefused(Exception):
    """The URL or an address it resolves to may not receive webhooks."""


def is_public(address: IPAddress) -> bool:
    """A globally routable unicast address, not a metadata service."""
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped or address.sixtofour
        if mapped is not None:
            return is_public(mapped)
        if address.teredo is not None:
            return is_public(address.teredo[1])
    return (
        address.is_global
        and not address.is_multicast
        and not address.is_reserved
        and address not in METADATA_ADDRESSES
    )


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as written (a name, or an address without brackets)
    port: int


def parse_target(url: str, *, allow_private: bool) -> Target:
    """The URL's scheme, host and port, or `AddressRefused` with the reason."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise AddressRefused(f"not a valid URL: {exc}") from exc
    allowed = ("https", "http") if allow_private else ("https",)
    if parts.scheme not in allowed:
        raise AddressRefused("the URL must use https")
    if not parts.hostname:
        raise AddressRefused("the URL has no host")
    if parts.username is not None or parts.password is not None:
        raise AddressRefused("the URL may not carry credentials")
    if parts.fragment:
        raise AddressRefused("the URL may not have a fragment")
    default = 443 if parts.scheme == "https" else 80
    return Target(parts.scheme, parts.hostname, port or default)


async def resolve(target: Target, *, allow_private: bool) -> list[IPAddress]:
    """Every address the host resolves to; each must be public unless private networks are
    allowed (`AddressRefused` otherwise, and when it does not resolve)."""
    try:
        literal: IPAddress | None = ipaddress.ip_address(target.host)
    except ValueError:
        literal = None
    if literal is not None:
        found = [literal]
    else:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(
                target.host, target.port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
            )
        except (OSError, UnicodeError) as exc:
            raise AddressRefused(f"the host {target.host!r} does not resolve") from exc
        found = list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in infos))
        if not found:
            raise AddressRefused(f"the host {target.host!r} does not resolve")
    if not allow_private:
        refused = [a for a in found if not is_public(a)]
        if refused:
            raise AddressRefused(
                f"the host {target.host!r} resolves to a non-public address ({refused[0]})"
            )
    return found


async def check_url(url: str, *, allow_private: bool) -> None:
    """For saving a webhook: the URL is https and its host resolves to public addresses
    (only its form is checked when private networks are allowed)."""
    target = parse_target(url, allow_private=allow_private)
    if not allow_private:
        await resolve(target, allow_private=False)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The `Olympus-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


@dataclass(frozen=True)
class Outcome:
    """What one attempt got: the receiver's status, or why there was none."""

    status_code: int | None
    error: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _host_header(target: Target) -> str:
    host = f"[{target.host}]" if ":" in target.host else target.host
    default = 443 if target.scheme == "https" else 80
    return host if target.port == default else f"{host}:{target.port}"


async def send(
    client: httpx.AsyncClient,
    *,
    url: str,
    body: bytes,
    headers: dict[str, str],
    allow_private: bool,
    timeout_seconds: float,
) -> Outcome:
    """POST the body to the URL's checked address; never raises."""
    try:
        target = parse_target(url, allow_private=allow_private)
        address = (await resolve(target, allow_private=allow_private))[0]
    except AddressRefused as exc:
        return Outcome(None, f"refused: {exc}")
    request_url = httpx.URL(url).copy_with(host=str(address))
    extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
    all_headers = {
        "Host": _host_header(target),
        "User-Agent": USER_AGENT,
        "Content-Type": "application/json",
        **headers,
    }
    try:
        async with (
            asyncio.timeout(timeout_seconds),
            # Streamed: only the status counts; a short answer is read to its end so the
            # connection can serve the next delivery, a long one is cut off.
            client.stream(
                "POST", request_url, content=body, headers=all_headers, extensions=extensions
            ) as response,
        ):
            connected = _peer_address(response)
            status_code = response.status_code
            read = 0
            async for chunk in response.aiter_raw():
                read += len(chunk)
                if read > MAX_ANSWER_BYTES:
                    break
    except TimeoutError:
        return Outcome(None, f"timeout after {timeout_seconds:g} s")
    except httpx.HTTPError as exc:
        return Outcome(None, f"{type(exc).__name__}: {exc}"[:500])
    if connected is not None and not allow_private and not is_public(connected):
        return Outcome(None, f"refused: connected to a non-public address ({connected})")
    return Outcome(status_code)


def _peer_address(response: httpx.Response) -> IPAddress | None:
    stream = response.extensions.get("network_stream")
    if stream is None:
        return None
    peer = stream.get_extra_info("server_addr")
    try:
        return ipaddress.ip_address(peer[0]) if peer else None
    except (ValueError, TypeError, IndexError):
        return None


def new_client(timeout: float) -> httpx.AsyncClient:
    """The delivery workers' client: no redirects followed, no proxy settings from the
    environment (a proxy would connect to the address instead of us)."""
    return httpx.AsyncClient(
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        trust_env=False,
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
    )
