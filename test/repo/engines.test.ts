import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// npm prints EBADENGINE for every locked package whose `engines.node` excludes the running Node.
// The project promises a clean install on Node 20, so every package in the lock file must admit it.
// (cookie and content-disposition are pinned by `overrides` in package.json for that reason.)

type Version = [number, number, number];

function parseVersion(text: string): { v: Version; parts: number } {
  const bits = text.replace(/^v/, '').split('.');
  const nums = bits.filter((b) => /^\d+$/.test(b)).map(Number);
  return { v: [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0], parts: nums.length };
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** Whether one comparator (">=20.18.1", "^20.0.0", "20.x", "14", "*") admits `node`. */
function admits(comparator: string, node: Version): boolean {
  const m = /^(>=|<=|>|<|\^|~|=)?\s*(.*)$/.exec(comparator.trim());
  const op = m?.[1] ?? '';
  const rest = (m?.[2] ?? '').replace(/\.[x*]/g, '');
  if (rest === '' || rest === '*' || rest === 'x') return true;
  const { v, parts } = parseVersion(rest);
  const c = compare(node, v);
  switch (op) {
    case '>=':
      return c >= 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '<':
      return c < 0;
    case '^':
      return c >= 0 && (v[0] > 0 ? node[0] === v[0] : node[0] === 0 && node[1] === v[1]);
    case '~':
      return c >= 0 && node[0] === v[0] && node[1] === v[1];
    default:
      // A bare or partial version ("20", "20.x", "1.2") matches everything it names.
      return node.slice(0, parts).every((n, i) => n === v[i]);
  }
}

function satisfies(range: string, node: Version): boolean {
  return range.split('||').some((set) =>
    set
      .trim()
      .replace(/(>=|<=|>|<|\^|~|=)\s+/g, '$1')
      .split(/\s+/)
      .every((c) => admits(c, node)),
  );
}

describe('a clean install on Node 20', () => {
  it('reads engine ranges the way npm does', () => {
    const n20: Version = [20, 20, 2];
    expect(satisfies('>=20.18.1', n20)).toBe(true);
    expect(satisfies('>=22', n20)).toBe(false);
    expect(satisfies('^20.19.0 || >=22.12.0', n20)).toBe(true);
    expect(satisfies('^22.18.0 || >=24', n20)).toBe(false);
    expect(satisfies('20.x || 22.x', n20)).toBe(true);
    expect(satisfies('18 || 20 || >=22', n20)).toBe(true);
    expect(satisfies('>=16 || 14 >=14.17', n20)).toBe(true);
    expect(satisfies('>= 10.x', n20)).toBe(true);
    expect(satisfies('^8.16.0 || ^10.6.0 || >=11.0.0', n20)).toBe(true);
  });

  // Runtime packages must admit the lowest Node the project declares (package.json `engines`);
  // build and test tools (vite needs ^20.19) must admit the Node running the tests.
  it('locks no package whose engines exclude Node 20', () => {
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, { dev?: boolean; engines?: { node?: string } | string[] }>;
    };
    const running = parseVersion(process.versions.node).v;
    const lowest = parseVersion('20.18.1').v;
    const excluded: string[] = [];
    for (const [path, pkg] of Object.entries(lock.packages)) {
      const node = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
      if (!node) continue;
      if (!satisfies(node, running) || (!pkg.dev && !satisfies(node, lowest))) {
        excluded.push(`${path} (${node})`);
      }
    }
    expect(excluded).toEqual([]);
  });
});
