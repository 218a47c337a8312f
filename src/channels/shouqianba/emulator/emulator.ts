import type { FastifyInstance } from 'fastify';
import {
  buildEmulator,
  type Emulator,
  type EmulatorCall,
  EmulatorClock,
  type EmulatorFactory,
  type EmulatorKit,
  type EmulatorOptions,
  headerValue,
  parseJsonLenient,
} from '../../kit/emulator/index.js';
import { concatBytes, md5Hex, signaturesEqual } from '../../kit/signing.js';
import { NOTIFY_DELAYS_MS, Notifier } from './notifier.js';
import { KNOWN_PAYWAYS, type Terminal, Upay, type UpayLimits, WORLD_CODES } from './upay.js';
import {
  bizAnswer,
  isOuterCode,
  type Json,
  messageOf,
  type OuterCode,
  outerError,
  terminalAnswer,
} from './wire.js';

/**
 * The Shouqianba upay emulator: the Web API's paths, signing (`Authorization: <sn> <MD5(raw body + key)>`),
 * two-layer answers and state machine, served by the channel kit's emulator scaffold. README.md in the
 * folder above lists what it does, its magic values and every inferred detail.
 */

export const SHOUQIANBA_OPERATIONS = [
  'activate',
  'checkin',
  'pay',
  'precreate',
  'query',
  'refund',
  'cancel',
  'revoke',
  'notify',
] as const;

export interface ShouqianbaEmulatorOptions extends EmulatorOptions {
  /** Delays of the notification attempts (default 1 s, 5 s, 30 s, 600 s). */
  readonly notifyDelaysMs?: readonly number[];
}

export interface ShouqianbaEmulator extends Emulator {
  readonly upay: Upay;
  readonly notifier: Notifier;
}

class ParamError extends Error {}

/** Reads request fields as upay does: strings (numbers accepted as their digits), null and '' as absent. */
class Fields {
  readonly #body: Json;
  constructor(body: Json) {
    this.#body = body;
  }

  opt(name: string, max: number): string | undefined {
    const value = this.#body[name];
    if (value === undefined || value === null || value === '') return undefined;
    let text: string;
    if (typeof value === 'string') text = value;
    else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
    else throw new ParamError(`${name}必须为字符串`);
    if (text.length > max) throw new ParamError(`${name}长度不能超过${max}`);
    return text;
  }

  req(name: string, max: number): string {
    const value = this.opt(name, max);
    if (value === undefined) throw new ParamError(`${name}不能为空`);
    return value;
  }

  amount(name: string): number {
    const value = this.opt(name, 64);
    if (value === undefined || !/^\d{1,10}$/.test(value) || Number(value) <= 0)
      throw new ParamError(`${name}金额为整数，长度不超过10位，以分为单位`);
    return Number(value);
  }

  object(name: string, maxKeys: number): void {
    const value = this.#body[name];
    if (value === undefined || value === null || value === '') return;
    if (typeof value !== 'object' || Array.isArray(value)) throw new ParamError(`${name}格式错误`);
    if (Object.keys(value).length > maxKeys) throw new ParamError(`${name}不能超过${maxKeys}个字段`);
  }

  /** `sn` or `client_sn`, at least one (query, cancel, revoke, refund). */
  orderRef(): { sn?: string; clientSn?: string } {
    const sn = this.opt('sn', 64);
    const clientSn = this.opt('client_sn', 32);
    if (sn === undefined && clientSn === undefined) throw new ParamError('sn和client_sn不能同时为空');
    return { ...(sn === undefined ? {} : { sn }), ...(clientSn === undefined ? {} : { clientSn }) };
  }
}

/** The failure result of an operation when upay refuses it before any flow (terminal problems). */
const FAIL_RESULT: Readonly<Record<string, string>> = { pay: 'PAY_FAIL', precreate: 'PRECREATE_FAIL' };

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
      routes: (app, kit) => routes(app, kit, upay, badlySigned),
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

type Signer = { kind: 'vendor' } | { kind: 'terminal'; terminal: Terminal };

/** A terminal-API call after authentication: who signed and the parsed body. */
interface Authenticated {
  readonly signer: Signer;
  readonly body: Json;
}

function json(body: Json) {
  return { body: JSON.stringify(body) };
}

function routes(app: FastifyInstance, kit: EmulatorKit, upay: Upay, badlySigned: Set<string>): void {
  /** Authenticates, parses, applies outer scenario codes; the handler gets the body and the world code. */
  const op = (
    path: string,
    operation: (typeof SHOUQIANBA_OPERATIONS)[number],
    handler: (auth: Authenticated, fields: Fields, world: string | undefined, call: EmulatorCall) => Json,
  ) => {
    kit.operation(path, operation, async (call) => {
      const world = call.code;
      if (world !== undefined && isOuterCode(world) && world !== 'UNKNOWN_SYSTEM_ERROR')
        return json(outerError(world));
      const auth = authenticate(upay, call, operation);
      if ('outer' in auth) return json(outerError(auth.outer, auth.message));
      let answer: Json;
      try {
        // UNKNOWN_SYSTEM_ERROR: the work is done as usual, then upay fails before answering.
        answer = handler(
          auth,
          new Fields(auth.body),
          world === 'UNKNOWN_SYSTEM_ERROR' ? undefined : world,
          call,
        );
      } catch (error) {
        if (error instanceof ParamError) return json(outerError('INVALID_PARAMS', error.message));
        throw error;
      }
      // The system failed after the work was done: the client sees only the 500.
      if (world === 'UNKNOWN_SYSTEM_ERROR') return json(outerError('UNKNOWN_SYSTEM_ERROR'));
      return json(answer);
    });
  };

  /** Checks shared by the trading calls: the body's terminal, the terminal's status. */
  const trading = (auth: Authenticated, fields: Fields, operation: string): Terminal | Json => {
    if (auth.signer.kind !== 'terminal') throw new Error('trading calls are signed by a terminal');
    const terminalSn = fields.req('terminal_sn', 32);
    if (terminalSn !== auth.signer.terminal.sn) {
      return upay.terminal(terminalSn) === undefined
        ? bizAnswer(FAIL_RESULT[operation] ?? 'FAIL', undefined, { code: 'UPAY_TERMINAL_NOT_EXISTS' })
        : outerError('INVALID_TERMINAL', 'terminal_sn与签名终端不一致');
    }
    if (auth.signer.terminal.status !== 'ACTIVE')
      return bizAnswer(FAIL_RESULT[operation] ?? 'FAIL', undefined, {
        code: 'UPAY_TERMINAL_STATUS_ABNORMAL',
      });
    return auth.signer.terminal;
  };
  const isTerminal = (value: Terminal | Json): value is Terminal => 'key' in value && 'deviceId' in value;

  op('/terminal/activate', 'activate', (_auth, fields) => {
    const appId = fields.req('app_id', 64);
    const code = fields.req('code', 64);
    const deviceId = fields.req('device_id', 128);
    const clientSn = fields.opt('client_sn', 50);
    fields.opt('name', 128);
    fields.opt('os_info', 45);
    fields.opt('sdk_version', 45);
    if (appId !== upay.appId) throw new ParamError('app_id不存在');
    const terminal = upay.activate({ code, deviceId, ...(clientSn === undefined ? {} : { clientSn }) });
    if ('refusal' in terminal) throw new ParamError(terminal.refusal);
    return terminalAnswer(terminalView(upay, terminal, true));
  });

  op('/terminal/checkin', 'checkin', (auth, fields) => {
    if (auth.signer.kind !== 'terminal') throw new Error('checkin is signed by a terminal');
    const terminalSn = fields.req('terminal_sn', 32);
    const deviceId = fields.req('device_id', 128);
    fields.opt('os_info', 45);
    fields.opt('sdk_version', 45);
    const terminal = auth.signer.terminal;
    if (terminalSn !== terminal.sn) return outerError('INVALID_TERMINAL', 'terminal_sn与签名终端不一致');
    if (deviceId !== terminal.deviceId) throw new ParamError('device_id与终端不匹配');
    if (terminal.status !== 'ACTIVE')
      return outerError('INVALID_TERMINAL', messageOf('UPAY_TERMINAL_STATUS_ABNORMAL'));
    return terminalAnswer(terminalView(upay, upay.checkin(terminal), false));
  });

  op('/upay/v2/pay', 'pay', (auth, fields, world, call) => {
    const terminalSn = fields.req('terminal_sn', 32);
    const clientSn = fields.req('client_sn', 32);
    const totalAmount = fields.amount('total_amount');
    const dynamicId = fields.req('dynamic_id', 32);
    const subject = fields.req('subject', 64);
    const operator = fields.req('operator', 32);
    const payway = fields.opt('payway', 4);
    if (payway !== undefined && !KNOWN_PAYWAYS.has(payway)) throw new ParamError('payway不支持');
    const common = commonOptional(fields);
    const terminal = trading(auth, fields, 'pay');
    if (!isTerminal(terminal)) return terminal;
    const answer = upay.pay(
      {
        terminalSn,
        clientSn,
        totalAmount,
        dynamicId,
        subject,
        operator,
        ...common,
        ...(payway ? { payway } : {}),
      },
      world,
    );
    markBadSignature(answer, call, badlySigned);
    return answer;
  });

  op('/upay/v2/precreate', 'precreate', (auth, fields, world, call) => {
    const terminalSn = fields.req('terminal_sn', 32);
    const clientSn = fields.req('client_sn', 32);
    const totalAmount = fields.amount('total_amount');
    const payway = fields.req('payway', 4);
    if (!KNOWN_PAYWAYS.has(payway)) throw new ParamError('payway不支持');
    const subPayway = fields.opt('sub_payway', 4) ?? '2';
    if (!['2', '3', '4'].includes(subPayway)) throw new ParamError('sub_payway不支持');
    const payerUid = fields.opt('payer_uid', 64);
    if (subPayway !== '2' && payerUid === undefined) throw new ParamError('payer_uid不能为空');
    const subject = fields.req('subject', 64);
    const operator = fields.req('operator', 32);
    const common = commonOptional(fields);
    const terminal = trading(auth, fields, 'precreate');
    if (!isTerminal(terminal)) return terminal;
    const answer = upay.precreate(
      {
        terminalSn,
        clientSn,
        totalAmount,
        payway,
        subPayway,
        subject,
        operator,
        ...common,
        ...(payerUid ? { payerUid } : {}),
      },
      world,
    );
    markBadSignature(answer, call, badlySigned);
    return answer;
  });

  op('/upay/v2/query', 'query', (auth, fields, world) => {
    const ref = fields.orderRef();
    const refundRequestNo = fields.opt('refund_request_no', 20);
    const terminal = trading(auth, fields, 'query');
    if (!isTerminal(terminal)) return terminal;
    return upay.query({ ...ref, ...(refundRequestNo ? { refundRequestNo } : {}) }, world);
  });

  for (const kind of ['cancel', 'revoke'] as const) {
    op(`/upay/v2/${kind}`, kind, (auth, fields, world) => {
      const ref = fields.orderRef();
      const terminal = trading(auth, fields, kind);
      if (!isTerminal(terminal)) return terminal;
      return upay.cancel(ref, world, kind);
    });
  }

  op('/upay/v2/refund', 'refund', (auth, fields, world) => {
    const ref = fields.orderRef();
    const requestNo = fields.req('refund_request_no', 20);
    fields.req('operator', 32);
    const amount = fields.amount('refund_amount');
    const clientTsn = fields.opt('client_tsn', 64);
    fields.object('extended', 24);
    const terminal = trading(auth, fields, 'refund');
    if (!isTerminal(terminal)) return terminal;
    return upay.refund({ ...ref, requestNo, amount, ...(clientTsn ? { clientTsn } : {}) }, world);
  });

  controlRoutes(app, upay);
}

/** Optional fields pay and precreate share, checked for length and pairing. */
function commonOptional(fields: Fields): { description?: string; reflect?: string; notifyUrl?: string } {
  const description = fields.opt('description', 256);
  const reflect = fields.opt('reflect', 64);
  const notifyUrl = fields.opt('notify_url', 128);
  const longitude = fields.opt('longitude', 32);
  const latitude = fields.opt('latitude', 32);
  if ((longitude === undefined) !== (latitude === undefined))
    throw new ParamError('longitude和latitude必须同时传入');
  fields.opt('device_id', 128);
  fields.object('extended', 24);
  if (notifyUrl !== undefined && !/^https?:\/\//i.test(notifyUrl)) throw new ParamError('notify_url格式错误');
  return {
    ...(description === undefined ? {} : { description }),
    ...(reflect === undefined ? {} : { reflect }),
    ...(notifyUrl === undefined ? {} : { notifyUrl }),
  };
}

function markBadSignature(answer: Json, call: EmulatorCall, badlySigned: Set<string>): void {
  if (!call.badSignature) return;
  const data = (answer.biz_response as { data?: { sn?: string } } | undefined)?.data;
  if (data?.sn !== undefined) badlySigned.add(data.sn);
}

function terminalView(upay: Upay, terminal: Terminal, withMerchant: boolean): Json {
  return {
    terminal_sn: terminal.sn,
    terminal_key: terminal.key,
    merchant_sn: withMerchant ? upay.merchantSn : '',
    merchant_name: withMerchant ? '收钱吧模拟商户' : '',
    store_sn: withMerchant ? upay.storeSn : '',
    store_name: withMerchant ? '模拟门店' : '',
  };
}

/**
 * `Authorization: <sn> <sign>`, sign = MD5(raw body + key) in either case. Activation is signed by the
 * vendor; everything else by a terminal, checkin also with the key the latest checkin replaced.
 */
function authenticate(
  upay: Upay,
  call: EmulatorCall,
  operation: string,
): Authenticated | { outer: OuterCode; message?: string } {
  const header = headerValue(call.request, 'authorization')?.trim();
  const parts = header === undefined ? [] : header.split(/\s+/);
  if (parts.length !== 2) return { outer: 'ILLEGAL_SIGN', message: 'Authorization格式错误' };
  const [sn, sign] = parts as [string, string];
  const matches = (key: string) =>
    signaturesEqual(md5Hex(concatBytes(call.raw, key)), sign, { caseInsensitive: true });
  let signer: Signer;
  if (operation === 'activate') {
    if (sn !== upay.vendorSn || !matches(upay.vendorKey)) return { outer: 'ILLEGAL_SIGN' };
    signer = { kind: 'vendor' };
  } else {
    const terminal = upay.terminal(sn);
    if (terminal === undefined) return { outer: 'INVALID_TERMINAL' };
    const current = matches(terminal.key);
    const previous =
      operation === 'checkin' && terminal.previousKey !== undefined && matches(terminal.previousKey);
    if (!current && !previous) return { outer: 'ILLEGAL_SIGN' };
    // Once the new key is used, the checkin answer was received: the old key is dead for good.
    if (current && operation !== 'checkin') delete terminal.previousKey;
    signer = { kind: 'terminal', terminal };
  }
  const body = parseJsonLenient(call.raw);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { outer: 'INVALID_PARAMS', message: '请求体不是合法的JSON' };
  return { signer, body: body as Json };
}

/** The emulator's back office and the buyer's phone: what the tests drive besides the API. */
function controlRoutes(app: FastifyInstance, upay: Upay): void {
  const hidden = { schema: { hide: true } };
  const body = (raw: unknown): Json => {
    const parsed = Buffer.isBuffer(raw) ? (raw.length === 0 ? {} : parseJsonLenient(raw)) : (raw ?? {});
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Json) : {};
  };

  app.post('/_emulator/activation_codes', hidden, async (request) => {
    const uses = body(request.body).uses;
    return {
      code: upay.issueActivationCode(
        Number.isInteger(uses) && (uses as number) > 0 ? (uses as number) : undefined,
      ),
    };
  });

  app.post<{ Params: { sn: string; action: string } }>(
    '/_emulator/terminals/:sn/:action',
    hidden,
    async (request, reply) => {
      const { sn, action } = request.params;
      if (action !== 'disable' && action !== 'enable')
        return reply.code(404).send({ error: 'disable or enable' });
      if (!upay.setTerminalStatus(sn, action === 'disable' ? 'DISABLED' : 'ACTIVE'))
        return reply.code(404).send({ error: `no terminal ${sn}` });
      return { terminal_sn: sn, status: action === 'disable' ? 'DISABLED' : 'ACTIVE' };
    },
  );

  const configView = () => ({ limits: upay.limits, contracted_payways: [...upay.contractedPayways] });
  app.get('/_emulator/config', hidden, async () => configView());
  app.post('/_emulator/config', hidden, async (request, reply) => {
    const input = body(request.body);
    const limits = (input.limits ?? {}) as Partial<Record<keyof UpayLimits, unknown>>;
    const next = { ...upay.limits };
    for (const key of Object.keys(limits) as (keyof UpayLimits)[]) {
      if (!(key in next) || !Number.isInteger(limits[key]) || (limits[key] as number) < 0)
        return reply
          .code(400)
          .send({ error: `limits.${key} must be a known limit and a non-negative integer` });
      next[key] = limits[key] as number;
    }
    const payways = input.contracted_payways;
    if (
      payways !== undefined &&
      (!Array.isArray(payways) || payways.some((p) => !KNOWN_PAYWAYS.has(String(p))))
    )
      return reply.code(400).send({ error: 'contracted_payways must list payway codes 1-6' });
    upay.limits = next;
    if (Array.isArray(payways)) upay.contractedPayways = new Set(payways.map(String));
    return configView();
  });

  /** The buyer scans a precreated QR code (or opens the wap page) and pays. */
  app.post('/_emulator/buyer/pay', hidden, async (request, reply) => {
    const input = body(request.body);
    const sn = typeof input.sn === 'string' ? input.sn : undefined;
    const clientSn = typeof input.client_sn === 'string' ? input.client_sn : undefined;
    const order = upay.find({ ...(sn ? { sn } : {}), ...(clientSn ? { clientSn } : {}) });
    if (order === undefined) return reply.code(404).send({ error: 'no such order' });
    const result = upay.buyerPays(order, typeof input.barcode === 'string' ? input.barcode : undefined);
    if (!result.ok) return reply.code(409).send({ error: result.reason, order: upay.view(order) });
    return { order: upay.view(order) };
  });
}
