import { useState } from 'preact/hooks';
import { polypay } from '../../api.js';
import { Field, Loading, Section, useAction, useLoad } from '../../components.js';
import { useT } from '../../i18n.js';

export function Security({ readOnly }: { readOnly: boolean }) {
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
