import type { ErrorCode } from '@polypay/sdk/browser';
import { useState } from 'preact/hooks';
import { polypay } from '../../api.js';
import { ErrorBanner, Field, Loading, Notice, Section, Table, useLoad } from '../../components.js';
import { language, useT } from '../../i18n.js';
import { useObservable } from '../../store.js';
import { PROVIDERS } from './providers.js';

export function ErrorCatalog() {
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
