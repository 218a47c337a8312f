import cluster from 'node:cluster';
import type { Command } from 'commander';
import type { Config } from '../config.js';
import { PROVIDERS } from '../errors/types.js';
import type { DemoMerchant } from '../prepare-store.js';
import { EXIT } from './exit-codes.js';
import { DATABASE_HELP, parseNonNegative, parsePort, parsePositive } from './options.js';

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

/** `polypay serve`: the gateway in this process, or `--workers` of them under node:cluster. */
export function registerServeCommand(program: Command): void {
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
      // Imported here, not above: `--help` and usage errors need none of the server's modules.
      const [{ loadConfig }, { startServer }, { reportListening, serveCluster }, { redactDatabaseUrl }] =
        await Promise.all([
          import('../config.js'),
          import('../server.js'),
          import('./cluster.js'),
          import('../store/index.js'),
        ]);
      const config = loadConfig(options);
      const printBanner = (url: string, demo: DemoMerchant | undefined, out: (line: string) => void) =>
        banner(config, redactDatabaseUrl(config.databaseUrl), url, demo, out);
      // The banner is for people: stderr, so that stdout carries only the JSON log.
      const out = (line: string) => process.stderr.write(`${line}\n`);
      if ((options.workers ?? 1) > 1 && cluster.isPrimary) {
        const poolSetByOperator =
          options.pgPoolMax !== undefined || process.env.POLYPAY_PG_POOL_MAX !== undefined;
        await serveCluster(
          config,
          options.workers ?? 1,
          out,
          (url, demo) => printBanner(url, demo, out),
          poolSetByOperator,
        );
        return;
      }
      // A cluster worker: the primary prepared the database and prints the banner.
      const server = await startServer(config, { createDemo: !cluster.isWorker });
      if (cluster.isWorker) reportListening(server.url);
      else printBanner(server.url, server.demo, out);
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
}

function banner(
  config: Config,
  database: string,
  url: string,
  demo: DemoMerchant | undefined,
  out: (line: string) => void,
): void {
  const server = { url, demo };
  out(
    `polypay listening on ${server.url} (database ${database}); ` +
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
      `Provider emulators: ${PROVIDERS.map((p) => `${server.url}/_emulators/${p}`).join(', ')}` +
        ` (base URLs and credentials: curl -s ${server.url}/_emulators; README "Channel configurations")`,
    );
  }
}
