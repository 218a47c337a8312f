import { useState } from 'preact/hooks';
import { polypay } from '../api.js';
import { Json, Loading, Pager, Section, Status, Table, useLoad } from '../components.js';
import { dateTime } from '../format.js';
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
                <td class="num">{r.amount}</td>
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

function RefundDetail({ id }: { id: string }) {
  const t = useT();
  const refund = useLoad(() => polypay.refunds.retrieve(id), [id]);
  return (
    <>
      <p>
        <a href="#/refunds">← {t('detail.back')}</a>
      </p>
      <h1>
        {t('action.refund')} <code>{id}</code>
      </h1>
      <Loading loaded={refund} />
      {refund.data ? (
        <Section title={t('detail.title')}>
          <p>
            <Status value={refund.data.status} /> ·{' '}
            <a href={`#/payments/${refund.data.charge_id}`}>{refund.data.charge_id}</a>
          </p>
          <Json value={refund.data} />
        </Section>
      ) : null}
    </>
  );
}
