import type { Command } from 'commander';
import { EXIT } from './exit-codes.js';
import { DATABASE_HELP } from './options.js';
import { databaseRuntime } from './runtime.js';

export function registerMerchantCommand(program: Command): void {
  const merchant = program.command('merchant').description('manage merchants');
  merchant
    .command('create')
    .description('create a merchant with one sandbox app and print its credentials')
    .requiredOption('--name <name>', 'merchant name')
    .option('--mode <mode>', 'test (sandbox, sk_test_ key) or live', 'test')
    .option('--json', 'print {"merchant_id","app_id","secret_key","signing_secret"} as JSON')
    .option('--database-url <url>', DATABASE_HELP)
    .action(async (options: { name: string; mode: string; json?: boolean; databaseUrl?: string }) => {
      if (options.mode !== 'test' && options.mode !== 'live') {
        process.stderr.write('--mode must be test or live\n');
        process.exit(EXIT.usage);
      }
      const name = options.name.trim();
      if (name === '' || name.length > 128) {
        process.stderr.write('--name must be 1-128 characters\n');
        process.exit(EXIT.usage);
      }
      const { loadConfig, prepareStore, systemClock } = await databaseRuntime();
      const { createMerchantWithApp } = await import('../store/index.js');
      const config = loadConfig(options);
      const { store, box } = await prepareStore(config, { createDemo: false });
      try {
        const created = await createMerchantWithApp(store.db, box, {
          name,
          mode: options.mode,
          now: systemClock.now(),
        });
        if (options.json) process.stdout.write(`${JSON.stringify(created)}\n`);
        else {
          for (const [key, value] of Object.entries(created)) process.stdout.write(`${key}: ${value}\n`);
        }
      } finally {
        await store.close();
      }
    });

  merchant
    .command('list')
    .description('list merchants and their apps')
    .option('--json', 'print JSON')
    .option('--database-url <url>', DATABASE_HELP)
    .action(async (options: { json?: boolean; databaseUrl?: string }) => {
      const { loadConfig, prepareStore } = await databaseRuntime();
      const config = loadConfig(options);
      const { store } = await prepareStore(config, { createDemo: false });
      try {
        const rows = await store.db
          .selectFrom('merchants as m')
          .innerJoin('apps as a', 'a.merchant_id', 'm.id')
          .select(['m.id as merchant_id', 'm.name', 'm.status', 'a.id as app_id', 'a.mode', 'm.created_at'])
          .orderBy('m.created_at', 'desc')
          .orderBy('a.id')
          .execute();
        if (options.json) process.stdout.write(`${JSON.stringify(rows)}\n`);
        else {
          process.stdout.write('MERCHANT_ID\tAPP_ID\tMODE\tSTATUS\tNAME\n');
          for (const r of rows)
            process.stdout.write(`${r.merchant_id}\t${r.app_id}\t${r.mode}\t${r.status}\t${r.name}\n`);
        }
      } finally {
        await store.close();
      }
    });
}
