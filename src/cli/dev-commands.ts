import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { EXIT } from './exit-codes.js';

/** What `trigger` and `listen` need to reach a running polypay as an app. */
interface ApiOptions {
  apiKey?: string;
  baseUrl?: string;
}

class ApiFailure extends Error {}

function client(options: ApiOptions) {
  const apiKey = options.apiKey ?? process.env.POLYPAY_API_KEY;
  if (!apiKey) {
    process.stderr.write('polypay: give --api-key or POLYPAY_API_KEY (an sk_test_ key)\n');
    process.exit(EXIT.usage);
  }
  const baseUrl = (options.baseUrl ?? process.env.POLYPAY_BASE_URL ?? 'http://127.0.0.1:8080').replace(
    /\/+$/,
    '',
  );
  return async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const parsed = (await response.json()) as {
      code: unknown;
      message?: string;
      data?: T;
      request_id?: string;
    };
    if (parsed.code !== 0) {
      throw new ApiFailure(
        `${String(parsed.code)}: ${parsed.message ?? ''} (${parsed.request_id ?? 'no request id'})`,
      );
    }
    return parsed.data as T;
  };
}

const barcodeCharge = (authCode: string) => ({
  out_trade_no: `trigger_${randomBytes(6).toString('hex')}`,
  amount: 1000,
  currency: 'CNY',
  subject: 'polypay trigger',
  payway: 'alipay',
  sub_payway: 'barcode',
  auth_code: authCode,
});

type Call = ReturnType<typeof client>;
type Charge = { id: string; status: string };

/** Each event `trigger` can cause, and the sandbox calls that cause it. */
const TRIGGERS: Record<string, (call: Call) => Promise<Record<string, string>>> = {
  'charge.succeeded': async (call) => {
    const charge = await call<Charge>('POST', '/v1/charges', barcodeCharge('280000000000000000'));
    return { charge: charge.id };
  },
  'charge.failed': async (call) => {
    try {
      await call<Charge>('POST', '/v1/charges', barcodeCharge('280000000000000001'));
    } catch (error) {
      if (error instanceof ApiFailure && error.message.startsWith('insufficient_fund'))
        return { declined: 'insufficient_fund' };
      throw error;
    }
    throw new ApiFailure('the sandbox did not decline the charge');
  },
  'charge.canceled': async (call) => {
    const charge = await call<Charge>('POST', '/v1/charges', barcodeCharge('280000000000000000'));
    await call<Charge>('POST', `/v1/charges/${charge.id}/cancel`);
    return { charge: charge.id };
  },
  'refund.succeeded': async (call) => {
    const charge = await call<Charge>('POST', '/v1/charges', barcodeCharge('280000000000000000'));
    const refund = await call<{ id: string }>('POST', `/v1/charges/${charge.id}/refunds`, {
      refund_no: `trigger_${randomBytes(6).toString('hex')}`,
      amount: 1000,
    });
    return { charge: charge.id, refund: refund.id };
  },
  'charge.settled': async (call) => {
    const charge = await call<Charge>('POST', '/v1/charges', barcodeCharge('280000000000000000'));
    await call('POST', '/v1/test/settlement');
    return { charge: charge.id };
  },
};

/** `Polypay-Signature` for a body, as polypay signs webhooks. */
function sign(body: string, secret: string): string {
  const t = Math.floor(Date.now() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/** stripe-cli's `trigger` and `listen`, against a running polypay in test mode. */
export function registerDevCommands(program: Command): void {
  program
    .command('trigger <event>')
    .description(`cause a test-mode event through the sandbox: ${Object.keys(TRIGGERS).join(', ')}`)
    .option('--api-key <key>', 'an sk_test_ key (env POLYPAY_API_KEY)')
    .option('--base-url <url>', 'where polypay runs (env POLYPAY_BASE_URL, default http://127.0.0.1:8080)')
    .action(async (event: string, options: ApiOptions) => {
      const trigger = TRIGGERS[event];
      if (!trigger) {
        process.stderr.write(
          `polypay: cannot trigger ${event}; one of: ${Object.keys(TRIGGERS).join(', ')}\n`,
        );
        process.exit(EXIT.usage);
      }
      try {
        process.stdout.write(
          `${JSON.stringify({ triggered: event, ...(await trigger(client(options))) })}\n`,
        );
      } catch (error) {
        if (!(error instanceof ApiFailure)) throw error;
        process.stderr.write(`polypay: ${error.message}\n`);
        process.exitCode = EXIT.failure;
      }
    });

  program
    .command('listen')
    .description('forward the app’s new events to a local URL, signed with a local secret (printed at start)')
    .requiredOption('--forward-to <url>', 'where to POST each event, e.g. http://127.0.0.1:4242/webhooks')
    .option('--api-key <key>', 'an sk_test_ key (env POLYPAY_API_KEY)')
    .option('--base-url <url>', 'where polypay runs (env POLYPAY_BASE_URL, default http://127.0.0.1:8080)')
    .option('--secret <whsec>', 'sign with this secret instead of a new one')
    .option('--interval-ms <ms>', 'how often to look for new events', '1000')
    .action(async (options: ApiOptions & { forwardTo: string; secret?: string; intervalMs: string }) => {
      const call = client(options);
      const secret = options.secret ?? `whsec_${randomBytes(24).toString('hex')}`;
      type Page = { items: { id: string; type: string }[]; has_more: boolean; next_cursor: string | null };
      // Start after the events that exist now: only new ones are forwarded, as stripe listen does.
      let cursor: string | undefined;
      for (;;) {
        const page = await call<Page>(
          'GET',
          `/v1/events?limit=100${cursor ? `&starting_after=${cursor}` : ''}`,
        );
        cursor = page.next_cursor ?? cursor;
        if (!page.has_more) break;
      }
      process.stderr.write(`Ready! Forwarding to ${options.forwardTo}; webhook signing secret: ${secret}\n`);
      for (;;) {
        const page = await call<Page>(
          'GET',
          `/v1/events?limit=100${cursor ? `&starting_after=${cursor}` : ''}`,
        );
        for (const event of page.items) {
          const body = JSON.stringify(event);
          try {
            const response = await fetch(options.forwardTo, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'polypay-signature': sign(body, secret) },
              body,
            });
            process.stdout.write(`--> ${event.type} [${event.id}]  <-- ${response.status}\n`);
          } catch (error) {
            process.stdout.write(
              `--> ${event.type} [${event.id}]  <-- failed: ${(error as Error).message}\n`,
            );
          }
        }
        cursor = page.next_cursor ?? cursor;
        if (!page.has_more)
          await new Promise((resolve) => setTimeout(resolve, Number(options.intervalMs) || 1000));
      }
    });
}
