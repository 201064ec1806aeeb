// The TypeScript client against a running service (tests/clients/test_typescript_client.py
// starts one and sets OLYMPUS_URL, OLYMPUS_TENANT, OLYMPUS_EMAIL, OLYMPUS_PASSWORD).
import assert from "node:assert/strict";
import { test } from "node:test";
import { newIdempotencyKey, Olympus, ProblemError } from "../src/index.js";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const baseUrl = env("OLYMPUS_URL");
const tenant = env("OLYMPUS_TENANT");
const email = env("OLYMPUS_EMAIL");
const password = env("OLYMPUS_PASSWORD");
const unique = () => Math.random().toString(16).slice(2, 8).toUpperCase();

async function signedIn(): Promise<Olympus> {
  const olympus = new Olympus({ baseUrl });
  await olympus.signIn(tenant, email, password);
  return olympus;
}

test("signs in, and refreshes the token on a 401", async () => {
  const olympus = await signedIn();
  const me = await olympus.unwrap(olympus.api.GET("/api/v1/auth/me"));
  assert.equal(me.email, email);
  const spent = olympus.refreshToken;
  olympus.useTokens("not-a-valid-token", spent); // as an expired one: 401

  const again = await olympus.unwrap(olympus.api.GET("/api/v1/auth/me"));

  assert.equal(again.email, email);
  assert.notEqual(olympus.accessToken, "not-a-valid-token");
  assert.notEqual(olympus.refreshToken, spent); // rotated
});

test("walks every cursor page of a list", async () => {
  const olympus = await signedIn();
  const prefix = `TS-${unique()}`;
  const skus = [0, 1, 2, 3, 4].map((i) => `${prefix}-${i}`);
  for (const sku of skus) {
    await olympus.unwrap(
      olympus.api.POST("/api/v1/products", {
        body: { sku, name: `Item ${sku}`, price: 150, currency: "EUR", status: "active" },
      }),
    );
  }

  const seen: string[] = [];
  for await (const product of olympus.pages((cursor) =>
    olympus.api.GET("/api/v1/products", { params: { query: { q: prefix, limit: 2, cursor } } }),
  )) {
    seen.push(product.sku);
  }

  assert.deepEqual(seen.sort(), skus.sort());
});

test("takes one order for two requests with the same Idempotency-Key", async () => {
  const olympus = await signedIn();
  const code = `T${unique()}`;
  const location = await olympus.unwrap(
    olympus.api.POST("/api/v1/locations", {
      body: { name: "Shop", code, timezone: "Europe/Paris", currency: "EUR" },
    }),
  );
  const product = await olympus.unwrap(
    olympus.api.POST("/api/v1/products", {
      body: { sku: `ID-${code}`, name: "Kettle", price: 2500, currency: "EUR", status: "active" },
    }),
  );
  await olympus.unwrap(
    olympus.api.POST("/api/v1/inventory/{product_id}/adjustments", {
      params: { path: { product_id: product.id } },
      body: { location_id: location.id, delta: 10, reason: "delivery" },
    }),
  );
  const key = newIdempotencyKey();
  const order = { location_id: location.id, items: [{ product_id: product.id, quantity: 2 }] };
  const takeOrder = () =>
    olympus.unwrap(olympus.api.POST("/api/v1/orders", { params: { header: { "Idempotency-Key": key } }, body: order }));

  const first = await takeOrder();
  const second = await takeOrder();

  assert.equal(second.id, first.id);
  const orders = [];
  for await (const o of olympus.pages((cursor) =>
    olympus.api.GET("/api/v1/orders", { params: { query: { location_id: location.id, cursor } } }),
  )) {
    orders.push(o.id);
  }
  assert.deepEqual(orders, [first.id]);
});

test("throws a problem+json answer as ProblemError", async () => {
  const olympus = await signedIn();
  await assert.rejects(
    olympus.unwrap(
      olympus.api.GET("/api/v1/products/{product_id}", {
        params: { path: { product_id: "0190b6a4-0000-7000-8000-000000000000" } },
      }),
    ),
    (error: unknown) => {
      assert.ok(error instanceof ProblemError);
      assert.equal(error.status, 404);
      assert.equal(error.code, "product_not_found");
      assert.ok(error.title && error.detail);
      return true;
    },
  );
  await assert.rejects(new Olympus({ baseUrl }).signIn(tenant, email, "Wrong-Password-123456"), (error: unknown) => {
    assert.ok(error instanceof ProblemError);
    assert.equal(error.code, "invalid_credentials");
    return true;
  });
});
