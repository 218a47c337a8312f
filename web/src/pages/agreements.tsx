import type { Agreement, Deduction } from '@polypay/sdk/browser';
import { useState } from 'preact/hooks';
import { polypay, session } from '../api.js';
import { Loading, Pager, Section, Status, Table, useAction, useLoad } from '../components.js';
import { DetailPage } from '../detail-page.js';
import { loadEvents } from '../events.js';
import { dateTime, money } from '../format.js';
import { type MessageKey, useT } from '../i18n.js';
import { useObservable } from '../store.js';

export function AgreementsPage({ id, deduction }: { id: string | undefined; deduction: string | undefined }) {
  if (id && deduction) return <DeductionDetail agreementId={id} id={deduction} />;
  return id ? <AgreementDetail id={id} /> : <AgreementList />;
}

/**
 * Agreement limits and deduction amounts are integer strings of minor units of the agreement's currency
 * (crypto ones pass 2^53): shown exactly, as decimals, with the currency.
 */
const amount = (value: string | null, currency: string) => (value === null ? '—' : money(value, currency));

function AgreementList() {
  const t = useT();
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const page = useLoad(
    () => polypay.agreements.listPage({ limit: 20, ...(cursor ? { starting_after: cursor } : {}) }),
    [cursor],
  );
  return (
    <>
      <h1>{t('agreements.title')}</h1>
      <Loading loaded={page} />
      {page.data ? (
        <>
          <Table
            caption={t('agreements.title')}
            head={[t('field.id'), t('field.status'), t('field.channel'), t('field.type'), t('field.created')]}
            empty={page.data.items.length === 0}
          >
            {page.data.items.map((a) => (
              <tr key={a.id} data-agreement={a.id}>
                <td>
                  <a href={`#/agreements/${a.id}`}>{a.id}</a>
                </td>
                <td>
                  <Status value={a.status} />
                </td>
                <td>{a.channel}</td>
                <td>{a.agreement_type}</td>
                <td>{dateTime(a.created_at)}</td>
              </tr>
            ))}
          </Table>
          <Pager cursors={cursors} setCursors={setCursors} page={page.data} />
        </>
      ) : null}
    </>
  );
}

async function loadAgreement(id: string) {
  const [agreement, events] = await Promise.all([polypay.agreements.retrieve(id), loadEvents([id])]);
  return { agreement, events };
}

type Op = 'suspend' | 'resume' | 'unsign';
/** Which statuses each action applies to: the others are refused by the API, so not offered. */
const ACTIONS: [Op, (status: string) => boolean][] = [
  ['suspend', (s) => s === 'SIGNED'],
  ['resume', (s) => s === 'SUSPENDED'],
  ['unsign', (s) => s === 'SIGNED' || s === 'SUSPENDED'],
];

function AgreementDetail({ id }: { id: string }) {
  const t = useT();
  const current = useObservable(session);
  const loaded = useLoad(() => loadAgreement(id), [id]);
  const action = useAction();
  const readOnly = current?.key_kind === 'restricted';
  return (
    <DetailPage
      back={{ href: '#/agreements', label: t('detail.back') }}
      heading={t('agreements.one')}
      id={id}
      loaded={loaded}
      above={
        <>
          {action.feedback}
          {action.dialog}
        </>
      }
      raw={(data) => data.agreement}
    >
      {(data) => (
        <>
          <div class="grid2">
            <Section title={t('detail.title')}>
              <AgreementFacts agreement={data.agreement} />
            </Section>
            <Section title={t('agreements.actions')}>
              {readOnly ? <p class="muted">{t('readonly.actions')}</p> : null}
              <div class="actions">
                {ACTIONS.map(([op, applies]) => (
                  <button
                    key={op}
                    type="button"
                    class={op === 'unsign' ? 'danger' : undefined}
                    disabled={readOnly || action.busy || !applies(data.agreement.status)}
                    onClick={() =>
                      action.ask(t(`confirm.${op}` as MessageKey, { id }), async () => {
                        try {
                          await polypay.agreements[op](id);
                        } finally {
                          // Refused too: the status may have moved elsewhere, and the page shows it.
                          loaded.reload();
                        }
                        return t('done.action');
                      })
                    }
                  >
                    {t(`action.${op}` as MessageKey)}
                  </button>
                ))}
              </div>
            </Section>
          </div>
          <Deductions agreementId={id} reloaded={data} />
        </>
      )}
    </DetailPage>
  );
}

/** An agreement's deductions, oldest first, a page at a time. */
function Deductions({ agreementId, reloaded }: { agreementId: string; reloaded: unknown }) {
  const t = useT();
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const page = useLoad(
    () =>
      polypay.agreements.deductions(agreementId, {
        limit: 20,
        ...(cursor ? { starting_after: cursor } : {}),
      }),
    // Reloaded with the agreement: an action on it may have changed its deductions.
    [agreementId, cursor, reloaded],
  );
  return (
    <>
      <Loading loaded={page} />
      {page.data ? (
        <Section title={t('agreements.deductions')}>
          <Table
            caption={t('agreements.deductions')}
            head={[
              t('field.id'),
              t('field.amount'),
              t('field.refunded'),
              t('field.status'),
              t('field.created'),
            ]}
            empty={page.data.items.length === 0}
          >
            {page.data.items.map((d) => (
              <tr key={d.id} data-deduction={d.id}>
                <td>
                  <a href={`#/agreements/${agreementId}/deductions/${d.id}`}>{d.id}</a>
                </td>
                <td class="num">{amount(d.amount, d.currency)}</td>
                <td class="num">{amount(d.refunded, d.currency)}</td>
                <td>
                  <Status value={d.status} />
                </td>
                <td>{dateTime(d.created_at)}</td>
              </tr>
            ))}
          </Table>
          <Pager cursors={cursors} setCursors={setCursors} page={page.data} />
        </Section>
      ) : null}
    </>
  );
}

function AgreementFacts({ agreement: a }: { agreement: Agreement }) {
  const t = useT();
  const signable = a.status === 'INIT' || a.status === 'PENDING';
  return (
    <dl class="facts">
      <dt>{t('field.status')}</dt>
      <dd data-fact="status">
        <Status value={a.status} />
      </dd>
      <dt>{t('field.type')}</dt>
      <dd data-fact="agreement_type">{a.agreement_type}</dd>
      <dt>{t('field.currency')}</dt>
      <dd data-fact="currency">
        {a.currency} ({a.currency_type})
      </dd>
      <dt>{t('agreements.single_limit')}</dt>
      <dd data-fact="single_limit">{amount(a.single_limit, a.currency)}</dd>
      <dt>{t('agreements.period_limits')}</dt>
      <dd data-fact="period_limits">
        {a.period_limits.length === 0 ? '—' : null}
        {a.period_limits.map((p) => (
          <div key={p.period_type} data-period={p.period_type}>
            {p.period_type}: {amount(p.amount, a.currency)} · {t('agreements.used')}{' '}
            {amount(p.used, a.currency)} · {t('agreements.remaining')} {amount(p.remaining, a.currency)}
          </div>
        ))}
      </dd>
      <dt>{t('field.buyer')}</dt>
      <dd data-fact="buyer_id">{a.buyer_id ?? '—'}</dd>
      <dt>{t('field.merchant_agreement_no')}</dt>
      <dd data-fact="merchant_agreement_no">{a.merchant_agreement_no ?? '—'}</dd>
      <dt>{t('field.channel')}</dt>
      <dd data-fact="channel">{a.channel}</dd>
      <dt>{t('field.scene_code')}</dt>
      <dd data-fact="scene_code">{a.scene_code}</dd>
      <dt>{t('field.product_code')}</dt>
      <dd data-fact="product_code">{a.product_code}</dd>
      <dt>{t('field.time_zone')}</dt>
      <dd data-fact="time_zone">{a.time_zone}</dd>
      {signable && /^https?:\/\//.test(a.sign_url) ? (
        <>
          <dt>{t('agreements.sign_url')}</dt>
          <dd data-fact="sign_url">
            <a href={a.sign_url}>{a.sign_url}</a>
          </dd>
          <dt>{t('agreements.sign_expires')}</dt>
          <dd data-fact="sign_url_expires_at">{dateTime(a.sign_url_expires_at)}</dd>
        </>
      ) : null}
      <dt>{t('field.created')}</dt>
      <dd data-fact="created">{dateTime(a.created_at)}</dd>
      <dt>{t('field.updated')}</dt>
      <dd data-fact="updated">{dateTime(a.updated_at)}</dd>
    </dl>
  );
}

async function loadDeduction(agreementId: string, id: string) {
  const [deduction, refunds] = await Promise.all([
    polypay.agreements.deduction(agreementId, id),
    polypay.agreements.deductionRefunds(agreementId, id),
  ]);
  // A deduction refund's events are about the refund: gather those too, as a charge's page does.
  const events = await loadEvents([id, ...refunds.items.map((r) => r.id)]);
  return { deduction, refunds: refunds.items, events };
}

function DeductionDetail({ agreementId, id }: { agreementId: string; id: string }) {
  const t = useT();
  const loaded = useLoad(() => loadDeduction(agreementId, id), [agreementId, id]);
  return (
    <DetailPage
      back={{ href: `#/agreements/${agreementId}`, label: t('agreements.one') }}
      heading={t('deduction.title')}
      id={id}
      loaded={loaded}
      raw={(data) => data.deduction}
    >
      {(data) => (
        <>
          <Section title={t('detail.title')}>
            <DeductionFacts deduction={data.deduction} />
          </Section>
          <Section title={t('charge.refunds')}>
            <Table
              caption={t('charge.refunds')}
              head={[
                t('field.id'),
                t('field.amount'),
                t('field.status'),
                t('field.reason'),
                t('field.created'),
              ]}
              empty={data.refunds.length === 0}
            >
              {data.refunds.map((r) => (
                <tr key={r.id} data-deduction-refund={r.id}>
                  <td>{r.id}</td>
                  <td class="num">{amount(r.amount, r.currency)}</td>
                  <td>
                    <Status value={r.status} />
                  </td>
                  <td>{r.reason ?? '—'}</td>
                  <td>{dateTime(r.created_at)}</td>
                </tr>
              ))}
            </Table>
          </Section>
        </>
      )}
    </DetailPage>
  );
}

function DeductionFacts({ deduction: d }: { deduction: Deduction }) {
  const t = useT();
  return (
    <dl class="facts">
      <dt>{t('field.amount')}</dt>
      <dd data-fact="amount">{amount(d.amount, d.currency)}</dd>
      <dt>{t('field.status')}</dt>
      <dd data-fact="status">
        <Status value={d.status} />
      </dd>
      <dt>{t('agreements.one')}</dt>
      <dd data-fact="agreement">
        <a href={`#/agreements/${d.agreement}`}>{d.agreement}</a>
      </dd>
      <dt>{t('field.refunded')}</dt>
      <dd data-fact="refunded">{amount(d.refunded, d.currency)}</dd>
      <dt>{t('deduction.ledger')}</dt>
      <dd data-fact="ledger_amount">
        {d.ledger_amount !== null && d.ledger_currency ? money(d.ledger_amount, d.ledger_currency) : '—'}
      </dd>
      <dt>{t('field.channel_no')}</dt>
      <dd data-fact="channel_trade_no">{d.channel_trade_no ?? '—'}</dd>
      {d.crypto_payment ? (
        <>
          <dt>{t('deduction.crypto')}</dt>
          <dd data-fact="crypto_payment">
            {Object.entries(d.crypto_payment).map(([key, value]) => (
              <div key={key}>
                {key}: <code>{typeof value === 'string' ? value : JSON.stringify(value)}</code>
              </div>
            ))}
          </dd>
        </>
      ) : null}
      <dt>{t('field.created')}</dt>
      <dd data-fact="created">{dateTime(d.created_at)}</dd>
      <dt>{t('field.updated')}</dt>
      <dd data-fact="updated">{dateTime(d.updated_at)}</dd>
      {d.failure_code ? (
        <>
          <dt>{t('field.failure')}</dt>
          <dd data-fact="failure">
            <code>{d.failure_code}</code>
          </dd>
        </>
      ) : null}
    </dl>
  );
}
