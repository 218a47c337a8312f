import type { Transfer } from '@polypay/sdk/browser';
import { useState } from 'preact/hooks';
import { polypay } from '../api.js';
import { Loading, Pager, Section, Status, Table, useLoad } from '../components.js';
import { DetailPage } from '../detail-page.js';
import { loadEvents } from '../events.js';
import { dateTime, money } from '../format.js';
import { useT } from '../i18n.js';

type Kind = 'transfers' | 'red_envelopes';

/** Transfers and red envelopes have the same shape; one view serves both. */
const resourceOf = (kind: Kind) =>
  (kind === 'transfers' ? polypay.transfers : polypay.redEnvelopes) as typeof polypay.transfers;

export function PayoutsPage({ kind, id }: { kind: Kind; id: string | undefined }) {
  const t = useT();
  return (
    <>
      <h1>{t('nav.payouts')}</h1>
      <nav class="tabs" aria-label={t('nav.payouts')}>
        <a href="#/payouts/transfers" aria-current={kind === 'transfers' ? 'page' : undefined}>
          {t('payouts.transfers')}
        </a>
        <a href="#/payouts/red_envelopes" aria-current={kind === 'red_envelopes' ? 'page' : undefined}>
          {t('payouts.red_envelopes')}
        </a>
      </nav>
      {/* Keyed by kind: switching tabs starts the other list at its first page. */}
      {id ? <PayoutDetail key={kind} kind={kind} id={id} /> : <PayoutList key={kind} kind={kind} />}
    </>
  );
}

function PayoutList({ kind }: { kind: Kind }) {
  const t = useT();
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const page = useLoad(
    () => resourceOf(kind).listPage({ limit: 20, ...(cursor ? { starting_after: cursor } : {}) }),
    [kind, cursor],
  );
  return (
    <>
      <Loading loaded={page} />
      {page.data ? (
        <>
          <Table
            caption={t(kind === 'transfers' ? 'payouts.transfers' : 'payouts.red_envelopes')}
            head={[
              t('field.id'),
              t('field.amount'),
              t('field.status'),
              t('field.channel'),
              t('field.created'),
            ]}
            empty={page.data.items.length === 0}
          >
            {page.data.items.map((row) => (
              <tr key={row.id} data-payout={row.id}>
                <td>
                  <a href={`#/payouts/${kind}/${row.id}`}>{row.id}</a>
                </td>
                <td class="num">{money(row.amount, row.currency)}</td>
                <td>
                  <Status value={row.status} />
                </td>
                <td>{row.channel}</td>
                <td>{dateTime(row.created_at)}</td>
              </tr>
            ))}
          </Table>
          <Pager cursors={cursors} setCursors={setCursors} page={page.data} />
        </>
      ) : null}
    </>
  );
}

async function loadPayout(kind: Kind, id: string) {
  const [payout, events] = await Promise.all([resourceOf(kind).retrieve(id), loadEvents([id])]);
  return { payout, events };
}

function PayoutDetail({ kind, id }: { kind: Kind; id: string }) {
  const t = useT();
  const loaded = useLoad(() => loadPayout(kind, id), [kind, id]);
  return (
    <DetailPage
      back={{ href: `#/payouts/${kind}`, label: t('detail.back') }}
      heading={t(kind === 'transfers' ? 'payouts.transfer' : 'payouts.red_envelope')}
      id={id}
      level={2}
      loaded={loaded}
      raw={(data) => data.payout}
    >
      {(data) => (
        <Section title={t('detail.title')}>
          <PayoutFacts payout={data.payout} />
        </Section>
      )}
    </DetailPage>
  );
}

function PayoutFacts({ payout: p }: { payout: Transfer }) {
  const t = useT();
  return (
    <dl class="facts">
      <dt>{t('field.amount')}</dt>
      <dd data-fact="amount">{money(p.amount, p.currency)}</dd>
      <dt>{t('field.status')}</dt>
      <dd data-fact="status">
        <Status value={p.status} />
      </dd>
      <dt>{t('field.out_transfer_no')}</dt>
      <dd data-fact="out_transfer_no">{p.out_transfer_no}</dd>
      <dt>{t('field.channel')}</dt>
      <dd data-fact="channel">{p.channel}</dd>
      <dt>{t('field.channel_no')}</dt>
      <dd data-fact="channel_transfer_no">{p.channel_transfer_no ?? '—'}</dd>
      <dt>{t('field.destination')}</dt>
      <dd data-fact="destination">
        {Object.entries(p.destination).map(([key, value]) => (
          <div key={key}>
            {key}: <code>{typeof value === 'string' ? value : JSON.stringify(value)}</code>
          </div>
        ))}
      </dd>
      <dt>{t('field.remark')}</dt>
      <dd data-fact="remark">{p.remark ?? '—'}</dd>
      <dt>{t('field.created')}</dt>
      <dd data-fact="created">{dateTime(p.created_at)}</dd>
      <dt>{t('field.finished')}</dt>
      <dd data-fact="finished">{dateTime(p.finished)}</dd>
      {p.pending_code ? (
        <>
          <dt>{t('field.pending_code')}</dt>
          <dd data-fact="pending_code">
            <code>{p.pending_code}</code>
            {p.action_url && /^https?:\/\//.test(p.action_url) ? (
              <>
                {' '}
                · <a href={p.action_url}>{t('field.action_url')}</a>
              </>
            ) : null}
          </dd>
        </>
      ) : null}
      {p.failure_code ? (
        <>
          <dt>{t('field.failure')}</dt>
          <dd data-fact="failure">
            <code>{p.failure_code}</code> {p.failure_message}
          </dd>
        </>
      ) : null}
    </dl>
  );
}
