#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import { systemClock } from '../domain/clock.js';
import { prepareStore, startServer } from '../server.js';
import {
  createMerchantWithApp,
  redactDatabaseUrl,
  revokeKey,
  rollApiKey,
  updateAppSettings,
} from '../store/index.js';
import { registerChannelsCommand } from './channels-command.js';
import { registerDevCommands } from './dev-commands.js';
import { registerEmulatorCommand } from './emulator-command.js';
import { registerErrorsCommand } from './errors-command.js';

/** The version in package.json (found from dist/cli or src/cli alike). */
function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('expected 0-65535');
  return port;
}

const DATABASE_HELP = 'database URL: sqlite:./path.db or postgres://… (env POLYPAY_DATABASE_URL)';

function parseNonNegative(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected an integer ≥ 0');
  return parsed;
}

interface ServeOptions {
  port?: number;
  host?: string;
  databaseUrl?: string;
  allowPrivateWebhookTargets?: boolean;
  webhookTimeoutMs?: number;
  metricsToken?: string;
  publicRateLimit?: number;
  requestTimeoutMs?: number;
  connectionTimeoutMs?: number;
}

// Piped into `head`, the reader may go away early: that is a normal end, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command()
  .name('polypay')
  .description('polypay payment gateway: one API and one error model over many payment channels')
  .version(packageVersion(), '-v, --version', 'print the polypay version')
  .showHelpAfterError();

program
  .command('serve')
  .description('run the gateway (HTTP API, jobs, docs at /docs)')
  .option('-p, --port <port>', 'port to listen on (env PORT, default 8080)', parsePort)
  .option('--host <host>', 'address to bind (env HOST, default 127.0.0.1)')
  .option('--database-url <url>', DATABASE_HELP)
  .option(
    '--allow-private-webhook-targets',
    'let test-mode apps send webhooks to loopback and private addresses, for a local demo ' +
      '(env POLYPAY_ALLOW_PRIVATE_WEBHOOK_TARGETS=true; default off; live mode never)',
  )
  .option(
    '--webhook-timeout-ms <ms>',
    'deadline of one webhook attempt: connect, headers and body (env POLYPAY_WEBHOOK_TIMEOUT_MS, default 10000)',
    parseNonNegative,
  )
  .option(
    '--metrics-token <token>',
    'bearer token that GET /metrics requires; without one /metrics is off (env POLYPAY_METRICS_TOKEN, preferred)',
  )
  .option(
    '--public-rate-limit <n>',
    'requests per minute per client IP on routes without an API key, 0 for none (env POLYPAY_PUBLIC_RATE_LIMIT, default 300)',
    parseNonNegative,
  )
  .option(
    '--request-timeout-ms <ms>',
    'a request must arrive completely within this time, 0 for none (env POLYPAY_REQUEST_TIMEOUT_MS, default 30000)',
    parseNonNegative,
  )
  .option(
    '--connection-timeout-ms <ms>',
    'an idle connection is closed after this time, 0 for never (env POLYPAY_CONNECTION_TIMEOUT_MS, default 60000)',
    parseNonNegative,
  )
  .action(async (options: ServeOptions) => {
    const config = loadConfig(options);
    const server = await startServer(config);
    // The banner is for people: stderr, so that stdout carries only the JSON log.
    const out = (line: string) => process.stderr.write(`${line}\n`);
    out(
      `polypay listening on ${server.url} (database ${redactDatabaseUrl(config.databaseUrl)}); ` +
        `API docs at ${server.url}/docs; dashboard at ${server.url}/dashboard/`,
    );
    if (config.allowPrivateWebhookTargets) {
      out('Test-mode apps may send webhooks to loopback and private addresses (local demo setting).');
    }
    if (server.demo) {
      out('Created a demo merchant on this empty database (shown once; keep it):');
      out(`  merchant_id=${server.demo.merchant_id} app_id=${server.demo.app_id}`);
      out(`  secret_key=${server.demo.secret_key}`);
      out(`  signing_secret=${server.demo.signing_secret}`);
      out('Try it:');
      out(`  curl -s ${server.url}/v1/app -H 'Authorization: Bearer ${server.demo.secret_key}'`);
      out('A sandbox barcode charge (more in README.md and docs/sandbox.md):');
      out(
        `  curl -s ${server.url}/v1/charges -H 'Authorization: Bearer ${server.demo.secret_key}' ` +
          `-H 'Content-Type: application/json' -d '{"out_trade_no":"demo-1","amount":1000,"currency":"CNY",` +
          `"subject":"Tea","payway":"alipay","sub_payway":"barcode","auth_code":"280000000000000000"}'`,
      );
    } else {
      out('New merchant credentials: npx polypay merchant create --name "My shop" --json');
    }
    if (server.emulators.size > 0) {
      out(
        `Provider emulators: ${[...server.emulators.keys()].map((p) => `${server.url}/_emulators/${p}`).join(', ')}` +
          ` (base URLs and credentials: curl -s ${server.url}/_emulators; README "Channel configurations")`,
      );
    }
    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) {
        out(`received ${signal} again, exiting now`);
        process.exit(1);
      }
      stopping = true;
      out(`received ${signal}: no new connections; finishing requests and jobs in flight`);
      // Bounded: a request or job that does not finish in time is abandoned (jobs are handed back).
      setTimeout(() => {
        process.stderr.write(`polypay: shutdown took over ${config.shutdownTimeoutMs} ms; exiting\n`);
        process.exit(1);
      }, config.shutdownTimeoutMs).unref();
      await server.close();
      out('stopped');
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
  });

program
  .command('migrate')
  .description('apply database migrations and exit (serve also does this at start)')
  .option('--database-url <url>', DATABASE_HELP)
  .action(async (options: { databaseUrl?: string }) => {
    const config = loadConfig(options);
    const { store } = await prepareStore(config, { createDemo: false });
    await store.close();
    process.stdout.write(`migrated ${redactDatabaseUrl(config.databaseUrl)}\n`);
  });

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
      process.exit(2);
    }
    const name = options.name.trim();
    if (name === '' || name.length > 128) {
      process.stderr.write('--name must be 1-128 characters\n');
      process.exit(2);
    }
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
        process.exitCode = 1;
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
    const config = loadConfig(options);
    const { store } = await prepareStore(config, { createDemo: false });
    try {
      if (!(await revokeKey(store.db, { keyId, now: systemClock.now() }))) {
        process.stderr.write(`polypay: no active key ${keyId}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`revoked ${keyId}\n`);
    } finally {
      await store.close();
    }
  });

const appCommand = program
  .command('app')
  .description("manage an app's security settings from the server side");
appCommand
  .command('reset-allowlist <app_id>')
  .description('remove the IP allow-list of an app (the way back in when a list shuts its owner out)')
  .option('--database-url <url>', DATABASE_HELP)
  .action(async (appId: string, options: { databaseUrl?: string }) => {
    const config = loadConfig(options);
    const { store } = await prepareStore(config, { createDemo: false });
    try {
      const updated = await updateAppSettings(store.db, appId, { ipAllowlist: null });
      if (!updated) {
        process.stderr.write(`polypay: no app ${appId}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`ip_allowlist of ${appId} removed\n`);
    } finally {
      await store.close();
    }
  });

registerChannelsCommand(program);
registerDevCommands(program);
registerErrorsCommand(program);
registerEmulatorCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`polypay: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
