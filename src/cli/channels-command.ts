import { type Command, InvalidArgumentError } from 'commander';
import { isPolypayError } from '../errors/polypay-error.js';
import { PROVIDERS } from '../errors/types.js';
import type { Caller } from '../services/caller.js';
import type { ChannelConfigDeps, ChannelConfigView } from '../services/channel-configs.js';
import { EXIT, exitCodeOf } from './exit-codes.js';
import { DATABASE_HELP } from './options.js';
import { databaseRuntime } from './runtime.js';

type ChannelConfigServices = typeof import('../services/channel-configs.js');

const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

function credential(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('expected NAME=VALUE');
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

function line(view: ChannelConfigView): string {
  return [
    view.id,
    view.status,
    view.provider,
    view.payways.join(','),
    view.sub_payways.join(','),
    view.currencies.join(','),
    view.base_url,
  ].join('  ');
}

/**
 * Runs `fn` with the services' dependencies over the database named like `serve`'s, acting for the app
 * given by --app. A refused input prints its unified code and the field at fault, and exits 2.
 */
async function withApp(
  options: { app: string; databaseUrl?: string },
  fn: (deps: ChannelConfigDeps, caller: Caller, services: ChannelConfigServices) => Promise<void>,
): Promise<void> {
  const [
    { loadConfig, prepareStore, systemClock },
    services,
    { PROVIDERS: connectors },
    { getApp, getMerchant },
  ] = await Promise.all([
    databaseRuntime(),
    import('../services/channel-configs.js'),
    import('../channels/providers.js'),
    import('../store/index.js'),
  ]);
  const config = loadConfig(options);
  const { store, box } = await prepareStore(config, { createDemo: false });
  try {
    const app = await getApp(store.db, options.app);
    const merchant = app ? await getMerchant(store.db, app.merchant_id) : undefined;
    if (!app || !merchant) {
      process.stderr.write(`polypay: no app ${options.app} in ${config.databaseUrl}\n`);
      process.exitCode = EXIT.failure;
      return;
    }
    const deps: ChannelConfigDeps = {
      store,
      box,
      clock: systemClock,
      providers: connectors,
      publicUrl: config.publicUrl,
    };
    const caller: Caller = {
      merchantId: app.merchant_id,
      appId: app.id,
      mode: app.mode,
      timeZone: merchant.time_zone,
    };
    await fn(deps, caller, services);
  } catch (error) {
    if (!isPolypayError(error)) throw error;
    const param = error.param ? ` (${error.param})` : '';
    process.stderr.write(`polypay: ${error.code}${param}: ${error.message}\n`);
    process.exitCode = exitCodeOf(error);
  } finally {
    await store.close();
  }
}

/** `polypay channels add|list|disable`: the CLI face of /v1/channel_configs. */
export function registerChannelsCommand(program: Command): void {
  const channels = program
    .command('channels')
    .description('channel configurations: which provider serves which payway and currency for an app');

  channels
    .command('add')
    .description('configure a provider for an app (credentials are stored encrypted and never shown)')
    .requiredOption('--app <app_id>', 'the app the configuration serves (its mode is the app’s)')
    .requiredOption('--provider <name>', `provider (${PROVIDERS.join(', ') || 'none installed'})`)
    .requiredOption('--payways <list>', 'comma-separated payways, e.g. alipay,wechat', list)
    .requiredOption('--sub-payways <list>', 'comma-separated: barcode,qrcode,wap', list)
    .requiredOption('--currencies <list>', 'comma-separated currency codes, e.g. CNY', list)
    .requiredOption('--base-url <url>', "the provider's API base URL (https for a live app)")
    .option(
      '--credential <name=value>',
      'one credential, named as the provider names it (repeat)',
      credential,
    )
    .option('--json', 'print the configuration as JSON')
    .option('--database-url <url>', DATABASE_HELP)
    .action(
      async (options: {
        app: string;
        provider: string;
        payways: string[];
        subPayways: string[];
        currencies: string[];
        baseUrl: string;
        credential?: Record<string, string>;
        json?: boolean;
        databaseUrl?: string;
      }) =>
        withApp(options, async (deps, caller, { createChannelConfig }) => {
          const view = await createChannelConfig(deps, caller, {
            provider: options.provider,
            payways: options.payways,
            sub_payways: options.subPayways,
            currencies: options.currencies,
            base_url: options.baseUrl,
            credentials: options.credential ?? {},
          });
          process.stdout.write(options.json ? `${JSON.stringify(view)}\n` : `${line(view)}\n`);
        }),
    );

  channels
    .command('list')
    .description("list an app's channel configurations, newest first")
    .requiredOption('--app <app_id>', 'the app')
    .option('--json', 'print a JSON array')
    .option('--database-url <url>', DATABASE_HELP)
    .action(async (options: { app: string; json?: boolean; databaseUrl?: string }) =>
      withApp(options, async (deps, caller, services) => {
        const views: ChannelConfigView[] = [];
        let cursor: string | undefined;
        do {
          const page = await services.listChannelConfigs(deps, caller, { limit: 100, startingAfter: cursor });
          views.push(...page.items);
          cursor = page.has_more && page.next_cursor ? page.next_cursor : undefined;
        } while (cursor);
        if (options.json) process.stdout.write(`${JSON.stringify(views)}\n`);
        else for (const view of views) process.stdout.write(`${line(view)}\n`);
      }),
    );

  channels
    .command('disable')
    .description('stop a configuration from serving new charges (its charges keep using it)')
    .argument('<id>', 'the configuration id (chc_…)')
    .requiredOption('--app <app_id>', 'the app')
    .option('--json', 'print the configuration as JSON')
    .option('--database-url <url>', DATABASE_HELP)
    .action(async (id: string, options: { app: string; json?: boolean; databaseUrl?: string }) =>
      withApp(options, async (deps, caller, services) => {
        const view = await services.disableChannelConfig(deps, caller, id);
        process.stdout.write(options.json ? `${JSON.stringify(view)}\n` : `${line(view)}\n`);
      }),
    );
}
