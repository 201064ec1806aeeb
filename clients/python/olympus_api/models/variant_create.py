from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.product_status import ProductStatus, check_product_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.variant_create_attributes import VariantCreateAttributes
    from ..models.variant_create_option_values import VariantCreateOptionValues


T = TypeVar("T", bound="VariantCreate")


@_attrs_define
class VariantCreate:
    """A variant takes its currency, category and tax class from its product; its price
    (when left out), status (when left out) and name (when left out: the product's name and
    the option values) start as the product's.

        Attributes:
            sku (str): Unique in the tenant (variants included).
            option_values (VariantCreateOptionValues): One value for each option of the product (names and values as listed
                in its `options`, in any case).
            name (None | str | Unset):
            price (int | None | Unset):
            barcode (None | str | Unset):
            status (None | ProductStatus | Unset):
            attributes (VariantCreateAttributes | Unset): Free attributes: names (1-64 characters) to strings or numbers (at
                most 50).
            image_urls (list[str] | Unset):
    """

    sku: str
    option_values: VariantCreateOptionValues
    name: None | str | Unset = UNSET
    price: int | None | Unset = UNSET
    barcode: None | str | Unset = UNSET
    status: None | ProductStatus | Unset = UNSET
    attributes: VariantCreateAttributes | Unset = UNSET
    image_urls: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        sku = self.sku

        option_values = self.option_values.to_dict()

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        price: int | None | Unset
        if isinstance(self.price, Unset):
            price = UNSET
        else:
            price = self.price

        barcode: None | str | Unset
        if isinstance(self.barcode, Unset):
            barcode = UNSET
        else:
            barcode = self.barcode

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, str):
            status = self.status
        else:
            status = self.status

        attributes: dict[str, Any] | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = self.attributes.to_dict()

        image_urls: list[str] | Unset = UNSET
        if not isinstance(self.image_urls, Unset):
            image_urls = self.image_urls

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sku": sku,
                "option_values": option_values,
            }
        )
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
        from ..models.variant_create_attributes import VariantCreateAttributes  # noqa: PLC0415
        from ..models.variant_create_option_values import VariantCreateOptionValues  # noqa: PLC0415

        d = dict(src_dict)
        sku = d.pop("sku")

        option_values = VariantCreateOptionValues.from_dict(d.pop("option_values"))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_price(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        price = _parse_price(d.pop("price", UNSET))

        def _parse_barcode(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        barcode = _parse_barcode(d.pop("barcode", UNSET))

        def _parse_status(data: object) -> None | ProductStatus | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = check_product_status(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProductStatus | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        _attributes = d.pop("attributes", UNSET)
        attributes: VariantCreateAttributes | Unset
        if isinstance(_attributes, Unset):
            attributes = UNSET
        else:
            attributes = VariantCreateAttributes.from_dict(_attributes)

        image_urls = cast(list[str], d.pop("image_urls", UNSET))

        variant_create = cls(
            sku=sku,
            option_values=option_values,
            name=name,
            price=price,
            barcode=barcode,
            status=status,
            attributes=attributes,
            image_urls=image_urls,
        )

        return variant_create
