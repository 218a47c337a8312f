import type { Command } from 'commander';
import { DATABASE_HELP } from './options.js';
import { databaseRuntime } from './runtime.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply database migrations and exit (serve also does this at start)')
    .option('--database-url <url>', DATABASE_HELP)
    .action(async (options: { databaseUrl?: string }) => {
      const { loadConfig, prepareStore } = await databaseRuntime();
      const { redactDatabaseUrl } = await import('../store/index.js');
      const config = loadConfig(options);
      const { store } = await prepareStore(config, { createDemo: false });
      await store.close();
      process.stdout.write(`migrated ${redactDatabaseUrl(config.databaseUrl)}\n`);
    });
}
