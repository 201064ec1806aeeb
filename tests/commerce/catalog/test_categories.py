"""Categories as a tree: paths kept whole, sibling names unique (case aside), renames and
moves rewrite the paths below, no move under one's own descendant, only empty categories
deleted; the path look-up the CSV import uses; bad input; permissions; isolation."""

import functools
import uuid
from typing import Any

import pytest

from olympus.commerce.catalog import service
from olympus.commerce.catalog.errors import InvalidCategoryPath
from olympus.core.db import WriteUnitOfWork
from tests.commerce.catalog.conftest import CATEGORIES, PRODUCTS, Catalog, product_payload
from tests.fixtures.accounts import Account
from tests.fixtures.problems import assert_problem


async def test_create_a_tree(catalog: Catalog) -> None:
    drinks = await catalog.category("  Drinks ", position=2)
    tea = await catalog.category("Tea", drinks["id"])
    green = await catalog.category("Green", tea["id"], position=1)
    assert (drinks["name"], drinks["path"], drinks["parent_id"], drinks["position"]) == (
        "Drinks",
        "Drinks",
        None,
        2,
    )
    assert (tea["path"], tea["parent_id"], tea["position"]) == ("Drinks/Tea", drinks["id"], 0)
    assert green["path"] == "Drinks/Tea/Green"
    r = await catalog.client.get(f"{CATEGORIES}/{tea['id']}", headers=catalog.headers)
    assert r.json() == tea

    (audit,) = await catalog.audit(tea["id"])
    assert audit.action == "category.created"
    assert audit.changes == {
        "name": "Tea",
        "parent_id": drinks["id"],
        "path": "Drinks/Tea",
        "position": 0,
    }
    (event,) = await catalog.events_of("category.created", category_id=tea["id"])
    assert event["data"]["path"] == "Drinks/Tea"


async def test_sibling_names_are_unique_case_aside(catalog: Catalog) -> None:
    drinks = await catalog.category("Drinks")
    await catalog.category("Tea", drinks["id"])
    for name, parent in (("tea", drinks["id"]), ("TEA", drinks["id"]), ("drinks", None)):
        body: dict[str, Any] = {"name": name}
        if parent:
            body["parent_id"] = parent
        r = await catalog.client.post(CATEGORIES, json=body, headers=catalog.headers)
        assert_problem(r, 409, "category_name_taken")
    # The same name elsewhere in the tree is another category.
    food = await catalog.category("Food")
    await catalog.category("Tea", food["id"])
    await catalog.category("Tea")
    assert sorted(await catalog.categories()) == [
        "Drinks",
        "Drinks/Tea",
        "Food",
        "Food/Tea",
        "Tea",
    ]


async def test_rename_and_move_rewrite_the_paths_below(catalog: Catalog) -> None:
    drinks = await catalog.category("Drinks")
    tea = await catalog.category("Tea", drinks["id"])
    green = await catalog.category("Green", tea["id"])
    await catalog.category("Sencha", green["id"])
    food = await catalog.category("Food")

    r = await catalog.client.patch(
        f"{CATEGORIES}/{tea['id']}", json={"name": "Teas"}, headers=catalog.headers
    )
    assert r.status_code == 200, r.text
    assert r.json()["path"] == "Drinks/Teas"
    assert sorted(await catalog.categories()) == [
        "Drinks",
        "Drinks/Teas",
        "Drinks/Teas/Green",
        "Drinks/Teas/Green/Sencha",
        "Food",
    ]
    _, audit = await catalog.audit(tea["id"])
    assert audit.action == "category.updated"
    assert audit.changes == {
        "name": {"from": "Tea", "to": "Teas"},
        "path": {"from": "Drinks/Tea", "to": "Drinks/Teas"},
        "descendants_moved": 2,
    }

    r = await catalog.client.patch(
        f"{CATEGORIES}/{tea['id']}",
        json={"parent_id": food["id"], "position": 4},
        headers=catalog.headers,
    )
    assert r.status_code == 200, r.text
    assert (r.json()["path"], r.json()["parent_id"], r.json()["position"]) == (
        "Food/Teas",
        food["id"],
        4,
    )
    rows = await catalog.categories()
    assert sorted(rows) == [
        "Drinks",
        "Food",
        "Food/Teas",
        "Food/Teas/Green",
        "Food/Teas/Green/Sencha",
    ]
    assert str(rows["Food/Teas/Green"].parent_id) == tea["id"]

    # null moves it to the top level.
    r = await catalog.client.patch(
        f"{CATEGORIES}/{tea['id']}", json={"parent_id": None}, headers=catalog.headers
    )
    assert r.json()["path"] == "Teas"
    assert "Teas/Green/Sencha" in await catalog.categories()
    (event, *_) = await catalog.events_of("category.updated", category_id=tea["id"])
    assert event["data"]["changes"]["name"] == {"from": "Tea", "to": "Teas"}


async def test_a_name_that_changes_only_in_case_and_a_path_with_wildcards(
    catalog: Catalog,
) -> None:
    """Paths are compared, not matched with LIKE: '%' and '_' are plain characters and case
    is kept."""
    percent = await catalog.category("100%")
    await catalog.category("Sub", percent["id"])
    other = await catalog.category("100_")
    await catalog.category("Sub", other["id"])
    r = await catalog.client.patch(
        f"{CATEGORIES}/{percent['id']}", json={"name": "100 percent"}, headers=catalog.headers
    )
    assert r.status_code == 200, r.text
    assert sorted(await catalog.categories()) == [
        "100 percent",
        "100 percent/Sub",
        "100_",
        "100_/Sub",
    ]
    r = await catalog.client.patch(
        f"{CATEGORIES}/{other['id']}", json={"name": "100_".upper()}, headers=catalog.headers
    )
    assert r.status_code == 200, r.text


async def test_no_move_under_itself_or_a_descendant(catalog: Catalog) -> None:
    drinks = await catalog.category("Drinks")
    tea = await catalog.category("Tea", drinks["id"])
    green = await catalog.category("Green", tea["id"])
    for target in (drinks, tea, green):
        r = await catalog.client.patch(
            f"{CATEGORIES}/{drinks['id']}",
            json={"parent_id": target["id"]},
            headers=catalog.headers,
        )
        assert_problem(r, 409, "category_cycle")
    # A sibling named alike "Drinks2" is not below "Drinks".
    drinks2 = await catalog.category("Drinks2")
    r = await catalog.client.patch(
        f"{CATEGORIES}/{drinks['id']}", json={"parent_id": drinks2["id"]}, headers=catalog.headers
    )
    assert r.status_code == 200, r.text
    assert "Drinks2/Drinks/Tea/Green" in await catalog.categories()


async def test_a_move_into_a_taken_name_or_too_long_a_path_is_refused(catalog: Catalog) -> None:
    tea = await catalog.category("Tea")
    drinks = await catalog.category("Drinks")
    await catalog.category("tea", drinks["id"])
    r = await catalog.client.patch(
        f"{CATEGORIES}/{tea['id']}", json={"parent_id": drinks["id"]}, headers=catalog.headers
    )
    assert_problem(r, 409, "category_name_taken")

    parent = None
    for level in range(8):  # 8 levels of 120 characters: 967 characters of path
        parent = (await catalog.category(f"{level}" + "x" * 119, parent))["id"]
    deep = parent
    long_name = await catalog.category("y" * 120)
    r = await catalog.client.patch(
        f"{CATEGORIES}/{long_name['id']}", json={"parent_id": deep}, headers=catalog.headers
    )
    assert_problem(r, 422, "invalid_category_path")
    r = await catalog.client.post(
        CATEGORIES, json={"name": "z" * 40, "parent_id": deep}, headers=catalog.headers
    )
    assert_problem(r, 422, "invalid_category_path")
    # The category moved must fit too, and so must everything below it.
    top = await catalog.category("Top")
    await catalog.category("w" * 100, top["id"])
    r = await catalog.client.patch(
        f"{CATEGORIES}/{top['id']}", json={"name": "T" * 120}, headers=catalog.headers
    )
    assert r.status_code == 200, r.text
    r = await catalog.client.patch(
        f"{CATEGORIES}/{top['id']}", json={"parent_id": tea["id"]}, headers=catalog.headers
    )
    assert r.status_code == 200, r.text
    assert ("Tea/" + "T" * 120 + "/" + "w" * 100) in await catalog.categories()


async def test_only_an_empty_category_is_deleted(catalog: Catalog) -> None:
    drinks = await catalog.category("Drinks")
    tea = await catalog.category("Tea", drinks["id"])
    product = await catalog.product(category_id=tea["id"])

    r = await catalog.client.delete(f"{CATEGORIES}/{drinks['id']}", headers=catalog.headers)
    assert_problem(r, 409, "category_not_empty")
    r = await catalog.client.delete(f"{CATEGORIES}/{tea['id']}", headers=catalog.headers)
    assert_problem(r, 409, "category_not_empty")
    # An archived product still holds its category: its history names it.
    await catalog.client.delete(f"{PRODUCTS}/{product['id']}", headers=catalog.headers)
    r = await catalog.client.delete(f"{CATEGORIES}/{tea['id']}", headers=catalog.headers)
    assert_problem(r, 409, "category_not_empty")
    assert sorted(await catalog.categories()) == ["Drinks", "Drinks/Tea"]

    await catalog.client.patch(
        f"{PRODUCTS}/{product['id']}", json={"category_id": None}, headers=catalog.headers
    )
    r = await catalog.client.delete(f"{CATEGORIES}/{tea['id']}", headers=catalog.headers)
    assert r.status_code == 204
    r = await catalog.client.delete(f"{CATEGORIES}/{drinks['id']}", headers=catalog.headers)
    assert r.status_code == 204
    assert await catalog.categories() == {}
    r = await catalog.client.get(f"{CATEGORIES}/{tea['id']}", headers=catalog.headers)
    assert_problem(r, 404, "category_not_found")
    audits = await catalog.audit(tea["id"])
    assert [a.action for a in audits] == ["category.created", "category.deleted"]
    (event,) = await catalog.events_of("category.deleted", category_id=tea["id"])
    assert event["data"]["path"] == "Drinks/Tea"


async def test_list_by_path_with_filters_and_pages(catalog: Catalog) -> None:
    drinks = await catalog.category("Drinks")
    tea = await catalog.category("Tea", drinks["id"])
    coffee = await catalog.category("Coffee", drinks["id"])
    green = await catalog.category("Green", tea["id"])
    food = await catalog.category("Food")

    async def paths(**params: Any) -> list[str]:
        r = await catalog.client.get(CATEGORIES, params=params, headers=catalog.headers)
        assert r.status_code == 200, r.text
        return [c["path"] for c in r.json()["items"]]

    everything = ["Drinks", "Drinks/Coffee", "Drinks/Tea", "Drinks/Tea/Green", "Food"]
    assert await paths() == everything
    assert await paths(parent_id=drinks["id"]) == ["Drinks/Coffee", "Drinks/Tea"]
    assert await paths(parent_id=green["id"]) == []
    assert await paths(top_level="true") == ["Drinks", "Food"]
    assert await paths(q="EE") == ["Drinks/Coffee", "Drinks/Tea/Green"]
    assert await paths(q="%") == []

    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        r = await catalog.client.get(CATEGORIES, params=params, headers=catalog.headers)
        page = r.json()
        assert len(page["items"]) <= 2
        seen += [c["path"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everything
    assert {tea["id"], coffee["id"], food["id"]} <= {
        c["id"]
        for c in (await catalog.client.get(CATEGORIES, headers=catalog.headers)).json()["items"]
    }
    r = await catalog.client.get(CATEGORIES, params={"cursor": "e30"}, headers=catalog.headers)
    assert_problem(r, 422, "invalid_cursor")


async def test_get_or_create_category_path(catalog: Catalog) -> None:
    drinks = await catalog.category("Drinks")

    async def path_of(uow: WriteUnitOfWork, path: str) -> tuple[str, str]:
        category = await service.get_or_create_category_path(uow, path)
        return str(category.id), category.path

    made_id, made = await catalog.write(lambda uow: path_of(uow, " drinks / Tea/Green "))
    assert made == "Drinks/Tea/Green"
    rows = await catalog.categories()
    assert sorted(rows) == ["Drinks", "Drinks/Tea", "Drinks/Tea/Green"]
    assert str(rows["Drinks"].id) == drinks["id"]  # reused, in its own spelling
    assert str(rows["Drinks/Tea/Green"].id) == made_id
    assert await catalog.write(lambda uow: path_of(uow, "DRINKS/tea/green")) == (made_id, made)
    assert len(await catalog.events_of("category.created")) >= 3

    for bad in ("", "Drinks//Tea", "/Drinks", "Drinks/", "x" * 121, "Drinks/\x00"):
        with pytest.raises(InvalidCategoryPath):
            await catalog.write(functools.partial(path_of, path=bad))
    assert sorted(await catalog.categories()) == ["Drinks", "Drinks/Tea", "Drinks/Tea/Green"]


BAD_CREATE: list[tuple[str, Any, list[str]]] = [
    ("name", "", ["body", "name"]),
    ("name", "   ", ["body", "name"]),
    ("name", "a/b", ["body", "name"]),
    ("name", "x" * 121, ["body", "name"]),
    ("name", 7, ["body", "name"]),
    ("position", -1, ["body", "position"]),
    ("position", 10**7, ["body", "position"]),
    ("position", "first", ["body", "position"]),
    ("parent_id", "root", ["body", "parent_id"]),
    ("path", "Drinks/Tea", ["body", "path"]),
    ("tenant_id", str(uuid.uuid4()), ["body", "tenant_id"]),
]


@pytest.mark.parametrize(("field", "value", "loc"), BAD_CREATE)
async def test_create_refuses_bad_input(
    catalog: Catalog, field: str, value: Any, loc: list[str]
) -> None:
    body = {"name": "Drinks", field: value}
    r = await catalog.client.post(CATEGORIES, json=body, headers=catalog.headers)
    problem = assert_problem(r, 422, "validation_error")
    assert loc in [e["loc"] for e in problem["errors"]], problem
    assert await catalog.categories() == {}


@pytest.mark.parametrize(
    ("field", "value"), [("name", None), ("position", None), ("name", "a/b"), ("path", "X")]
)
async def test_patch_refuses_bad_input_and_changes_nothing(
    catalog: Catalog, field: str, value: Any
) -> None:
    drinks = await catalog.category("Drinks")
    r = await catalog.client.patch(
        f"{CATEGORIES}/{drinks['id']}", json={"position": 3, field: value}, headers=catalog.headers
    )
    assert_problem(r, 422, "validation_error")
    assert (await catalog.categories())["Drinks"].position == 0


async def test_an_unknown_parent_is_not_found(catalog: Catalog, other_catalog: Catalog) -> None:
    theirs = await other_catalog.category("Theirs")
    ours = await catalog.category("Ours")
    for parent_id in (str(uuid.uuid4()), theirs["id"]):
        r = await catalog.client.post(
            CATEGORIES, json={"name": "Child", "parent_id": parent_id}, headers=catalog.headers
        )
        assert_problem(r, 404, "category_not_found")
        r = await catalog.client.patch(
            f"{CATEGORIES}/{ours['id']}", json={"parent_id": parent_id}, headers=catalog.headers
        )
        assert_problem(r, 404, "category_not_found")
    assert sorted(await catalog.categories()) == ["Ours"]


async def test_permissions_and_isolation(
    catalog: Catalog, other_catalog: Catalog, account: Account, staff: Account
) -> None:
    drinks = await catalog.category("Drinks")
    item = f"{CATEGORIES}/{drinks['id']}"
    client = catalog.client
    for who in (account, staff):
        for call in (
            client.post(CATEGORIES, json={"name": "Mine"}, headers=who.headers),
            client.patch(item, json={"name": "Mine"}, headers=who.headers),
            client.delete(item, headers=who.headers),
        ):
            assert_problem(await call, 403, "permission_denied")
    for call in (
        client.get(CATEGORIES, headers=account.headers),
        client.get(item, headers=account.headers),
    ):
        assert_problem(await call, 403, "permission_denied")
    assert (await client.get(item, headers=staff.headers)).json() == drinks

    intruder = other_catalog.headers
    assert_problem(await client.get(item, headers=intruder), 404, "category_not_found")
    r = await client.patch(item, json={"name": "Theirs"}, headers=intruder)
    assert_problem(r, 404, "category_not_found")
    assert_problem(await client.delete(item, headers=intruder), 404, "category_not_found")
    assert (await client.get(CATEGORIES, headers=intruder)).json()["items"] == []
    rows = await catalog.categories()
    assert list(rows) == ["Drinks"]
    assert len(await catalog.audit(drinks["id"])) == 1
    # A product of the other tenant can't be put in our category either.
    r = await client.post(
        PRODUCTS, json=product_payload(category_id=drinks["id"]), headers=intruder
    )
    assert_problem(r, 404, "category_not_found")
