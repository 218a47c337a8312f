import type { Command } from 'commander';
import { EXIT } from './exit-codes.js';
import { DATABASE_HELP, parseNonNegative } from './options.js';
import { databaseRuntime } from './runtime.js';

/** `polypay app …`: the operator's way back into an app that its own settings lock out. */
export function registerAppCommand(program: Command): void {
  const appCommand = program
    .command('app')
    .description("manage an app's security settings from the server side");
  appCommand
    .command('reset-allowlist <app_id>')
    .description('remove the IP allow-list of an app (the way back in when a list shuts its owner out)')
    .option('--database-url <url>', DATABASE_HELP)
    .action(async (appId: string, options: { databaseUrl?: string }) => {
      const { loadConfig, prepareStore } = await databaseRuntime();
      const { updateAppSettings } = await import('../store/index.js');
      const config = loadConfig(options);
      const { store } = await prepareStore(config, { createDemo: false });
      try {
        const updated = await updateAppSettings(store.db, appId, { ipAllowlist: null });
        if (!updated) {
          process.stderr.write(`polypay: no app ${appId}\n`);
          process.exitCode = EXIT.failure;
          return;
        }
        process.stdout.write(`ip_allowlist of ${appId} removed\n`);
      } finally {
        await store.close();
      }
    });

  appCommand
    .command('roll-signing-secret <app_id>')
    .description(
      'give an app a new request signing secret (printed once); the old one is accepted for the overlap',
    )
    .option(
      '--overlap-seconds <s>',
      'how long the old secret is still accepted (default 0: it stops now)',
      parseNonNegative,
    )
    .option('--database-url <url>', DATABASE_HELP)
    .action(async (appId: string, options: { overlapSeconds?: number; databaseUrl?: string }) => {
      const { loadConfig, prepareStore, systemClock } = await databaseRuntime();
      const { rollSigningSecret } = await import('../store/index.js');
      const config = loadConfig(options);
      const { store, box } = await prepareStore(config, { createDemo: false });
      try {
        const rolled = await rollSigningSecret(store.db, box, {
          appId,
          overlapMs: (options.overlapSeconds ?? 0) * 1000,
          now: systemClock.now(),
        });
        if (!rolled) {
          process.stderr.write(`polypay: no app ${appId}\n`);
          process.exitCode = EXIT.failure;
          return;
        }
        process.stdout.write(
          `${JSON.stringify({ app_id: appId, signing_secret: rolled.signingSecret, previous_secret_expires_at: rolled.previousExpiresAt })}\n`,
        );
      } finally {
        await store.close();
      }
    });
}
