import type { Collection } from './engine.js';

/** The buyer's checkout page: a real HTML form that pays or abandons the collection. */
export function checkoutPage(c: Collection, action: string): string {
  const amount = `PHP ${(c.amount / 100).toFixed(2)}`;
  const pending = c.status === 'PENDING';
  const va = c.channelCode === 'BANK_VA' ? '<p>Pay to virtual account shown by your bank.</p>' : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>PayCools checkout</title></head>
<body>
<h1>PayCools checkout</h1>
<p>Order <b>${escapeHtml(c.mchOrderId)}</b> via ${escapeHtml(c.channelCode)}: <b>${amount}</b></p>
${va}
<p>Status: <b id="status">${c.status}</b></p>
${
  pending
    ? `<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="result" value="paid"><button type="submit">Pay ${amount}</button></form>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="result" value="failed"><button type="submit">Cancel</button></form>`
    : ''
}
</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
