import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { charge, connector, context, creds, emulator, queue, useClientEmulator } from './client-harness.js';

/** Payment notifications as the connector checks them: the signature over the raw bytes. */

useClientEmulator();

describe('notifications', () => {
  let notifyServer: Server;
  let notifyUrl: string;
  const received: { raw: Buffer; headers: Record<string, string | string[] | undefined> }[] = [];

  beforeAll(async () => {
    notifyServer = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ raw: Buffer.concat(chunks), headers: req.headers });
        res.end('success');
      });
    });
    await new Promise<void>((resolve) => notifyServer.listen(0, '127.0.0.1', resolve));
    const address = notifyServer.address();
    notifyUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/n`;
  });
  afterAll(async () => {
    await new Promise((resolve) => notifyServer.close(resolve));
  });

  it('checks the signature over the raw bytes; a tampered, badly signed or unreadable one changes nothing', async () => {
    const sqb = connector();
    const ctx = context({ notifyUrl });
    received.length = 0;
    const c = charge();
    const paid = await sqb.create(ctx).pay(c);
    await expect.poll(() => received.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    const note = received[0]!;
    const check = sqb.checkNotification(ctx, note.raw, note.headers);
    expect(check).toMatchObject({
      ok: true,
      channelTradeNo: paid.channelTradeNo,
      chargeId: c.chargeId,
      ack: { status: 200, body: 'success' },
    });
    const tampered = Buffer.from(note.raw.toString('utf8').replace('"PAID"', '"PAID" '));
    expect(sqb.checkNotification(ctx, tampered, note.headers)).toMatchObject({
      ok: false,
      code: 'channel_sign_error',
    });
    expect(sqb.checkNotification(ctx, note.raw, {})).toMatchObject({ ok: false, code: 'channel_sign_error' });
    const noKey = context({ credentials: { ...creds, sqb_public_key: '' } });
    expect(sqb.checkNotification(noKey, note.raw, note.headers)).toMatchObject({
      ok: false,
      code: 'channel_sign_error',
    });
    const garbage = Buffer.from('order=1&status=PAID');
    expect(
      sqb.checkNotification(ctx, garbage, { authorization: emulator.notifier.sign(garbage) }),
    ).toMatchObject({ ok: false, code: 'channel_parse_error' });

    received.length = 0;
    await queue({ operation: 'notify', fault: 'bad_signature' });
    await sqb.create(ctx).pay(charge());
    await expect.poll(() => received.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    expect(sqb.checkNotification(ctx, received[0]!.raw, received[0]!.headers)).toMatchObject({
      ok: false,
      code: 'channel_sign_error',
      ack: { status: 400 },
    });
  });
});
