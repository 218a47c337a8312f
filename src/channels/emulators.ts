import type { FastifyInstance } from 'fastify';
import type { Provider } from '../errors/types.js';
import { bybitEmulatorFactory } from './bybit/emulator/server.js';
import { eftpayEmulatorFactory } from './eftpay/emulator/server.js';
import type { Emulator, EmulatorFactory, EmulatorOptions } from './kit/emulator/index.js';
import { paycoolsEmulatorFactory } from './paycools/emulator/server.js';
import { shouqianbaEmulatorFactory } from './shouqianba/emulator/emulator.js';

/**
 * Every provider emulator polypay ships, by provider name. A new emulator adds one line here; the CLI
 * (`polypay emulator <provider>`) and the gateway (`/_emulators/<provider>`) find it through this list.
 */
export const EMULATORS: Readonly<Record<string, EmulatorFactory>> = {
  shouqianba: shouqianbaEmulatorFactory,
  eftpay: eftpayEmulatorFactory,
  bybit: bybitEmulatorFactory,
  paycools: paycoolsEmulatorFactory,
  // One emulator for each provider of errors/types.ts, whose light list the CLI's help and banner name.
} satisfies Record<Provider, EmulatorFactory>;

export function emulatorFactory(provider: string): EmulatorFactory | undefined {
  return Object.hasOwn(EMULATORS, provider) ? EMULATORS[provider] : undefined;
}

export interface MountEmulatorsOptions extends EmulatorOptions {
  /** Which providers to mount (default all). */
  readonly providers?: readonly string[];
  /** Path prefix (default /_emulators); each emulator lives under `<prefix>/<provider>`. */
  readonly prefix?: string;
}

/**
 * Mounts the emulators into the gateway's Fastify app, each under `/_emulators/<provider>` with its own
 * scenario control and clock. Returns them by provider, for their credentials and to close them.
 */
export async function mountEmulators(
  app: FastifyInstance,
  options: MountEmulatorsOptions = {},
): Promise<ReadonlyMap<string, Emulator>> {
  const prefix = options.prefix ?? '/_emulators';
  const mounted = new Map<string, Emulator>();
  for (const provider of options.providers ?? Object.keys(EMULATORS)) {
    const factory = emulatorFactory(provider);
    if (factory === undefined) throw new Error(`no emulator for provider ${provider}`);
    const emulator = factory.create(options);
    await app.register(emulator.plugin, { prefix: `${prefix}/${provider}` });
    mounted.set(provider, emulator);
  }
  app.addHook('onClose', async () => {
    await Promise.all([...mounted.values()].map((emulator) => emulator.close()));
  });
  return mounted;
}
