from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.product_status import ProductStatus, check_product_status
from ..models.product_update_currency import (
    ProductUpdateCurrency,
    check_product_update_currency,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.product_option import ProductOption
    from ..models.product_update_attributes import ProductUpdateAttributes


T = TypeVar("T", bound="ProductUpdate")


@_attrs_define
class ProductUpdate:
    """Only the fields sent change. `category_id` and `barcode` may be sent as null to clear
    them; any other null is refused (leave the field out to keep it).

    Every other field is required in the model (so an explicit null is refused like any
    wrong type) yet may be left out: the `None` defaults are never validated nor read.

        Attributes:
            sku (str | Unset): Unique in the tenant (variants included).
            name (str | Unset):
            description (str | Unset):
            price (int | Unset): In the currency's minor units (cents).
            currency (ProductUpdateCurrency | Unset): An active ISO 4217 currency code, in upper or lower case (upper-cased
                on the way in).
            category_id (None | Unset | UUID):
            status (ProductStatus | Unset):
            attributes (ProductUpdateAttributes | Unset): Free attributes: names (1-64 characters) to strings or numbers (at
                most 50).
            tax_class (str | Unset): The tax rates of this class apply (lower-cased on the way in).
            image_urls (list[str] | Unset):
            barcode (None | str | Unset):
            options (list[ProductOption] | Unset): The options its variants choose from (at most 3, 100 values each).
    """

    sku: str | Unset = UNSET
    name: str | Unset = UNSET
    description: str | Unset = UNSET
    price: int | Unset = UNSET
    currency: ProductUpdateCurrency | Unset = UNSET
    category_id: None | Unset | UUID = UNSET
    status: ProductStatus | Unset = UNSET
    attributes: ProductUpdateAttributes | Unset = UNSET
    tax_class: str | Unset = UNSET
    image_urls: list[str] | Unset = UNSET
    barcode: None | str | Unset = UNSET
    options: list[ProductOption] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        sku = self.sku

        name = self.name

        description = self.description

        price = self.price

        currency: str | Unset = UNSET
        if not isinstance(self.currency, Unset):
            currency = self.currency

        category_id: None | str | Unset
        if isinstance(self.category_id, Unset):
            category_id = UNSET
        elif isinstance(self.category_id, UUID):
            category_id = str(self.category_id)
        else:
            category_id = self.category_id

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status

        attributes: dict[str, Any] | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = self.attributes.to_dict()

        tax_class = self.tax_class

        image_urls: list[str] | Unset = UNSET
        if not isinstance(self.image_urls, Unset):
            image_urls = self.image_urls

        barcode: None | str | Unset
        if isinstance(self.barcode, Unset):
            barcode = UNSET
        else:
            barcode = self.barcode

        options: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.options, Unset):
            options = []
            for options_item_data in self.options:
                options_item = options_item_data.to_dict()
                options.append(options_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if sku is not UNSET:
            field_dict["sku"] = sku
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if price is not UNSET:
            field_dict["price"] = price
        if currency is not UNSET:
            field_dict["currency"] = currency
        if category_id is not UNSET:
            field_dict["category_id"] = category_id
        if status is not UNSET:
            field_dict["status"] = status
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if tax_class is not UNSET:
            field_dict["tax_class"] = tax_class
        if image_urls is not UNSET:
            field_dict["image_urls"] = image_urls
        if barcode is not UNSET:
            field_dict["barcode"] = barcode
        if options is not UNSET:
            field_dict["options"] = options

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.product_option import ProductOption  # noqa: PLC0415
        from ..models.product_update_attributes import ProductUpdateAttributes  # noqa: PLC0415

        d = dict(src_dict)
        sku = d.pop("sku", UNSET)

        name = d.pop("name", UNSET)

        description = d.pop("description", UNSET)

        price = d.pop("price", UNSET)

        _currency = d.pop("currency", UNSET)
        currency: ProductUpdateCurrency | Unset
        if isinstance(_currency, Unset):
            currency = UNSET
        else:
            currency = check_product_update_currency(_currency)

        def _parse_category_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                category_id_type_0 = UUID(data)

                return category_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        category_id = _parse_category_id(d.pop("category_id", UNSET))

        _status = d.pop("status", UNSET)
        status: ProductStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = check_product_status(_status)

        _attributes = d.pop("attributes", UNSET)
        attributes: ProductUpdateAttributes | Unset
        if isinstance(_attributes, Unset):
            attributes = UNSET
        else:
            attributes = ProductUpdateAttributes.from_dict(_attributes)

        tax_class = d.pop("tax_class", UNSET)

        image_urls = cast(list[str], d.pop("image_urls", UNSET))

        def _parse_barcode(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        barcode = _parse_barcode(d.pop("barcode", UNSET))

        _options = d.pop("options", UNSET)
        options: list[ProductOption] | Unset = UNSET
        if _options is not UNSET:
            options = []
            for options_item_data in _options:
                options_item = ProductOption.from_dict(options_item_data)

                options.append(options_item)

        product_update = cls(
            sku=sku,
            name=name,
            description=description,
            price=price,
            currency=currency,
            category_id=category_id,
            status=status,
            attributes=attributes,
            tax_class=tax_class,
            image_urls=image_urls,
            barcode=barcode,
            options=options,
        )

        return product_update
