import { createVerify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bizOf, handCall } from './hand-client.js';
import { base, creds, pay, term, useWireEmulator } from './wire-harness.js';

/** Payment notifications on the wire: RSA-signed, retried until `success`, mis-signed on request. */

useWireEmulator();

let notifyServer: Server;
let notifyUrl: string;
const received: { body: string; authorization: string | undefined }[] = [];
let notifyAnswers: string[] = [];

beforeAll(async () => {
  notifyServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        authorization: req.headers.authorization,
      });
      res.end(notifyAnswers.shift() ?? 'success');
    });
  });
  await new Promise<void>((resolve) => notifyServer.listen(0, '127.0.0.1', resolve));
  const address = notifyServer.address();
  notifyUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/notify`;
});

afterAll(async () => {
  await new Promise((resolve) => notifyServer.close(resolve));
});

describe('notifications', () => {
  it('POSTs the paid order signed with SHA256withRSA, retrying until the answer is `success`', async () => {
    received.length = 0;
    notifyAnswers = ['not yet'];
    const paid = bizOf(await pay({ notify_url: notifyUrl })).data!;
    await expect.poll(() => received.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    for (const note of received.slice(0, 2)) {
      const valid = createVerify('RSA-SHA256')
        .update(note.body)
        .verify(creds.sqb_public_key!, note.authorization ?? '', 'base64');
      expect(valid).toBe(true);
      expect(JSON.parse(note.body)).toMatchObject({
        sn: paid.sn,
        order_status: 'PAID',
        terminal_sn: term.sn,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toHaveLength(2);
    // The control route lists each attempt with the answer it got.
    const listed = (await (await fetch(`${base}/_emulator/notifications`)).json()) as {
      notifications: {
        sn: string;
        attempt: number;
        status?: number;
        answer?: string;
        badSignature: boolean;
      }[];
    };
    expect(listed.notifications.filter((n) => n.sn === paid.sn)).toMatchObject([
      { attempt: 1, status: 200, answer: 'not yet', badSignature: false },
      { attempt: 2, status: 200, answer: 'success', badSignature: false },
    ]);
  });

  it('signs a notification badly when a bad_signature scenario says so', async () => {
    received.length = 0;
    await handCall(base, '/_emulator/scenarios', { operation: 'notify', fault: 'bad_signature' }, '', '', {
      authorization: null,
    });
    await pay({ notify_url: notifyUrl });
    await expect.poll(() => received.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    const note = received[0]!;
    expect(
      createVerify('RSA-SHA256')
        .update(note.body)
        .verify(creds.sqb_public_key!, note.authorization ?? '', 'base64'),
    ).toBe(false);
    const sn = String(JSON.parse(note.body).sn);
    const listed = (await (await fetch(`${base}/_emulator/notifications`)).json()) as {
      notifications: { sn: string; attempt: number; badSignature: boolean }[];
    };
    expect(listed.notifications.find((n) => n.sn === sn)).toMatchObject({ attempt: 1, badSignature: true });
  });
});
