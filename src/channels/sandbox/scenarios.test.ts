import { describe, expect, it } from 'vitest';
import { BIZ_RESULTS, CHARGE_STATUSES, FLOW_STATUSES } from '../../domain/statuses.js';
import { isUnifiedCode, lookupUpstream } from '../../errors/lookup.js';
import { REFUND_SCENARIOS, refundScenario } from './refund-scenarios.js';
import {
  type Answer,
  answerAt,
  BARCODE_SCENARIOS,
  BORROWED_ERRORS,
  barcodeScenario,
  DEFAULT_BARCODE_SCENARIO,
  resolveSandboxError,
  SANDBOX_OWN_ERRORS,
  type SandboxErrorRef,
  type Timeline,
} from './scenarios.js';

function timelines(): Timeline<unknown>[] {
  return [
    ...BARCODE_SCENARIOS.flatMap((s) => [
      s.query,
      ...(s.cancel ? [s.cancel] : []),
      ...(s.truth ? [s.truth] : []),
    ]),
    ...REFUND_SCENARIOS.map((s) => s.query),
  ];
}

function answers(): Answer[] {
  return [
    ...BARCODE_SCENARIOS.flatMap((s) =>
      [s.pay, ...s.query, ...(s.cancel ?? [])].map((a) => ('answer' in a ? a.answer : a)),
    ),
    ...REFUND_SCENARIOS.flatMap((s) => [s.refund, ...s.query.map((step) => step.answer)]),
  ];
}

function errorRefs(): SandboxErrorRef[] {
  const refs: SandboxErrorRef[] = [...Object.values(SANDBOX_OWN_ERRORS), ...Object.values(BORROWED_ERRORS)];
  for (const answer of answers()) if (answer.kind === 'outcome' && answer.error) refs.push(answer.error);
  for (const scenario of BARCODE_SCENARIOS) if (scenario.refundRefusal) refs.push(scenario.refundRefusal);
  return refs;
}

describe('scenario tables', () => {
  it('NNs and refund amounts are unique and well formed', () => {
    const nns = BARCODE_SCENARIOS.map((s) => s.nn);
    expect(new Set(nns).size).toBe(nns.length);
    for (const nn of nns) expect(nn).toMatch(/^\d\d$/);
    const amounts = REFUND_SCENARIOS.map((s) => s.amount);
    expect(new Set(amounts).size).toBe(amounts.length);
  });

  it('every timeline starts at 0 and moves forward', () => {
    for (const timeline of timelines()) {
      expect(timeline[0]?.fromMs).toBe(0);
      for (let i = 1; i < timeline.length; i++)
        expect(timeline[i]!.fromMs).toBeGreaterThan(timeline[i - 1]!.fromMs);
    }
  });

  it('every answer uses the status vocabularies', () => {
    for (const answer of answers()) {
      expect(FLOW_STATUSES).toContain(answer.flowStatus);
      if (answer.kind === 'outcome') {
        expect(BIZ_RESULTS).toContain(answer.bizResult);
        if (answer.orderStatus !== undefined) expect(CHARGE_STATUSES).toContain(answer.orderStatus);
      }
    }
  });

  it('every upstream code resolves through the code maps to a unified code, under provider sandbox', () => {
    for (const ref of errorRefs()) {
      const resolved = resolveSandboxError(ref);
      expect(isUnifiedCode(resolved.code), `${ref.provider}:${ref.code}`).toBe(true);
      expect(resolved.channelError.provider).toBe('sandbox');
      expect(resolved.channelError.code).toBe(ref.code);
      if (ref.provider !== 'sandbox') {
        expect(resolved.channelError.message).toBe(lookupUpstream(ref.provider, ref.code)?.upstream.message);
      }
    }
  });

  it('an unknown upstream code degrades to channel_unexpected_error', () => {
    expect(resolveSandboxError({ provider: 'shouqianba', code: 'NOPE' }).code).toBe(
      'channel_unexpected_error',
    );
  });

  it('picks the step in force', () => {
    const timeline = [
      { fromMs: 0, answer: 'a' },
      { fromMs: 10, answer: 'b' },
    ];
    expect([
      answerAt(timeline, 0),
      answerAt(timeline, 9),
      answerAt(timeline, 10),
      answerAt(timeline, 1e9),
    ]).toEqual(['a', 'a', 'b', 'b']);
    expect(() => answerAt([], 0)).toThrow(RangeError);
  });

  it('falls back to success for unknown selectors', () => {
    expect(barcodeScenario(undefined)).toBe(DEFAULT_BARCODE_SCENARIO);
    expect(barcodeScenario('99')).toBe(DEFAULT_BARCODE_SCENARIO);
    expect(refundScenario(1).refund).toMatchObject({ bizResult: 'REFUND_SUCCESS' });
  });
});
