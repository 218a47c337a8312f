import type { ErrorCode } from '@polypay/sdk/browser';
import { useState } from 'preact/hooks';
import { polypay, session } from '../api.js';
import {
  ErrorBanner,
  Field,
  Loading,
  Notice,
  Section,
  Status,
  Table,
  useAction,
  useLoad,
} from '../components.js';
import { dateTime } from '../format.js';
import { language, useT } from '../i18n.js';
import { useObservable } from '../store.js';

export function DevelopersPage() {
  const t = useT();
  const current = useObservable(session);
  return (
    <>
      <h1>{t('nav.developers')}</h1>
      <ApiKeys readOnly={current?.key_kind === 'restricted'} />
      <Security readOnly={current?.key_kind === 'restricted'} />
      <ErrorCatalog />
      {current?.mode === 'test' ? <EmulatorScenarios readOnly={current.key_kind === 'restricted'} /> : null}
      {current?.mode === 'test' && current.key_kind !== 'restricted' ? <Scenarios /> : null}
    </>
  );
}

function ApiKeys({ readOnly }: { readOnly: boolean }) {
  const t = useT();
  const keys = useLoad(() => polypay.apiKeys.list(), []);
  const action = useAction();
  const [shown, setShown] = useState<string>();
  const change = (message: string, call: () => Promise<{ key?: string }>) =>
    action.ask(message, async () => {
      const result = await call();
      setShown(result.key);
      keys.reload();
      return t('done.action');
    });
  return (
    <Section
      title={t('dev.keys')}
      actions={
        readOnly ? null : (
          <button
            type="button"
            class="small"
            onClick={() => change(`${t('action.create')} rk_…?`, () => polypay.apiKeys.create())}
          >
            {t('action.create')} rk_…
          </button>
        )
      }
    >
      {action.dialog}
      {action.feedback}
      {shown ? (
        <Notice>
          {t('shown_once')} <code class="secret">{shown}</code>
        </Notice>
      ) : null}
      <Loading loaded={keys} />
      {keys.data ? (
        <Table
          caption={t('dev.keys')}
          head={[t('field.prefix'), t('field.kind'), t('field.status'), t('field.created'), '']}
          empty={keys.data.items.length === 0}
        >
          {keys.data.items.map((k) => (
            <tr key={k.id} data-key={k.id}>
              <td>
                <code>{k.prefix}…</code>
              </td>
              <td>{k.kind}</td>
              <td>
                <Status value={k.status} />
                {k.revoked ? ` → ${dateTime(k.revoked)}` : ''}
              </td>
              <td>{dateTime(k.created_at)}</td>
              <td class="row-actions">
                {readOnly || k.status !== 'active' ? null : (
                  <>
                    <button
                      type="button"
                      class="small"
                      onClick={() =>
                        change(t('confirm.roll', { id: k.prefix }), () => polypay.apiKeys.roll(k.id))
                      }
                    >
                      {t('action.roll')}
                    </button>
                    {k.kind === 'restricted' ? (
                      <button
                        type="button"
                        class="small danger"
                        onClick={() =>
                          change(t('confirm.revoke', { id: k.prefix }), async () => {
                            await polypay.apiKeys.revoke(k.id);
                            return {};
                          })
                        }
                      >
                        {t('action.revoke')}
                      </button>
                    ) : null}
                  </>
                )}
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
    </Section>
  );
}

function Security({ readOnly }: { readOnly: boolean }) {
  const t = useT();
  const app = useLoad(() => polypay.app.retrieve(), []);
  const [form, setForm] = useState<{ sig: boolean; ips: string; limit: string }>();
  const action = useAction();
  const data = app.data;
  const values =
    form ??
    (data
      ? {
          sig: data.require_signature,
          ips: (data.ip_allowlist ?? []).join('\n'),
          limit: data.concurrency_limit === null ? '' : String(data.concurrency_limit),
        }
      : undefined);
  return (
    <Section title={t('dev.security')}>
      <Loading loaded={app} />
      {action.dialog}
      {action.feedback}
      {values ? (
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault();
            action.ask(t('action.save'), async () => {
              const ips = values.ips.split(/\s+/).filter(Boolean);
              await polypay.app.update({
                require_signature: values.sig,
                ip_allowlist: ips.length ? ips : null,
                concurrency_limit: values.limit.trim() ? Number(values.limit) : null,
              });
              setForm(undefined);
              app.reload();
              return t('done.action');
            });
          }}
        >
          <label class="check">
            <input
              type="checkbox"
              name="require_signature"
              checked={values.sig}
              disabled={readOnly}
              onChange={(e) => setForm({ ...values, sig: (e.currentTarget as HTMLInputElement).checked })}
            />
            {t('dev.require_signature')}
          </label>
          <Field label={t('dev.ip_allowlist')} wide>
            <textarea
              name="ip_allowlist"
              rows={3}
              value={values.ips}
              disabled={readOnly}
              onInput={(e) => setForm({ ...values, ips: (e.currentTarget as HTMLTextAreaElement).value })}
            />
          </Field>
          <Field label={t('dev.concurrency')}>
            <input
              name="concurrency_limit"
              inputMode="numeric"
              value={values.limit}
              disabled={readOnly}
              onInput={(e) => setForm({ ...values, limit: (e.currentTarget as HTMLInputElement).value })}
            />
          </Field>
          {readOnly ? null : (
            <button type="submit" class="primary">
              {t('action.save')}
            </button>
          )}
        </form>
      ) : null}
    </Section>
  );
}

const PROVIDERS = ['sandbox', 'shouqianba', 'eftpay', 'bybit', 'paycools'] as const;

function ErrorCatalog() {
  const t = useT();
  const lang = useObservable(language);
  const catalog = useLoad(() => polypay.errors.list(), []);
  const [query, setQuery] = useState('');
  const [provider, setProvider] = useState<(typeof PROVIDERS)[number] | ''>('');
  const [found, setFound] = useState<ErrorCode>();
  const [lookupError, setLookupError] = useState<unknown>();
  // The catalog has some two hundred codes: a page of them until the operator asks for all or searches.
  const [limit, setLimit] = useState(25);
  const items: ErrorCode[] = (catalog.data as { items?: ErrorCode[] } | undefined)?.items ?? [];
  const q = query.trim().toLowerCase();
  const shown = q
    ? items.filter(
        (e) =>
          e.code.includes(q) ||
          e.upstream.some((u) => u.code.toLowerCase() === q) ||
          e.messages[lang].toLowerCase().includes(q),
      )
    : items;
  return (
    <Section title={t('dev.errors')}>
      <form
        class="filters"
        aria-label={t('dev.errors')}
        onSubmit={async (e) => {
          e.preventDefault();
          setFound(undefined);
          setLookupError(undefined);
          if (!provider || !query.trim()) return;
          try {
            const hit = (await polypay.errors.lookup({
              provider,
              code: query.trim(),
            })) as unknown as ErrorCode & { unified?: ErrorCode };
            setFound(hit.unified ?? hit);
          } catch (err) {
            setLookupError(err);
          }
        }}
      >
        <Field label={t('dev.errors.search')}>
          <input
            name="error_query"
            type="search"
            value={query}
            onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
          />
        </Field>
        <Field label={t('dev.errors.provider')}>
          <select
            name="provider"
            value={provider}
            onChange={(e) => setProvider((e.currentTarget as HTMLSelectElement).value as typeof provider)}
          >
            <option value="">{t('field.any')}</option>
            {PROVIDERS.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </Field>
        <div class="filter-actions">
          <button type="submit" disabled={!provider}>
            {t('action.search')}
          </button>
        </div>
      </form>
      <ErrorBanner error={lookupError} />
      {found ? (
        <Notice>
          <code>{found.code}</code> {found.messages?.[lang]}
        </Notice>
      ) : null}
      <Loading loaded={catalog} />
      <p class="muted" aria-live="polite">
        {Math.min(shown.length, limit)} / {shown.length}{' '}
        {shown.length > limit ? (
          <button type="button" class="small" onClick={() => setLimit(shown.length)}>
            {t('dev.errors.all')}
          </button>
        ) : null}
      </p>
      <Table
        caption={t('dev.errors')}
        head={['code', 'HTTP', t('field.reason'), 'next_action']}
        empty={catalog.data !== undefined && shown.length === 0}
      >
        {shown.slice(0, limit).map((e) => (
          <tr key={e.code} data-error-code={e.code}>
            <td>
              <code>{e.code}</code>
            </td>
            <td>{e.http_status}</td>
            <td>{e.messages[lang]}</td>
            <td>{e.next_action}</td>
          </tr>
        ))}
      </Table>
    </Section>
  );
}

/** Test mode: a sandbox payment the channel answers with a chosen provider error (docs/sandbox.md). */
function Scenarios() {
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

const FAULTS = ['', 'timeout', 'reset', 'http_500', 'garbled', 'bad_signature'] as const;

/** Test mode: what the mounted provider emulators will answer next (their scenario queues). */
function EmulatorScenarios({ readOnly }: { readOnly: boolean }) {
  const t = useT();
  const queues = useLoad(() => polypay.emulatorScenarios.list(), []);
  const action = useAction();
  const [form, setForm] = useState({
    provider: 'shouqianba',
    fault: '',
    code: '',
    operation: '',
    times: '1',
  });
  const set = (key: keyof typeof form) => (e: Event) =>
    setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value });
  const providers = queues.data?.items.map((q) => q.provider) ?? [];
  return (
    <Section title={t('dev.emulators')}>
      <p class="muted">{t('dev.emulators.note')}</p>
      <Loading loaded={queues} />
      {action.dialog}
      {action.feedback}
      {queues.data && providers.length === 0 ? <p class="muted">{t('dev.emulators.none')}</p> : null}
      {readOnly || providers.length === 0 ? null : (
        <form
          class="filters"
          aria-label={t('dev.emulators')}
          onSubmit={(e) => {
            e.preventDefault();
            action.ask(`${t('dev.emulators.queue')}: ${form.provider}`, async () => {
              await polypay.emulatorScenarios.create(form.provider, {
                ...(form.fault ? { fault: form.fault as 'timeout' } : {}),
                ...(form.code.trim() ? { code: form.code.trim() } : {}),
                ...(form.operation.trim() ? { operation: form.operation.trim() } : {}),
                times: Number(form.times) || 1,
              });
              queues.reload();
              return t('done.action');
            });
          }}
        >
          <Field label={t('dev.errors.provider')}>
            <select name="emulator_provider" value={form.provider} onChange={set('provider')}>
              {providers.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </Field>
          <Field label={t('dev.emulators.fault')}>
            <select name="emulator_fault" value={form.fault} onChange={set('fault')}>
              {FAULTS.map((f) => (
                <option key={f} value={f}>
                  {f || '—'}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('dev.scenarios.error')}>
            <input name="emulator_code" value={form.code} onInput={set('code')} />
          </Field>
          <Field label={t('dev.emulators.operation')}>
            <input name="emulator_operation" value={form.operation} onInput={set('operation')} />
          </Field>
          <Field label={t('dev.emulators.times')}>
            <input name="emulator_times" inputMode="numeric" value={form.times} onInput={set('times')} />
          </Field>
          <div class="filter-actions">
            <button type="submit">{t('dev.emulators.queue')}</button>
          </div>
        </form>
      )}
      {queues.data?.items
        .filter((q) => q.scenarios.length > 0)
        .map((q) => (
          <div key={q.provider} class="queue" data-emulator={q.provider}>
            <strong>{q.provider}</strong>{' '}
            {q.scenarios.map((s) => (
              <code key={s.id}>
                {[s.operation, s.fault, s.code, s.delay_ms ? `${s.delay_ms} ms` : '']
                  .filter(Boolean)
                  .join(' ')}{' '}
                ×{s.remaining}{' '}
              </code>
            ))}
            {readOnly ? null : (
              <button
                type="button"
                class="small"
                onClick={() =>
                  action.ask(`${t('dev.emulators.clear')}: ${q.provider}`, async () => {
                    await polypay.emulatorScenarios.clear(q.provider);
                    queues.reload();
                    return t('done.action');
                  })
                }
              >
                {t('dev.emulators.clear')}
              </button>
            )}
          </div>
        ))}
    </Section>
  );
}
