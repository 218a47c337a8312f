import type { EmulatorCall, EmulatorKit } from '../../kit/emulator/index.js';
import { type Authenticated, authenticate } from './auth.js';
import { commonOptional, Fields, ParamError } from './fields.js';
import { KNOWN_PAYWAYS } from './rules.js';
import type { Terminal } from './terminals.js';
import type { Upay } from './upay.js';
import { bizAnswer, isOuterCode, type Json, messageOf, outerError, terminalAnswer } from './wire.js';

/** The Web API's paths: each authenticated, its fields read and checked, then handed to upay. */

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

/** The failure result of an operation when upay refuses it before any flow (terminal problems). */
const FAIL_RESULT: Readonly<Record<string, string>> = { pay: 'PAY_FAIL', precreate: 'PRECREATE_FAIL' };

function json(body: Json) {
  return { body: JSON.stringify(body) };
}

export function apiRoutes(kit: EmulatorKit, upay: Upay, badlySigned: Set<string>): void {
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
