// A thin hand-written layer over openapi-fetch and the types openapi-typescript generates
// (schema.d.ts): sign in, a bearer token refreshed when an answer says 401, problem+json
// answers thrown as ProblemError, cursor pages walked as one async iterator, and
// Idempotency-Key values for the retryable writes.
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema.js";

export type { components, paths } from "./schema.js";
export type Schemas = components["schemas"];

const LOGIN_PATH = "/api/v1/auth/login";
const REFRESH_PATH = "/api/v1/auth/refresh";

/** An answer in problem+json (RFC 9457); `code` is the stable machine code. */
export class ProblemError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly type: string;
  readonly body: Record<string, unknown>;

  constructor(status: number, body: unknown) {
    const problem = (typeof body === "object" && body !== null ? body : { detail: String(body ?? "") }) as Record<
      string,
      unknown
    >;
    const code = String(problem.code ?? "http_error");
    const detail = String(problem.detail ?? "");
    const title = String(problem.title ?? "");
    super(`${status} ${code}: ${detail || title}`);
    this.name = "ProblemError";
    this.status = status;
    this.code = code;
    this.title = title;
    this.detail = detail;
    this.type = String(problem.type ?? "about:blank");
    this.body = problem;
  }
}

/** A fresh key for one logical write: send the same key on every retry of it. */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

export interface OlympusOptions {
  baseUrl: string;
  /** The fetch to send requests with (default: the global one). */
  fetch?: (request: Request) => Promise<Response>;
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** One page of a cursor-paginated list. */
export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

export type LoginResponse = Schemas["LoginResponse"];

export class Olympus {
  /** The openapi-fetch client: `olympus.api.GET("/api/v1/products", {...})`. */
  readonly api: Client<paths>;
  accessToken = "";
  refreshToken = "";
  private refreshing: Promise<boolean> | null = null;
  private readonly send: (request: Request) => Promise<Response>;

  constructor(options: OlympusOptions) {
    this.send = options.fetch ?? ((request) => globalThis.fetch(request));
    this.api = createClient<paths>({
      baseUrl: options.baseUrl,
      fetch: (request: Request) => this.fetchWithToken(request),
    });
  }

  /** Continue with a pair kept from an earlier sign-in. */
  useTokens(accessToken: string, refreshToken = ""): void {
    this.accessToken = accessToken;
    this.refreshToken = refreshToken;
  }

  /** Sign in with email and password (a tenant without a second factor). */
  async signIn(tenant: string, email: string, password: string): Promise<LoginResponse> {
    const answer = await this.unwrap(this.api.POST(LOGIN_PATH, { body: { tenant, email, password } }));
    if (!("access_token" in answer)) {
      throw new ProblemError(401, { code: "mfa_required", detail: "A second factor is required" });
    }
    this.useTokens(answer.access_token, answer.refresh_token);
    return answer;
  }

  /** The data of an answer, or ProblemError when its status is 400 or more. */
  async unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
    const { data, error, response } = await call;
    if (!response.ok) {
      throw new ProblemError(response.status, error);
    }
    return data as T;
  }

  /** Every item of a cursor-paginated list: `fetchPage(cursor)` fetches one page. */
  async *pages<T>(fetchPage: (cursor: string | undefined) => Promise<Answer<Page<T>>>): AsyncGenerator<T> {
    let cursor: string | undefined;
    do {
      const page = await this.unwrap(fetchPage(cursor));
      yield* page.items;
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
  }

  private async fetchWithToken(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (path === LOGIN_PATH || path === REFRESH_PATH) {
      return this.send(request);
    }
    const again = request.clone(); // the body can be read once: kept for a second attempt
    const sentWith = this.accessToken;
    if (sentWith) request.headers.set("Authorization", `Bearer ${sentWith}`);
    const response = await this.send(request);
    if (response.status !== 401 || !this.refreshToken) return response;
    if (this.accessToken === sentWith && !(await this.refresh(request.url))) return response;
    again.headers.set("Authorization", `Bearer ${this.accessToken}`);
    return this.send(again);
  }

  /** One refresh at a time: concurrent 401s wait for the same one. */
  private refresh(url: string): Promise<boolean> {
    this.refreshing ??= (async () => {
      try {
        const response = await this.send(
          new Request(new URL(REFRESH_PATH, url), {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ refresh_token: this.refreshToken }),
          }),
        );
        if (!response.ok) return false;
        const pair = (await response.json()) as Schemas["TokenPair"];
        this.useTokens(pair.access_token, pair.refresh_token);
        return true;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }
}
