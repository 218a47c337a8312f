import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The shell examples of the README and docs/ are meant to be pasted: every ```sh block must parse in
 * a POSIX shell (`sh -n`, which is dash on Debian), so no bash arrays or `[[`; a block that needs bash
 * says ```bash. Every fence names its language, so that no shell hides in an unmarked block.
 */

const FILES = [
  'README.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

interface Block {
  readonly file: string;
  readonly line: number;
  readonly lang: string;
  readonly body: string;
}

function blocksOf(file: string): Block[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks: Block[] = [];
  let open: { line: number; lang: string; body: string[] } | undefined;
  lines.forEach((text, index) => {
    const fence = /^```(.*)$/.exec(text);
    if (!fence) {
      open?.body.push(text);
      return;
    }
    if (open) {
      blocks.push({ file, line: open.line, lang: open.lang, body: `${open.body.join('\n')}\n` });
      open = undefined;
    } else {
      open = { line: index + 1, lang: (fence[1] ?? '').trim(), body: [] };
    }
  });
  expect(open, `${file}: a fence opened at line ${open?.line} is never closed`).toBeUndefined();
  return blocks;
}

const blocks = FILES.flatMap(blocksOf);
const shell = blocks.filter((b) => b.lang === 'sh');

describe('shell blocks of the README and docs/', () => {
  it('finds the shell examples', () => {
    expect(shell.filter((b) => b.file === 'README.md').length).toBeGreaterThanOrEqual(4);
  });

  it('marks every fenced block with its language', () => {
    expect(blocks.filter((b) => b.lang === '').map((b) => `${b.file}:${b.line}`)).toEqual([]);
  });

  it.each(shell.map((b) => [`${b.file}:${b.line}`, b] as const))('%s parses under sh -n', (_where, block) => {
    const parsed = spawnSync('sh', ['-n'], { input: block.body, encoding: 'utf8' });
    expect(parsed.stderr).toBe('');
    expect(parsed.status).toBe(0);
  });

  it('sh -n does refuse bash-only syntax (the check can fail)', () => {
    const parsed = spawnSync('sh', ['-n'], { input: 'H=(-H "a: b")\ncurl -s "$H"\n', encoding: 'utf8' });
    expect(parsed.status).not.toBe(0);
  });
});
