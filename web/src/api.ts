import { PolypayClient, PolypayError, type Session } from '@polypay/sdk/browser';
import { language } from './i18n.js';
import { Observable } from './store.js';

/**
 * The one client of the page: same origin, the session cookie instead of a key, the CSRF token on every
 * request once signed in, and errors in the operator's language.
 */
export const polypay = new PolypayClient({
  baseUrl: '',
  credentials: 'same-origin',
  // An operator clicks again rather than waiting out backoffs.
  maxRetries: 0,
  headers: { 'accept-language': language.value },
});
language.subscribe((lang) => polypay.http.setHeader('accept-language', lang));

/** undefined: not known yet; null: signed out. */
export const session = new Observable<Session | null | undefined>(undefined);
session.subscribe((s) => polypay.http.setHeader('x-csrf-token', s?.csrf_token));

/**
 * Whether this browser signed in before: only then is the cookie's session asked for, so that a first
 * visit does not start with a refused request.
 */
const SIGNED_IN = 'polypay.signedIn';

export async function restoreSession(): Promise<void> {
  if (localStorage.getItem(SIGNED_IN) !== '1') {
    session.value = null;
    return;
  }
  try {
    session.value = await polypay.sessions.current();
  } catch {
    localStorage.removeItem(SIGNED_IN);
    session.value = null;
  }
}

export async function signIn(apiKey: string): Promise<void> {
  session.value = await polypay.sessions.create(apiKey.trim());
  localStorage.setItem(SIGNED_IN, '1');
}

export async function signOut(): Promise<void> {
  try {
    await polypay.sessions.end();
  } finally {
    localStorage.removeItem(SIGNED_IN);
    session.value = null;
  }
}

/** An expired or ended session sends the operator back to the sign-in form. */
export function handleAuthError(error: unknown): void {
  if (error instanceof PolypayError && error.status === 401) session.value = null;
}

export { PolypayError };
