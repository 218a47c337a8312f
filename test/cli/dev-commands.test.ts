import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { constructEvent } from '@polypay/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../helpers/api.js';

const run = promisify(execFile);
const TSX_LOADER = pathToFileURL(join(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs')).href;
const CLI = ['--import', TSX_LOADER, join(import.meta.dirname, '../../src/cli/main.ts')];

describe('polypay trigger and polypay listen --forward-to', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('sqlite');
  });
  afterAll(() => api?.close());

  it('listen forwards new events, signed, to a local receiver; trigger causes them', async () => {
    const received: { body: string; signature: string | undefined }[] = [];
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push({ body, signature: request.headers['polypay-signature'] as string | undefined });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const port = (receiver.address() as { port: number }).port;
    const env = { ...process.env, POLYPAY_API_KEY: api.merchant.secret_key, POLYPAY_BASE_URL: api.url };
    const secret = 'whsec_listen_test';
    const listener = spawn(
      process.execPath,
      [
        ...CLI,
        'listen',
        '--forward-to',
        `http://127.0.0.1:${port}/hooks`,
        '--secret',
        secret,
        '--interval-ms',
        '100',
      ],
      { env },
    );
    try {
      let stderr = '';
      await new Promise<void>((resolve, reject) => {
        listener.stderr.on('data', (chunk) => {
          stderr += chunk;
          if (stderr.includes('Ready!')) resolve();
        });
        listener.on('exit', (code) => reject(new Error(`listen exited ${code}: ${stderr}`)));
      });
      expect(stderr).toContain(secret);
      const { stdout } = await run(process.execPath, [...CLI, 'trigger', 'charge.succeeded'], { env });
      const { charge } = JSON.parse(stdout) as { charge: string };
      expect(charge).toMatch(/^ch_/);
      for (let i = 0; i < 600 && !received.some((r) => r.body.includes(charge)); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const forwarded = received.find((r) => r.body.includes(charge))!;
      expect(forwarded).toBeDefined();
      const event = constructEvent<{ type: string }>(forwarded.body, forwarded.signature, secret);
      expect(event.type).toBe('charge.succeeded');
      await expect(
        run(process.execPath, [...CLI, 'trigger', 'nothing.happened'], { env }),
      ).rejects.toMatchObject({ code: 2 });
    } finally {
      listener.kill();
      receiver.close();
    }
  }, 180_000);
});
