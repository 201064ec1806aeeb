"""The SSRF guard: which addresses may receive webhooks, URLs refused by form, host names
resolving to non-public addresses, and a delivery to a refused address never connecting.
Pure functions and a loopback receiver: no application needed."""

import ipaddress

import httpx
import pytest

from olympus.platform.webhooks.delivery import (
    AddressRefused,
    Target,
    check_url,
    is_public,
    new_client,
    parse_target,
    resolve,
    send,
    signature,
)
from tests.platform.webhooks.receiver import running_receiver


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",  # loopback
        "127.255.255.254",
        "::1",
        "10.0.0.1",  # private
        "172.16.5.4",
        "172.31.255.255",
        "192.168.0.10",
        "fc00::1",
        "fd12:3456::1",
        "169.254.0.1",  # link-local
        "fe80::1",
        "169.254.169.254",  # metadata services
        "169.254.170.2",
        "fd00:ec2::254",
        "100.100.100.200",
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",  # noqa: S104 - unspecified
        "::",
        "224.0.0.1",  # multicast
        "ff02::1",
        "240.0.0.1",  # reserved
        "255.255.255.255",
        "192.0.2.1",  # documentation
        "2001:db8::1",
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "::ffff:10.0.0.1",
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:a00:1::1",  # 6to4 of 10.0.0.1
    ],
)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"]
)
def test_public_addresses_are_allowed(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "url",
    [
        "http://93.184.216.34/",
        "ftp://93.184.216.34/",
        "//93.184.216.34/",
        "https:///path",
        "https://user:secret@93.184.216.34/",
        "https://93.184.216.34:70000/",
        "https://93.184.216.34/#fragment",
        "https://[::1/",
    ],
)
def test_urls_refused_by_their_form(url: str) -> None:
    with pytest.raises(AddressRefused):
        parse_target(url, allow_private=False)


def test_http_is_allowed_only_with_private_networks() -> None:
    assert parse_target("http://127.0.0.1:8080/x", allow_private=True) == Target(
        "http", "127.0.0.1", 8080
    )
    assert parse_target("https://[::1]/x", allow_private=True) == Target("https", "::1", 443)


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/",
        "https://10.0.0.1/",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/",
        "https://[::ffff:169.254.169.254]/",
        "https://localhost/",  # a name resolving to loopback
    ],
)
async def test_hosts_resolving_to_non_public_addresses_are_refused(url: str) -> None:
    with pytest.raises(AddressRefused, match="non-public"):
        await check_url(url, allow_private=False)
    await check_url(url.replace("https", "http"), allow_private=True)


async def test_a_host_that_does_not_resolve_is_refused() -> None:
    with pytest.raises(AddressRefused, match="does not resolve"):
        await resolve(Target("https", "no-such-host.invalid", 443), allow_private=False)


async def test_a_public_literal_address_passes_without_a_lookup() -> None:
    await check_url("https://93.184.216.34/hooks", allow_private=False)


async def test_a_delivery_to_a_refused_address_never_connects() -> None:
    async with running_receiver() as receiver, new_client(2.0) as client:
        for url in (receiver.url, receiver.url.replace("127.0.0.1", "localhost")):
            outcome = await send(
                client, url=url, body=b"{}", headers={}, allow_private=False, timeout_seconds=2
            )
            assert outcome.status_code is None and not outcome.succeeded
            assert outcome.error is not None and outcome.error.startswith("refused")
        assert receiver.requests == []
        # The same delivery, private networks allowed, arrives.
        outcome = await send(
            client, url=receiver.url, body=b"{}", headers={}, allow_private=True, timeout_seconds=2
        )
        assert outcome.succeeded and len(receiver.requests) == 1


async def test_redirects_are_not_followed() -> None:
    async with running_receiver(statuses=[302]) as receiver, new_client(2.0) as client:
        outcome = await send(
            client, url=receiver.url, body=b"{}", headers={}, allow_private=True, timeout_seconds=2
        )
    assert (outcome.status_code, outcome.succeeded) == (302, False)
    assert len(receiver.requests) == 1


async def test_the_request_goes_to_the_checked_address_with_the_host_kept() -> None:
    """The name is resolved once and the connection made to that address (no second lookup
    a rebinding DNS could answer differently); the Host header keeps the name."""
    async with running_receiver() as receiver, new_client(2.0) as client:
        url = f"http://localhost:{receiver.port}/hooks"
        outcome = await send(
            client, url=url, body=b"{}", headers={}, allow_private=True, timeout_seconds=2
        )
    assert outcome.succeeded
    assert receiver.requests[0].headers["host"] == f"localhost:{receiver.port}"


def test_the_signature_is_hmac_sha256_of_timestamp_dot_body() -> None:
    # Computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_k
    import hashlib
    import hmac

    expected = hmac.new(b"whsec_k", b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
    assert signature("whsec_k", 1_700_000_000, b'{"a":1}') == f"t=1700000000,v1={expected}"


async def test_the_client_follows_no_redirects_and_ignores_proxy_settings() -> None:
    async with new_client(1.0) as client:
        assert isinstance(client, httpx.AsyncClient)
        assert client.follow_redirects is False
        assert client.trust_env is False
