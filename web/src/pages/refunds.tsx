import type { Refund } from '@polypay/sdk/browser';
import { useState } from 'preact/hooks';
import { polypay } from '../api.js';
import { Loading, Pager, Section, Status, Table, useLoad } from '../components.js';
import { DetailPage } from '../detail-page.js';
import { loadEvents } from '../events.js';
import { dateTime, money } from '../format.js';
import { useT } from '../i18n.js';

export function RefundsPage({ id }: { id: string | undefined }) {
  return id ? <RefundDetail id={id} /> : <RefundList />;
}

function RefundList() {
  const t = useT();
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const page = useLoad(
    () => polypay.refunds.listAllPage({ limit: 20, ...(cursor ? { starting_after: cursor } : {}) }),
    [cursor],
  );
  return (
    <>
      <h1>{t('refunds.title')}</h1>
      <Loading loaded={page} />
      {page.data ? (
        <>
          <Table
            caption={t('refunds.title')}
            head={[
              t('field.id'),
              t('charge.title'),
              t('field.amount'),
              t('field.status'),
              t('field.reason'),
              t('field.created'),
            ]}
            empty={page.data.items.length === 0}
          >
            {page.data.items.map((r) => (
              <tr key={r.id}>
                <td>
                  <a href={`#/refunds/${r.id}`}>{r.id}</a>
                </td>
                <td>
                  <a href={`#/payments/${r.charge_id}`}>{r.charge_id}</a>
                </td>
                <td class="num">{money(r.amount, r.currency)}</td>
                <td>
                  <Status value={r.status} />
                </td>
                <td>{r.reason ?? '—'}</td>
                <td>{dateTime(r.created_at)}</td>
              </tr>
            ))}
          </Table>
          <Pager cursors={cursors} setCursors={setCursors} page={page.data} />
        </>
      ) : null}
    </>
  );
}

/** The refund and its events. */
async function loadRefund(id: string) {
  const [refund, events] = await Promise.all([polypay.refunds.retrieve(id), loadEvents([id])]);
  return { refund, events };
}

function RefundDetail({ id }: { id: string }) {
  const t = useT();
  const loaded = useLoad(() => loadRefund(id), [id]);
  return (
    <DetailPage
      back={{ href: '#/refunds', label: t('detail.back') }}
      heading={t('action.refund')}
      id={id}
      loaded={loaded}
      raw={(data) => data.refund}
    >
      {(data) => (
        <Section title={t('detail.title')}>
          <RefundFacts refund={data.refund} />
        </Section>
      )}
    </DetailPage>
  );
}

function RefundFacts({ refund: r }: { refund: Refund }) {
  const t = useT();
  return (
    <dl class="facts">
      <dt>{t('field.amount')}</dt>
      <dd data-fact="amount">{money(r.amount, r.currency)}</dd>
      <dt>{t('field.status')}</dt>
      <dd data-fact="status">
        <Status value={r.status} />
      </dd>
      <dt>{t('charge.title')}</dt>
      <dd data-fact="charge">
        <a href={`#/payments/${r.charge_id}`}>{r.charge_id}</a>
      </dd>
      <dt>{t('field.refund_no')}</dt>
      <dd data-fact="refund_no">{r.refund_no}</dd>
      <dt>{t('field.reason')}</dt>
      <dd data-fact="reason">{r.reason ?? '—'}</dd>
      <dt>{t('refund.funded_available')}</dt>
      <dd data-fact="funded_from_available">{money(r.funded_from_available, r.currency)}</dd>
      <dt>{t('refund.funded_pending')}</dt>
      <dd data-fact="funded_from_pending">{money(r.funded_from_pending, r.currency)}</dd>
      <dt>{t('field.created')}</dt>
      <dd data-fact="created">{dateTime(r.created_at)}</dd>
      <dt>{t('field.succeeded_at')}</dt>
      <dd data-fact="succeeded_at">{dateTime(r.succeeded_at)}</dd>
      {r.failure_code ? (
        <>
          <dt>{t('field.failure')}</dt>
          <dd data-fact="failure">
            <code>{r.failure_code}</code> {r.failure_message}
          </dd>
        </>
      ) : null}
    </dl>
  );
}
