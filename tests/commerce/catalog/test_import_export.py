"""CSV import and export of products: upsert by SKU with row-by-row checks, dry runs and
atomic imports, categories created from paths, events and audit, limits, permissions,
tenants kept apart, the export that imports back, and the `olympus products` commands."""

import asyncio
import csv
import io
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from olympus.app import create_app
from olympus.cli import app as cli
from olympus.commerce.catalog.imports import export
from olympus.config import Settings
from olympus.core.db import ReadUnitOfWork
from olympus.platform.audit.models import AuditLog
from tests.commerce.catalog.conftest import PRODUCTS, Catalog
from tests.fixtures.accounts import PASSWORD, Account
from tests.fixtures.apps import Backend, make_settings
from tests.fixtures.problems import assert_problem

IMPORT = f"{PRODUCTS}/import"
EXPORT = f"{PRODUCTS}/export"
HEADER = "sku,name,price,currency,status,description,category,barcode,tax_class"


def csv_text(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


async def post_csv(
    catalog: Catalog,
    content: bytes,
    *,
    headers: dict[str, str] | None = None,
    content_type: str = "text/csv",
    **params: str,
) -> httpx.Response:
    return await catalog.client.post(
        IMPORT,
        content=content,
        params=params,
        headers={**(headers or catalog.headers), "content-type": content_type},
    )


async def audit_imports(catalog: Catalog) -> list[AuditLog]:
    async def rows(uow: ReadUnitOfWork) -> list[AuditLog]:
        stmt = sa.select(AuditLog).where(AuditLog.action == "products.imported")
        return list((await uow.session.scalars(stmt)).all())

    result: list[AuditLog] = await catalog.read(rows)
    return result


# --- happy paths -------------------------------------------------------------------------------


async def test_import_creates_then_updates_with_events_and_one_audit_row(catalog: Catalog) -> None:
    r = await post_csv(
        catalog,
        csv_text(
            "TEA-1,Green Tea,1250,eur,active,Sencha,Drinks/Tea,4006381333931,reduced",
            'TEA-2,"Black Tea, strong",990,EUR,,,,,',
        ),
    )
    assert r.status_code == 200, r.text
    assert r.json() == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": [],
        "categories_created": 2,
        "dry_run": False,
        "atomic": False,
    }
    products = await catalog.products()
    tea = products["TEA-1"]
    assert (tea.name, tea.price, tea.currency, tea.status) == ("Green Tea", 1250, "EUR", "active")
    assert (tea.description, tea.barcode, tea.tax_class) == ("Sencha", "4006381333931", "reduced")
    categories = await catalog.categories()
    assert set(categories) == {"Drinks", "Drinks/Tea"}
    assert tea.category_id == categories["Drinks/Tea"].id
    black = products["TEA-2"]
    assert (black.name, black.status, black.tax_class, black.category_id) == (
        "Black Tea, strong",
        "draft",
        "standard",
        None,
    )
    (created,) = await catalog.events_of("product.created", product_id=str(tea.id))
    assert created["data"]["changes"]["category_id"] == str(categories["Drinks/Tea"].id)
    assert created["data"]["changes"]["price"] == 1250

    # Again, with a changed price, the same category spelled otherwise, and a row unchanged.
    r = await post_csv(
        catalog,
        csv_text(
            "TEA-1,Green Tea,1300,EUR,,Sencha,drinks / TEA,4006381333931,reduced",
            'TEA-2,"Black Tea, strong",990,EUR,,,,,',
        ),
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["created"], body["updated"], body["unchanged"]) == (0, 1, 1)
    assert body["categories_created"] == 0
    tea = (await catalog.products())["TEA-1"]
    assert (tea.price, tea.status) == (1300, "active")  # an empty status keeps it
    assert set(await catalog.categories()) == {"Drinks", "Drinks/Tea"}
    (updated,) = await catalog.events_of("product.updated", product_id=str(tea.id))
    assert updated["data"]["changes"] == {"price": {"from": 1250, "to": 1300}}
    assert await catalog.events_of("product.updated", sku="TEA-2") == []

    first, second = sorted(await audit_imports(catalog), key=lambda a: a.id)
    assert first.actor_id == catalog.tenant.owner_id
    assert first.changes["created"] == 2 and second.changes["updated"] == 1
    assert second.changes["unchanged"] == 1


async def test_optional_columns_attributes_and_images(catalog: Catalog) -> None:
    header = "sku,name,price,currency,attributes,image_urls"
    content = csv_text(
        'ATTR-1,Mug,500,EUR,"{""colour"": ""red"", ""ml"": 300}",'
        "https://cdn.example.com/a.jpg|https://cdn.example.com/b.jpg",
        header=header,
    )
    r = await post_csv(catalog, content)
    assert r.status_code == 200, r.text
    mug = (await catalog.products())["ATTR-1"]
    assert mug.attributes == {"colour": "red", "ml": 300}
    assert mug.image_urls == ["https://cdn.example.com/a.jpg", "https://cdn.example.com/b.jpg"]


async def test_a_header_without_a_column_leaves_that_field_alone(catalog: Catalog) -> None:
    created = await catalog.product(sku="KEEP-1", description="Kept", status="active")
    r = await post_csv(
        catalog, csv_text("KEEP-1,Renamed,700,EUR", header="sku,name,price,currency")
    )
    assert r.json()["updated"] == 1, r.text
    after = await catalog.get(created["id"])
    assert (after["name"], after["price"]) == ("Renamed", 700)
    assert (after["description"], after["status"]) == ("Kept", "active")


# --- rows rejected -----------------------------------------------------------------------------


async def test_bad_rows_are_reported_with_their_line_and_good_rows_land(catalog: Catalog) -> None:
    await catalog.product(sku="TAKEN-BC", barcode="999000111")
    r = await post_csv(
        catalog,
        csv_text(
            "OK-1,Fine,100,EUR,,,,,",
            "BAD-1,Negative,-5,EUR,,,,,",
            "",  # a blank line: skipped, still counted
            "BAD-2,No currency,100,XXQ,sold,,,,",
            'OK-2,"Two',
            'lines",200,EUR,,,,,',
            "BAD-3,Barcode of another,100,EUR,,,,999000111,",
            "OK-1,Again in the file,100,EUR,,,,,",
            "BAD-4,Short row,100",
        ),
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["created"], body["updated"]) == (2, 0)
    rejected = {row["row"]: row for row in body["rejected"]}
    assert sorted(rejected) == [3, 5, 8, 9, 10]
    assert rejected[3]["sku"] == "BAD-1"
    assert [e["field"] for e in rejected[3]["errors"]] == ["price"]
    assert {e["field"] for e in rejected[5]["errors"]} == {"currency", "status"}
    assert rejected[8]["errors"][0]["field"] == "barcode"
    assert "TAKEN-BC" in rejected[8]["errors"][0]["message"]
    assert rejected[9]["errors"] == [{"field": "sku", "message": "the SKU is already on row 2"}]
    assert rejected[10]["errors"][0]["field"] is None
    products = await catalog.products()
    assert products["OK-2"].name == "Two\nlines"
    assert products["OK-1"].name == "Fine"
    assert not {"BAD-1", "BAD-2", "BAD-3", "BAD-4"} & set(products)


async def test_a_variants_sku_is_refused(catalog: Catalog) -> None:
    product = await catalog.product(options=[{"name": "size", "values": ["S", "M"]}])
    variant = await catalog.variant(product["id"], option_values={"size": "S"})
    r = await post_csv(catalog, csv_text(f"{variant['sku']},Renamed,100,EUR,,,,,"))
    (row,) = r.json()["rejected"]
    assert row["errors"][0]["field"] == "sku"
    assert "variant" in row["errors"][0]["message"]
    assert (await catalog.products())[variant["sku"]].name == variant["name"]


async def test_variants_follow_their_product_and_prices_per_location_keep_its_currency(
    catalog: Catalog,
) -> None:
    product = await catalog.product(sku="PARENT-1", options=[{"name": "size", "values": ["S"]}])
    variant = await catalog.variant(product["id"], option_values={"size": "S"})
    r = await post_csv(catalog, csv_text("PARENT-1,Parent,100,USD,,,Shop/Cups,,reduced"))
    assert r.json()["updated"] == 1, r.text
    rows = await catalog.products()
    category = (await catalog.categories())["Shop/Cups"]
    assert (rows[variant["sku"]].currency, rows[variant["sku"]].tax_class) == ("USD", "reduced")
    assert rows[variant["sku"]].category_id == category.id == rows["PARENT-1"].category_id
    (event,) = await catalog.events_of("product.updated", product_id=product["id"])
    assert event["data"]["changes"]["category_id"] == {"from": None, "to": str(category.id)}

    priced = await catalog.product(sku="PRICED-1", currency="EUR")
    location = await catalog.location(currency="EUR")
    r = await catalog.client.put(
        f"{PRODUCTS}/{priced['id']}/location-prices/{location['id']}",
        json={"price": 90},
        headers=catalog.headers,
    )
    assert r.status_code == 200, r.text
    r = await post_csv(catalog, csv_text("PRICED-1,Priced,100,USD,,,,,"))
    (row,) = r.json()["rejected"]
    assert row["errors"][0]["field"] == "currency"
    assert (await catalog.products())["PRICED-1"].currency == "EUR"


async def test_an_invalid_category_path_rejects_its_row(catalog: Catalog) -> None:
    r = await post_csv(catalog, csv_text("CAT-1,Tea,100,EUR,,,Drinks//Tea,,"))
    (row,) = r.json()["rejected"]
    assert row["errors"][0]["field"] == "category"
    assert await catalog.categories() == {}


# --- dry runs and atomic imports ---------------------------------------------------------------


async def test_a_dry_run_writes_nothing(catalog: Catalog) -> None:
    existing = await catalog.product(sku="DRY-1", price=100)
    content = csv_text(
        "DRY-1,Changed,200,EUR,,,,,", "DRY-2,New,300,EUR,,,Food/Bread,,", "DRY-3,Bad,x,EUR,,,,,"
    )
    r = await post_csv(catalog, content, dry_run="true")
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["created"], body["updated"], body["categories_created"]) == (1, 1, 2)
    assert [row["row"] for row in body["rejected"]] == [4]
    assert body["dry_run"] is True
    products = await catalog.products()
    assert "DRY-2" not in products and products["DRY-1"].price == 100
    assert await catalog.categories() == {}
    assert await catalog.events_of("product.updated", product_id=existing["id"]) == []
    assert await catalog.events_of("product.created", sku="DRY-2") == []
    assert await audit_imports(catalog) == []


async def test_atomic_with_a_bad_row_writes_nothing(catalog: Catalog) -> None:
    content = csv_text("AT-1,Good,100,EUR,,,New/Cat,,", "AT-2,Bad,100,EUR,nope,,,,")
    for dry_run in ("false", "true"):
        r = await post_csv(catalog, content, atomic="true", dry_run=dry_run)
        problem = assert_problem(r, 422, "import_rejected")
        assert problem["created"] == 0 and problem["updated"] == 0
        assert [row["row"] for row in problem["rejected"]] == [3]
    assert "AT-1" not in await catalog.products()
    assert await catalog.categories() == {}
    assert await audit_imports(catalog) == []

    good = await post_csv(catalog, csv_text("AT-1,Good,100,EUR,,,,,"), atomic="true")
    assert good.status_code == 200 and good.json()["created"] == 1


# --- the file refused whole --------------------------------------------------------------------


async def test_unknown_missing_or_repeated_columns_refuse_the_file(catalog: Catalog) -> None:
    r = await post_csv(catalog, csv_text("X-1,A,1,EUR,9", header="sku,name,price,currency,colour"))
    problem = assert_problem(r, 422, "invalid_import_columns")
    assert problem["unknown"] == ["colour"]
    assert "colour" in problem["detail"]
    r = await post_csv(catalog, csv_text("X-1,A", header="sku,name"))
    assert assert_problem(r, 422, "invalid_import_columns")["missing"] == ["price", "currency"]
    r = await post_csv(catalog, csv_text("X-1,A,1,EUR,A", header="sku,name,price,currency,name"))
    assert assert_problem(r, 422, "invalid_import_columns")["repeated"] == ["name"]
    assert_problem(await post_csv(catalog, b""), 422, "invalid_csv")
    assert_problem(
        await post_csv(catalog, csv_text("X-1,\xff", header="sku").replace(b"\xc3\xbf", b"\xff")),
        422,
        "invalid_csv",
    )
    assert "X-1" not in await catalog.products()


async def test_a_body_that_is_not_csv_is_415(catalog: Catalog) -> None:
    content = csv_text("J-1,A,1,EUR,,,,,")
    for content_type in ("application/json", "text/plain", "text/csv; charset=latin-1"):
        r = await post_csv(catalog, content, content_type=content_type)
        assert_problem(r, 415, "unsupported_media_type")
    assert "J-1" not in await catalog.products()


async def test_the_import_takes_more_than_the_global_body_limit(catalog: Catalog) -> None:
    # 1.2 MB: past MAX_REQUEST_BYTES (1 MiB by default), within MAX_IMPORT_BYTES.
    lines = [f"BIG-{i},Big,{i},EUR,,{'d' * 9000},,," for i in range(140)]
    content = csv_text(*lines)
    assert len(content) > 1024 * 1024
    r = await post_csv(catalog, content)
    assert r.status_code == 200, r.text
    assert r.json()["created"] == 140


async def test_a_file_over_max_import_bytes_is_413(backend: Backend, tmp_path: Path) -> None:
    settings = make_settings(backend, tmp_path, max_import_bytes=2048)
    application = create_app(settings, bootstrap=False)
    transport = httpx.ASGITransport(app=application)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        r = await c.post(
            IMPORT, content=b"sku,name\n" + b"x" * 5000, headers={"content-type": "text/csv"}
        )
    assert_problem(r, 413, "request_too_large")


# --- who may, and which tenant -----------------------------------------------------------------


async def test_import_needs_catalog_write_and_export_catalog_read(
    catalog: Catalog, staff: Account, client: httpx.AsyncClient
) -> None:
    r = await post_csv(catalog, csv_text("P-1,A,1,EUR,,,,,"), headers=staff.headers)
    assert_problem(r, 403, "permission_denied")
    r = await post_csv(catalog, csv_text("P-1,A,1,EUR,,,,,"), headers=staff.headers, dry_run="1")
    assert_problem(r, 403, "permission_denied")
    assert "P-1" not in await catalog.products()
    assert (await client.get(EXPORT, headers=staff.headers)).status_code == 200
    assert_problem(await client.get(EXPORT), 401, "not_authenticated")


async def test_the_same_sku_in_another_tenant_is_a_create_in_yours(
    catalog: Catalog, other_catalog: Catalog
) -> None:
    theirs = await other_catalog.product(sku="SHARED-1", price=100, barcode="55501")
    r = await post_csv(catalog, csv_text("SHARED-1,Mine,200,EUR,,,,55501,"))
    assert r.json()["created"] == 1, r.text
    assert (await other_catalog.get(theirs["id"]))["price"] == 100
    assert (await catalog.products())["SHARED-1"].price == 200
    exported = (await catalog.client.get(EXPORT, headers=catalog.headers)).text
    assert "Mine" in exported and theirs["name"] not in exported.replace("Mine", "")
    other_export = (await other_catalog.client.get(EXPORT, headers=other_catalog.headers)).text
    assert "Mine" not in other_export


# --- export ------------------------------------------------------------------------------------


async def test_export_imports_back_unchanged(catalog: Catalog) -> None:
    header = f"{HEADER},attributes,image_urls"
    content = csv_text(
        'RT-1,"Tea, ""green""",1250,EUR,active,"Line one\nline two",Drinks/Tea,123456,reduced,'
        '"{""origin"": ""JP""}",https://cdn.example.com/a.jpg https://cdn.example.com/b.jpg',
        "RT-2,Bread,300,EUR,archived,,Food,,standard,,",
        header=header,
    )
    assert (await post_csv(catalog, content)).json()["created"] == 2
    r = await catalog.client.get(EXPORT, headers=catalog.headers)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["sku"] for row in rows] == ["RT-1", "RT-2"]
    assert rows[0]["category"] == "Drinks/Tea" and rows[0]["attributes"] == '{"origin":"JP"}'
    assert rows[1]["status"] == "archived"

    again = await post_csv(catalog, r.content)
    assert again.json()["unchanged"] == 2, again.text
    assert again.json()["updated"] == 0

    only = await catalog.client.get(EXPORT, headers=catalog.headers, params={"status": "archived"})
    assert [row["sku"] for row in csv.DictReader(io.StringIO(only.text))] == ["RT-2"]
    food = (await catalog.categories())["Food"]
    by_category = await catalog.client.get(
        EXPORT, headers=catalog.headers, params={"category_id": str(food.id)}
    )
    assert [row["sku"] for row in csv.DictReader(io.StringIO(by_category.text))] == ["RT-2"]


async def test_export_pages_through_many_products(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "EXPORT_PAGE", 10)  # pages of 10: 25 rows make three
    lines = [f"MANY-{i:05d},Item {i},{i},EUR,,,,," for i in range(25)]
    assert (await post_csv(catalog, csv_text(*lines))).json()["created"] == 25
    r = await catalog.client.get(EXPORT, headers=catalog.headers)
    skus = [row["sku"] for row in csv.DictReader(io.StringIO(r.text))]
    assert sorted(skus) == [f"MANY-{i:05d}" for i in range(25)]  # each once


# --- the command line --------------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def workdir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)
    for name, value in {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
        "DATA_DIR": str(tmp_path),
        "ENVIRONMENT": "test",
        "LOG_LEVEL": "WARNING",
        "ARGON2_MEMORY_KIB": "1024",
        "ARGON2_TIME_COST": "1",
    }.items():
        monkeypatch.setenv(name, value)
    return tmp_path


async def olympus(*args: str) -> Any:
    return await asyncio.to_thread(runner.invoke, cli, list(args))


async def test_cli_imports_and_exports(workdir: Path) -> None:
    owner = ["--owner-email", "owner@shop.example.com", "--owner-password", PASSWORD]
    assert (
        await olympus("create-tenant", "--slug", "shop", "--name", "Shop", *owner)
    ).exit_code == 0
    source = workdir / "in.csv"
    source.write_bytes(csv_text("CLI-1,Tea,100,EUR,active,,Drinks,,", "CLI-2,Bad,-1,EUR,,,,,"))

    dry = await olympus("products", "import", str(source), "--tenant", "shop", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "nothing written" in dry.stdout and "created 1" in dry.stdout

    atomic = await olympus("products", "import", str(source), "--tenant", "shop", "--atomic")
    assert atomic.exit_code == 1
    assert "row 3 (CLI-2) price" in atomic.stderr and "import_rejected" in atomic.stderr

    done = await olympus("products", "import", str(source), "--tenant", "shop")
    assert done.exit_code == 0, done.output
    assert "created 1, updated 0, unchanged 0, rejected 1, categories created 1" in done.stdout
    assert "row 3 (CLI-2) price" in done.stderr

    target = workdir / "out.csv"
    out = await olympus("products", "export", "--tenant", "shop", "--output", str(target))
    assert out.exit_code == 0, out.output
    assert "exported 1 products" in out.stdout
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert [(r["sku"], r["category"], r["status"]) for r in rows] == [("CLI-1", "Drinks", "active")]

    printed = await olympus("products", "export", "--tenant", "shop")
    assert printed.exit_code == 0 and "CLI-1,Tea,100,EUR" in printed.stdout
    assert (await olympus("products", "export", "--tenant", "nobody")).exit_code == 1
