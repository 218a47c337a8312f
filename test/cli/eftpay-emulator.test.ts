import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { mountEmulators } from '../../src/channels/emulators.js';
import { HandVmp } from '../helpers/vmp-hand.js';

/** `polypay emulator eftpay` alone, and the same emulator mounted in a Fastify app under a prefix. */

const TSX_LOADER = pathToFileURL(join(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs')).href;
const CLI = ['--import', TSX_LOADER, join(import.meta.dirname, '../../src/cli/main.ts')];

let child: ChildProcess | undefined;
afterAll(() => {
  if (child?.pid !== undefined && child.exitCode === null) child.kill('SIGTERM');
});

function firstLine(process: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    process.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const end = buffered.indexOf('\n');
      if (end >= 0) resolve(buffered.slice(0, end));
    });
    process.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
}

describe('polypay emulator eftpay', () => {
  it('prints base_url and the credentials as EFTPay names them first, and they work', async () => {
    child = spawn(process.execPath, [...CLI, 'emulator', 'eftpay', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const line = JSON.parse(await firstLine(child)) as Record<string, string>;
    expect(Object.keys(line).sort()).toEqual(['base_url', 'secret_code', 'user_confirm_key']);
    expect(line.user_confirm_key).toHaveLength(12);
    const vmp = new HandVmp(line.base_url!, line.user_confirm_key!, line.secret_code!, Date.now);
    const answer = await vmp.qrOrder('CLI-1', '9.90');
    expect(answer.json).toMatchObject({ return_status: '00', trade_status: 'TRADE_PROCESSING' });
  });

  it('serves under a prefix when mounted in the gateway, QR codes included', async () => {
    const app = Fastify();
    const mounted = await mountEmulators(app, { providers: ['eftpay'] });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/_emulators/eftpay`;
      const creds = mounted.get('eftpay')!.credentials();
      const vmp = new HandVmp(base, creds.user_confirm_key!, creds.secret_code!, Date.now);
      const order = (await vmp.qrOrder('MOUNT-1')).json;
      expect(order.qr_code).toBe(`${base}/_emulator/buyer/${order.eft_trade_no}`);
      expect((await vmp.buyerPays(order.eft_trade_no!)).json.trade_status).toBe('TRADE_SUCCESS');
    } finally {
      await app.close();
    }
  });
});
