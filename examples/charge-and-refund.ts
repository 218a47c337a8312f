// Charge a buyer's barcode, refund part of it, and page through recent charges.
// Run: POLYPAY_API_KEY=sk_test_… POLYPAY_BASE_URL=http://127.0.0.1:3000 npx tsx examples/charge-and-refund.ts
import { randomUUID } from 'node:crypto';
import { Polypay, PolypayError } from '@polypay/sdk';

const polypay = new Polypay({
  apiKey: process.env.POLYPAY_API_KEY ?? '',
  baseUrl: process.env.POLYPAY_BASE_URL ?? 'http://127.0.0.1:3000',
});

try {
  const charge = await polypay.charges.create({
    out_trade_no: `order_${randomUUID().slice(0, 8)}`,
    amount: 1200, // ¥12.00, in fen
    currency: 'CNY',
    subject: 'Coffee',
    payway: 'alipay',
    sub_payway: 'barcode',
    auth_code: '280000000000000000', // the sandbox's "pays" barcode
  });
  console.log(`charge ${charge.id} ${charge.status}`);

  const refund = await polypay.refunds.create(charge.id, { refund_no: `refund_${charge.id}`, amount: 300 });
  console.log(`refund ${refund.id} ${refund.status}`);

  let n = 0;
  for await (const recent of polypay.charges.list({ limit: 10 })) {
    if (++n > 3) break;
    console.log(`recent ${recent.id} ${recent.amount} ${recent.status}`);
  }
} catch (error) {
  if (!(error instanceof PolypayError)) throw error;
  console.error(`${error.code} (${error.request_id}): ${error.message}; next: ${error.next_action}`);
  process.exitCode = 1;
}
