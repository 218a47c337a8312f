import type { EndpointSubscription } from './events.js';

/**
 * The enabled webhook endpoints of each app as this process last read them (PostgreSQL), for a minute.
 * A payment's outcome that is one statement without BEGIN/COMMIT writes its event's deliveries to these
 * endpoints in that statement, and refuses itself when the app's endpoints are not exactly these; it then
 * runs in a transaction, whose read of the endpoints is remembered here. A hint only: a stale or missing
 * entry costs that transaction, never a delivery.
 */
const seen = new Map<
  string,
  { readonly until: number; readonly endpoints: readonly EndpointSubscription[] }
>();
const SEEN_MS = 60_000;
const SEEN_MAX = 10_000;

/** The app's endpoints as last read within the minute; none when not read (most apps have none). */
export function endpointsSeen(appId: string, now: number): readonly EndpointSubscription[] {
  const entry = seen.get(appId);
  if (!entry) return [];
  if (entry.until > now) return entry.endpoints;
  seen.delete(appId);
  return [];
}

export function rememberEndpoints(
  appId: string,
  endpoints: readonly EndpointSubscription[],
  now: number,
): void {
  if (seen.size >= SEEN_MAX && !seen.has(appId)) seen.clear();
  seen.set(appId, {
    until: now + SEEN_MS,
    endpoints: endpoints.map((endpoint) => ({ id: endpoint.id, event_types: endpoint.event_types })),
  });
}

/**
 * The endpoints as a statement compares them with what it reads (`id event_types`, by id in code-unit
 * order, which PostgreSQL's `collate "C"` gives for these ASCII ids).
 */
export function endpointsSignature(endpoints: readonly EndpointSubscription[]): string[] {
  return endpoints.map((endpoint) => `${endpoint.id} ${endpoint.event_types}`).sort(byCodeUnits);
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
