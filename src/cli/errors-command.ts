import { type Command, InvalidArgumentError } from 'commander';
import { catalogEntry, listCatalog, lookupUpstream } from '../errors/lookup.js';
import { PROVIDERS, type Provider } from '../errors/types.js';
import { EXIT } from './exit-codes.js';

function parseProvider(value: string): Provider {
  if (!(PROVIDERS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected one of ${PROVIDERS.join(', ')}`);
  }
  return value as Provider;
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(EXIT.failure);
}

export function registerErrorsCommand(program: Command): void {
  const errors = program
    .command('errors')
    .description('the unified error catalog (same data as GET /v1/errors)');

  errors
    .command('list')
    .description('list every unified error code')
    .option('--json', 'print JSON instead of a table')
    .action((options: { json?: boolean }) => {
      const entries = listCatalog();
      if (options.json) return print(entries);
      const width = Math.max(...entries.map((e) => e.code.length));
      process.stdout.write(`${'CODE'.padEnd(width)}  HTTP  ${'RETRY'.padEnd(17)}  MESSAGE\n`);
      for (const e of entries) {
        const retry = e.retryable ? `retry:${e.retry_strategy}` : 'final';
        process.stdout.write(
          `${e.code.padEnd(width)}  ${String(e.http_status).padEnd(4)}  ${retry.padEnd(17)}  ${e.messages.en}\n`,
        );
      }
    });

  errors
    .command('show')
    .description('show one unified error code as JSON')
    .argument('<code>', 'unified error code, e.g. charge_closed')
    .action((code: string) => {
      const entry = catalogEntry(code);
      if (!entry) fail(`unknown unified error code: ${code} (see: polypay errors list)`);
      print(entry);
    });

  errors
    .command('lookup')
    .description('show the unified error an upstream provider code maps to')
    .argument('<provider>', PROVIDERS.join(' | '), parseProvider)
    .argument('<code>', 'the upstream code, verbatim, e.g. 139002005')
    .option('--message <text>', 'upstream message, to tell apart two rows with the same code')
    .action((provider: Provider, code: string, options: { message?: string }) => {
      const found = lookupUpstream(provider, code, options.message);
      if (!found) fail(`no ${provider} code ${code} is known`);
      print(found);
    });
}
