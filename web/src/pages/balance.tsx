import type { BalanceTransaction } from '@polypay/sdk/browser';
import { useState } from 'preact/hooks';
import { polypay } from '../api.js';
import { ErrorBanner, Field, Loading, Pager, Table, useLoad } from '../components.js';
import { csvField, dateTime, money } from '../format.js';
import { useT } from '../i18n.js';

interface Filters {
  account: '' | 'pending' | 'available';
  type: string;
  source: string;
  from: string;
  to: string;
}
const EMPTY: Filters = { account: '', type: '', source: '', from: '', to: '' };
/** The export stops here: a bigger ledger is for the API, not a browser download. */
const EXPORT_LIMIT = 10_000;

function toParams(f: Filters) {
  return {
    ...(f.account ? { account: f.account } : {}),
    ...(f.type.trim() ? { type: f.type.trim() } : {}),
    ...(f.source.trim() ? { source: f.source.trim() } : {}),
    ...(f.from ? { created_gte: new Date(`${f.from}T00:00:00`).getTime() } : {}),
    ...(f.to ? { created_lt: new Date(`${f.to}T00:00:00`).getTime() + 86_400_000 } : {}),
  };
}

export function BalancePage() {
  const t = useT();
  const [form, setForm] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const [cursors, setCursors] = useState<string[]>([]);
  const [exportError, setExportError] = useState<unknown>();
  const cursor = cursors.at(-1);
  const balance = useLoad(() => polypay.balance.retrieve(), []);
  const page = useLoad(
    () =>
      polypay.balance.transactionsPage({
        ...toParams(applied),
        limit: 20,
        ...(cursor ? { starting_after: cursor } : {}),
      }),
    [JSON.stringify(applied), cursor],
  );
  const set = (key: keyof Filters) => (e: Event) =>
    setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value });

  async function exportCsv() {
    setExportError(undefined);
    try {
      const rows: BalanceTransaction[] = [];
      let after: string | undefined;
      do {
        const p = await polypay.balance.transactionsPage({
          ...toParams(applied),
          limit: 100,
          ...(after ? { starting_after: after } : {}),
        });
        rows.push(...p.items);
        after = p.has_more && p.next_cursor ? p.next_cursor : undefined;
      } while (after && rows.length < EXPORT_LIMIT);
      const head = [
        'id',
        'created_at',
        'account',
        'type',
        'source',
        'currency',
        'amount_minor',
        'journal_id',
      ];
      const lines = rows.map((r) =>
        [
          r.id,
          new Date(r.created_at).toISOString(),
          r.account,
          r.type,
          r.source,
          r.currency,
          r.amount,
          r.journal_id,
        ]
          .map(csvField)
          .join(','),
      );
      const blob = new Blob([`${[head.join(','), ...lines].join('\r\n')}\r\n`], {
        type: 'text/csv;charset=utf-8',
      });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `balance-transactions-${new Date().toISOString().slice(0, 10)}.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    } catch (e) {
      setExportError(e);
    }
  }

  return (
    <>
      <h1>{t('nav.balance')}</h1>
      <Loading loaded={balance} />
      {balance.data ? (
        <dl class="stats">
          {balance.data.balances.map((b) => (
            <div key={b.currency}>
              <dt>
                {b.currency} · {t('home.pending')} / {t('home.available')}
              </dt>
              <dd>
                {money(b.pending, b.currency)}
                <br />
                {money(b.available, b.currency)}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      <h2>{t('balance.title')}</h2>
      <form
        class="filters"
        aria-label={t('filter.apply')}
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(form);
          setCursors([]);
        }}
      >
        <Field label={t('field.account')}>
          <select name="account" value={form.account} onChange={set('account')}>
            <option value="">{t('field.any')}</option>
            <option value="pending">{t('home.pending')}</option>
            <option value="available">{t('home.available')}</option>
          </select>
        </Field>
        <Field label={t('field.type')}>
          <input name="type" value={form.type} onInput={set('type')} placeholder="charge" />
        </Field>
        <Field label={t('field.source')}>
          <input name="source" value={form.source} onInput={set('source')} placeholder="ch_…" />
        </Field>
        <Field label={t('field.date_from')}>
          <input name="from" type="date" value={form.from} onInput={set('from')} />
        </Field>
        <Field label={t('field.date_to')}>
          <input name="to" type="date" value={form.to} onInput={set('to')} />
        </Field>
        <div class="filter-actions">
          <button type="submit" class="primary">
            {t('filter.apply')}
          </button>
          <button type="button" onClick={() => void exportCsv()}>
            {t('action.export')}
          </button>
        </div>
      </form>
      <ErrorBanner error={exportError} />
      <Loading loaded={page} />
      {page.data ? (
        <>
          <Table
            caption={t('balance.title')}
            head={[
              t('field.created'),
              t('field.account'),
              t('field.type'),
              t('field.source'),
              t('field.amount'),
            ]}
            empty={page.data.items.length === 0}
          >
            {page.data.items.map((r) => (
              <tr key={r.id} data-txn={r.id}>
                <td>{dateTime(r.created_at)}</td>
                <td>{r.account}</td>
                <td>{r.type}</td>
                <td>
                  {r.source.startsWith('ch_') ? <a href={`#/payments/${r.source}`}>{r.source}</a> : r.source}
                </td>
                <td class="num">{money(r.amount, r.currency)}</td>
              </tr>
            ))}
          </Table>
          <Pager cursors={cursors} setCursors={setCursors} page={page.data} />
        </>
      ) : null}
    </>
  );
}
