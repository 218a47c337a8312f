import { useState } from 'preact/hooks';
import { signIn } from '../api.js';
import { ErrorBanner, Field } from '../components.js';
import { useT } from '../i18n.js';

export function SignInPage() {
  const t = useT();
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <main class="signin" id="main">
      <h1>{t('app.title')}</h1>
      <form
        class="card"
        aria-labelledby="signin-title"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(undefined);
          try {
            await signIn(key);
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <h2 id="signin-title">{t('signin.title')}</h2>
        <Field label={t('signin.key')} wide>
          <input
            name="api_key"
            type="password"
            autocomplete="off"
            required
            value={key}
            aria-describedby="signin-hint"
            onInput={(e) => setKey((e.currentTarget as HTMLInputElement).value)}
          />
        </Field>
        <p id="signin-hint" class="muted">
          {t('signin.hint')}
        </p>
        <ErrorBanner error={error} />
        <button type="submit" class="primary" disabled={busy}>
          {t('signin.submit')}
        </button>
      </form>
    </main>
  );
}
