import "./style.css";
import { ApiError, get, resume, sessionLost, signIn, signOut, verifyMfa, type SignedIn, type User } from "./api";
import {
  barChart,
  clearCharts,
  doughnutChart,
  heatMap,
  locationsChart,
  salesChart,
  type Cell,
  type LocationRow,
  type SalesPoint,
  type Slice,
} from "./charts";

// --- small helpers -------------------------------------------------------------------------

function $(id: string): HTMLElement {
  return document.getElementById(id) as HTMLElement;
}
function input(id: string): HTMLInputElement {
  return document.getElementById(id) as HTMLInputElement;
}
function select(id: string): HTMLSelectElement {
  return document.getElementById(id) as HTMLSelectElement;
}
function show(id: string, visible: boolean): void {
  $(id).hidden = !visible;
}
function isoDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
function addDays(d: Date, days: number): Date {
  const copy = new Date(d);
  copy.setDate(copy.getDate() + days);
  return copy;
}
function num(value: unknown): number {
  const n = typeof value === "string" ? Number(value) : (value as number);
  return Number.isFinite(n) ? n : 0;
}
function pick(row: Record<string, unknown>, ...keys: string[]): unknown {
  for (const key of keys) if (row[key] !== undefined && row[key] !== null) return row[key];
  return undefined;
}

let currency = "USD";
let moneyFormat = new Intl.NumberFormat(undefined, { style: "currency", currency });
let minorUnits = 100;

function setCurrency(code: string): void {
  currency = code;
  moneyFormat = new Intl.NumberFormat(undefined, { style: "currency", currency });
  minorUnits = 10 ** (moneyFormat.resolvedOptions().maximumFractionDigits ?? 2);
}
const money = (minor: number): string => moneyFormat.format(minor / minorUnits);

// --- state ---------------------------------------------------------------------------------

const locations = new Map<string, string>();
const params = new URLSearchParams(location.search);
const refreshSeconds = Math.max(1, Number(params.get("refresh") ?? "30") || 30);
let timer: number | undefined;
let loading = false;
let active = false; // signed in and showing the board
const SESSION_ENDED = "Your session has ended. Sign in again.";

// --- what the caller may read --------------------------------------------------------------

const REPORTS = "analytics:read";
const ORDERS = "orders:read";
const STOCK = "inventory:read";
/** The parts of the board by the permission each needs, in the notice's words. */
const PARTS: [string, string][] = [
  [REPORTS, "reports"],
  [ORDERS, "today's orders"],
  [STOCK, "stock levels"],
];
let held = new Set<string>();
const may = (permission: string): boolean => held.has(permission);

/** Shows the parts the user's permissions allow (`data-needs` in the page), and says which
 * are left out and why: a role without a permission never meets a refusal in a panel. */
function applyAccess(user: User): void {
  held = new Set(user.permissions ?? []);
  for (const part of document.querySelectorAll<HTMLElement>("[data-needs]")) {
    part.hidden = !may(part.dataset.needs ?? "");
  }
  const missing = PARTS.filter(([permission]) => !may(permission));
  show("filters", missing.length < PARTS.length);
  const notice = $("board-notice");
  notice.hidden = missing.length === 0;
  notice.textContent = missing.length === 0 ? "" : accessNotice(user.roles ?? [], missing);
}

function accessNotice(roles: string[], missing: [string, string][]): string {
  const named = missing.map(([permission, what]) => `${what} (${permission})`);
  const list = named.length === 1 ? named[0] : `${named.slice(0, -1).join(", ")} or ${named[named.length - 1]}`;
  const who =
    roles.length === 0
      ? "Your account has no role with"
      : roles.length === 1
        ? `Your role (${roles[0]}) lacks`
        : `Your roles (${roles.join(", ")}) lack`;
  const many = named.length > 1;
  let text = `${who} the permission${many ? "s" : ""} to read ${list}, so they are not shown. `;
  text += `An owner or admin of the shop can grant ${many ? "them" : "it"}.`;
  if (missing.length === PARTS.length) text += " Nothing on this dashboard is yours to read yet.";
  return text;
}

function rangeDates(): { from: string; to: string } {
  const today = new Date();
  const preset = select("range").value;
  if (preset !== "custom") {
    const back = { today: 0, "7d": 6, "30d": 29, "90d": 89, "365d": 364 }[preset] ?? 29;
    input("from").value = isoDate(addDays(today, -back));
    input("to").value = isoDate(today);
  }
  return { from: input("from").value, to: input("to").value };
}

/** The analytics filters: local dates of the tenant's (or the location's) zone, both included. */
function filters(): Record<string, string> {
  const { from, to } = rangeDates();
  const out: Record<string, string> = { from, to };
  const where = select("location").value;
  if (where) out.location_id = where;
  return out;
}

function periodLabel(period: string): string {
  const interval = select("interval").value;
  const d = new Date(period);
  if (Number.isNaN(d.getTime())) return period;
  if (interval === "hour") return d.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit" });
  if (interval === "month") return d.toLocaleDateString(undefined, { year: "numeric", month: "short" });
  return period.slice(0, 10);
}

// --- loading the reports -------------------------------------------------------------------

interface Items {
  items?: Record<string, unknown>[];
}

async function loadSales(f: Record<string, string>): Promise<void> {
  const body = await get<{ series: SalesPoint[]; totals: SalesPoint & { average_order_value?: number } }>(
    "/api/v1/analytics/sales",
    { ...f, interval: select("interval").value },
  );
  salesChart(body.series, periodLabel, money);
  const t = body.totals;
  $("kpi-revenue").textContent = money(num(t.revenue));
  $("kpi-orders").textContent = String(num(t.orders));
  $("kpi-aov").textContent = money(num(t.average_order_value));
  $("kpi-refunds").textContent = money(num(t.refunds));
}

async function loadTopProducts(f: Record<string, string>): Promise<void> {
  const body = await get<Items>("/api/v1/analytics/top-products", { ...f, by: "revenue", limit: 8 });
  const rows: Slice[] = (body.items ?? []).map((r) => ({
    label: String(pick(r, "name", "sku", "product_id") ?? "?"),
    value: num(r.revenue),
  }));
  barChart("top-products", rows, money);
}

async function loadPayments(f: Record<string, string>): Promise<void> {
  const body = await get<Items & { methods?: Record<string, unknown>[] }>("/api/v1/analytics/payment-methods", f);
  const rows: Slice[] = (body.items ?? body.methods ?? []).map((r) => {
    const method = String(pick(r, "method", "payment_method") ?? "other");
    const provider = pick(r, "provider");
    return {
      label: provider && provider !== method ? `${method} · ${String(provider)}` : method,
      value: num(pick(r, "amount", "net_amount", "revenue", "total", "captured")),
    };
  });
  doughnutChart("payment-methods", rows, money);
}

async function loadLocations(f: Record<string, string>): Promise<void> {
  const body = await get<Items & { locations?: Record<string, unknown>[] }>("/api/v1/analytics/locations", f);
  const rows: LocationRow[] = (body.items ?? body.locations ?? []).map((r) => {
    const id = String(pick(r, "location_id", "id") ?? "");
    return {
      label: String(pick(r, "name", "location_name", "code") ?? locations.get(id) ?? id.slice(0, 8)),
      revenue: num(r.revenue),
      orders: num(r.orders),
    };
  });
  locationsChart(rows, money);
}

async function loadHours(f: Record<string, string>): Promise<void> {
  const body = await get<Items & { cells?: Record<string, unknown>[] }>("/api/v1/analytics/hours", f);
  const raw = body.items ?? body.cells ?? [];
  const days = raw.map((r) => num(pick(r, "weekday", "day_of_week", "dow")));
  // ISO weekdays (1 = Monday … 7 = Sunday) or 0 = Monday … 6 = Sunday.
  const iso = days.some((d) => d === 7) || (days.length > 0 && days.every((d) => d >= 1));
  const cells: Cell[] = raw.map((r, i) => ({
    weekday: iso ? days[i] - 1 : days[i],
    hour: num(r.hour),
    orders: num(pick(r, "orders", "count")),
  }));
  heatMap(cells);
}

interface OrderRow {
  id: string;
  number: string;
  status: string;
  total: number;
  currency: string;
  location_id: string;
  created_at: string;
}

async function loadOpenOrders(): Promise<void> {
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  const where = select("location").value || undefined;
  const pages = await Promise.all(
    ["pending", "paid", "partially_fulfilled"].map((status) =>
      get<{ items: OrderRow[] }>("/api/v1/orders", {
        status,
        created_from: midnight.toISOString(),
        location_id: where,
        limit: 50,
      }),
    ),
  );
  const orders = pages.flatMap((p) => p.items).sort((a, b) => b.created_at.localeCompare(a.created_at));
  const body = $("open-orders").querySelector("tbody") as HTMLElement;
  body.replaceChildren(
    ...orders.map((o) => {
      const tr = document.createElement("tr");
      tr.dataset.orderId = o.id;
      const time = new Date(o.created_at).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
      for (const [text, cls] of [[o.number, ""], [o.status.replace("_", " "), "status"], [money(o.total), "num"], [time, ""]]) {
        const td = document.createElement("td");
        td.textContent = text;
        if (cls) td.className = cls;
        tr.append(td);
      }
      return tr;
    }),
  );
  show("open-orders-empty", orders.length === 0);
}

interface LowStockRow {
  product_id: string;
  sku: string;
  name: string;
  location_id: string;
  available: number;
  low_stock_threshold: number;
}

async function loadLowStock(): Promise<void> {
  const where = select("location").value || undefined;
  const page = await get<{ items: LowStockRow[] }>("/api/v1/inventory/low-stock", { location_id: where, limit: 50 });
  const body = $("low-stock").querySelector("tbody") as HTMLElement;
  body.replaceChildren(
    ...page.items.map((r) => {
      const tr = document.createElement("tr");
      for (const [text, cls] of [
        [r.name || r.sku, ""],
        [locations.get(r.location_id) ?? r.location_id.slice(0, 8), ""],
        [String(r.available), "num"],
        [String(r.low_stock_threshold), "num"],
      ]) {
        const td = document.createElement("td");
        td.textContent = text;
        if (cls) td.className = cls;
        tr.append(td);
      }
      return tr;
    }),
  );
  show("low-stock-empty", page.items.length === 0);
}

function failed(what: string, error: unknown): void {
  if (error instanceof ApiError && error.status === 401) {
    if (active) signedOut(sessionLost() ? SESSION_ENDED : "");
    return;
  }
  if (!active) return;
  const box = $("board-error");
  const line = `${what}: ${error instanceof Error ? error.message : String(error)}`;
  box.textContent = box.hidden ? line : `${box.textContent}; ${line}`;
  box.hidden = false;
}

let again = false;

function isDenied(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403 && error.code === "permission_denied";
}

async function refreshBoard(): Promise<void> {
  if (!active) return;
  if (loading) {
    again = true; // a change made while the reports load: load them once more after
    return;
  }
  loading = true;
  $("board-error").hidden = true;
  const f = filters();
  // [what, the permission it needs, the load]: only what the user may read is asked for
  const every: [string, string, () => Promise<void>][] = [
    ["Sales", REPORTS, () => loadSales(f)],
    ["Top products", REPORTS, () => loadTopProducts(f)],
    ["Payment mix", REPORTS, () => loadPayments(f)],
    ["Locations", REPORTS, () => loadLocations(f)],
    ["Hours", REPORTS, () => loadHours(f)],
    ["Open orders", ORDERS, loadOpenOrders],
    ["Low stock", STOCK, loadLowStock],
  ];
  const jobs = every.filter(([, permission]) => may(permission));
  const results = await Promise.allSettled(jobs.map(([, , load]) => load()));
  const refused: [string, string, unknown][] = [];
  results.forEach((result, i) => {
    if (result.status === "fulfilled") return;
    if (isDenied(result.reason)) refused.push([jobs[i][0], jobs[i][1], result.reason]);
    else failed(jobs[i][0], result.reason);
  });
  if (refused.length > 0 && active) {
    // A permission taken away since the sign-in: read the user's permissions again and show
    // what they allow now; a refusal that does not come from that is shown as an error.
    try {
      applyAccess(await get<User>("/api/v1/auth/me"));
    } catch (error) {
      failed("Permissions", error);
    }
    for (const [what, permission, error] of refused) if (may(permission)) failed(what, error);
  }
  $("updated").textContent = active ? `Updated ${new Date().toLocaleTimeString()}` : "";
  document.body.dataset.loads = String(Number(document.body.dataset.loads ?? "0") + 1);
  loading = false;
  if (again) {
    again = false;
    await refreshBoard();
  }
}

async function loadReferenceData(): Promise<void> {
  try {
    const settings = await get<{ default_currency?: string }>("/api/v1/settings");
    if (settings.default_currency) setCurrency(settings.default_currency);
  } catch {
    // the currency stays the default
  }
  if (!may("locations:read")) return; // the filter offers "All locations" only
  try {
    const page = await get<{ items: { id: string; name: string; currency?: string }[] }>("/api/v1/locations", { limit: 200 });
    const picker = select("location");
    // Reports add up the locations' money: one currency among them is the one to show.
    const currencies = new Set(page.items.map((l) => l.currency).filter(Boolean));
    if (currencies.size === 1) setCurrency([...currencies][0] as string);
    for (const l of page.items) {
      locations.set(l.id, l.name);
      picker.append(new Option(l.name, l.id));
    }
  } catch {
    // the filter offers "All locations" only
  }
}

// --- sign-in and the page's states ---------------------------------------------------------

/** The board as a fresh page has it: no figures, charts, lists, locations or notices of the
 * last user. */
function resetBoard(): void {
  clearCharts();
  held = new Set();
  for (const id of ["kpi-revenue", "kpi-orders", "kpi-aov", "kpi-refunds"]) $(id).textContent = "–";
  for (const id of ["open-orders", "low-stock"]) ($(id).querySelector("tbody") as HTMLElement).replaceChildren();
  show("open-orders-empty", false);
  show("low-stock-empty", false);
  for (const id of ["board-error", "board-notice"]) {
    $(id).textContent = "";
    show(id, false);
  }
  $("updated").textContent = "";
  $("who-name").textContent = "";
  locations.clear();
  select("location").replaceChildren(new Option("All locations", ""));
  setCurrency("USD");
}

/** Back to the sign-in form, with `note` saying why when the session was lost. */
function signedOut(note = ""): void {
  active = false;
  again = false;
  window.clearInterval(timer);
  timer = undefined;
  resetBoard();
  show("board", false);
  show("who", false);
  show("signin", true);
  show("signin-form", true);
  show("mfa-form", false);
  show("signin-error", false);
  $("signin-notice").textContent = note;
  show("signin-notice", note !== "");
  document.body.dataset.state = "signed-out";
}

async function enter(session: SignedIn): Promise<void> {
  resetBoard();
  active = true;
  applyAccess(session.user);
  show("signin", false);
  show("signin-notice", false);
  show("board", true);
  show("who", true);
  $("who-name").textContent = session.user.full_name || session.user.email;
  document.body.dataset.state = "signed-in";
  await loadReferenceData();
  await refreshBoard();
  window.clearInterval(timer);
  timer = window.setInterval(() => void refreshBoard(), refreshSeconds * 1000);
}

function signInError(error: unknown): void {
  const box = $("signin-error");
  box.textContent = error instanceof Error ? error.message : String(error);
  box.hidden = false;
}

$("signin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("signin-error").hidden = true;
  $("signin-notice").hidden = true;
  try {
    const result = await signIn(input("tenant").value.trim(), input("email").value.trim(), input("password").value);
    input("password").value = "";
    if (result.kind === "mfa") {
      show("signin-form", false);
      show("mfa-form", true);
      input("mfa-code").focus();
      return;
    }
    await enter(result);
  } catch (error) {
    signInError(error);
  }
});

$("mfa-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("signin-error").hidden = true;
  try {
    const result = await verifyMfa(input("mfa-code").value.trim());
    input("mfa-code").value = "";
    await enter(result);
  } catch (error) {
    signInError(error);
  }
});

$("sign-out").addEventListener("click", async () => {
  active = false;
  try {
    await signOut();
  } finally {
    signedOut();
  }
});

$("filters").addEventListener("submit", (event) => {
  event.preventDefault();
  void refreshBoard();
});
select("range").addEventListener("change", () => {
  const custom = select("range").value === "custom";
  if (!custom) void refreshBoard();
});
select("interval").addEventListener("change", () => void refreshBoard());
select("location").addEventListener("change", () => void refreshBoard());
for (const id of ["from", "to"]) {
  input(id).addEventListener("change", () => {
    select("range").value = "custom";
  });
}

rangeDates();
void resume().then(
  (session) => (session ? enter(session) : signedOut(sessionLost() ? SESSION_ENDED : "")),
  (error: unknown) =>
    signedOut(
      error instanceof ApiError
        ? sessionLost()
          ? SESSION_ENDED
          : ""
        : "The service did not answer. Reload the page to try again.",
    ),
);
