#!/usr/bin/env node
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { EMULATORS } from '../channels/emulators.js';
import { loadConfig } from '../config.js';
import { systemClock } from '../domain/clock.js';
import { type DemoMerchant, prepareStore, startServer } from '../server.js';
import { DEFAULT_GRACE_PERIOD_SECONDS, rotateWebhookEndpointSecret } from '../services/webhooks/endpoints.js';
import {
  createMerchantWithApp,
  redactDatabaseUrl,
  revokeKey,
  rollApiKey,
  rollSigningSecret,
  updateAppSettings,
} from '../store/index.js';
import { registerChannelsCommand } from './channels-command.js';
import { reportListening, serveCluster } from './cluster.js';
import { registerDevCommands } from './dev-commands.js';
import { registerEmulatorCommand } from './emulator-command.js';
import { registerErrorsCommand } from './errors-command.js';
import { EXIT, EXIT_CODES_HELP } from './exit-codes.js';

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

function parsePositive(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected an integer ≥ 1');
  return parsed;
}

interface ServeOptions {
  port?: number;
  pingppPort?: number;
  host?: string;
  databaseUrl?: string;
  allowPrivateWebhookTargets?: boolean;
  webhookTimeoutMs?: number;
  metricsToken?: string;
  publicRateLimit?: number;
  requestTimeoutMs?: number;
  connectionTimeoutMs?: number;
  readCacheTtlMs?: number;
  pgPoolMax?: number;
  workers?: number;
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
  .showHelpAfterError()
  .addHelpText('after', EXIT_CODES_HELP)
  // Commander's own errors (unknown command or option, missing or invalid argument) are thrown, not
  // exited with 1, so that they exit as usage errors (2); subcommands made after this inherit it.
  .exitOverride();

program
  .command('serve')
  .description('run the gateway (HTTP API, jobs, docs at /docs)')
  .option('-p, --port <port>', 'port to listen on (env PORT, default 8080)', parsePort)
  .option(
    '--pingpp-port <port>',
    'port of the Ping++-compatible API, 0 for none (env POLYPAY_PINGPP_PORT, default the port + 1)',
    parsePort,
  )
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
  .option(
    '--read-cache-ttl-ms <ms>',
    'how long each process caches an API key with its app and merchant, and an app’s channel configurations; ' +
      'the longest a change made through another process takes to apply; 0 for no cache ' +
      '(env POLYPAY_READ_CACHE_TTL_MS, default 2000)',
    parseNonNegative,
  )
  .option(
    '--pg-pool-max <n>',
    'PostgreSQL connections each process opens at most; the processes together should stay near twice ' +
      'the database server’s cores (env POLYPAY_PG_POOL_MAX, default 10, shared out among --workers)',
    parsePositive,
  )
  .option(
    '--workers <n>',
    'run n gateway processes on this machine sharing the port and the database (node:cluster; ' +
      'PostgreSQL recommended; set POLYPAY_REDIS_URL for limits shared by all of them; default 1)',
    parsePositive,
  )
  .action(async (options: ServeOptions) => {
    const config = loadConfig(options);
    // The banner is for people: stderr, so that stdout carries only the JSON log.
    const out = (line: string) => process.stderr.write(`${line}\n`);
    if ((options.workers ?? 1) > 1 && cluster.isPrimary) {
      const poolSetByOperator =
        options.pgPoolMax !== undefined || process.env.POLYPAY_PG_POOL_MAX !== undefined;
      await serveCluster(
        config,
        options.workers ?? 1,
        out,
        (url, demo) => printBanner(config, url, demo, out),
        poolSetByOperator,
      );
      return;
    }
    // A cluster worker: the primary prepared the database and prints the banner.
    const server = await startServer(config, { createDemo: !cluster.isWorker });
    if (cluster.isWorker) reportListening(server.url);
    else printBanner(config, server.url, server.demo, out);
    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) {
        // A worker gets Ctrl-C from the terminal and SIGTERM from its primary: one stop is enough.
        if (cluster.isWorker) return;
        out(`received ${signal} again, exiting now`);
        process.exit(EXIT.failure);
      }
      stopping = true;
      if (!cluster.isWorker)
        out(`received ${signal}: no new connections; finishing requests and jobs in flight`);
      // Bounded: a request or job that does not finish in time is abandoned (jobs are handed back).
      setTimeout(() => {
        process.stderr.write(`polypay: shutdown took over ${config.shutdownTimeoutMs} ms; exiting\n`);
        process.exit(EXIT.failure);
      }, config.shutdownTimeoutMs).unref();
      await server.close();
      if (!cluster.isWorker) out('stopped');
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
  });

function printBanner(
  config: ReturnType<typeof loadConfig>,
  url: string,
  demo: DemoMerchant | undefined,
  out: (line: string) => void,
): void {
  const server = { url, demo };
  out(
    `polypay listening on ${server.url} (database ${redactDatabaseUrl(config.databaseUrl)}); ` +
      `API docs at ${server.url}/docs; dashboard at ${server.url}/dashboard/`,
  );
  if (config.pingppPort > 0) {
    const pingppUrl = `${new URL(url).protocol}//${new URL(url).hostname}:${config.pingppPort}`;
    out(
      `Ping++-compatible API on ${pingppUrl} (point the pingpp SDK's host there; docs/pingpp-migration.md)`,
    );
  }
  if (config.redisUrl) out('Concurrency and rate limits are shared through Redis (POLYPAY_REDIS_URL).');
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
  if (config.emulators) {
    out(
      `Provider emulators: ${Object.keys(EMULATORS)
        .map((p) => `${server.url}/_emulators/${p}`)
        .join(', ')}` +
        ` (base URLs and credentials: curl -s ${server.url}/_emulators; README "Channel configurations")`,
    );
  }
}

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
      process.exit(EXIT.usage);
    }
    const name = options.name.trim();
    if (name === '' || name.length > 128) {
      process.stderr.write('--name must be 1-128 characters\n');
      process.exit(EXIT.usage);
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

registerChannelsCommand(program);
registerDevCommands(program);
registerErrorsCommand(program);
registerEmulatorCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  // Commander has already written its message (or the help, or the version).
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage);
  process.stderr.write(`polypay: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(EXIT.failure);
});
