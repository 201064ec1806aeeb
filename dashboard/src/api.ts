// The session and the API calls. The access token lives in this module's memory only; the
// refresh token is an HttpOnly cookie that only /dashboard/session/* ever sees.

export interface User {
  id: string;
  email: string;
  full_name: string;
  /** The names of the caller's roles, and every permission they hold (tenant-wide or at
   * some location): what the page may read. */
  roles: string[];
  permissions: string[];
}

export interface SignedIn {
  kind: "signed-in";
  user: User;
}

export interface MfaNeeded {
  kind: "mfa";
  methods: string[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface TokenAnswer {
  access_token: string;
  expires_in: number;
}

const SESSION = "/dashboard/session";

let accessToken: string | null = null;
let mfaToken: string | null = null;
let refreshing: Promise<boolean> | null = null;
// Why the last refresh was refused (the problem's code), until the next sign-in: once the
// session is over no call tries the cookie again, and the page can say why it signed out.
let ended: string | null = null;

function csrfToken(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]');
  return meta?.content ?? "";
}

async function problem(response: Response): Promise<ApiError> {
  let code = "error";
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = (await response.json()) as { code?: string; detail?: string; title?: string };
    code = body.code ?? code;
    message = body.detail ?? body.title ?? message;
  } catch {
    // not a problem document
  }
  return new ApiError(response.status, code, message);
}

async function sessionCall(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(path, {
    method,
    credentials: "same-origin",
    headers: {
      "Content-Type": "application/json",
      "X-CSRF-Token": csrfToken(),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function accept(answer: TokenAnswer): Promise<SignedIn> {
  accessToken = answer.access_token;
  mfaToken = null;
  ended = null;
  return { kind: "signed-in", user: await get<User>("/api/v1/auth/me") };
}

export async function signIn(tenant: string, email: string, password: string): Promise<SignedIn | MfaNeeded> {
  const response = await sessionCall("POST", SESSION, { tenant, email, password });
  if (!response.ok) throw await problem(response);
  const body = (await response.json()) as TokenAnswer & { mfa_required?: boolean; mfa_token?: string; methods?: string[] };
  if (body.mfa_required && body.mfa_token) {
    mfaToken = body.mfa_token;
    return { kind: "mfa", methods: body.methods ?? ["totp"] };
  }
  return accept(body);
}

export async function verifyMfa(code: string): Promise<SignedIn> {
  if (!mfaToken) throw new ApiError(401, "invalid_mfa_token", "Sign in again");
  const response = await sessionCall("POST", SESSION, { mfa_token: mfaToken, code });
  if (!response.ok) throw await problem(response);
  return accept((await response.json()) as TokenAnswer);
}

/** A new access token from the cookie. A refusal (a spent, revoked or expired session; no
 * cookie) ends the session in the page: the service has deleted the cookie with its answer. */
async function renewToken(): Promise<boolean> {
  if (ended !== null) return false;
  const response = await sessionCall("POST", `${SESSION}/refresh`);
  if (!response.ok) {
    accessToken = null;
    ended = (await problem(response)).code;
    return false;
  }
  accessToken = ((await response.json()) as TokenAnswer).access_token;
  return true;
}

/** The session of the refresh cookie, if there is one (after a reload of the page). */
export async function resume(): Promise<SignedIn | null> {
  if (!(await renewToken())) return null;
  return { kind: "signed-in", user: await get<User>("/api/v1/auth/me") };
}

/** Whether the page lost a session it had (rather than never having had one, or signing
 * out): the refresh was refused for another reason than a missing cookie. */
export function sessionLost(): boolean {
  return ended !== null && ended !== "dashboard_session_missing" && ended !== "signed_out";
}

async function refreshOnce(): Promise<boolean> {
  refreshing ??= renewToken().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

export async function signOut(): Promise<void> {
  const headers: Record<string, string> = { "X-CSRF-Token": csrfToken() };
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
  accessToken = null;
  ended = "signed_out";
  await fetch(SESSION, { method: "DELETE", credentials: "same-origin", headers });
}

export function signedIn(): boolean {
  return accessToken !== null;
}

/** GET an API path with the access token; one refresh and retry on 401. */
export async function get<T>(path: string, params: Record<string, string | number | undefined> = {}): Promise<T> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") query.set(key, String(value));
  }
  const url = query.size ? `${path}?${query}` : path;
  for (let attempt = 0; ; attempt++) {
    if (!accessToken && !(await refreshOnce())) throw new ApiError(401, "signed_out", "Signed out");
    const used = accessToken;
    const response = await fetch(url, {
      headers: { Authorization: `Bearer ${used}`, Accept: "application/json" },
      credentials: "omit",
    });
    if (response.status === 401 && attempt === 0) {
      // Another call may have renewed the token meanwhile: only a token still in use is stale.
      if (accessToken === used) accessToken = null;
      continue;
    }
    if (!response.ok) throw await problem(response);
    return (await response.json()) as T;
  }
}
