import type { Event, WebhookDelivery } from '@polypay/sdk/browser';
import { polypay } from './api.js';
import { Json, Section, Status, useAction } from './components.js';
import { dateTime } from './format.js';
import { useT } from './i18n.js';

export interface EventWithDeliveries {
  event: Event;
  deliveries: WebhookDelivery[];
}

/** The events about these objects (one page each), oldest first, each with its webhook deliveries. */
export async function loadEvents(objectIds: string[]): Promise<EventWithDeliveries[]> {
  const pages = await Promise.all(
    objectIds.map((id) => polypay.events.listPage({ object_id: id, limit: 100 })),
  );
  const events = pages.flatMap((p) => p.items).sort((a, b) => a.created - b.created);
  const deliveries = await Promise.all(events.map((e) => polypay.events.deliveries(e.id)));
  return events.map((event, i) => ({ event, deliveries: deliveries[i]!.items }));
}

/** One event in a timeline: its webhook deliveries with their attempts, and a resend for a write key. */
export function EventItem({
  event,
  deliveries,
  readOnly,
  onChanged,
}: EventWithDeliveries & {
  readOnly: boolean;
  /** Reloads the timeline: a resent event shows its new delivery at once. */
  onChanged: () => void;
}) {
  const t = useT();
  const action = useAction();
  return (
    <li class="event" data-event={event.id}>
      <time>{dateTime(event.created)}</time>
      <div>
        <strong>{event.type}</strong> <code>{event.id}</code>
        {deliveries.length === 0 ? <div class="muted">{t('charge.no_attempts')}</div> : null}
        {deliveries.map((d) => (
          <div key={d.id} class="delivery" data-delivery={d.id}>
            → <code>{d.endpoint_id}</code> <Status value={d.status} /> ·{' '}
            {d.attempts.map((a) => (
              <span key={a.attempt} class="attempt">
                #{a.attempt} {a.status_code ?? a.error} ({a.duration_ms} ms){' '}
              </span>
            ))}
          </div>
        ))}
        {readOnly ? null : (
          <button
            type="button"
            class="small"
            disabled={action.busy}
            onClick={() =>
              action.ask(`${t('action.resend')} ${event.id}?`, async () => {
                await polypay.events.resend(event.id);
                onChanged();
                return t('done.resend');
              })
            }
          >
            {t('action.resend')}
          </button>
        )}
        {action.dialog}
        {action.feedback}
        <details>
          <summary>{t('webhooks.request')}</summary>
          <Json value={event} />
        </details>
      </div>
    </li>
  );
}

/** A detail page's events and webhooks section. */
export function EventList({
  events,
  readOnly,
  onChanged,
}: {
  events: EventWithDeliveries[];
  readOnly: boolean;
  onChanged: () => void;
}) {
  const t = useT();
  return (
    <Section title={t('charge.events')}>
      <ol class="timeline" aria-label={t('charge.events')}>
        {events.map((e) => (
          <EventItem key={e.event.id} {...e} readOnly={readOnly} onChanged={onChanged} />
        ))}
      </ol>
      {events.length === 0 ? <p class="muted">{t('empty')}</p> : null}
    </Section>
  );
}

/** A collapsed copy of the object as the API answers it, for what the facts leave out. */
export function RawJson({ value }: { value: unknown }) {
  const t = useT();
  return (
    <details class="raw-json">
      <summary>{t('detail.raw')}</summary>
      <Json value={value} />
    </details>
  );
}
