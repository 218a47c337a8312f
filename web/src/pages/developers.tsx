import { session } from '../api.js';
import { useT } from '../i18n.js';
import { useObservable } from '../store.js';
import { ApiKeys } from './developers/api-keys.js';
import { EmulatorScenarios } from './developers/emulator-scenarios.js';
import { ErrorCatalog } from './developers/error-catalog.js';
import { Scenarios } from './developers/scenarios.js';
import { Security } from './developers/security.js';

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
