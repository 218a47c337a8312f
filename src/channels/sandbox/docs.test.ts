import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { magicBarcode } from './barcode.js';
import { REFUND_SCENARIOS } from './refund-scenarios.js';
import { SANDBOX_AGREEMENT_MAGIC } from './sandbox-agreements.js';
import { BARCODE_SCENARIOS, SANDBOX_OPERATIONS } from './scenarios.js';

const DOC = readFileSync(new URL('../../../docs/sandbox.md', import.meta.url), 'utf8');
const rows = DOC.split('\n').filter((line) => line.startsWith('| '));

describe('docs/sandbox.md', () => {
  it.each(BARCODE_SCENARIOS.map((scenario) => scenario.nn))('has a row for magic barcode NN=%s', (nn) => {
    expect(rows.some((row) => row.startsWith(`| \`${magicBarcode(nn)}\` |`))).toBe(true);
  });

  it.each(REFUND_SCENARIOS.map((scenario) => scenario.amount))('has a row for refund amount %i', (amount) => {
    expect(rows.some((row) => row.startsWith(`| ${amount} |`))).toBe(true);
  });

  it('lists no magic barcode that the sandbox does not know', () => {
    const documented = [...DOC.matchAll(/`2800000000000000(\d\d)`/g)].map((match) => match[1]);
    expect(new Set(documented)).toEqual(new Set(BARCODE_SCENARIOS.map((scenario) => scenario.nn)));
  });

  it('names every injectable operation', () => {
    for (const operation of SANDBOX_OPERATIONS) expect(DOC).toContain(`\`${operation}\``);
  });
});

describe('docs/sandbox.md on agreements', () => {
  it.each(SANDBOX_AGREEMENT_MAGIC)('documents the magic ending %s', (magic) => {
    const section = DOC.slice(DOC.indexOf('## Agreements'));
    expect(section).toContain(`| \`${magic}\` |`);
  });
});
