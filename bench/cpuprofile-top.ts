/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`, e.g. `BENCH_PROFILE_DIR=/tmp/prof npm run
 * bench:charges`): the functions with the most self time, the files and packages they are in, and the
 * functions with the most total (inclusive) time.
 *
 * Usage: npx tsx bench/cpuprofile-top.ts <file.cpuprofile> [rows=25] [--per-request N]
 *   --per-request N divides the times by N requests (µs per request).
 *   --last S keeps the last S seconds of samples only (the measured load, without start-up and warm-up).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
if (!file) {
  console.error('usage: tsx bench/cpuprofile-top.ts <file.cpuprofile> [rows] [--per-request N]');
  process.exit(2);
}
const rows = Number(
  args.find((a) => /^\d+$/.test(a) && !['--per-request', '--last'].includes(args[args.indexOf(a) - 1]!)) ??
    25,
);
const perRequestAt = args.indexOf('--per-request');
const perRequest = perRequestAt >= 0 ? Number(args[perRequestAt + 1]) : undefined;
const lastAt = args.indexOf('--last');
const lastSeconds = lastAt >= 0 ? Number(args[lastAt + 1]) : undefined;

const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

// Self time per node, from the samples and their time deltas (µs).
const self = new Map<number, number>();
const from = lastSeconds !== undefined ? profile.endTime - lastSeconds * 1e6 : -Infinity;
let at = profile.startTime;
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i] ?? 0;
  if (at < from) return;
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);

function shortUrl(url: string): string {
  if (url === '') return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1);
  return url.replace(/^file:\/\//, '');
}

function packageOf(url: string): string {
  if (url === '') return '(native / idle / GC)';
  if (url.startsWith('node:')) return 'node core';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  const src = url.indexOf('/src/');
  if (src >= 0)
    return url
      .slice(src + 1)
      .split('/')
      .slice(0, 2)
      .join('/');
  return url;
}

const label = (node: ProfileNode) =>
  `${node.callFrame.functionName || '(anonymous)'} ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;

function add(map: Map<string, number>, key: string, value: number) {
  map.set(key, (map.get(key) ?? 0) + value);
}

const selfByFunction = new Map<string, number>();
const selfByPackage = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, time] of self) {
  const node = byId.get(id)!;
  add(selfByFunction, label(node), time);
  add(selfByPackage, packageOf(node.callFrame.url), time);
  // Inclusive: every distinct frame on the stack gets the sample once.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const key = label(byId.get(at)!);
    if (!seen.has(key)) {
      seen.add(key);
      add(inclusive, key, time);
    }
  }
}

const fmt = (us: number) => {
  const share = `${((us / total) * 100).toFixed(1).padStart(5)} %`;
  return perRequest ? `${share} ${(us / perRequest).toFixed(1).padStart(8)} µs/req` : share;
};
function print(title: string, map: Map<string, number>, n: number) {
  console.log(`\n${title}`);
  for (const [key, value] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`  ${fmt(value)}  ${key}`);
  }
}

console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled`);
print('Self time by package / source directory', selfByPackage, rows);
print('Self time by function', selfByFunction, rows);
print('Total (inclusive) time by function', inclusive, rows * 2);
