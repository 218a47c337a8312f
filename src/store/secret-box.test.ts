import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMasterKey, SecretBox } from './secret-box.js';

const dir = mkdtempSync(join(tmpdir(), 'polypay-secret-box-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SecretBox', () => {
  const key = Buffer.alloc(32, 1);

  it('round-trips, with a fresh IV each time', () => {
    const box = SecretBox.fromKey(key);
    const sealed = box.encrypt('s3cret ✓');
    expect(sealed).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(sealed).not.toContain('s3cret');
    expect(box.encrypt('s3cret ✓')).not.toBe(sealed);
    expect(box.decrypt(sealed)).toBe('s3cret ✓');
    expect(box.decrypt(box.encrypt(''))).toBe('');
  });

  it('refuses to decrypt under a wrong key, with a clear error', () => {
    const sealed = SecretBox.fromKey(key).encrypt('hello');
    expect(() => SecretBox.fromKey(Buffer.alloc(32, 2)).decrypt(sealed)).toThrow(/wrong master key/);
  });

  it('refuses tampered, truncated and unversioned values', () => {
    const box = SecretBox.fromKey(key);
    const sealed = box.encrypt('hello');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(() => box.decrypt(`v1:${raw.toString('base64')}`)).toThrow(/or corrupted data/);
    expect(() => box.decrypt('v1:AAAA')).toThrow(/truncated/);
    expect(() => box.decrypt('hello')).toThrow(/not a v1 sealed value/);
  });

  it('loads the key from POLYPAY_MASTER_KEY as hex or base64', () => {
    const sealed = SecretBox.fromKey(key).encrypt('x');
    const hex = SecretBox.load({
      env: { POLYPAY_MASTER_KEY: key.toString('hex') },
      keyFile: join(dir, 'none'),
    });
    const b64 = SecretBox.load({
      env: { POLYPAY_MASTER_KEY: key.toString('base64') },
      keyFile: join(dir, 'none'),
    });
    expect(hex.decrypt(sealed)).toBe('x');
    expect(b64.decrypt(sealed)).toBe('x');
    expect(() => SecretBox.load({ env: { POLYPAY_MASTER_KEY: 'short' } })).toThrow(
      /POLYPAY_MASTER_KEY must be a 32-byte key/,
    );
    expect(() => parseMasterKey(Buffer.alloc(16).toString('base64'), 'k')).toThrow(/32-byte/);
  });

  it('creates the key file once (mode 0600) and reuses it', () => {
    const file = join(dir, 'nested', 'master.key');
    const first = SecretBox.load({ env: {}, keyFile: file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const sealed = first.encrypt('kept');
    const content = readFileSync(file, 'utf8');
    const second = SecretBox.load({ env: {}, keyFile: file });
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(second.decrypt(sealed)).toBe('kept');
  });
});
