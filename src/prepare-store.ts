import { writeSync } from 'node:fs';
import type { Config } from './config.js';
import { systemClock } from './domain/clock.js';
import {
  countMerchants,
  createMerchantWithApp,
  databaseHoldsSecrets,
  migrateToLatest,
  openStore,
  SecretBox,
  StatementCounter,
  type Store,
  verifyMasterKey,
} from './store/index.js';

/*
 * The database as every command finds it: opened, migrated, its master key checked. Apart from the server
 * (src/server.ts) so that the CLI's database commands load no HTTP stack.
 */

export interface DemoMerchant {
  readonly merchant_id: string;
  readonly app_id: string;
  readonly secret_key: string;
  readonly signing_secret: string;
}

/**
 * POLYPAY_COUNT_STATEMENTS=1 counts the statements the process sends and prints the total when it
 * exits (`statements sent: N`), for bench/charges.ts.
 */
function statementCounting(): { counter?: StatementCounter } {
  if (process.env.POLYPAY_COUNT_STATEMENTS !== '1') return {};
  const counter = new StatementCounter();
  process.once('exit', () => writeSync(1, `statements sent: ${counter.total}\n`));
  return { counter };
}

/** With POLYPAY_COUNT_STATEMENTS=1 on SQLite, also `group commits: B, units: U, log syncs: S` at exit. */
function printCommitStatsAtExit(store: Store): void {
  const stats = store.commitStats;
  if (process.env.POLYPAY_COUNT_STATEMENTS !== '1' || !stats) return;
  process.once('exit', () =>
    writeSync(1, `group commits: ${stats.batches}, units: ${stats.units}, log syncs: ${stats.logSyncs}\n`),
  );
}

/** Opens the database, migrates it, and on an empty database creates a demo merchant. */
export async function prepareStore(
  config: Config,
  options: { createDemo: boolean },
): Promise<{ store: Store; box: SecretBox; demo?: DemoMerchant }> {
  const store = await openStore(config.databaseUrl, { ...statementCounting(), pgPoolMax: config.pgPoolMax });
  printCommitStatsAtExit(store);
  try {
    await migrateToLatest(store.db);
    // Never a new key for a database that holds secrets; then prove the key opens them.
    const box = SecretBox.load({
      env: process.env,
      keyFile: config.masterKeyFile,
      createIfMissing: !(await databaseHoldsSecrets(store.db)),
    });
    await verifyMasterKey(store.db, box, systemClock.now());
    if (!options.createDemo || (await countMerchants(store.db)) > 0) return { store, box };
    const demo = await createMerchantWithApp(store.db, box, {
      name: 'Demo merchant',
      mode: 'test',
      now: systemClock.now(),
    });
    return { store, box, demo };
  } catch (error) {
    await store.close();
    throw error;
  }
}
