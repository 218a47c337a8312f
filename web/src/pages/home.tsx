import { useState } from 'preact/hooks';
import { polypay } from '../api.js';
import { DayChart } from '../chart.js';
import { Field, Loading, Section, useLoad } from '../components.js';
import { money } from '../format.js';
import { useT } from '../i18n.js';

/** Offered always; the currencies the merchant holds a balance in are added. */
const CURRENCIES = ['CNY', 'HKD', 'USD', 'PHP', 'USDT'];

export function HomePage() {
  const t = useT();
  const [days, setDays] = useState(7);
  const [currency, setCurrency] = useState('CNY');
  const summary = useLoad(() => polypay.reports.summary({ days, currency }), [days, currency]);
  const balance = useLoad(() => polypay.balance.retrieve(), []);
  const s = summary.data;
  const channels = s ? [...new Set(s.series.flatMap((d) => Object.keys(d.by_channel)))].sort() : [];
  const statuses = s ? [...new Set(s.series.flatMap((d) => Object.keys(d.by_status)))].sort() : [];
  const rate = s?.today.success_rate_bps;
  const currencies = [...new Set([...CURRENCIES, ...(balance.data?.balances.map((b) => b.currency) ?? [])])];
  return (
    <>
      <h1>{t('nav.home')}</h1>
      <div class="filters">
        <Field label={t('home.period')}>
          <select
            value={String(days)}
            onChange={(e) => setDays(Number((e.currentTarget as HTMLSelectElement).value))}
          >
            <option value="7">{t('home.days7')}</option>
            <option value="30">{t('home.days30')}</option>
          </select>
        </Field>
        <Field label={t('home.currency')}>
          <select
            value={currency}
            onChange={(e) => setCurrency((e.currentTarget as HTMLSelectElement).value)}
          >
            {currencies.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </Field>
      </div>
      <Loading loaded={summary} />
      {s ? (
        <>
          <Section title={`${t('home.today')} · ${s.today.day}`}>
            <dl class="stats">
              <div>
                <dt>{t('home.volume')}</dt>
                <dd data-stat="volume">{money(s.today.volume, currency)}</dd>
              </div>
              <div>
                <dt>{t('home.count')}</dt>
                <dd data-stat="count">{s.today.count}</dd>
              </div>
              <div>
                <dt>{t('home.success_rate')}</dt>
                <dd data-stat="success_rate">
                  {rate === null || rate === undefined ? '—' : `${(rate / 100).toFixed(2)}%`}
                </dd>
              </div>
              <div>
                <dt>{t('home.refunds')}</dt>
                <dd data-stat="refunded">{money(s.today.refunded, currency)}</dd>
              </div>
            </dl>
          </Section>
          <div class="grid2">
            <Section title={t('home.chart.volume')}>
              <DayChart
                title={t('home.chart.volume')}
                days={s.series.map((d) => d.day)}
                series={(channels.length ? channels : ['—']).map((c) => ({
                  label: c,
                  values: s.series.map((d) => d.by_channel[c] ?? 0),
                }))}
                format={(v) => money(Math.round(v), currency).replace(` ${currency}`, '')}
              />
            </Section>
            <Section title={t('home.chart.status')}>
              <DayChart
                integer
                title={t('home.chart.status')}
                days={s.series.map((d) => d.day)}
                series={(statuses.length ? statuses : ['—']).map((st) => ({
                  label: st,
                  values: s.series.map((d) => d.by_status[st] ?? 0),
                }))}
              />
            </Section>
          </div>
        </>
      ) : null}
      <Section title={t('home.balance')}>
        <Loading loaded={balance} />
        {balance.data ? (
          balance.data.balances.length === 0 ? (
            <p class="muted">{t('empty')}</p>
          ) : (
            <dl class="stats">
              {balance.data.balances.map((b) => (
                <div key={b.currency} data-balance={b.currency}>
                  <dt>
                    {b.currency} · {t('home.pending')} / {t('home.available')}
                  </dt>
                  <dd>
                    <span data-stat="pending">{money(b.pending, b.currency)}</span>
                    <br />
                    <span data-stat="available">{money(b.available, b.currency)}</span>
                  </dd>
                </div>
              ))}
            </dl>
          )
        ) : null}
      </Section>
    </>
  );
}
