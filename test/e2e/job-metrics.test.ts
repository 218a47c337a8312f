/** The job runner's lag and run time per job kind are served on /metrics. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/stores.js';
import { type Sandbox, startSandbox } from './sandbox-harness.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: job metrics`, () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await startSandbox(dialect);
    });
    afterAll(async () => sandbox?.close());

    it('shows how late charge.resolve jobs started and how long they ran', async () => {
      const merchant = await sandbox.merchant();
      await merchant.barcode('10');
      // The first query is due 3 s after the charge; the job runs 7 s late.
      sandbox.clock.advance(10_000);
      await sandbox.api.runtime.jobs.runUntilIdle();
      const metrics = await sandbox.api.request('GET', '/metrics', { key: null });
      expect(metrics.text).toMatch(/polypay_job_lag_seconds_count\{kind="charge.resolve"\} [1-9]/);
      expect(metrics.text).toMatch(/polypay_job_lag_seconds_bucket\{le="5",kind="charge.resolve"\} 0/);
      expect(metrics.text).toMatch(/polypay_job_lag_seconds_bucket\{le="10",kind="charge.resolve"\} [1-9]/);
      expect(metrics.text).toMatch(/polypay_job_run_seconds_count\{kind="charge.resolve",outcome="done"\} 1/);
    });
  });
}
