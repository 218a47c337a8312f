import type { Agreement } from './engine.js';
import type { Buyer } from './world.js';

/**
 * The page a sign link opens: what the buyer is agreeing to (type, scene, limits, how long the link
 * lasts) and two real forms, sign as one of the emulator's buyers or decline. It stands for the Bybit app.
 */

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#121214}
h1{font-size:1.3rem}table{border-collapse:collapse;width:100%}td{padding:.3rem;border-bottom:1px solid #ddd}
button{padding:.5rem 1rem;margin:.5rem .5rem 0 0;font-size:1rem}.sign{background:#f7a600;border:0}
.note{color:#666;font-size:.9rem}</style></head>
<body>${body}</body></html>`;
}

export function signPage(a: Agreement, buyers: readonly Buyer[], limitsText: readonly string[]): string {
  const rows = [
    ['Agreement', a.agreementNo],
    ['Merchant', a.merchantId],
    ['Type', a.agreementType],
    ['Scene', a.sceneCode],
    ['Product', a.productCode],
    ...limitsText.map((text) => ['Limit', text]),
    ['Link expires', new Date(a.signExpireAt).toISOString()],
  ];
  const options = buyers
    .map(
      (b) =>
        `<option value="${escapeHtml(b.userId)}">${escapeHtml(b.userId)} — ${escapeHtml(b.name)}</option>`,
    )
    .join('');
  return layout(
    'Bybit Pay — authorise automatic payments',
    `<h1>Authorise automatic payments</h1>
<table>${rows.map(([k, v]) => `<tr><td>${escapeHtml(k!)}</td><td>${escapeHtml(v!)}</td></tr>`).join('')}</table>
<form method="post" action="${escapeHtml(a.signOrderId)}/confirm">
<p><label>Sign in as <select name="user_id">${options}</select></label></p>
<button class="sign" type="submit">Agree and sign</button></form>
<form method="post" action="${escapeHtml(a.signOrderId)}/decline"><button type="submit">Decline</button></form>
<p class="note">Bybit Pay sandbox emulator. The merchant may deduct within the limits above without asking again.</p>`,
  );
}

export function resultPage(title: string, detail: string, returnUrl?: string): string {
  const back =
    returnUrl === undefined ? '' : `<p><a href="${escapeHtml(returnUrl)}">Back to the merchant</a></p>`;
  return layout(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p>${back}`);
}
