import type { Command } from 'commander';
import { DEFAULT_GRACE_PERIOD_SECONDS } from '../services/webhooks/grace-period.js';
import { EXIT } from './exit-codes.js';
import { DATABASE_HELP, parseNonNegative } from './options.js';
import { databaseRuntime } from './runtime.js';

/** `polypay webhooks rotate-secret`: an operator rotates an endpoint's secret without the API. */
export function registerWebhooksCommand(program: Command): void {
  program
    .command('webhooks')
    .description("manage an app's webhook endpoints from the server side")
    .command('rotate-secret <endpoint_id>')
    .description(
      'give an endpoint a new signing secret (printed once); the old one signs alongside it for the grace period',
    )
    .option(
      '--grace-period-seconds <s>',
      `how long the old secret still signs (default ${DEFAULT_GRACE_PERIOD_SECONDS}; 0: it stops now)`,
      parseNonNegative,
    )
    .option('--database-url <url>', DATABASE_HELP)
    .action(async (endpointId: string, options: { gracePeriodSeconds?: number; databaseUrl?: string }) => {
      const { loadConfig, prepareStore, systemClock } = await databaseRuntime();
      const { rotateWebhookEndpointSecret } = await import('../services/webhooks/endpoints.js');
      const config = loadConfig(options);
      const { store, box } = await prepareStore(config, { createDemo: false });
      try {
        const owner = await store.db
          .selectFrom('webhook_endpoints as w')
          .innerJoin('apps as a', 'a.id', 'w.app_id')
          .select(['w.app_id as appId', 'w.merchant_id as merchantId', 'a.mode'])
          .where('w.id', '=', endpointId)
          .executeTakeFirst();
        if (!owner) {
          process.stderr.write(`polypay: no webhook endpoint ${endpointId}\n`);
          process.exitCode = EXIT.failure;
          return;
        }
        const { endpoint, secret } = await rotateWebhookEndpointSecret(
          { store, box, clock: systemClock },
          owner,
          endpointId,
          options.gracePeriodSeconds ?? DEFAULT_GRACE_PERIOD_SECONDS,
        );
        process.stdout.write(
          `${JSON.stringify({ id: endpoint.id, secret, previous_secret_expires_at: endpoint.previous_secret_expires_at })}\n`,
        );
      } finally {
        await store.close();
      }
    });
}
