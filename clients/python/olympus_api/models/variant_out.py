from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.product_status import ProductStatus, check_product_status

if TYPE_CHECKING:
    from ..models.product_location_price import ProductLocationPrice
    from ..models.variant_out_attributes import VariantOutAttributes
    from ..models.variant_out_option_values import VariantOutOptionValues


T = TypeVar("T", bound="VariantOut")


@_attrs_define
class VariantOut:
    """
    Attributes:
        id (UUID):
        sku (str):
        name (str):
        price (int):
        currency (str):
        status (ProductStatus):
        barcode (None | str):
        option_values (VariantOutOptionValues):
        attributes (VariantOutAttributes):
        image_urls (list[str]):
        location_prices (list[ProductLocationPrice]):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: UUID
    sku: str
    name: str
    price: int
    currency: str
    status: ProductStatus
    barcode: None | str
    option_values: VariantOutOptionValues
    attributes: VariantOutAttributes
    image_urls: list[str]
    location_prices: list[ProductLocationPrice]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        sku = self.sku

        name = self.name

        price = self.price

        currency = self.currency

        status: str = self.status

        barcode: None | str
        barcode = self.barcode

        option_values = self.option_values.to_dict()

        attributes = self.attributes.to_dict()

        image_urls = self.image_urls

        location_prices = []
        for location_prices_item_data in self.location_prices:
            location_prices_item = location_prices_item_data.to_dict()
            location_prices.append(location_prices_item)

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "sku": sku,
                "name": name,
                "price": price,
                "currency": currency,
                "status": status,
                "barcode": barcode,
                "option_values": option_values,
                "attributes": attributes,
                "image_urls": image_urls,
                "location_prices": location_prices,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.product_location_price import ProductLocationPrice  # noqa: PLC0415
        from ..models.variant_out_attributes import VariantOutAttributes  # noqa: PLC0415
        from ..models.variant_out_option_values import VariantOutOptionValues  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        sku = d.pop("sku")

        name = d.pop("name")

        price = d.pop("price")

        currency = d.pop("currency")

        status = check_product_status(d.pop("status"))

        def _parse_barcode(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        barcode = _parse_barcode(d.pop("barcode"))

        option_values = VariantOutOptionValues.from_dict(d.pop("option_values"))

        attributes = VariantOutAttributes.from_dict(d.pop("attributes"))

        image_urls = cast(list[str], d.pop("image_urls"))

        location_prices = []
        _location_prices = d.pop("location_prices")
        for location_prices_item_data in _location_prices:
            location_prices_item = ProductLocationPrice.from_dict(location_prices_item_data)

            location_prices.append(location_prices_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        variant_out = cls(
            id=id,
            sku=sku,
            name=name,
            price=price,
            currency=currency,
            status=status,
            barcode=barcode,
            option_values=option_values,
            attributes=attributes,
            image_urls=image_urls,
            location_prices=location_prices,
            created_at=created_at,
            updated_at=updated_at,
        )

        variant_out.additional_properties = d
        return variant_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
