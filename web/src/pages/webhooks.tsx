import type { Event, WebhookDelivery } from '@polypay/sdk/browser';
import { useState } from 'preact/hooks';
import { polypay, session } from '../api.js';
import { Field, Json, Loading, Notice, Section, Status, Table, useAction, useLoad } from '../components.js';
import { dateTime } from '../format.js';
import { useT } from '../i18n.js';
import { useObservable } from '../store.js';

export function WebhooksPage() {
  const t = useT();
  const readOnly = useObservable(session)?.key_kind === 'restricted';
  const endpoints = useLoad(() => polypay.webhookEndpoints.listPage({ limit: 100 }), []);
  const events = useLoad(() => polypay.events.listPage({ limit: 50, order: 'desc' }), []);
  const action = useAction();
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState<string>();
  const change = (message: string, call: () => Promise<string | undefined>) =>
    action.ask(message, async () => {
      const shown = await call();
      setSecret(shown);
      endpoints.reload();
      return t('done.action');
    });
  return (
    <>
      <h1>{t('nav.webhooks')}</h1>
      {action.dialog}
      {action.feedback}
      {secret ? (
        <Notice>
          {t('shown_once')} <code class="secret">{secret}</code>
        </Notice>
      ) : null}
      <Section title={t('webhooks.endpoints')}>
        <Loading loaded={endpoints} />
        {endpoints.data ? (
          <Table
            caption={t('webhooks.endpoints')}
            head={[t('field.url'), t('field.status'), t('field.events'), t('field.created'), '']}
            empty={endpoints.data.items.length === 0}
          >
            {endpoints.data.items.map((e) => (
              <tr key={e.id} data-endpoint={e.id}>
                <td class="break">{e.url}</td>
                <td>
                  <Status value={e.status} />
                </td>
                <td>{e.enabled_events.join(', ')}</td>
                <td>{dateTime(e.created_at)}</td>
                <td class="row-actions">
                  {readOnly ? null : (
                    <>
                      <button
                        type="button"
                        class="small"
                        onClick={() =>
                          e.status === 'disabled'
                            ? change(`${t('action.enable')} ${e.id}?`, async () => {
                                await polypay.webhookEndpoints.update(e.id, { disabled: false });
                                return undefined;
                              })
                            : change(t('confirm.disable', { id: e.id }), async () => {
                                await polypay.webhookEndpoints.update(e.id, { disabled: true });
                                return undefined;
                              })
                        }
                      >
                        {t(e.status === 'disabled' ? 'action.enable' : 'action.disable')}
                      </button>
                      <button
                        type="button"
                        class="small"
                        onClick={() =>
                          change(t('confirm.rotate', { id: e.id }), async () => {
                            const rotated = (await polypay.webhookEndpoints.rotateSecret(e.id)) as {
                              secret?: string;
                            };
                            return rotated.secret;
                          })
                        }
                      >
                        {t('action.rotate')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        ) : null}
        {readOnly ? null : (
          <form
            class="inline-form"
            aria-label={t('webhooks.new')}
            onSubmit={(e) => {
              e.preventDefault();
              change(`${t('webhooks.new')}: ${url}`, async () => {
                const created = await polypay.webhookEndpoints.create({ url, enabled_events: ['*'] });
                setUrl('');
                return created.secret;
              });
            }}
          >
            <Field label={`${t('webhooks.new')} · ${t('field.url')}`} wide>
              <input
                name="endpoint_url"
                type="url"
                required
                value={url}
                onInput={(e) => setUrl((e.currentTarget as HTMLInputElement).value)}
              />
            </Field>
            <button type="submit" class="primary">
              {t('action.create')}
            </button>
          </form>
        )}
      </Section>
      <Section title={t('webhooks.deliveries')}>
        <Loading loaded={events} />
        {events.data ? (
          <ul class="event-list">
            {events.data.items.map((e) => (
              <EventRow key={e.id} event={e} readOnly={readOnly} />
            ))}
            {events.data.items.length === 0 ? <li class="muted">{t('empty')}</li> : null}
          </ul>
        ) : null}
      </Section>
    </>
  );
}

function EventRow({ event, readOnly }: { event: Event; readOnly: boolean }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const deliveries = useLoad(
    () => (open ? polypay.events.deliveries(event.id) : Promise.resolve(undefined)),
    [open],
  );
  const action = useAction();
  return (
    <li data-event={event.id}>
      <details onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>
          <strong>{event.type}</strong> <code>{event.id}</code> · {dateTime(event.created)}
        </summary>
        {action.dialog}
        {action.feedback}
        {readOnly ? null : (
          <button
            type="button"
            class="small"
            onClick={() =>
              action.ask(`${t('action.resend')} ${event.id}?`, async () => {
                await polypay.events.resend(event.id);
                deliveries.reload();
                return t('done.resend');
              })
            }
          >
            {t('action.resend')}
          </button>
        )}
        <h3>{t('webhooks.request')}</h3>
        <Json value={event} />
        <h3>{t('webhooks.response')}</h3>
        <Loading loaded={deliveries} />
        {deliveries.data?.items.map((d) => (
          <div key={d.id} class="delivery">
            <code>{d.endpoint_id}</code> <Status value={d.status} />
            <ul>
              {d.attempts.map((a) => (
                <AttemptRow key={a.attempt} attempt={a} />
              ))}
            </ul>
          </div>
        ))}
      </details>
    </li>
  );
}

type Attempt = WebhookDelivery['attempts'][number];

/** Headers as they go on the wire, one `name: value` a line. */
function headerLines(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

/** One attempt: its outcome, and on opening what was sent and what the receiver answered. */
function AttemptRow({ attempt: a }: { attempt: Attempt }) {
  const t = useT();
  return (
    <li data-attempt={a.attempt}>
      <details>
        <summary>
          #{a.attempt} · {dateTime(a.created)} · HTTP {a.status_code ?? '—'} {a.error ?? ''} · {a.duration_ms}{' '}
          ms
        </summary>
        <div class="exchange">
          <section>
            <h4>{t('webhooks.request')}</h4>
            {a.request ? (
              <pre class="raw request">{`${headerLines(a.request.headers)}\n\n${a.request.body}`}</pre>
            ) : (
              <p class="muted">{t('webhooks.not_kept')}</p>
            )}
          </section>
          <section>
            <h4>{t('webhooks.response')}</h4>
            {a.response ? (
              <>
                <pre class="raw response">{`HTTP ${a.response.status_code}\n${headerLines(a.response.headers)}\n\n${a.response.body}`}</pre>
                {a.response.body_truncated ? <p class="muted">{t('webhooks.truncated')}</p> : null}
              </>
            ) : (
              <p class="muted">{a.request ? (a.error ?? t('webhooks.no_answer')) : t('webhooks.not_kept')}</p>
            )}
          </section>
        </div>
      </details>
    </li>
  );
}
