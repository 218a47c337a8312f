import {
  buildEmulator,
  type Emulator,
  EmulatorClock,
  type EmulatorFactory,
  type EmulatorOptions,
} from '../../kit/emulator/index.js';
import { apiRoutes, SHOUQIANBA_OPERATIONS } from './api-routes.js';
import { controlRoutes } from './control-routes.js';
import { NOTIFY_DELAYS_MS, Notifier } from './notifier.js';
import { Upay } from './upay.js';
import { isOuterCode } from './wire.js';
import { WORLD_CODES } from './world-codes.js';

/**
 * The Shouqianba upay emulator: the Web API's paths, signing (`Authorization: <sn> <MD5(raw body + key)>`),
 * two-layer answers and state machine, served by the channel kit's emulator scaffold. README.md in the
 * folder above lists what it does, its magic values and every inferred detail.
 */

export interface ShouqianbaEmulatorOptions extends EmulatorOptions {
  /** Delays of the notification attempts (default 1 s, 5 s, 30 s, 600 s). */
  readonly notifyDelaysMs?: readonly number[];
}

export interface ShouqianbaEmulator extends Emulator {
  readonly upay: Upay;
  readonly notifier: Notifier;
}

export function createShouqianbaEmulator(options: ShouqianbaEmulatorOptions = {}): ShouqianbaEmulator {
  const clock = new EmulatorClock(options.clock);
  let notifier: Notifier | undefined;
  const badlySigned = new Set<string>();
  const upay = new Upay(clock, (order) => {
    if (order.notifyUrl === undefined || notifier === undefined) return;
    notifier.notify(
      order.notifyUrl,
      { terminal_sn: order.terminalSn, ...upay.view(order) },
      badlySigned.has(order.sn),
    );
  });
  const sweep = setInterval(() => upay.refreshAll(), 500);
  sweep.unref();

  const emulator = buildEmulator(
    {
      provider: 'shouqianba',
      operations: SHOUQIANBA_OPERATIONS,
      checkCode(operation, code) {
        if (operation === 'notify') return 'notify takes faults (bad_signature) and delays, not codes';
        if (isOuterCode(code)) return undefined;
        if (operation === undefined) return 'a business code needs its operation';
        if (WORLD_CODES[operation]?.has(code)) return undefined;
        const accepted = [...(WORLD_CODES[operation] ?? [])];
        return `${operation} can be told to answer ${['INVALID_PARAMS', 'INVALID_TERMINAL', 'ILLEGAL_SIGN', 'UNKNOWN_SYSTEM_ERROR', ...accepted].join(', ')}; the other codes come from behaviour (see the README)`;
      },
      routes: (app, kit) => {
        apiRoutes(kit, upay, badlySigned);
        controlRoutes(app, upay);
      },
      notifications: () => notifier?.log() ?? [],
      async close() {
        clearInterval(sweep);
        await notifier?.close();
      },
    },
    options,
    () => ({
      vendor_sn: upay.vendorSn,
      vendor_key: upay.vendorKey,
      app_id: upay.appId,
      code: upay.issueActivationCode(),
      sqb_public_key: notifier!.publicKeyPem(),
    }),
    clock,
  );
  notifier = new Notifier(emulator.scenarios, options.notifyDelaysMs ?? NOTIFY_DELAYS_MS);
  return { ...emulator, upay, notifier };
}

export const shouqianbaEmulatorFactory: EmulatorFactory = {
  provider: 'shouqianba',
  create: (options) => createShouqianbaEmulator(options),
};
