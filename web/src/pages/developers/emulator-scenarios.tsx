import { useState } from 'preact/hooks';
import { polypay } from '../../api.js';
import { Field, Loading, Section, useAction, useLoad } from '../../components.js';
import { useT } from '../../i18n.js';

const FAULTS = ['', 'timeout', 'reset', 'http_500', 'garbled', 'bad_signature'] as const;

/** Test mode: what the mounted provider emulators will answer next (their scenario queues). */
export function EmulatorScenarios({ readOnly }: { readOnly: boolean }) {
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
