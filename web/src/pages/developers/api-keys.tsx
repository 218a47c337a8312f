import { useState } from 'preact/hooks';
import { polypay } from '../../api.js';
import { Loading, Notice, Section, Status, Table, useAction, useLoad } from '../../components.js';
import { dateTime } from '../../format.js';
import { useT } from '../../i18n.js';

export function ApiKeys({ readOnly }: { readOnly: boolean }) {
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
