// Module hooks: each resolved URL is appended as a line to the file named by POLYPAY_MODULE_TRACE.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (process.env.POLYPAY_MODULE_TRACE) appendFileSync(process.env.POLYPAY_MODULE_TRACE, `${resolved.url}\n`);
  return resolved;
}
