// The session and the API calls. The access token lives in this module's memory only; the
// refresh token is an HttpOnly cookie that only /dashboard/session/* ever sees.

export interface User {
  id: string;
  email: string;
  full_name: string;
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

async function renewToken(): Promise<boolean> {
  const response = await sessionCall("POST", `${SESSION}/refresh`);
  if (!response.ok) {
    accessToken = null;
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
    const response = await fetch(url, {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json" },
      credentials: "omit",
    });
    if (response.status === 401 && attempt === 0) {
      accessToken = null;
      continue;
    }
    if (!response.ok) throw await problem(response);
    return (await response.json()) as T;
  }
}
