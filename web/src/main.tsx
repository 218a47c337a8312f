import { render } from 'preact';
import { useState } from 'preact/hooks';
import { restoreSession, session, signOut } from './api.js';
import { navigate, useRoute } from './components.js';
import { type Language, language, type MessageKey, setLanguage, useT } from './i18n.js';
import { AgreementsPage } from './pages/agreements.js';
import { BalancePage } from './pages/balance.js';
import { ChargePage } from './pages/charge.js';
import { DevelopersPage } from './pages/developers.js';
import { HomePage } from './pages/home.js';
import { PaymentsPage } from './pages/payments.js';
import { PayoutsPage } from './pages/payouts.js';
import { RefundsPage } from './pages/refunds.js';
import { SignInPage } from './pages/sign-in.js';
import { WebhooksPage } from './pages/webhooks.js';
import { useObservable } from './store.js';
import './styles.css';

const NAV: [string, MessageKey][] = [
  ['/', 'nav.home'],
  ['/payments', 'nav.payments'],
  ['/refunds', 'nav.refunds'],
  ['/payouts', 'nav.payouts'],
  ['/agreements', 'nav.agreements'],
  ['/balance', 'nav.balance'],
  ['/webhooks', 'nav.webhooks'],
  ['/developers', 'nav.developers'],
];

function LanguageSwitch() {
  const t = useT();
  const lang = useObservable(language);
  return (
    <label class="lang">
      <span class="sr-only">{t('language')}</span>
      <select
        aria-label={t('language')}
        value={lang}
        onChange={(e) => setLanguage((e.currentTarget as HTMLSelectElement).value as Language)}
      >
        <option value="en">English</option>
        <option value="zh">中文</option>
      </select>
    </label>
  );
}

function Page({ parts }: { parts: string[] }) {
  const [section, id] = parts;
  switch (section) {
    case undefined:
      return <HomePage />;
    case 'payments':
      return id ? <ChargePage id={id} /> : <PaymentsPage />;
    case 'refunds':
      return <RefundsPage id={id} />;
    case 'payouts':
      return <PayoutsPage kind={id === 'red_envelopes' ? 'red_envelopes' : 'transfers'} id={parts[2]} />;
    case 'agreements':
      // #/agreements/<id>/deductions/<deduction id>: a deduction, under its agreement.
      return <AgreementsPage id={id} deduction={parts[2] === 'deductions' ? parts[3] : undefined} />;
    case 'balance':
      return <BalancePage />;
    case 'webhooks':
      return <WebhooksPage />;
    case 'developers':
      return <DevelopersPage />;
    default:
      navigate('/');
      return null;
  }
}

function App() {
  const t = useT();
  const current = useObservable(session);
  const parts = useRoute();
  const [menuOpen, setMenuOpen] = useState(false);
  if (current === undefined) return <p class="boot">{t('loading')}</p>;
  if (current === null) {
    return (
      <div class="signin-shell">
        <div class="signin-top">
          <LanguageSwitch />
        </div>
        <SignInPage />
      </div>
    );
  }
  const active = `/${parts[0] ?? ''}`;
  return (
    <div class={`shell mode-${current.mode}`} data-mode={current.mode}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <div class="mode-bar" role="note">
        <strong>{t(current.mode === 'test' ? 'mode.test' : 'mode.live')}</strong>
        {current.mode === 'test' ? <span> · {t('mode.test.note')}</span> : null}
        {current.key_kind === 'restricted' ? <span> · {t('mode.readonly')}</span> : null}
      </div>
      <header class="top">
        <button
          type="button"
          class="menu-button"
          aria-expanded={menuOpen}
          aria-controls="nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          {t('nav.menu')}
        </button>
        <span class="brand">polypay</span>
        <span class="app-id muted">{current.app_id}</span>
        <LanguageSwitch />
        <button type="button" onClick={() => void signOut()}>
          {t('signout')}
        </button>
      </header>
      <div class="body">
        <nav id="nav" aria-label={t('nav.main')} class={menuOpen ? 'open' : ''}>
          <ul>
            {NAV.map(([path, key]) => (
              <li key={path}>
                <a
                  href={`#${path}`}
                  aria-current={active === path ? 'page' : undefined}
                  onClick={() => setMenuOpen(false)}
                >
                  {t(key)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          <Page parts={parts} />
        </main>
      </div>
    </div>
  );
}

document.documentElement.lang = language.value === 'zh' ? 'zh-CN' : 'en';
void restoreSession();
render(<App />, document.getElementById('app')!);
