import { polypay } from '../api.js';
import { Json, Loading, Section, Status, Table, useLoad } from '../components.js';
import { dateTime, money } from '../format.js';
import { useT } from '../i18n.js';

type Kind = 'transfers' | 'red_envelopes';

export function PayoutsPage({ kind, id }: { kind: Kind; id: string | undefined }) {
  const t = useT();
  // Transfers and red envelopes have the same shape; one view serves both.
  const resource = (
    kind === 'transfers' ? polypay.transfers : polypay.redEnvelopes
  ) as typeof polypay.transfers;
  const list = useLoad(
    () => (id ? Promise.resolve(undefined) : resource.listPage({ limit: 50 })),
    [kind, id],
  );
  const one = useLoad(() => (id ? resource.retrieve(id) : Promise.resolve(undefined)), [kind, id]);
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
      {id ? (
        <>
          <p>
            <a href={`#/payouts/${kind}`}>← {t('detail.back')}</a>
          </p>
          <Loading loaded={one} />
          {one.data ? (
            <Section title={id}>
              <Json value={one.data} />
            </Section>
          ) : null}
        </>
      ) : (
        <>
          <Loading loaded={list} />
          {list.data ? (
            <Table
              caption={t(kind === 'transfers' ? 'payouts.transfers' : 'payouts.red_envelopes')}
              head={[
                t('field.id'),
                t('field.amount'),
                t('field.status'),
                t('field.channel'),
                t('field.created'),
              ]}
              empty={list.data.items.length === 0}
            >
              {list.data.items.map((row) => {
                return (
                  <tr key={row.id}>
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
                );
              })}
            </Table>
          ) : null}
        </>
      )}
    </>
  );
}
