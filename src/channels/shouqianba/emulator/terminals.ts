import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../domain/clock.js';
import { digits } from './ids.js';
import { ACTIVATION_CODE_VALIDITY_MS } from './rules.js';

/** The merchant's terminals: activation codes, activation, check-in (key rotation), the back office's switch. */

export interface Terminal {
  readonly sn: string;
  key: string;
  /** The key a checkin replaced: still accepted by checkin, whose answer may have been lost. */
  previousKey?: string;
  readonly deviceId: string;
  readonly clientSn?: string;
  status: 'ACTIVE' | 'DISABLED';
}

export class Terminals {
  readonly #clock: Clock;
  readonly #codes = new Map<string, { expiresAt: number; usesLeft: number }>();
  readonly #terminals = new Map<string, Terminal>();
  readonly #devices = new Set<string>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  issueActivationCode(uses: number): string {
    const code = digits(8);
    this.#codes.set(code, { expiresAt: this.#clock.now() + ACTIVATION_CODE_VALIDITY_MS, usesLeft: uses });
    return code;
  }

  get(sn: string): Terminal | undefined {
    return this.#terminals.get(sn);
  }

  /** Activates a terminal, or says why not (outer INVALID_PARAMS with the doc's wording). */
  activate(input: { code: string; deviceId: string; clientSn?: string }): Terminal | { refusal: string } {
    const code = this.#codes.get(input.code);
    if (code === undefined) return { refusal: '激活码不存在' };
    if (code.expiresAt <= this.#clock.now()) return { refusal: '激活码已过期' };
    if (code.usesLeft <= 0) return { refusal: '激活码已经被使用' };
    if (this.#devices.has(input.deviceId)) return { refusal: '设备号重复' };
    code.usesLeft -= 1;
    this.#devices.add(input.deviceId);
    const terminal: Terminal = {
      sn: `100${digits(8)}`,
      key: randomBytes(16).toString('hex'),
      deviceId: input.deviceId,
      ...(input.clientSn === undefined ? {} : { clientSn: input.clientSn }),
      status: 'ACTIVE',
    };
    this.#terminals.set(terminal.sn, terminal);
    return terminal;
  }

  checkin(terminal: Terminal): Terminal {
    terminal.previousKey = terminal.key;
    terminal.key = randomBytes(16).toString('hex');
    return terminal;
  }

  /** The back office disables (or enables again) a terminal. */
  setStatus(sn: string, status: Terminal['status']): boolean {
    const terminal = this.#terminals.get(sn);
    if (terminal === undefined) return false;
    terminal.status = status;
    return true;
  }
}
