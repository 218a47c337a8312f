/**
 * Child processes of the benchmark: every one is tracked from spawn to exit, so that a failure or Ctrl-C
 * kills exactly the processes this benchmark started (by pid), and nothing else.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/lib/../..), where `node --import tsx src/cli/main.ts` runs. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const live = new Set<ChildProcess>();

/** Sends SIGKILL to every child still running (used on Ctrl-C and on the overall time limit). */
export function killAllChildren(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  live.clear();
}

/** The last lines a child wrote, for the report when it fails. */
class Tail {
  readonly #lines: string[] = [];
  #partial = '';
  constructor(readonly max = 40) {}
  push(chunk: string): void {
    const parts = (this.#partial + chunk).split('\n');
    this.#partial = parts.pop() ?? '';
    for (const line of parts) {
      this.#lines.push(line);
      if (this.#lines.length > this.max) this.#lines.shift();
    }
  }
  text(): string {
    return [...this.#lines, this.#partial].filter((l) => l !== '').join('\n');
  }
}

export interface Child {
  readonly process: ChildProcess;
  readonly pid: number;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  /** Last lines of stdout and stderr together. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<number | string>;
}

/** Environment for polypay children: only what the benchmark decides, never the caller's database. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...extra };
  for (const name of ['POLYPAY_MASTER_KEY', 'POLYPAY_DATABASE_URL', 'PORT', 'HOST', 'NODE_OPTIONS']) {
    if (!(name in extra)) delete env[name];
  }
  return env;
}

export function spawnNode(args: readonly string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start node ${args.join(' ')}`);
  live.add(child);
  const tail = new Tail();
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => tail.push(chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => tail.push(chunk));
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve(code ?? signal ?? 'unknown');
    });
  });
  const pid = child.pid;
  return {
    process: child,
    pid,
    exited,
    output: () => tail.text(),
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Runs a command to completion and returns its stdout; throws with its output on failure or timeout. */
export async function runNode(args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000) {
  const child = spawnNode(args, env);
  let stdout = '';
  child.process.stdout?.on('data', (chunk: string) => {
    stdout += chunk;
  });
  const timer = setTimeout(() => child.process.kill('SIGKILL'), timeoutMs);
  const code = await child.exited.finally(() => clearTimeout(timer));
  if (code !== 0) throw new Error(`node ${args.join(' ')} exited with ${code}:\n${child.output()}`);
  return stdout;
}

/**
 * Starts a server child and waits for its "listening on http://…" line (port 0 is chosen by the server
 * itself, so there is no race for a free port). Throws with the child's output when it does not start.
 */
export async function startServer(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 30_000,
): Promise<{ child: Child; url: URL }> {
  const child = spawnNode(args, env);
  let seen = '';
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "listening on" line within ${timeoutMs} ms`)),
      timeoutMs,
    );
    // The banner goes to stderr (stdout carries the JSON log); older builds printed it on stdout.
    const look = (chunk: string) => {
      seen += chunk;
      const match = /listening on (http:\/\/[^\s;,)]+)/.exec(seen);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(new URL(match[1]));
      }
    };
    child.process.stdout?.on('data', look);
    child.process.stderr?.on('data', look);
    void child.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening`));
    });
  }).catch(async (error: unknown) => {
    await child.stop(2_000);
    throw new Error(`server ${args.join(' ')} did not start: ${(error as Error).message}\n${child.output()}`);
  });
  return { child, url };
}

let clockTicks: number | undefined;

/** CPU time a process has used so far, in seconds, user and system apart; undefined where /proc is missing. */
export function cpuTimes(pid: number): { user: number; system: number } | undefined {
  try {
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the ")" closing the command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) / clockTicks, system: Number(fields[12]) / clockTicks };
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a process has used so far, in seconds; undefined where /proc is missing. */
export function cpuSeconds(pid: number): number | undefined {
  const times = cpuTimes(pid);
  return times && times.user + times.system;
}

/** CPU time of a process and of its children (the workers of `serve --workers`), user and system apart. */
export function treeCpuTimes(pid: number): { user: number; system: number } | undefined {
  const own = cpuTimes(pid);
  if (own === undefined) return undefined;
  const total = { ...own };
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // ppid is field 4: the second after the ")" closing the command name.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const child = parent === pid ? cpuTimes(Number(entry)) : undefined;
      if (child) {
        total.user += child.user;
        total.system += child.system;
      }
    } catch {
      // The process exited meanwhile.
    }
  }
  return total;
}

/**
 * CPU time (user + system, seconds) of every process on this machine whose command is `name` (e.g. the
 * `postgres` server and its backends); undefined where /proc is missing. Only meaningful when that
 * server runs here and nothing but the benchmark uses it.
 */
export function commandCpuSeconds(name: string): number | undefined {
  let total: number | undefined;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== name) continue;
        const times = cpuTimes(Number(entry));
        if (times) total = (total ?? 0) + times.user + times.system;
      } catch {
        // The process exited meanwhile.
      }
    }
  } catch {
    return undefined;
  }
  return total;
}

/** CPU time of a process and of its children (the workers of `serve --workers`), in seconds. */
export function treeCpuSeconds(pid: number): number | undefined {
  const times = treeCpuTimes(pid);
  return times && times.user + times.system;
}

/** Kernel-side counters of a process and its children: what batching saves shows up here. */
export interface KernelCounters {
  /** read- and write-family system calls (recv, send, pread, pwrite… as /proc/<pid>/io counts them). */
  readonly ioCalls: number;
  /** Bytes handed to write-family system calls (sockets and files). */
  readonly bytesWritten: number;
  /** Context switches of every thread, voluntary (waits) and not (preempted). */
  readonly contextSwitches: number;
}

function ownKernelCounters(pid: number): KernelCounters | undefined {
  try {
    const io = readFileSync(`/proc/${pid}/io`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(io)?.[1] ?? 0);
    let contextSwitches = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      try {
        const status = readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8');
        for (const match of status.matchAll(/ctxt_switches:\s+(\d+)/g)) contextSwitches += Number(match[1]);
      } catch {
        // The thread exited meanwhile.
      }
    }
    return { ioCalls: field('syscr') + field('syscw'), bytesWritten: field('wchar'), contextSwitches };
  } catch {
    return undefined;
  }
}

/** KernelCounters of a process and of its children (the workers of `serve --workers`). */
export function treeKernelCounters(pid: number): KernelCounters | undefined {
  const own = ownKernelCounters(pid);
  if (own === undefined) return undefined;
  let { ioCalls, bytesWritten, contextSwitches } = own;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const child = parent === pid ? ownKernelCounters(Number(entry)) : undefined;
      if (child) {
        ioCalls += child.ioCalls;
        bytesWritten += child.bytesWritten;
        contextSwitches += child.contextSwitches;
      }
    } catch {
      // The process exited meanwhile.
    }
  }
  return { ioCalls, bytesWritten, contextSwitches };
}
