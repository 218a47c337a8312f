import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../domain/clock.js';
import { vmpSign, vmpVerify } from '../sign.js';
import { formatVmpTime } from '../vmp-time.js';
import { VmpEmulatorCore } from './engine.js';

/** The emulator's state machine on its own: requests in, answers and notifications out, time injected. */

const KEY = 'EFTENGINE001';
const SECRET = 'engine-secret';
const START = Date.UTC(2026, 10, 30, 2, 0, 0); // 10:00 in Hong Kong

function setup() {
  const clock = manualClock(START);
  const core = new VmpEmulatorCore({ userConfirmKey: KEY, secretCode: SECRET, clock });
  const call = (path: string, fields: Record<string, string>) => {
    const request: Record<string, string> = {
      ...fields,
      user_confirm_key: KEY,
      time: formatVmpTime(clock.now()),
    };
    request.sign = vmpSign(request, SECRET);
    return core.handle(path, JSON.stringify(request), { publicUrl: 'http://emulator.test' });
  };
  const order = (out: string, extra: Record<string, string> = {}) =>
    call('/Servlet/JSAPIService.do', {
      service: 'service.wechat.qrcode.PreOrder',
      out_trade_no: out,
      transaction_amount: '50',
      paytype: 'WeChat',
      payment_type: 'WECHATCN',
      subject: 'Rice',
      fee_type: 'CNY',
      ...extra,
    });
  const query = (out: string, refundNo?: string) =>
    call('/Servlet/QRcodeTradeQuery.do', {
      querytype: 'OUT_TRADE',
      out_trade_no: out,
      ...(refundNo ? { refund_no: refundNo } : {}),
    });
  return { clock, core, call, order, query };
}

describe('VmpEmulatorCore', () => {
  it('answers signed, and changes nothing when a check fails', () => {
    const { order, query } = setup();
    const bad = order('E1', { transaction_amount: '60000.01' });
    expect(bad.body).toEqual({ return_status: '-23', return_char: expect.any(String) });
    expect(query('E1').body.return_status).toBe('31');
    const good = order('E1');
    expect(good.body.return_status).toBe('00');
    expect(vmpVerify(good.body, SECRET)).toBe(true);
  });

  it('pays through the buyer side and returns the payment notification, signed, instead of sending it', () => {
    const { core, order } = setup();
    const created = order('E2', { notify_url: 'http://shop.test/notify' }).body;
    const paid = core.buyer(created.eft_trade_no!, 'paid', 'buyer-1');
    expect(paid.ok).toBe(true);
    if (!paid.ok) return;
    expect(paid.notifications).toHaveLength(1);
    const [note] = paid.notifications;
    expect(note!.url).toBe('http://shop.test/notify');
    expect(note!.body).toMatchObject({
      trade_status: 'TRADE_SUCCESS',
      total_fee: '50.00',
      currency: 'CNY',
      buyer_id: 'buyer-1',
    });
    expect(vmpVerify(note!.body, SECRET)).toBe(true);
    expect(core.buyer(created.eft_trade_no!, 'paid')).toEqual({ ok: false, reason: 'not_payable' });
  });

  it('expires by the injected clock, and a declined payment is TRADE_FAIL', () => {
    const { core, clock, order, query } = setup();
    order('E3');
    clock.advance(900_000);
    expect(query('E3').body.trade_status).toBe('TRADE_CLOSED');
    const declined = order('E4').body;
    expect(core.buyer(declined.eft_trade_no!, 'failed').ok).toBe(true);
    expect(query('E4').body.trade_status).toBe('TRADE_FAIL');
  });

  it('settles an apply-refund when settle() runs after its delay, with its notification', () => {
    const { core, clock, call, order, query } = setup();
    const created = order('E5').body;
    core.buyer(created.eft_trade_no!, 'paid');
    const applied = call('/Servlet/JSAPIService.do', {
      service: 'service.wechat.web.ApplyRefund',
      out_trade_no: 'E5',
      payType: 'WeChat',
      wallet: 'WECHATCN',
      out_refund_no: 'AR5',
      return_amount: '20.00',
      notify_url: 'http://shop.test/refunds',
    });
    expect(applied.body.trade_status).toBe('APPLY_SUCCESS');
    expect(core.settle()).toEqual([]);
    clock.advance(60_000);
    const notes = core.settle();
    expect(notes.map((n) => n.body.trade_status)).toEqual(['TRADE_REFUND']);
    expect(query('E5').body.trade_status).toBe('TRADE_REFUND');
    expect(query('E5', 'AR5').body).toMatchObject({ trade_status: 'TRADE_REFUND', return_amount: '20.00' });
  });

  it('applies an injected uncertain code before answering it, a definite one not at all, a misplaced one never', () => {
    const { core } = setup();
    const sign = (fields: Record<string, string>) => ({ ...fields, sign: vmpSign(fields, SECRET) });
    const base = {
      service: 'service.wechat.qrcode.PreOrder',
      transaction_amount: '1',
      paytype: 'WeChat',
      payment_type: 'WECHATHK',
      subject: 'x',
      user_confirm_key: KEY,
      time: formatVmpTime(START),
    };
    const lost = core.handle(
      '/Servlet/JSAPIService.do',
      JSON.stringify(sign({ ...base, out_trade_no: 'L58' })),
      {
        publicUrl: 'http://e',
        injection: { code: '58' },
      },
    );
    expect(lost.body.return_status).toBe('58');
    expect(core.book.orderByOut(KEY, 'L58')?.status).toBe('TRADE_PROCESSING');
    const refused = core.handle(
      '/Servlet/JSAPIService.do',
      JSON.stringify(sign({ ...base, out_trade_no: 'L60' })),
      {
        publicUrl: 'http://e',
        injection: { code: '60', message: 'SYSTEMERROR: system busy' },
      },
    );
    expect(refused.body).toMatchObject({ return_status: '60', return_char: 'SYSTEMERROR: system busy' });
    expect(core.book.orderByOut(KEY, 'L60')).toBeUndefined();
    const ignored = core.handle(
      '/Servlet/JSAPIService.do',
      JSON.stringify(sign({ ...base, out_trade_no: 'L48' })),
      {
        publicUrl: 'http://e',
        injection: { code: '48' },
      },
    );
    expect(ignored.body.return_status).toBe('00');
  });
});
