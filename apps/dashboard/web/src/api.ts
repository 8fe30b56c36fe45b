import type { Violation } from '../../../../libs/contracts/src/violation';

/** The gateway's admin API, reached through the dashboard's own `/v1` proxy, with the admin token. */

const TOKEN_KEY = 'cx-admin-token';

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  signIn: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  signOut: () => sessionStorage.removeItem(TOKEN_KEY),
};

export type { Violation };

/** A refused call, with the problem document's detail and violations. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly violations: Violation[] = [],
  ) {
    super(message);
  }
}

type Listener = () => void;
const signedOutListeners = new Set<Listener>();
/** Called when the gateway stops accepting the token (401/403): the app goes back to the sign-in page. */
export function onSignedOut(listener: Listener): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  token = session.token(),
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${token ?? ''}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'The dashboard cannot reach the exchange. Is it running?');
  }
  const text = await res.text();
  const parsed = text ? safeJson(text) : undefined;
  if (res.ok) return parsed as T;
  const problem = (parsed ?? {}) as { detail?: string; errors?: Violation[] };
  if ((res.status === 401 || res.status === 403) && token === session.token()) {
    session.signOut();
    signedOutListeners.forEach((l) => l());
  }
  throw new ApiError(res.status, problem.detail ?? `${res.status} ${res.statusText}`, problem.errors ?? []);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
