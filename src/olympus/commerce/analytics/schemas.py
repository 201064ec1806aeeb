"""The reports' answers. Money is in minor units, as everywhere; periods are the local start
of each period in the report's time zone (RFC 3339 with that zone's offset)."""

import uuid
from enum import StrEnum

from pydantic import BaseModel, Field


class Interval(StrEnum):
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class ProductMeasure(StrEnum):
    REVENUE = "revenue"
    QUANTITY = "quantity"


class SalesFigures(BaseModel):
    orders: int = Field(
        description="Orders paid (counted once, when their payments covered their total)"
    )
    revenue: int = Field(description="Totals of those orders: after discounts, tax included")
    refunds: int = Field(description="Refunds that succeeded in the period (of any order)")
    net_revenue: int = Field(description="revenue - refunds")
    items_sold: int = Field(description="Units on the lines of the orders paid")
    average_order_value: int = Field(
        description="revenue / orders, rounded half up; 0 without orders"
    )
    discount_total: int = Field(description="Discounts given on the orders paid")
    tax_total: int = Field(description="Tax included in the revenue")


class SalesPeriod(SalesFigures):
    period: str = Field(description="Local start of the period, RFC 3339 with the zone's offset")


class SalesReport(BaseModel):
    series: list[SalesPeriod] = Field(
        description="Every period of the window, empty ones with zeros"
    )
    totals: SalesFigures
    interval: Interval
    timezone: str = Field(description="The zone periods are counted in")
    from_: str = Field(alias="from", description="Start of the window (inclusive), UTC")
    to: str = Field(description="End of the window (exclusive), UTC")


class TopProduct(BaseModel):
    product_id: uuid.UUID
    sku: str
    name: str
    quantity: int = Field(description="Units sold in orders paid in the window")
    revenue: int = Field(description="Line totals of those units (after discounts, tax included)")


class TopProductsReport(BaseModel):
    items: list[TopProduct]
    by: ProductMeasure
    timezone: str
    from_: str = Field(alias="from")
    to: str


class PaymentMix(BaseModel):
    method: str = Field(description="card or cash")
    provider: str = Field(description="Who took it: the card processor (test, stripe) or cash")
    payments: int = Field(description="Payments that succeeded in the window")
    amount: int = Field(description="What they captured")
    refund_count: int = Field(
        description="Refunds of payments of this method that succeeded in the window"
    )
    refunds: int = Field(description="What those refunds gave back")
    net_amount: int = Field(description="amount - refunds")


class PaymentMixReport(BaseModel):
    items: list[PaymentMix]
    timezone: str
    from_: str = Field(alias="from")
    to: str


class LocationSales(SalesFigures):
    location_id: uuid.UUID
    name: str
    code: str


class LocationsReport(BaseModel):
    items: list[LocationSales] = Field(description="Locations with sales or refunds in the window")
    timezone: str
    from_: str = Field(alias="from")
    to: str


class HourCell(BaseModel):
    weekday: int = Field(description="ISO weekday in the report's zone: 1 Monday ... 7 Sunday")
    hour: int = Field(description="Local hour of the day, 0-23")
    orders: int
    revenue: int


class HoursReport(BaseModel):
    items: list[HourCell] = Field(description="All 168 weekday x hour cells, empty ones with zeros")
    timezone: str
    from_: str = Field(alias="from")
    to: str
