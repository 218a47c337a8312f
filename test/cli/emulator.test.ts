import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { md5Sign } from '../../src/channels/shouqianba/emulator/hand-client.js';

const TSX_LOADER = pathToFileURL(join(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs')).href;
const CLI = ['--import', TSX_LOADER, join(import.meta.dirname, '../../src/cli/main.ts')];

describe('polypay emulator', () => {
  it('shouqianba --port 0: the first stdout line is JSON with base_url and the credentials', async () => {
    const child = spawn(process.execPath, [...CLI, 'emulator', 'shouqianba', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: child.stdout! });
      const first = await new Promise<string>((resolve) => lines.once('line', resolve));
      const creds = JSON.parse(first) as Record<string, string>;
      expect(Object.keys(creds)).toEqual(
        expect.arrayContaining(['base_url', 'vendor_sn', 'vendor_key', 'app_id', 'code', 'sqb_public_key']),
      );
      const raw = JSON.stringify({ app_id: creds.app_id, code: creds.code, device_id: 'cli' });
      const answer = await request(`${creds.base_url}/terminal/activate`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `${creds.vendor_sn} ${md5Sign(raw, creds.vendor_key!)}`,
        },
        body: raw,
      });
      expect(await answer.body.json()).toMatchObject({ result_code: '200' });
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses an unknown provider', async () => {
    const child = spawn(process.execPath, [...CLI, 'emulator', 'nope'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
  });
});
