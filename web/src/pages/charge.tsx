import type { Charge, Refund } from '@polypay/sdk/browser';
import { useState } from 'preact/hooks';
import { polypay, session } from '../api.js';
import { Field, Loading, Section, Status, Table, useAction, useLoad } from '../components.js';
import { EventItem, type EventWithDeliveries, loadEvents } from '../events.js';
import { dateTime, money, parseMoney } from '../format.js';
import { useT } from '../i18n.js';
import { useObservable } from '../store.js';

type Flow = Charge['flows'][number];
type Entry =
  | { at: number; kind: 'flow'; flow: Flow }
  | ({ at: number; kind: 'event' } & EventWithDeliveries)
  | { at: number; kind: 'refund'; refund: Refund };

/** Everything that happened to a charge, oldest first: channel operations, refunds, events and webhooks. */
async function loadTimeline(id: string) {
  const [charge, refunds] = await Promise.all([polypay.charges.retrieve(id), polypay.refunds.listPage(id)]);
  // Refund events are about the refund, not the charge: gather those too.
  const events = await loadEvents([id, ...refunds.items.map((r) => r.id)]);
  const entries: Entry[] = [
    ...charge.flows.map((flow) => ({ at: flow.created_at, kind: 'flow' as const, flow })),
    ...refunds.items.map((refund) => ({ at: refund.created_at, kind: 'refund' as const, refund })),
    ...events.map((e) => ({ at: e.event.created, kind: 'event' as const, ...e })),
  ].sort((a, b) => a.at - b.at);
  return { charge, entries, refunds: refunds.items };
}

export function ChargePage({ id }: { id: string }) {
  const t = useT();
  const current = useObservable(session);
  const loaded = useLoad(() => loadTimeline(id), [id]);
  const action = useAction();
  const [amount, setAmount] = useState('');
  const data = loaded.data;
  const readOnly = current?.key_kind === 'restricted';
  const charge = data?.charge;
  const run = (message: string, call: () => Promise<unknown>, done?: (result: unknown) => string) =>
    action.ask(message, async () => {
      const result = await call();
      loaded.reload();
      return done ? done(result) : t('done.action');
    });
  const refund = (minor: number) =>
    charge &&
    run(
      t('confirm.refund', { amount: money(minor, charge.currency), id: charge.id }),
      () =>
        polypay.refunds.create(charge.id, {
          refund_no: `dash_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`,
          amount: minor,
        }),
      (r) => t('done.refund', { id: (r as Refund).id }),
    );
  const typed = charge ? parseMoney(amount, charge.currency) : undefined;
  return (
    <>
      <p>
        <a href="#/payments">← {t('detail.back')}</a>
      </p>
      <h1>
        {t('charge.title')} <code>{id}</code>
      </h1>
      <Loading loaded={loaded} />
      {action.feedback}
      {action.dialog}
      {charge ? (
        <>
          <div class="grid2">
            <Section title={t('detail.title')}>
              <dl class="facts">
                <dt>{t('field.amount')}</dt>
                <dd data-fact="amount">{money(charge.amount, charge.currency)}</dd>
                <dt>{t('field.status')}</dt>
                <dd data-fact="status">
                  <Status value={charge.status} />
                </dd>
                <dt>{t('charge.refundable')}</dt>
                <dd data-fact="refundable">{money(charge.amount_refundable, charge.currency)}</dd>
                <dt>{t('field.out_trade_no')}</dt>
                <dd>{charge.out_trade_no}</dd>
                <dt>{t('field.channel')}</dt>
                <dd>{charge.channel ?? '—'}</dd>
                <dt>{t('field.payway')}</dt>
                <dd>
                  {charge.payway}
                  {charge.sub_payway ? ` · ${charge.sub_payway}` : ''}
                </dd>
                <dt>{t('field.created')}</dt>
                <dd>{dateTime(charge.created_at)}</dd>
                {charge.failure_code ? (
                  <>
                    <dt>{t('error.title')}</dt>
                    <dd>
                      <code>{charge.failure_code}</code> {charge.failure_message}
                    </dd>
                  </>
                ) : null}
              </dl>
            </Section>
            {readOnly ? null : (
              <Section title={t('action.refund')}>
                <form
                  class="inline-form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    if (typed !== undefined) refund(typed);
                  }}
                >
                  <Field label={`${t('field.amount')} (${charge.currency})`}>
                    <input
                      name="refund_amount"
                      inputMode="decimal"
                      value={amount}
                      aria-invalid={amount !== '' && typed === undefined}
                      onInput={(e) => setAmount((e.currentTarget as HTMLInputElement).value)}
                    />
                  </Field>
                  <button type="submit" disabled={typed === undefined || action.busy}>
                    {t('action.refund')}
                  </button>
                  <button
                    type="button"
                    disabled={charge.amount_refundable <= 0 || action.busy}
                    onClick={() => refund(charge.amount_refundable)}
                  >
                    {t('action.refund_full')}
                  </button>
                </form>
                <div class="actions">
                  {(['cancel', 'close', 'void'] as const).map((op) => (
                    <button
                      key={op}
                      type="button"
                      class="danger"
                      disabled={action.busy}
                      onClick={() =>
                        run(t(`confirm.${op}`, { id: charge.id }), () => polypay.charges[op](charge.id))
                      }
                    >
                      {t(`action.${op}`)}
                    </button>
                  ))}
                </div>
              </Section>
            )}
          </div>
          <Section title={t('charge.timeline')}>
            <ol class="timeline" aria-label={t('charge.timeline')}>
              {data.entries.map((entry) => (
                <TimelineEntry
                  key={`${entry.kind}-${entry.at}-${keyOf(entry)}`}
                  entry={entry}
                  currency={charge.currency}
                  readOnly={readOnly}
                  onChanged={loaded.reload}
                />
              ))}
            </ol>
          </Section>
          <Section title={t('charge.refunds')}>
            <Table
              caption={t('charge.refunds')}
              head={[t('field.id'), t('field.amount'), t('field.status'), t('field.created')]}
              empty={data.refunds.length === 0}
            >
              {data.refunds.map((r) => (
                <tr key={r.id}>
                  <td>
                    <a href={`#/refunds/${r.id}`}>{r.id}</a>
                  </td>
                  <td class="num">{money(r.amount, charge.currency)}</td>
                  <td>
                    <Status value={r.status} />
                  </td>
                  <td>{dateTime(r.created_at)}</td>
                </tr>
              ))}
            </Table>
          </Section>
        </>
      ) : null}
    </>
  );
}

function keyOf(entry: Entry): string {
  return entry.kind === 'flow' ? entry.flow.id : entry.kind === 'event' ? entry.event.id : entry.refund.id;
}

function TimelineEntry({
  entry,
  currency,
  readOnly,
  onChanged,
}: {
  entry: Entry;
  currency: string;
  readOnly: boolean;
  /** Reloads the timeline: a resent event shows its new delivery at once. */
  onChanged: () => void;
}) {
  const t = useT();
  if (entry.kind === 'flow') {
    const f = entry.flow;
    return (
      <li class="flow" data-flow={f.id}>
        <time>{dateTime(f.created_at)}</time>
        <div>
          <strong>{f.kind}</strong> · {t('charge.flow_status')} <Status value={f.status} /> ·{' '}
          {t('charge.biz_result')} <Status value={f.biz_result} /> · {money(f.amount, currency)}
          {f.error_code ? (
            <div>
              <code>{f.error_code}</code> {f.error_message}
            </div>
          ) : null}
          {f.channel_error ? (
            <div class="channel-error">
              {t('charge.channel_error')}: {f.channel_error.provider} <code>{f.channel_error.code}</code>{' '}
              {f.channel_error.message}
            </div>
          ) : null}
        </div>
      </li>
    );
  }
  if (entry.kind === 'refund') {
    const r = entry.refund;
    return (
      <li class="refund">
        <time>{dateTime(r.created_at)}</time>
        <div>
          <strong>{t('action.refund')}</strong> <code>{r.id}</code> · <Status value={r.status} /> ·{' '}
          {money(r.amount, currency)}
        </div>
      </li>
    );
  }
  return (
    <EventItem event={entry.event} deliveries={entry.deliveries} readOnly={readOnly} onChanged={onChanged} />
  );
}
