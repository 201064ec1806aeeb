"""The dashboard in a real browser: Debian's Chromium driven by Playwright against the service
on a loopback port (uvicorn in the test's own event loop, on the suite's app). The owner's
journey signs in, sees the charts drawn with the seeded numbers, changes the range, sees a
new paid order appear, and leaves screenshots at desktop and phone sizes in
`test-artifacts/dashboard/`; it runs on both backends (on PostgreSQL without the phone and
the screenshots: the layout is the same). A lost session and roles without some of the
permissions are checked once, on SQLite: what they exercise is the page, not the database.

Outside CI the tests are skipped when Chromium (or Playwright) is missing; with CI=true they
fail instead."""

import asyncio
import json
import shutil
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from playwright.async_api import ViewportSize

from olympus.dashboard import service
from tests.fixtures.accounts import PASSWORD, Account, TenantInfo, login_owner, make_member
from tests.fixtures.apps import IN_CI, Backend, MovableClock
from tests.fixtures.inventory import INVENTORY, Inventory
from tests.fixtures.servers import free_port

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dashboard"
DESKTOP: ViewportSize = {"width": 1440, "height": 1000}
PHONE: ViewportSize = {"width": 390, "height": 844}
CHARTS = ("sales", "top-products", "payment-methods", "locations", "hours")
WAIT_MS = 30_000


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason}; CI=true requires it", pytrace=False)
    pytest.skip(reason)


def _check_browser_and_build() -> None:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    if not (service.ASSETS / "index.html").is_file():
        _unavailable("the dashboard is not built (make dashboard)")


@pytest.fixture
def once(backend: Backend) -> None:
    """The page's own behaviour is checked on SQLite only: the owner's journey already runs
    on PostgreSQL too. (First among a test's fixtures: it skips before the others start.)"""
    if backend.name != "sqlite":
        pytest.skip("the page's own behaviour is checked once, on SQLite")


@pytest.fixture
async def server(app: FastAPI) -> AsyncIterator[str]:
    """The suite's app served by uvicorn on a loopback port, in this event loop."""
    _check_browser_and_build()
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning")
    uv = uvicorn.Server(config)
    task = asyncio.create_task(uv.serve())
    while not uv.started:
        assert not task.done(), "uvicorn did not start"
        await asyncio.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        await task


@asynccontextmanager
async def _chromium() -> AsyncIterator[Any]:
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        _unavailable("the playwright package is missing (pip install -e '.[dev]')")
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        try:
            yield browser
        finally:
            await browser.close()


async def _sign_in(page: Any, slug: str, email: str, password: str) -> None:
    await page.fill("#tenant", slug)
    await page.fill("#email", email)
    await page.fill("#password", password)
    await page.click("#signin-submit")
    await page.locator('body[data-state="signed-in"]').wait_for(timeout=WAIT_MS)


class Seeder:
    """A shop with two locations, products, stock, thresholds and paid orders, made through
    the API as its owner."""

    def __init__(self, inventory: Inventory) -> None:
        self.inv = inventory
        self.locations: list[str] = []
        self.products: list[tuple[str, int]] = []

    async def location(self, name: str) -> str:
        code = f"L{uuid.uuid4().hex[:6].upper()}"
        body = {"name": name, "code": code, "timezone": "UTC", "currency": "EUR"}
        r = await self.inv.client.post("/api/v1/locations", json=body, headers=self.inv.headers)
        assert r.status_code == 201, r.text
        self.locations.append(r.json()["id"])
        return str(r.json()["id"])

    async def product(self, name: str, price: int, stock: int) -> str:
        product = await self.inv.product(name=name, price=price)
        for location in self.locations:
            await self.inv.stocked(product, location, stock)
        self.products.append((product, price))
        return product

    async def order(self, location: str, product: str, quantity: int = 1) -> dict[str, Any]:
        r = await self.inv.client.post(
            "/api/v1/orders",
            json={
                "location_id": location,
                "items": [{"product_id": product, "quantity": quantity}],
            },
            headers=self.inv.headers,
        )
        assert r.status_code == 201, r.text
        body: dict[str, Any] = r.json()
        return body

    async def paid(
        self, location: str, product: str, quantity: int = 1, *, cash: bool = False
    ) -> dict[str, Any]:
        order = await self.order(location, product, quantity)
        method = {"type": "cash"} if cash else {"type": "card", "token": "tok_visa"}
        r = await self.inv.client.post(
            "/api/v1/payments/process",
            json={"order_id": order["id"], "amount": order["total"], "method": method},
            headers=self.inv.headers,
        )
        assert r.status_code == 201 and r.json()["status"] == "succeeded", r.text
        return order


async def _drawn(page: Any, chart: str) -> Any:
    box = page.locator(f'[data-chart="{chart}"]')
    await box.and_(page.locator('[data-state="drawn"]')).wait_for(timeout=WAIT_MS)
    return json.loads(await box.get_attribute("data-values") or "null")


async def _until(page: Any, expression: str, seconds: float = WAIT_MS / 1000) -> Any:
    """Polls `expression` in the page until it is truthy. (`wait_for_function` would
    evaluate a string, which the page's policy rightly refuses.)"""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        value = await page.evaluate(expression)
        if value:
            return value
        assert asyncio.get_running_loop().time() < deadline, f"never true: {expression}"
        await asyncio.sleep(0.1)


async def _reloaded(page: Any, before: int) -> int:
    """Waits for the reports to load again after a change; the new load count."""
    await _until(page, f"Number(document.body.dataset.loads || 0) > {before}")
    # a load that had started before the change may be the one that finished: one more
    return int(
        await _until(
            page,
            f"Number(document.body.dataset.loads || 0) > {before + 1}"
            " && Number(document.body.dataset.loads)",
        )
    )


async def test_the_owner_signs_in_and_reads_the_dashboard(
    server: str,
    app: FastAPI,
    client: httpx.AsyncClient,
    clock: MovableClock,
    tenant: TenantInfo,
    inventory: Inventory,
    backend: Backend,
) -> None:
    # Screenshots and the phone's layout once, on SQLite; PostgreSQL checks the figures.
    looks = backend.name == "sqlite"
    has_analytics = "/api/v1/analytics/sales" in app.openapi()["paths"]

    shop = Seeder(inventory)
    north = await shop.location("North Street")
    south = await shop.location("South Market")
    tea = await shop.product("Sencha 100 g", 1200, 40)
    pot = await shop.product("Teapot", 4500, 10)
    cups = await shop.product("Cup", 800, 3)
    r = await inventory.client.put(
        f"{INVENTORY}/{cups}/thresholds/{north}", json={"threshold": 5}, headers=inventory.headers
    )
    assert r.status_code == 200, r.text

    # Ten days ago: two orders; today: three paid and one waiting for its payment.
    clock.advance(days=-10)
    try:
        old = [await shop.paid(north, pot), await shop.paid(south, tea, 2, cash=True)]
    finally:
        clock.advance(days=10)
    inventory.owner = await login_owner(client, tenant)
    today = [
        await shop.paid(north, tea, 5),
        await shop.paid(north, pot, cash=True),
        await shop.paid(south, tea),
    ]
    waiting = await shop.order(south, pot)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    async with _chromium() as browser:
        context = await browser.new_context(viewport=DESKTOP, timezone_id="UTC")
        page = await context.new_page()
        # The browser's today is the service's (the suite may have moved its clock).
        await page.clock.set_system_time(clock.now())
        page.on(
            "console",
            lambda m: (
                problems.append(m.text)
                if m.type == "error" and "security policy" in m.text.lower()
                else None
            ),
        )
        await page.goto(f"{server}/dashboard/?refresh=2")
        await _sign_in(page, tenant.slug, tenant.owner_email, tenant.owner_password)
        # The owner may read everything: no word of missing permissions.
        assert await page.locator("#board-notice").is_hidden()

        # The lists that need no report: today's open orders and low stock.
        await page.locator(f'#open-orders tr[data-order-id="{waiting["id"]}"]').wait_for(
            timeout=WAIT_MS
        )
        low = page.locator("#low-stock tbody tr")
        await low.first.wait_for(timeout=WAIT_MS)
        assert await low.count() == 1
        assert "Cup" in await low.first.inner_text()
        # The access token lives in memory only: nothing in the page's storage.
        stored = await page.evaluate(
            "JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie"
        )
        assert stored == "{}{}", stored

        if has_analytics:
            await _check_seeded_charts(page, old, today)
        if looks:
            await page.screenshot(path=str(ARTIFACTS / "desktop.png"), full_page=True)
        if has_analytics:
            await _change_range_and_pay(page, shop, old, today)
        if looks:
            await _on_a_phone(browser, server, clock, tenant, has_analytics=has_analytics)

        # A reload loses the access token; the HttpOnly cookie brings the session back.
        await page.reload()
        await page.locator('body[data-state="signed-in"]').wait_for(timeout=WAIT_MS)
        await page.locator("#low-stock tbody tr").first.wait_for(timeout=WAIT_MS)
        # Signing out clears the session: a reload shows the sign-in form.
        await page.click("#sign-out")
        await page.locator('body[data-state="signed-out"]').wait_for(timeout=WAIT_MS)
        await page.reload()
        await page.locator("#signin-form").wait_for(state="visible", timeout=WAIT_MS)
        assert await page.locator("#signin-notice").is_hidden()
    assert problems == []
    if not has_analytics:
        pytest.skip("the analytics API is not part of this build: the charts were not checked")


async def _on_a_phone(
    browser: Any, server: str, clock: MovableClock, tenant: TenantInfo, *, has_analytics: bool
) -> None:
    """A context of its own (the cookie is HttpOnly): the phone signs in by itself."""
    phone = await browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, timezone_id="UTC"
    )
    small = await phone.new_page()
    await small.clock.set_system_time(clock.now())
    await small.goto(f"{server}/dashboard/")
    await _sign_in(small, tenant.slug, tenant.owner_email, tenant.owner_password)
    if has_analytics:
        for chart in CHARTS:
            await _drawn(small, chart)
    # Nothing wider than the screen.
    width = await small.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    await small.screenshot(path=str(ARTIFACTS / "phone.png"), full_page=True)
    await phone.close()


async def _check_seeded_charts(
    page: Any, old: list[dict[str, Any]], today: list[dict[str, Any]]
) -> None:
    """The last 30 days (the page's first range) hold every seeded order."""
    for chart in CHARTS:
        await _drawn(page, chart)
    everything = old + today
    sales = await _drawn(page, "sales")
    assert sales["orders"] == len(everything)
    assert sales["revenue"] == sum(o["total"] for o in everything)
    assert await page.inner_text("#kpi-orders") == str(len(everything))
    top = await _drawn(page, "top-products")
    assert top[0]["label"] == "Sencha 100 g"  # 8 x 12.00 beats 2 x 45.00
    places = await _drawn(page, "locations")
    assert {p["label"] for p in places} >= {"North Street", "South Market"}
    heat = await _drawn(page, "hours")
    assert heat["total"] == len(everything)


async def _change_range_and_pay(
    page: Any, shop: Seeder, old: list[dict[str, Any]], today: list[dict[str, Any]]
) -> None:
    """Today holds only today's orders; a new paid order shows up by itself."""
    everything = old + today

    loads = int(await page.evaluate("Number(document.body.dataset.loads)"))
    await page.select_option("#range", "today")
    loads = await _reloaded(page, loads)
    sales = await _drawn(page, "sales")
    assert sales["orders"] == len(today)
    assert sales["revenue"] == sum(o["total"] for o in today)
    await page.select_option("#interval", "hour")
    loads = await _reloaded(page, loads)
    assert (await _drawn(page, "sales"))["periods"] >= 1

    # A new paid order: the page's own refresh (every 2 s here) shows it.
    tea = shop.products[0][0]
    new = await shop.paid(shop.locations[0], tea, 5)
    await _until(page, f"document.getElementById('kpi-orders').textContent === '{len(today) + 1}'")
    sales = await _drawn(page, "sales")
    assert sales["revenue"] == sum(o["total"] for o in [*today, new])
    await page.select_option("#range", "30d")
    await _reloaded(page, loads)
    await _until(
        page, f"document.getElementById('kpi-orders').textContent === '{len(everything) + 1}'"
    )


def test_chromium_is_where_the_tests_look_for_it() -> None:
    """CI installs Debian's chromium; elsewhere its absence skips the browser tests."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    assert shutil.which("chromium") or CHROMIUM.exists()


def _refresh_cookie(cookies: list[Any]) -> list[Any]:
    return [c for c in cookies if c["name"] == service.REFRESH_COOKIE]


async def _signed_out_for_good(page: Any, context: Any, *, note: bool) -> None:
    """The sign-in form, clean: no board, no figure or chart of the session before, and the
    refresh cookie gone. `note`: the page says the session ended."""
    await page.locator('body[data-state="signed-out"]').wait_for(timeout=WAIT_MS)
    assert await page.locator("#signin-form").is_visible()
    assert await page.locator("#board").is_hidden()
    assert await page.locator("#signin-error").is_hidden()
    notice = page.locator("#signin-notice")
    if note:
        assert "session has ended" in await notice.inner_text()
    else:
        assert await notice.is_hidden()
    assert await page.locator('[data-chart][data-state="drawn"]').count() == 0
    assert await page.text_content("#kpi-orders") == "\N{EN DASH}"  # as a fresh page has it
    assert await page.locator("#low-stock tbody tr").count() == 0
    assert _refresh_cookie(await context.cookies()) == []


async def test_a_lost_session_returns_to_the_sign_in_form(
    once: None,
    server: str,
    client: httpx.AsyncClient,
    clock: MovableClock,
    tenant: TenantInfo,
    inventory: Inventory,
) -> None:
    """The session ends elsewhere: the page's next call is refused and so is its refresh,
    whose answer deletes the cookie; the page goes back to the sign-in form and says why.
    A reload with a cookie whose session has ended does the same; once the cookie is gone a
    reload shows the form without a word."""
    await Seeder(inventory).location("North Street")
    async with _chromium() as browser:
        context = await browser.new_context(viewport=DESKTOP, timezone_id="UTC")
        page = await context.new_page()
        await page.clock.set_system_time(clock.now())

        # While the page is open (it reloads its reports every second here).
        await page.goto(f"{server}/dashboard/?refresh=1")
        await _sign_in(page, tenant.slug, tenant.owner_email, tenant.owner_password)
        await page.locator("#low-stock-empty").wait_for(timeout=WAIT_MS)
        assert len(_refresh_cookie(await context.cookies())) == 1
        r = await client.post("/api/v1/auth/logout-all", headers=inventory.headers)
        assert r.status_code == 204, r.text
        await _signed_out_for_good(page, context, note=True)

        # Signing in again on the same page: the board of a fresh page, nothing twice.
        await _sign_in(page, tenant.slug, tenant.owner_email, tenant.owner_password)
        assert await page.locator("#signin-notice").is_hidden()
        await page.locator("#low-stock-empty").wait_for(timeout=WAIT_MS)
        options = await page.locator("#location option").all_inner_texts()
        assert options == ["All locations", "North Street"], options

        # A reload after the session ended elsewhere (the page's own refresh is 30 s away).
        await page.goto(f"{server}/dashboard/")
        await page.locator('body[data-state="signed-in"]').wait_for(timeout=WAIT_MS)
        owner = await login_owner(client, tenant)
        r = await client.post("/api/v1/auth/logout-all", headers=owner.headers)
        assert r.status_code == 204, r.text
        await page.reload()
        await _signed_out_for_good(page, context, note=True)
        # The cookie is gone: the next visit starts signed out, with nothing to say.
        await page.reload()
        await _signed_out_for_good(page, context, note=False)


async def test_roles_without_some_permissions_see_what_they_may_read(
    once: None,
    server: str,
    clock: MovableClock,
    tenant: TenantInfo,
    inventory: Inventory,
) -> None:
    """A role without `analytics:read` (staff) gets the lists it may read and a notice
    instead of the reports; a role with `orders:read` only gets today's orders; a user
    without any role gets the notice alone. None of them meets a refusal: the page asks
    only for what the user's permissions allow."""
    shop = Seeder(inventory)
    north = await shop.location("North Street")
    cups = await shop.product("Cup", 800, 3)
    r = await inventory.client.put(
        f"{INVENTORY}/{cups}/thresholds/{north}", json={"threshold": 5}, headers=inventory.headers
    )
    assert r.status_code == 200, r.text
    waiting = await shop.order(north, cups)
    r = await inventory.client.post(
        "/api/v1/roles",
        json={"name": "cashier", "permissions": ["orders:read"]},
        headers=inventory.headers,
    )
    assert r.status_code == 201, r.text
    staff = await inventory.member("staff")
    role = (r.json()["id"],)
    cashier = await make_member(inventory.client, inventory.owner, role_ids_to_grant=role)
    nobody = await make_member(inventory.client, inventory.owner)

    async def signed_in_as(member: Account) -> tuple[Any, list[str]]:
        """The member's page with its reports loaded once; every refused call's address."""
        context = await browser.new_context(viewport=DESKTOP, timezone_id="UTC")
        page = await context.new_page()
        await page.clock.set_system_time(clock.now())
        refused: list[str] = []
        page.on("response", lambda r: refused.append(r.url) if r.status == 403 else None)
        await page.goto(f"{server}/dashboard/")
        await _sign_in(page, tenant.slug, member.email, PASSWORD)
        await _until(page, "Number(document.body.dataset.loads || 0) >= 1")
        assert await page.locator("#board-error").is_hidden()
        assert await page.locator('[data-chart][data-state="drawn"]').count() == 0
        reports = "[...document.querySelectorAll('[data-needs=\"analytics:read\"]')]"
        assert await page.evaluate(f"{reports}.length > 0 && {reports}.every((e) => e.hidden)")
        return page, refused

    async with _chromium() as browser:
        page, refused = await signed_in_as(staff)
        notice = await page.inner_text("#board-notice")
        assert "staff" in notice and "analytics:read" in notice, notice
        assert "orders:read" not in notice and "inventory:read" not in notice, notice
        await page.locator(f'#open-orders tr[data-order-id="{waiting["id"]}"]').wait_for(
            timeout=WAIT_MS
        )
        assert "Cup" in await page.locator("#low-stock tbody tr").first.inner_text()
        assert await page.locator("#location").is_visible()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(ARTIFACTS / "staff.png"), full_page=True)
        assert refused == []

        page, refused = await signed_in_as(cashier)
        notice = await page.inner_text("#board-notice")
        assert "cashier" in notice and "analytics:read" in notice, notice
        assert "inventory:read" in notice and "orders:read" not in notice, notice
        await page.locator(f'#open-orders tr[data-order-id="{waiting["id"]}"]').wait_for(
            timeout=WAIT_MS
        )
        assert await page.locator("#low-stock-panel").is_hidden()
        assert refused == []

        page, refused = await signed_in_as(nobody)
        notice = await page.inner_text("#board-notice")
        assert "no role" in notice and "Nothing on this dashboard" in notice, notice
        assert await page.locator("#filters").is_hidden()
        assert await page.locator("#open-orders-panel").is_hidden()
        assert await page.locator("#low-stock-panel").is_hidden()
        assert refused == []
