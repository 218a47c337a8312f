import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { handleAuthError, PolypayError } from './api.js';
import { useT } from './i18n.js';
import { Observable, useObservable } from './store.js';

// ---- routing: the hash holds the page, so the gateway serves one index.html ----

export const route = new Observable<string>(location.hash.slice(1) || '/');
window.addEventListener('hashchange', () => {
  route.value = location.hash.slice(1) || '/';
  // A new page starts at its top, and a screen reader hears it from there.
  window.scrollTo(0, 0);
  document.getElementById('main')?.focus({ preventScroll: true });
});

export function useRoute(): string[] {
  const path = useObservable(route);
  return path.split('?')[0]!.split('/').filter(Boolean);
}

export function navigate(path: string): void {
  location.hash = path;
}

// ---- loading data ----

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  reload(): void;
}

/** Runs `load` when a dependency changes; an expired session signs the operator out. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => {
        handleAuthError(error);
        if (live) setState({ error, loading: false });
      },
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

// ---- errors ----

/** The unified error, in the operator's language (the API answers in it), with its code and request id. */
export function ErrorBanner({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  const e = error instanceof PolypayError ? error : undefined;
  return (
    <div class="error-banner" role="alert">
      <strong>{t('error.title')}</strong>{' '}
      {e ? (
        <>
          <code>{e.code}</code> {e.message}
          {e.channel_error ? (
            <div>
              {t('charge.channel_error')}: {e.channel_error.provider} <code>{e.channel_error.code}</code>{' '}
              {e.channel_error.message}
            </div>
          ) : null}
          {e.request_id ? <div class="muted">request_id: {e.request_id}</div> : null}
        </>
      ) : (
        String(error)
      )}
    </div>
  );
}

export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <div class="notice" role="status">
      {children}
    </div>
  );
}

export function Loading({ loaded }: { loaded: Loaded<unknown> }) {
  const t = useT();
  if (loaded.error) return <ErrorBanner error={loaded.error} />;
  if (loaded.loading && loaded.data === undefined) return <p aria-live="polite">{t('loading')}</p>;
  return null;
}

// ---- confirmation ----

/** A modal <dialog>: focus moves into it, Escape dismisses it, and it answers true or false. */
export function ConfirmDialog(props: {
  message: string;
  onAnswer: (confirmed: boolean) => void;
  children?: ComponentChildren;
}) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      class="confirm"
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        props.onAnswer(false);
      }}
    >
      <h2 id="confirm-title">{t('confirm.title')}</h2>
      <p>{props.message}</p>
      {props.children}
      <div class="actions">
        <button type="button" onClick={() => props.onAnswer(false)}>
          {t('action.dismiss')}
        </button>
        <button type="button" class="primary" onClick={() => props.onAnswer(true)}>
          {t('action.confirm')}
        </button>
      </div>
    </dialog>
  );
}

/** Runs an action after confirmation, showing its error or its success. */
export function useAction() {
  const [pending, setPending] = useState<{ message: string; run: () => Promise<string | undefined> }>();
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const ask = (message: string, run: () => Promise<string | undefined>) => {
    setError(undefined);
    setDone(undefined);
    setPending({ message, run });
  };
  const dialog = pending ? (
    <ConfirmDialog
      message={pending.message}
      onAnswer={async (confirmed) => {
        const run = pending.run;
        setPending(undefined);
        if (!confirmed) return;
        setBusy(true);
        try {
          setDone(await run());
        } catch (e) {
          handleAuthError(e);
          setError(e);
        } finally {
          setBusy(false);
        }
      }}
    />
  ) : null;
  const feedback = (
    <>
      <ErrorBanner error={error} />
      {done ? <Notice>{done}</Notice> : null}
    </>
  );
  return { ask, dialog, feedback, busy };
}

// ---- small pieces ----

export function Status({ value }: { value: string | null | undefined }) {
  if (!value) return <span class="muted">—</span>;
  // \bSIGNED: an UNSIGNED agreement is over, not fine.
  const tone = /SUCCE|PAID|succeeded|active|enabled|\bSIGNED|COMPLETED/.test(value)
    ? 'ok'
    : /FAIL|ERROR|failed|CANCEL|CLOSED|VOID|revoked|UNSIGNED/.test(value)
      ? 'bad'
      : 'wait';
  return <span class={`status ${tone}`}>{value}</span>;
}

export function Field(props: { label: string; children: ComponentChildren; wide?: boolean }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is a child, so the label wraps it
    <label class={props.wide ? 'field wide' : 'field'}>
      <span>{props.label}</span>
      {props.children}
    </label>
  );
}

export function Section(props: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  const id = `s-${props.title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section class="card" aria-labelledby={id}>
      <div class="card-head">
        <h2 id={id}>{props.title}</h2>
        {props.actions}
      </div>
      {props.children}
    </section>
  );
}

/** A table that scrolls sideways on a phone instead of breaking the page. */
export function Table(props: {
  caption: string;
  head: string[];
  children: ComponentChildren;
  empty?: boolean;
}) {
  const t = useT();
  return (
    <div class="table-wrap">
      <table>
        <caption class="sr-only">{props.caption}</caption>
        <thead>
          <tr>
            {props.head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
      {props.empty ? <p class="muted">{t('empty')}</p> : null}
    </div>
  );
}

/**
 * First and next for a cursor-paged list: `cursors` holds the cursor of each page after the first, so
 * "first" clears it and "next" pushes the current page's `next_cursor`.
 */
export function Pager(props: {
  cursors: string[];
  setCursors: (cursors: string[]) => void;
  page: { has_more: boolean; next_cursor?: string | null };
}) {
  const t = useT();
  const { cursors, setCursors, page } = props;
  const next = page.has_more ? page.next_cursor : undefined;
  return (
    <div class="pager">
      <button type="button" disabled={cursors.length === 0} onClick={() => setCursors([])}>
        {t('page.first')}
      </button>
      <button type="button" disabled={!next} onClick={() => next && setCursors([...cursors, next])}>
        {t('page.next')}
      </button>
    </div>
  );
}

export function Json({ value }: { value: unknown }) {
  return <pre class="json">{JSON.stringify(value, null, 2)}</pre>;
}
