#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerAppCommand } from './app-command.js';
import { registerChannelsCommand } from './channels-command.js';
import { registerDevCommands } from './dev-commands.js';
import { registerEmulatorCommand } from './emulator-command.js';
import { registerErrorsCommand } from './errors-command.js';
import { EXIT, EXIT_CODES_HELP } from './exit-codes.js';
import { registerKeysCommand } from './keys-command.js';
import { registerMerchantCommand } from './merchant-command.js';
import { registerMigrateCommand } from './migrate-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerWebhooksCommand } from './webhooks-command.js';

/** The version in package.json (found from dist/cli or src/cli alike). */
function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
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

// The order of registration is the order of the commands in --help.
registerServeCommand(program);
registerMigrateCommand(program);
registerMerchantCommand(program);
registerKeysCommand(program);
registerAppCommand(program);
registerWebhooksCommand(program);
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
