import type { Command } from 'commander';
import { EXIT } from './exit-codes.js';
import { DATABASE_HELP, parseNonNegative } from './options.js';
import { databaseRuntime } from './runtime.js';

/** `polypay keys roll|revoke`: an operator replaces or stops an API key without the API. */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description("roll and revoke an app's API keys from the server side");
  keys
    .command('roll <key_id>')
    .description('replace a key with a new one (printed once); the old one keeps working for the overlap')
    .option(
      '--overlap-seconds <s>',
      'how long the old key keeps working (default 0: it stops now)',
      parseNonNegative,
    )
    .option('--database-url <url>', DATABASE_HELP)
    .action(async (keyId: string, options: { overlapSeconds?: number; databaseUrl?: string }) => {
      const { loadConfig, prepareStore, systemClock } = await databaseRuntime();
      const { rollApiKey } = await import('../store/index.js');
      const config = loadConfig(options);
      const { store } = await prepareStore(config, { createDemo: false });
      try {
        const now = systemClock.now();
        const rolled = await rollApiKey(store.db, {
          keyId,
          overlapMs: (options.overlapSeconds ?? 0) * 1000,
          now,
        });
        if (!rolled) {
          process.stderr.write(`polypay: no active key ${keyId}\n`);
          process.exitCode = EXIT.failure;
          return;
        }
        process.stdout.write(
          `${JSON.stringify({ id: rolled.id, key: rolled.key, old_key_expires_at: rolled.oldKeyExpiresAt })}\n`,
        );
      } finally {
        await store.close();
      }
    });
  keys
    .command('revoke <key_id>')
    .description('revoke a key now')
    .option('--database-url <url>', DATABASE_HELP)
    .action(async (keyId: string, options: { databaseUrl?: string }) => {
      const { loadConfig, prepareStore, systemClock } = await databaseRuntime();
      const { revokeKey } = await import('../store/index.js');
      const config = loadConfig(options);
      const { store } = await prepareStore(config, { createDemo: false });
      try {
        if (!(await revokeKey(store.db, { keyId, now: systemClock.now() }))) {
          process.stderr.write(`polypay: no active key ${keyId}\n`);
          process.exitCode = EXIT.failure;
          return;
        }
        process.stdout.write(`revoked ${keyId}\n`);
      } finally {
        await store.close();
      }
    });
}
