import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../packages/sdk/src/', import.meta.url));
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/g;

/** Every module `entry` loads at import time (type-only imports load nothing). */
function importGraph(entry: string, seen = new Map<string, string[]>()): Map<string, string[]> {
  if (seen.has(entry)) return seen;
  const text = readFileSync(`${SRC}${entry}`, 'utf8');
  const specifiers: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    if (/^\s*(?:import|export)\s+type\s/.test(match[0].trim())) continue;
    specifiers.push(match[1]!);
  }
  seen.set(entry, specifiers);
  for (const specifier of specifiers) {
    if (specifier.startsWith('./')) importGraph(specifier.slice(2).replace(/\.js$/, '.ts'), seen);
  }
  return seen;
}

describe('@polypay/sdk/browser', () => {
  it('loads no Node module: a browser bundle needs no node:crypto', () => {
    const graph = importGraph('browser.ts');
    const external = [...graph.values()].flat().filter((s) => !s.startsWith('./'));
    expect(external).toEqual([]);
    expect([...graph.keys()].sort()).toEqual(['browser.ts', 'client.ts', 'error.ts', 'resources.ts']);
  });

  it('while the Node entry keeps signing and webhook verification', () => {
    const graph = importGraph('index.ts');
    expect([...graph.values()].flat()).toContain('node:crypto');
  });

  it('signs in with a session: no key, the cookie, and the CSRF header on every request', async () => {
    const { PolypayClient } = await import('../../packages/sdk/src/browser.js');
    const seen: { url: string; init: RequestInit }[] = [];
    const fetch = (async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      return new Response(JSON.stringify({ code: 0, message: 'success', data: { csrf_token: 'tok' } }));
    }) as unknown as typeof globalThis.fetch;
    const client = new PolypayClient({ baseUrl: '', credentials: 'same-origin', fetch });
    const session = await client.sessions.create('sk_test_x');
    client.http.setHeader('x-csrf-token', session.csrf_token);
    await client.charges.cancel('ch_1');
    expect(seen.map((s) => s.url)).toEqual(['/v1/sessions', '/v1/charges/ch_1/cancel']);
    for (const { init } of seen) {
      expect(init.credentials).toBe('same-origin');
      expect(init.headers).not.toHaveProperty('authorization');
    }
    expect(seen[1]!.init.headers).toMatchObject({ 'x-csrf-token': 'tok' });
    expect(() => new PolypayClient({ baseUrl: '' })).toThrow(/apiKey is required/);
    expect(() => new PolypayClient({ apiKey: 'sk', signingSecret: 's' })).toThrow(/Node entry point/);
  });
});
