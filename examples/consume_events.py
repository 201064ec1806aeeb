"""A service consuming Olympus Core's events from Redis, typed: each event's data is parsed
into the model its type declares in the catalogue (docs/EVENTS.md), so a handler works with
attributes and types instead of raw dictionaries.

It reads the streams through a consumer group (durable: run several copies with different
`--consumer` names to share the work; a copy that dies has its pending events claimed by the
others), skips events it handled before (delivery is at least once) and acknowledges each one.

    python examples/consume_events.py --redis-url redis://127.0.0.1:6379/0 \\
        --group fulfilment order.created payment.processed inventory.low_stock

Stop it with Ctrl-C."""

import argparse
import asyncio
import contextlib
import socket
from collections.abc import Awaitable, Callable, Sequence

from redis.asyncio import Redis

from olympus.commerce.inventory.schemas import InventoryLowStockData
from olympus.commerce.orders.schemas import OrderCreatedData
from olympus.commerce.payments.schemas import PaymentProcessedData
from olympus.core.consumers import Deduplicator, EventEnvelope, StreamConsumer

Handler = Callable[[EventEnvelope], Awaitable[str]]


async def describe(envelope: EventEnvelope) -> str:
    """What a handler does with an event; here, a line saying what happened."""
    data = envelope.typed()  # the declared model of envelope.type
    match data:
        case OrderCreatedData():
            units = sum(item.quantity for item in data.items)
            return f"order {data.number}: {units} units, {data.total} {data.currency} (minor units)"
        case PaymentProcessedData(status="succeeded"):
            return f"order {data.order_id} paid {data.amount} {data.currency} by {data.method}"
        case PaymentProcessedData():
            return f"payment for order {data.order_id} failed: {data.failure_code}"
        case InventoryLowStockData():
            return (
                f"reorder {data.product_id} at {data.location_id}: "
                f"{data.available} left (threshold {data.threshold})"
            )
        case _:
            return f"{envelope.type} (version {envelope.version})"


async def consume(
    redis: Redis,
    *,
    group: str,
    consumer: str,
    event_types: Sequence[str],
    namespace: str = "",
    handle: Handler = describe,
    limit: int | None = None,
) -> list[str]:
    """Handle the events of `event_types` as member `consumer` of `group`, until stopped (or
    after `limit` events, for a test). What the handler answered, in order."""
    stream = StreamConsumer(
        redis, group=group, consumer=consumer, event_types=event_types, namespace=namespace
    )
    handled_before = Deduplicator(redis, group)
    answers: list[str] = []
    async for delivery in stream:
        envelope = delivery.envelope
        if not await handled_before.seen(envelope.id):
            answer = await handle(envelope)
            print(answer, flush=True)
            answers.append(answer)
            await handled_before.remember(envelope.id)
        await delivery.ack()
        if limit is not None and len(answers) >= limit:
            break
    return answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("event_types", nargs="+", help="order.created payment.processed ...")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--group", default="example-consumers")
    parser.add_argument("--consumer", default=socket.gethostname())
    parser.add_argument("--namespace", default="", help="the service's EVENT_NAMESPACE")
    args = parser.parse_args()

    async def run() -> None:
        redis = Redis.from_url(args.redis_url)
        try:
            await consume(
                redis,
                group=args.group,
                consumer=args.consumer,
                event_types=args.event_types,
                namespace=args.namespace,
            )
        finally:
            await redis.aclose()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())


if __name__ == "__main__":
    main()
