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
    from ..models.product_option_out import ProductOptionOut
    from ..models.product_out_attributes import ProductOutAttributes
    from ..models.product_out_option_values import ProductOutOptionValues
    from ..models.variant_out import VariantOut


T = TypeVar("T", bound="ProductOut")


@_attrs_define
class ProductOut:
    """
    Attributes:
        id (UUID):
        parent_id (None | UUID): Set on a variant (read by its own id): the product it belongs to.
        sku (str):
        name (str):
        description (str):
        price (int): In the currency's minor units (cents).
        currency (str):
        status (ProductStatus):
        category_id (None | UUID):
        attributes (ProductOutAttributes):
        tax_class (str):
        image_urls (list[str]):
        barcode (None | str):
        options (list[ProductOptionOut]):
        option_values (ProductOutOptionValues): Set on a variant: its option values.
        variants (list[VariantOut]):
        location_prices (list[ProductLocationPrice]): The prices of this sellable unit at given locations, in place of
            `price`.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: UUID
    parent_id: None | UUID
    sku: str
    name: str
    description: str
    price: int
    currency: str
    status: ProductStatus
    category_id: None | UUID
    attributes: ProductOutAttributes
    tax_class: str
    image_urls: list[str]
    barcode: None | str
    options: list[ProductOptionOut]
    option_values: ProductOutOptionValues
    variants: list[VariantOut]
    location_prices: list[ProductLocationPrice]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        parent_id: None | str
        if isinstance(self.parent_id, UUID):
            parent_id = str(self.parent_id)
        else:
            parent_id = self.parent_id

        sku = self.sku

        name = self.name

        description = self.description

        price = self.price

        currency = self.currency

        status: str = self.status

        category_id: None | str
        if isinstance(self.category_id, UUID):
            category_id = str(self.category_id)
        else:
            category_id = self.category_id

        attributes = self.attributes.to_dict()

        tax_class = self.tax_class

        image_urls = self.image_urls

        barcode: None | str
        barcode = self.barcode

        options = []
        for options_item_data in self.options:
            options_item = options_item_data.to_dict()
            options.append(options_item)

        option_values = self.option_values.to_dict()

        variants = []
        for variants_item_data in self.variants:
            variants_item = variants_item_data.to_dict()
            variants.append(variants_item)

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
                "parent_id": parent_id,
                "sku": sku,
                "name": name,
                "description": description,
                "price": price,
                "currency": currency,
                "status": status,
                "category_id": category_id,
                "attributes": attributes,
                "tax_class": tax_class,
                "image_urls": image_urls,
                "barcode": barcode,
                "options": options,
                "option_values": option_values,
                "variants": variants,
                "location_prices": location_prices,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.product_location_price import ProductLocationPrice  # noqa: PLC0415
        from ..models.product_option_out import ProductOptionOut  # noqa: PLC0415
        from ..models.product_out_attributes import ProductOutAttributes  # noqa: PLC0415
        from ..models.product_out_option_values import ProductOutOptionValues  # noqa: PLC0415
        from ..models.variant_out import VariantOut  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        def _parse_parent_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                parent_id_type_0 = UUID(data)

                return parent_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        parent_id = _parse_parent_id(d.pop("parent_id"))

        sku = d.pop("sku")

        name = d.pop("name")

        description = d.pop("description")

        price = d.pop("price")

        currency = d.pop("currency")

        status = check_product_status(d.pop("status"))

        def _parse_category_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                category_id_type_0 = UUID(data)

                return category_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        category_id = _parse_category_id(d.pop("category_id"))

        attributes = ProductOutAttributes.from_dict(d.pop("attributes"))

        tax_class = d.pop("tax_class")

        image_urls = cast(list[str], d.pop("image_urls"))

        def _parse_barcode(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        barcode = _parse_barcode(d.pop("barcode"))

        options = []
        _options = d.pop("options")
        for options_item_data in _options:
            options_item = ProductOptionOut.from_dict(options_item_data)

            options.append(options_item)

        option_values = ProductOutOptionValues.from_dict(d.pop("option_values"))

        variants = []
        _variants = d.pop("variants")
        for variants_item_data in _variants:
            variants_item = VariantOut.from_dict(variants_item_data)

            variants.append(variants_item)

        location_prices = []
        _location_prices = d.pop("location_prices")
        for location_prices_item_data in _location_prices:
            location_prices_item = ProductLocationPrice.from_dict(location_prices_item_data)

            location_prices.append(location_prices_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        product_out = cls(
            id=id,
            parent_id=parent_id,
            sku=sku,
            name=name,
            description=description,
            price=price,
            currency=currency,
            status=status,
            category_id=category_id,
            attributes=attributes,
            tax_class=tax_class,
            image_urls=image_urls,
            barcode=barcode,
            options=options,
            option_values=option_values,
            variants=variants,
            location_prices=location_prices,
            created_at=created_at,
            updated_at=updated_at,
        )

        product_out.additional_properties = d
        return product_out

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
