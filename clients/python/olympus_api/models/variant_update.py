from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.product_status import ProductStatus, check_product_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.variant_update_attributes import VariantUpdateAttributes
    from ..models.variant_update_option_values import VariantUpdateOptionValues


T = TypeVar("T", bound="VariantUpdate")


@_attrs_define
class VariantUpdate:
    """Only the fields sent change; `barcode` may be sent as null to clear it.

    Attributes:
        sku (str | Unset): Unique in the tenant (variants included).
        option_values (VariantUpdateOptionValues | Unset): One value for each option of the product (names and values as
            listed in its `options`, in any case).
        name (str | Unset):
        price (int | Unset): In the currency's minor units (cents).
        barcode (None | str | Unset):
        status (ProductStatus | Unset):
        attributes (VariantUpdateAttributes | Unset): Free attributes: names (1-64 characters) to strings or numbers (at
            most 50).
        image_urls (list[str] | Unset):
    """

    sku: str | Unset = UNSET
    option_values: VariantUpdateOptionValues | Unset = UNSET
    name: str | Unset = UNSET
    price: int | Unset = UNSET
    barcode: None | str | Unset = UNSET
    status: ProductStatus | Unset = UNSET
    attributes: VariantUpdateAttributes | Unset = UNSET
    image_urls: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        sku = self.sku

        option_values: dict[str, Any] | Unset = UNSET
        if not isinstance(self.option_values, Unset):
            option_values = self.option_values.to_dict()

        name = self.name

        price = self.price

        barcode: None | str | Unset
        if isinstance(self.barcode, Unset):
            barcode = UNSET
        else:
            barcode = self.barcode

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status

        attributes: dict[str, Any] | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = self.attributes.to_dict()

        image_urls: list[str] | Unset = UNSET
        if not isinstance(self.image_urls, Unset):
            image_urls = self.image_urls

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if sku is not UNSET:
            field_dict["sku"] = sku
        if option_values is not UNSET:
            field_dict["option_values"] = option_values
        if name is not UNSET:
            field_dict["name"] = name
        if price is not UNSET:
            field_dict["price"] = price
        if barcode is not UNSET:
            field_dict["barcode"] = barcode
        if status is not UNSET:
            field_dict["status"] = status
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if image_urls is not UNSET:
            field_dict["image_urls"] = image_urls

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.variant_update_attributes import VariantUpdateAttributes  # noqa: PLC0415
        from ..models.variant_update_option_values import VariantUpdateOptionValues  # noqa: PLC0415

        d = dict(src_dict)
        sku = d.pop("sku", UNSET)

        _option_values = d.pop("option_values", UNSET)
        option_values: VariantUpdateOptionValues | Unset
        if isinstance(_option_values, Unset):
            option_values = UNSET
        else:
            option_values = VariantUpdateOptionValues.from_dict(_option_values)

        name = d.pop("name", UNSET)

        price = d.pop("price", UNSET)

        def _parse_barcode(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        barcode = _parse_barcode(d.pop("barcode", UNSET))

        _status = d.pop("status", UNSET)
        status: ProductStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = check_product_status(_status)

        _attributes = d.pop("attributes", UNSET)
        attributes: VariantUpdateAttributes | Unset
        if isinstance(_attributes, Unset):
            attributes = UNSET
        else:
            attributes = VariantUpdateAttributes.from_dict(_attributes)

        image_urls = cast(list[str], d.pop("image_urls", UNSET))

        variant_update = cls(
            sku=sku,
            option_values=option_values,
            name=name,
            price=price,
            barcode=barcode,
            status=status,
            attributes=attributes,
            image_urls=image_urls,
        )

        return variant_update
