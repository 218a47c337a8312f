/**
 * One measured run of bench:charges: how the load is sent, what a run records, and the measuring itself
 * (warm-up, then the load with the server's, the database's and our own CPU time around it).
 */
import type { Check } from './durability.js';
import { type AnswerLog, type ChargeRequests, closedLoop, type LoadResult, pacedLoop } from './load.js';
import {
  type Child,
  commandCpuSeconds,
  type KernelCounters,
  treeCpuTimes,
  treeKernelCounters,
} from './processes.js';

export type Mode =
  | { readonly kind: 'closed' }
  /** autocannon's overallRate: at most `rate` requests a second, sent in a burst at each second's start. */
  | { readonly kind: 'capped'; readonly rate: number }
  /** Evenly spaced requests, open loop. */
  | { readonly kind: 'paced'; readonly rate: number };

export interface Run {
  readonly label: string;
  readonly target: 'baseline' | 'polypay';
  readonly mode: Mode;
  readonly load: LoadResult;
  /** Server CPU during the measured load, in seconds; undefined without /proc. */
  readonly serverCpu: number | undefined;
  /** Of which in the kernel (system time: syscalls, fsync, network). */
  readonly serverSystemCpu?: number | undefined;
  /**
   * PostgreSQL runs: CPU of the local PostgreSQL server's processes during the measured load, in seconds
   * (its backends, WAL writer, checkpointer…; undefined when it does not run on this machine).
   */
  readonly databaseCpu?: number | undefined;
  /** The server's kernel counters over the measured load (polypay runs). */
  readonly kernel?: KernelCounters | undefined;
  /** SQLite: units of work per group commit over the server's life (warm-up and jobs included). */
  readonly unitsPerCommit?: number;
  readonly loadgenCpu: number;
  readonly check?: Check;
  /** Statements the server sent per request it was given (start-up and jobs included). */
  readonly statementsPerRequest?: number;
  readonly failures: readonly string[];
}

export function rateOf(run: Run): number {
  return run.load.ok / run.load.seconds;
}

export function loadFailures(load: LoadResult): string[] {
  const failures: string[] = [];
  const non2xx = Object.values(load.non2xx).reduce((a, b) => a + b, 0);
  if (non2xx > 0) failures.push(`${non2xx} non-2xx answers: ${JSON.stringify(load.non2xx)}`);
  if (load.errors > 0) failures.push(`${load.errors} connection errors or timeouts`);
  if (load.responses === 0) failures.push('no answers at all');
  return failures;
}

/** The shape of every run's load. */
export interface LoadSettings {
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly seconds: number;
}

/** Warm-up then measured load on the same connections, with the server's and our own CPU time around it. */
export async function measure(
  settings: LoadSettings,
  child: Child,
  url: URL,
  mode: Mode,
  requests: ChargeRequests,
  log: AnswerLog,
  database?: string,
) {
  let serverBefore: { user: number; system: number } | undefined;
  let databaseBefore: number | undefined;
  let kernelBefore: KernelCounters | undefined;
  let ownBefore: NodeJS.CpuUsage | undefined;
  const options = {
    url,
    connections: settings.connections,
    warmupSeconds: settings.warmupSeconds,
    seconds: settings.seconds,
    requests,
    log,
    onMeasureStart: () => {
      serverBefore = treeCpuTimes(child.pid);
      databaseBefore = database ? commandCpuSeconds(database) : undefined;
      kernelBefore = treeKernelCounters(child.pid);
      ownBefore = process.cpuUsage();
    },
  };
  const load =
    mode.kind === 'paced'
      ? await pacedLoop({ ...options, rate: mode.rate })
      : await closedLoop(mode.kind === 'capped' ? { ...options, overallRate: mode.rate } : options);
  const own = process.cpuUsage(ownBefore);
  const serverAfter = treeCpuTimes(child.pid);
  const databaseAfter = database ? commandCpuSeconds(database) : undefined;
  const kernelAfter = treeKernelCounters(child.pid);
  const spent = serverBefore &&
    serverAfter && {
      user: serverAfter.user - serverBefore.user,
      system: serverAfter.system - serverBefore.system,
    };
  return {
    load,
    serverCpu: spent && spent.user + spent.system,
    serverSystemCpu: spent?.system,
    databaseCpu:
      databaseBefore !== undefined && databaseAfter !== undefined
        ? databaseAfter - databaseBefore
        : undefined,
    kernel: kernelBefore &&
      kernelAfter && {
        ioCalls: kernelAfter.ioCalls - kernelBefore.ioCalls,
        bytesWritten: kernelAfter.bytesWritten - kernelBefore.bytesWritten,
        contextSwitches: kernelAfter.contextSwitches - kernelBefore.contextSwitches,
      },
    loadgenCpu: (own.user + own.system) / 1e6,
  };
}
