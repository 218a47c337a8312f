import type { Charge, ListChargesParams } from '@polypay/sdk/browser';
import { useState } from 'preact/hooks';
import { polypay } from '../api.js';
import { ErrorBanner, Field, Loading, Pager, Status, Table, useLoad } from '../components.js';
import { dateTime, money, parseMoney } from '../format.js';
import { useT } from '../i18n.js';

/** Every charge status: a record, so that the compiler finds a status missing here or unknown to the API. */
const STATUS_SET: Record<Charge['status'], true> = {
  CREATED: true,
  PAID: true,
  PAY_CANCELED: true,
  PAY_ERROR: true,
  REFUNDED: true,
  PARTIAL_REFUNDED: true,
  REFUND_ERROR: true,
  CANCELED: true,
  CANCEL_ERROR: true,
  CANCEL_INPROGRESS: true,
  CLOSED: true,
  VOIDED: true,
};
const STATUSES = Object.keys(STATUS_SET);

interface Form {
  status: string;
  channel: string;
  payway: string;
  from: string;
  to: string;
  min: string;
  max: string;
  out_trade_no: string;
}
const EMPTY: Form = {
  status: '',
  channel: '',
  payway: '',
  from: '',
  to: '',
  min: '',
  max: '',
  out_trade_no: '',
};

/** The form as list parameters; a bad amount is reported rather than ignored. */
function toParams(form: Form): ListChargesParams | string {
  const params: Record<string, unknown> = { limit: 20 };
  if (form.status) params.status = form.status;
  if (form.channel.trim()) params.channel = form.channel.trim();
  if (form.payway.trim()) params.payway = form.payway.trim();
  if (form.out_trade_no.trim()) params.out_trade_no = form.out_trade_no.trim();
  if (form.from) params.created_gte = new Date(`${form.from}T00:00:00`).getTime();
  if (form.to) params.created_lt = new Date(`${form.to}T00:00:00`).getTime() + 86_400_000;
  for (const [key, text] of [
    ['amount_gte', form.min],
    ['amount_lte', form.max],
  ] as const) {
    if (!text.trim()) continue;
    const minor = parseMoney(text, 'CNY');
    if (minor === undefined) return key;
    params[key] = minor;
  }
  return params as ListChargesParams;
}

export function PaymentsPage() {
  const t = useT();
  const [form, setForm] = useState<Form>(EMPTY);
  const [applied, setApplied] = useState<Form>(EMPTY);
  const [cursors, setCursors] = useState<string[]>([]);
  const params = toParams(applied);
  const cursor = cursors.at(-1);
  const page = useLoad(
    () =>
      typeof params === 'string'
        ? Promise.reject(new Error(params))
        : polypay.charges.listPage({ ...params, ...(cursor ? { starting_after: cursor } : {}) }),
    [JSON.stringify(applied), cursor],
  );
  const input = (key: keyof Form) => ({
    value: form[key],
    onInput: (e: Event) => setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value }),
  });
  const invalid = toParams(form);
  return (
    <>
      <h1>{t('nav.payments')}</h1>
      <form
        class="filters"
        aria-label={t('filter.apply')}
        onSubmit={(e) => {
          e.preventDefault();
          if (typeof invalid === 'string') return;
          setApplied(form);
          setCursors([]);
        }}
      >
        <Field label={t('field.status')}>
          <select name="status" value={form.status} onChange={input('status').onInput}>
            <option value="">{t('field.any')}</option>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </Field>
        <Field label={t('field.channel')}>
          <input name="channel" {...input('channel')} placeholder="sandbox" />
        </Field>
        <Field label={t('field.payway')}>
          <input name="payway" {...input('payway')} placeholder="alipay" />
        </Field>
        <Field label={t('field.date_from')}>
          <input name="from" type="date" {...input('from')} />
        </Field>
        <Field label={t('field.date_to')}>
          <input name="to" type="date" {...input('to')} />
        </Field>
        <Field label={t('field.amount_min')}>
          <input name="min" inputMode="decimal" {...input('min')} aria-invalid={invalid === 'amount_gte'} />
        </Field>
        <Field label={t('field.amount_max')}>
          <input name="max" inputMode="decimal" {...input('max')} aria-invalid={invalid === 'amount_lte'} />
        </Field>
        <Field label={t('field.out_trade_no')}>
          <input name="out_trade_no" {...input('out_trade_no')} />
        </Field>
        <div class="filter-actions">
          <button type="submit" class="primary" disabled={typeof invalid === 'string'}>
            {t('filter.apply')}
          </button>
          <button
            type="button"
            onClick={() => {
              setForm(EMPTY);
              setApplied(EMPTY);
              setCursors([]);
            }}
          >
            {t('filter.reset')}
          </button>
        </div>
      </form>
      {typeof params === 'string' ? null : <Loading loaded={page} />}
      {typeof params === 'string' ? <ErrorBanner error={`${params}`} /> : null}
      {page.data ? (
        <>
          <Table
            caption={t('nav.payments')}
            head={[
              t('field.id'),
              t('field.amount'),
              t('field.status'),
              t('field.out_trade_no'),
              t('field.channel'),
              t('field.payway'),
              t('field.created'),
            ]}
            empty={page.data.items.length === 0}
          >
            {page.data.items.map((c) => (
              <tr key={c.id} data-charge={c.id}>
                <td>
                  <a href={`#/payments/${c.id}`}>{c.id}</a>
                </td>
                <td class="num">{money(c.amount, c.currency)}</td>
                <td>
                  <Status value={c.status} />
                </td>
                <td>{c.out_trade_no}</td>
                <td>{c.channel ?? '—'}</td>
                <td>
                  {c.payway}
                  {c.sub_payway ? ` · ${c.sub_payway}` : ''}
                </td>
                <td>{dateTime(c.created_at)}</td>
              </tr>
            ))}
          </Table>
          <Pager cursors={cursors} setCursors={setCursors} page={page.data} />
        </>
      ) : null}
    </>
  );
}
