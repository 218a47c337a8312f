import { describe, expect, it } from 'vitest';
import {
  addressAllowed,
  classifyAddress,
  literalAddress,
  pinnedLookup,
  STRICT_TARGET_POLICY,
} from './target-policy.js';

const PERMISSIVE = { allowPrivateInTestMode: true };

describe('webhook target policy', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['2606:4700::1111', 'public'],
    ['127.0.0.1', 'private'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['::1', 'private'],
    ['fc00::1', 'private'],
    ['::ffff:127.0.0.1', 'private'],
    ['::ffff:7f00:1', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['169.254.169.254', 'forbidden'],
    ['fe80::1', 'forbidden'],
    ['0.0.0.0', 'forbidden'],
    ['::', 'forbidden'],
    ['224.0.0.1', 'forbidden'],
    ['255.255.255.255', 'forbidden'],
    ['192.0.2.1', 'forbidden'],
    ['2001:db8::1', 'forbidden'],
    ['64:ff9b::7f00:1', 'forbidden'],
    ['2002:7f00:1::', 'forbidden'],
    ['::ffff:169.254.169.254', 'forbidden'],
    ['not an address', 'forbidden'],
  ])('classifies %s as %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it('allows private addresses only to test-mode apps, and only when the operator says so', () => {
    expect(addressAllowed('127.0.0.1', 'test', STRICT_TARGET_POLICY)).toBe(false);
    expect(addressAllowed('127.0.0.1', 'test', PERMISSIVE)).toBe(true);
    expect(addressAllowed('127.0.0.1', 'live', PERMISSIVE)).toBe(false);
    expect(addressAllowed('169.254.169.254', 'test', PERMISSIVE)).toBe(false);
    expect(addressAllowed('8.8.8.8', 'live', STRICT_TARGET_POLICY)).toBe(true);
  });

  it('reads addresses written as URL hosts, in every spelling the URL parser accepts', () => {
    expect(literalAddress(new URL('https://2130706433/').hostname)).toBe('127.0.0.1');
    expect(literalAddress(new URL('http://0x7f.1/').hostname)).toBe('127.0.0.1');
    expect(literalAddress(new URL('http://[::ffff:127.0.0.1]/').hostname)).toBe('::ffff:7f00:1');
    expect(literalAddress(new URL('https://hooks.example.com/').hostname)).toBeUndefined();
  });

  it('resolves names at connect time, refuses any bad answer, and pins the checked address', async () => {
    const lookup = (answers: string[]) =>
      pinnedLookup('live', STRICT_TARGET_POLICY, async () =>
        answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );
    const run = (answers: string[], all: boolean) =>
      new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((resolve) =>
        lookup(answers)('hooks.example.com', { all }, (error, address) => resolve({ error, address })),
      );
    expect(await run(['93.184.216.34', '93.184.216.35'], true)).toEqual({
      error: null,
      address: [{ address: '93.184.216.34', family: 4 }],
    });
    expect(await run(['93.184.216.34'], false)).toEqual({ error: null, address: '93.184.216.34' });
    // A name that answers one public and one private address (rebinding) is refused outright.
    const rebinding = await run(['93.184.216.34', '127.0.0.1'], true);
    expect(rebinding.error?.code).toBe('POLYPAY_BLOCKED_TARGET');
    expect((await run(['::ffff:127.0.0.1'], true)).error?.code).toBe('POLYPAY_BLOCKED_TARGET');
    expect((await run([], true)).error?.code).toBe('POLYPAY_BLOCKED_TARGET');
  });
});
