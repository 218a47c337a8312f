import { describe, expect, it } from 'vitest';
import { manualClock } from '../../domain/clock.js';
import {
  charge,
  connector,
  context,
  creds,
  DAY,
  emulator,
  http,
  MemoryState,
  server,
  useClientEmulator,
} from './client-harness.js';

/** The connector's terminal: activation, stored state, daily check-in, a rotated key, a disabled terminal. */

useClientEmulator();

describe('the terminal', () => {
  it('activates once, keeps its sn and key in the connector state, and checks in each new day', async () => {
    const state = new MemoryState();
    const clock = manualClock(Date.now());
    const ctx = context({ state, clock });
    const first = connector().create(ctx);
    await first.pay(charge());
    const activated = state.value!;
    expect(activated).toMatchObject({ terminal_sn: expect.any(String), terminal_key: expect.any(String) });
    // Another instance on the same configuration (another process) uses the stored terminal.
    await connector().create(ctx).query(charge());
    expect(state.value!.terminal_key).toBe(activated.terminal_key);
    clock.advance(DAY);
    expect((await first.pay(charge())).bizResult).toBe('PAY_SUCCESS');
    expect(state.value!.terminal_sn).toBe(activated.terminal_sn);
    expect(state.value!.terminal_key).not.toBe(activated.terminal_key);
    expect(state.value!.checkin_day).not.toBe(activated.checkin_day);
  });

  it('two processes on one configuration share one terminal and one check-in a day', async () => {
    const state = new MemoryState();
    const clock = manualClock(Date.now());
    const a = connector().create(context({ state, clock }));
    const b = connector().create(context({ state, clock }));
    await a.query(charge());
    await b.query(charge());
    expect(state.saves).toBe(1);
    clock.advance(DAY);
    expect((await b.pay(charge())).bizResult).toBe('PAY_SUCCESS');
    expect((await a.pay(charge())).bizResult).toBe('PAY_SUCCESS');
    expect(state.saves).toBe(2);
  });

  it('recovers once when the key was rotated under it (a lost check-in answer)', async () => {
    const state = new MemoryState();
    const ch = connector().create(context({ state }));
    await ch.pay(charge());
    const terminal = emulator.upay.terminal(state.value!.terminal_sn!)!;
    emulator.upay.checkin(terminal);
    expect((await ch.pay(charge())).bizResult).toBe('PAY_SUCCESS');
    expect(state.value!.terminal_key).toBe(terminal.key);
  });

  it('an activation code that does not work: the call fails definitely, nothing is sent', async () => {
    const ch = connector().create(context({ credentials: { ...creds, code: '00000000' } }));
    const outcome = await ch.pay(charge());
    expect(outcome).toMatchObject({
      bizResult: 'PAY_FAIL',
      flowStatus: 'FAIL_CANCELED',
      error: {
        code: 'channel_parameter_error',
        channelError: { code: 'INVALID_PARAMS', message: '激活码不存在' },
      },
    });
  });

  it('a terminal disabled in the back office: terminal_not_activated', async () => {
    const state = new MemoryState();
    const ch = connector().create(context({ state }));
    await ch.query(charge());
    await http.send(server.url, {
      path: `/_emulator/terminals/${state.value!.terminal_sn}/disable`,
      body: '{}',
    });
    expect(await ch.pay(charge())).toMatchObject({
      bizResult: 'PAY_FAIL',
      error: { code: 'terminal_not_activated', channelError: { code: 'UPAY_TERMINAL_STATUS_ABNORMAL' } },
    });
  });
});
