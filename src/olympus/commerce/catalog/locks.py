"""Row locks of the catalog: the writers of one product take turns on its row, so two
variants with one combination of options, or a variant and a change of the options it must
match, can't both pass their checks."""

import uuid

from olympus.commerce.catalog.models import Product
from olympus.core.db import WriteUnitOfWork
from olympus.core.locking import lock_rows


async def lock_product(uow: WriteUnitOfWork, product_id: uuid.UUID) -> bool:
    """Hold the product's row until the transaction ends; False when there is none."""
    return bool(await lock_rows(uow, Product, Product.id == product_id))
