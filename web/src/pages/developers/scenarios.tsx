import { useState } from 'preact/hooks';
import { polypay } from '../../api.js';
import { ErrorBanner, Field, Notice, Section } from '../../components.js';
import { useT } from '../../i18n.js';
import { PROVIDERS } from './providers.js';

/** Test mode: a sandbox payment the channel answers with a chosen provider error (docs/sandbox.md). */
export function Scenarios() {
  const t = useT();
  const [provider, setProvider] = useState<string>('shouqianba');
  const [code, setCode] = useState('');
  const [operation, setOperation] = useState('create');
  const [error, setError] = useState<unknown>();
  const [made, setMade] = useState<string>();
  return (
    <Section title={t('dev.scenarios')}>
      <p class="muted">{t('dev.scenarios.note')}</p>
      <form
        class="filters"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(undefined);
          setMade(undefined);
          const outTradeNo = `scenario_${Date.now().toString(36)}`;
          try {
            const charge = await polypay.charges.create({
              out_trade_no: outTradeNo,
              amount: 100,
              currency: 'CNY',
              subject: 'Scenario',
              payway: 'alipay',
              sub_payway: 'barcode',
              auth_code: `26${String(Date.now()).slice(-16)}`,
              metadata: {
                sandbox_error: `${provider}:${code.trim()}`,
                ...(operation === 'create' ? {} : { sandbox_operation: operation }),
              },
            } as never);
            setMade(charge.id);
          } catch (err) {
            const id = (err as { charge_id?: string }).charge_id;
            if (id) setMade(id);
            else setError(err);
          }
        }}
      >
        <Field label={t('dev.errors.provider')}>
          <select
            name="scenario_provider"
            value={provider}
            onChange={(e) => setProvider((e.currentTarget as HTMLSelectElement).value)}
          >
            {PROVIDERS.filter((p) => p !== 'sandbox').map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </Field>
        <Field label={t('dev.scenarios.error')}>
          <input
            name="scenario_code"
            required
            value={code}
            onInput={(e) => setCode((e.currentTarget as HTMLInputElement).value)}
          />
        </Field>
        <Field label={t('dev.scenarios.operation')}>
          <select
            name="scenario_operation"
            value={operation}
            onChange={(e) => setOperation((e.currentTarget as HTMLSelectElement).value)}
          >
            {['create', 'query', 'cancel', 'close', 'void', 'refund', 'query_refund'].map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </Field>
        <div class="filter-actions">
          <button type="submit">{t('action.run')}</button>
        </div>
      </form>
      <ErrorBanner error={error} />
      {made ? (
        <Notice>
          <a href={`#/payments/${made}`}>{made}</a>
        </Notice>
      ) : null}
    </Section>
  );
}
