"""Payments over HTTP on both backends: card, cash with change, split payments with a decline,
refunds partial, full and too large, Idempotency-Key replays and conflicts, bad input that
changes nothing, another tenant's objects, and who may take and refund payments where."""

import uuid
from typing import Any

import pytest

from tests.commerce.payments.conftest import Till
from tests.commerce.payments.payment_api import URL
from tests.fixtures.accounts import TenantFactory, login_owner, make_member
from tests.fixtures.platform_api import create_role
from tests.fixtures.problems import assert_problem

VISA = {"type": "card", "token": "tok_visa"}
DECLINED = {"type": "card", "token": "tok_declined"}


async def test_a_card_payment_pays_the_order_audited_and_published(till: Till) -> None:
    order = await till.order(1500)
    r = await till.pay(order["id"], 1500, VISA)
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["order_id"], body["status"], body["amount"], body["currency"]) == (
        order["id"],
        "succeeded",
        1500,
        "EUR",
    )
    assert (body["failure_code"], body["change_due"], body["processor"]) == (None, None, "test")
    assert (await till.order_now(order["id"]))["status"] == "paid"

    r = await till.client.get(f"{URL}/{body['id']}", headers=till.headers)
    assert r.status_code == 200 and r.json() == body
    r = await till.client.get(URL, params={"order_id": order["id"]}, headers=till.headers)
    assert [p["id"] for p in r.json()["items"]] == [body["id"]]

    (audit,) = [a for a in await till.inv.audit("payment.processed") if a.target_id == body["id"]]
    assert audit.changes["status"] == "succeeded"
    (event,) = [
        e
        for e in await till.inv.events_of("payment.processed")
        if e["data"]["payment_id"] == body["id"]
    ]
    assert (event["data"]["amount"], event["data"]["status"]) == (1500, "succeeded")


async def test_cash_gives_change(till: Till) -> None:
    order = await till.order(1500)
    r = await till.pay(order["id"], 1500, {"type": "cash", "tendered": 2000})
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["status"], body["processor"], body["tendered"], body["change_due"]) == (
        "succeeded",
        "cash",
        2000,
        500,
    )
    assert (await till.order_now(order["id"]))["status"] == "paid"
    r = await till.pay((await till.order(700))["id"], 700, {"type": "cash"})
    assert (r.json()["tendered"], r.json()["change_due"]) == (700, 0)


async def test_split_payment_with_a_decline_then_two_cards(till: Till) -> None:
    order = await till.order(3000)
    declined = await till.pay(order["id"], 1000, DECLINED)
    assert declined.status_code == 201, declined.text
    assert (declined.json()["status"], declined.json()["failure_code"]) == (
        "failed",
        "card_declined",
    )
    first = await till.pay(order["id"], 1000, VISA)
    assert first.json()["status"] == "succeeded"
    assert (await till.order_now(order["id"]))["status"] == "pending"
    # More than is left: refused, nothing written.
    assert_problem(await till.pay(order["id"], 2001, VISA), 409, "payment_exceeds_balance")
    second = await till.pay(order["id"], 2000, {"type": "cash", "tendered": 2000})
    assert second.json()["status"] == "succeeded"
    assert (await till.order_now(order["id"]))["status"] == "paid"

    payments = await till.stored.payments(order["id"])
    assert [(p.status, p.amount) for p in payments] == [
        ("failed", 1000),
        ("succeeded", 1000),
        ("succeeded", 2000),
    ]
    # A paid order takes no more.
    assert_problem(await till.pay(order["id"], 1, VISA), 409, "invalid_transition")


async def test_refunds_partial_full_and_too_large(till: Till) -> None:
    order = await till.order(2000)
    payment = (await till.pay(order["id"], 2000, VISA)).json()

    r = await till.refund(payment["id"], 500)
    assert r.status_code == 201, r.text
    assert (r.json()["status"], r.json()["amount"], r.json()["payment"]["refunded_amount"]) == (
        "succeeded",
        500,
        500,
    )
    assert (await till.order_now(order["id"]))["status"] == "partially_refunded"
    assert_problem(await till.refund(payment["id"], 1501), 409, "refund_exceeds_captured")

    r = await till.refund(payment["id"])  # the rest
    assert (r.status_code, r.json()["amount"]) == (201, 1500)
    assert (await till.order_now(order["id"]))["status"] == "refunded"
    assert_problem(await till.refund(payment["id"], 1), 409, "refund_exceeds_captured")
    assert [(f.status, f.amount) for f in await till.stored.refunds()] == [
        ("succeeded", 500),
        ("succeeded", 1500),
    ]
    events = [
        e
        for e in await till.inv.events_of("payment.refunded")
        if e["data"]["payment_id"] == payment["id"]
    ]
    assert [e["data"]["amount"] for e in events] == [500, 1500]


async def test_a_failed_payment_or_an_unpaid_order_refunds_nothing(till: Till) -> None:
    order = await till.order(900)
    failed = (await till.pay(order["id"], 900, DECLINED)).json()
    assert_problem(await till.refund(failed["id"]), 409, "payment_not_refundable")
    cash_order = await till.order(900)
    part = (await till.pay(cash_order["id"], 400, {"type": "cash"})).json()
    # The order is not paid yet (400 of 900): it can't be refunded.
    assert_problem(await till.refund(part["id"]), 409, "invalid_transition")
    assert await till.stored.refunds() == []


async def test_a_cash_refund(till: Till) -> None:
    order = await till.order(800)
    payment = (await till.pay(order["id"], 800, {"type": "cash", "tendered": 1000})).json()
    r = await till.refund(payment["id"], 300)
    assert (r.status_code, r.json()["status"]) == (201, "succeeded")


async def test_idempotency_key_replays_and_refuses_another_body(till: Till) -> None:
    order = await till.order(1200)
    key = f"pay-{uuid.uuid4()}"
    first = await till.pay(order["id"], 600, VISA, key=key)
    again = await till.pay(order["id"], 600, VISA, key=key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert_problem(await till.pay(order["id"], 601, VISA, key=key), 422, "idempotency_conflict")
    assert len(await till.stored.payments(order["id"])) == 1

    rest = (await till.pay(order["id"], 600, VISA)).json()
    refund_key = f"refund-{uuid.uuid4()}"
    r1 = await till.refund(rest["id"], 100, key=refund_key)
    r2 = await till.refund(rest["id"], 100, key=refund_key)
    assert (r1.status_code, r2.content) == (201, r1.content)
    assert_problem(await till.refund(rest["id"], 200, key=refund_key), 422, "idempotency_conflict")
    assert len(await till.stored.refunds()) == 1


@pytest.mark.parametrize(
    "body",
    [
        {"amount": 100, "method": VISA, "order_id": None},
        {"order_id": "nope", "amount": 100, "method": VISA},
        {"method": VISA},
        {"amount": 0, "method": VISA},
        {"amount": -5, "method": VISA},
        {"amount": "100", "method": VISA},
        {"amount": 10.5, "method": VISA},
        {"amount": True, "method": VISA},
        {"amount": 10**13, "method": VISA},
        {"amount": 100, "method": {"type": "cheque"}},
        {"amount": 100, "method": {"type": "card"}},
        {"amount": 100, "method": {"type": "card", "token": ""}},
        {"amount": 100, "method": {"type": "cash", "tendered": 0}},
        {"amount": 100, "method": {"type": "cash", "token": "tok_visa"}},
        {"amount": 100, "method": VISA, "status": "succeeded"},
        {"amount": 100, "method": {"type": "card", "token": "tok\x00"}},
    ],
)
async def test_bad_input_is_422_and_changes_nothing(till: Till, body: dict[str, Any]) -> None:
    order = await till.order(1000)
    body = {"order_id": order["id"], **body}
    r = await till.client.post(f"{URL}/process", json=body, headers=till.headers)
    assert r.status_code == 422, r.text
    assert await till.stored.payments() == []
    assert (await till.order_now(order["id"]))["status"] == "pending"


async def test_too_little_cash_and_bad_refunds_are_refused(till: Till) -> None:
    order = await till.order(1000)
    r = await till.pay(order["id"], 1000, {"type": "cash", "tendered": 999})
    assert_problem(r, 422, "insufficient_tender")
    assert await till.stored.payments() == []
    payment = (await till.pay(order["id"], 1000, VISA)).json()
    for body in ({"amount": 0}, {"amount": -1}, {"amount": "5"}, {"payment_id": payment["id"]}):
        r = await till.client.post(f"{URL}/{payment['id']}/refund", json=body, headers=till.headers)
        assert r.status_code == 422, (body, r.text)
    assert await till.stored.refunds() == []


async def test_another_tenants_order_and_payment_are_404(
    till: Till, make_tenant: TenantFactory
) -> None:
    order = await till.order(1000)
    payment = (await till.pay(order["id"], 500, VISA)).json()
    other = await login_owner(till.client, await make_tenant())
    assert_problem(
        await till.pay(order["id"], 500, VISA, headers=other.headers), 404, "order_not_found"
    )
    assert_problem(
        await till.refund(payment["id"], headers=other.headers), 404, "payment_not_found"
    )
    r = await till.client.get(f"{URL}/{payment['id']}", headers=other.headers)
    assert_problem(r, 404, "payment_not_found")
    r = await till.client.get(URL, params={"order_id": order["id"]}, headers=other.headers)
    assert r.json()["items"] == []
    assert_problem(await till.pay(str(uuid.uuid4()), 500, VISA), 404, "order_not_found")
    assert len(await till.stored.payments()) == 1


async def test_who_may_take_and_refund_payments_where(till: Till) -> None:
    order = await till.order(1000)
    reader_role = await create_role(till.client, till.headers, ["orders:read"])
    reader = await make_member(till.client, till.inv.owner, role_ids_to_grant=(reader_role["id"],))
    assert_problem(
        await till.pay(order["id"], 500, VISA, headers=reader.headers), 403, "permission_denied"
    )

    # Staff take payments but don't refund; at another store, they can't take them here.
    staff = await till.inv.member("staff")
    payment = (await till.pay(order["id"], 1000, VISA, headers=staff.headers)).json()
    assert payment["status"] == "succeeded"
    assert_problem(
        await till.refund(payment["id"], headers=staff.headers), 403, "permission_denied"
    )
    elsewhere = await till.inv.member()
    await till.inv.grant_at(elsewhere, "manager", await till.inv.location())
    other_order = await till.order(500)
    r = await till.pay(other_order["id"], 500, VISA, headers=elsewhere.headers)
    assert_problem(r, 403, "permission_denied")
    # They can't even see this store's payments.
    r = await till.client.get(f"{URL}/{payment['id']}", headers=elsewhere.headers)
    assert_problem(r, 404, "payment_not_found")
    assert_problem(
        await till.refund(payment["id"], headers=elsewhere.headers), 404, "payment_not_found"
    )
    assert len(await till.stored.payments()) == 1
    assert await till.stored.refunds() == []
