import { polypay } from '../api.js';
import { Json, Loading, Section, Status, Table, useLoad } from '../components.js';
import { dateTime } from '../format.js';
import { useT } from '../i18n.js';

export function AgreementsPage({ id }: { id: string | undefined }) {
  const t = useT();
  const list = useLoad(
    () => (id ? Promise.resolve(undefined) : polypay.agreements.listPage({ limit: 50 })),
    [id],
  );
  const one = useLoad(
    async () =>
      id
        ? {
            agreement: await polypay.agreements.retrieve(id),
            deductions: await polypay.agreements.deductions(id),
          }
        : undefined,
    [id],
  );
  if (id) {
    return (
      <>
        <p>
          <a href="#/agreements">← {t('detail.back')}</a>
        </p>
        <h1>
          {t('agreements.title')} <code>{id}</code>
        </h1>
        <Loading loaded={one} />
        {one.data ? (
          <>
            <Section title={t('detail.title')}>
              <Json value={one.data.agreement} />
            </Section>
            <Section title={t('agreements.deductions')}>
              <Table
                caption={t('agreements.deductions')}
                head={[t('field.id'), t('field.amount'), t('field.status'), t('field.created')]}
                empty={one.data.deductions.items.length === 0}
              >
                {one.data.deductions.items.map((d) => (
                  <tr key={d.id}>
                    <td>{d.id}</td>
                    <td class="num">
                      {d.amount} {d.currency}
                    </td>
                    <td>
                      <Status value={d.status} />
                    </td>
                    <td>{dateTime(d.created_at)}</td>
                  </tr>
                ))}
              </Table>
            </Section>
          </>
        ) : null}
      </>
    );
  }
  return (
    <>
      <h1>{t('agreements.title')}</h1>
      <Loading loaded={list} />
      {list.data ? (
        <Table
          caption={t('agreements.title')}
          head={[t('field.id'), t('field.status'), t('field.channel'), t('field.type'), t('field.created')]}
          empty={list.data.items.length === 0}
        >
          {list.data.items.map((a) => (
            <tr key={a.id}>
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
      ) : null}
    </>
  );
}
