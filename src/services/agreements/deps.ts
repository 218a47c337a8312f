import type { Selectable } from 'kysely';
import type { Channels } from '../../channels/registry.js';
import type { Clock } from '../../domain/clock.js';
import type { AgreementsTable, Store } from '../../store/index.js';

/**
 * Recurring agreements: created at the channel (the buyer signs on the provider's page), read back from
 * it until final, suspended and resumed by polypay itself (Bybit has no merchant suspend), unsigned at the
 * channel. Every status change records an `agreement.*` event in the transaction that makes it.
 */

export interface AgreementDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly channels: Channels;
}

export type AgreementRow = Selectable<AgreementsTable>;
