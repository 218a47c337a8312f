import type { Command } from 'commander';
import { PROVIDERS } from '../errors/types.js';
import { EXIT } from './exit-codes.js';
import { parsePort } from './options.js';

/**
 * `polypay emulator <provider> [--port P]`: runs one provider emulator alone. Its first stdout line is one
 * JSON object: `base_url` and the credentials a client needs, named as the provider names them.
 */
export function registerEmulatorCommand(program: Command): void {
  program
    .command('emulator')
    .description(`run one provider emulator alone (${PROVIDERS.join(', ') || 'none yet'})`)
    .argument('<provider>', 'provider name')
    .option('-p, --port <port>', 'port to listen on (default 0: any free port)', parsePort)
    .option('--host <host>', 'address to bind (default 127.0.0.1)')
    .action(async (provider: string, options: { port?: number; host?: string }) => {
      const [{ emulatorFactory }, { startStandaloneEmulator }] = await Promise.all([
        import('../channels/emulators.js'),
        import('../channels/kit/emulator/index.js'),
      ]);
      const factory = emulatorFactory(provider);
      if (factory === undefined) {
        process.stderr.write(`no emulator for ${JSON.stringify(provider)}; known: ${PROVIDERS.join(', ')}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      const emulator = factory.create();
      const running = await startStandaloneEmulator(emulator, {
        ...(options.port === undefined ? {} : { port: options.port }),
        ...(options.host === undefined ? {} : { host: options.host }),
      });
      process.stdout.write(`${JSON.stringify({ base_url: running.url, ...emulator.credentials() })}\n`);
      process.stdout.write(
        `${provider} emulator listening on ${running.url}; scenarios at ${running.url}/_emulator/scenarios\n`,
      );
      const shutdown = async () => {
        await running.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown());
      process.once('SIGTERM', () => void shutdown());
    });
}
