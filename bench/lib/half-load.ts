/**
 * bench:charges at half the polypay median rate, polypay and the baseline each measured two ways:
 * autocannon's overallRate (bursts at each second's start) and a paced open loop (the latency figure).
 */
import { HEADER, int, ms, report } from './charge-report.js';
import { baselineRun, type ChargeBench, polypayRun } from './charge-runs.js';
import { percentile } from './load.js';
import type { Mode, Run } from './measure.js';

export async function halfLoad(bench: ChargeBench, half: number): Promise<void> {
  console.log(
    `\nAt half the polypay median rate, ${int(half)} requests/s (${bench.connections} connections):`,
  );
  console.log(HEADER);
  const capped: Mode = { kind: 'capped', rate: half };
  const paced: Mode = { kind: 'paced', rate: half };
  const halfRuns = {
    baseCapped: report(await baselineRun(bench, 'baseline  overallRate', capped)),
    polyCapped: report(await polypayRun(bench, 'polypay   overallRate', { kind: 'sqlite' }, capped)),
    basePaced: report(await baselineRun(bench, 'baseline  paced', paced)),
    polyPaced: report(await polypayRun(bench, 'polypay   paced', { kind: 'sqlite' }, paced)),
  };
  const p = (run: Run, q: number) => ms(percentile(run.load.latencies, q));
  console.log(
    `  autocannon overallRate (each connection sends its share in a burst at the start of every second):\n` +
      `    polypay p50 ${p(halfRuns.polyCapped, 0.5)} ms, p99 ${p(halfRuns.polyCapped, 0.99)} ms; baseline p99 ${p(halfRuns.baseCapped, 0.99)} ms`,
  );
  console.log(
    `  paced open loop (evenly spaced, latency from the scheduled send time):\n` +
      `    polypay p50 ${p(halfRuns.polyPaced, 0.5)} ms, p99 ${p(halfRuns.polyPaced, 0.99)} ms; baseline p99 ${p(halfRuns.basePaced, 0.99)} ms`,
  );
}
