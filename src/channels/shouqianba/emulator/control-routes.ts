import type { FastifyInstance } from 'fastify';
import { parseJsonLenient } from '../../kit/emulator/index.js';
import { KNOWN_PAYWAYS, type UpayLimits } from './rules.js';
import type { Upay } from './upay.js';
import type { Json } from './wire.js';

/** The emulator's back office and the buyer's phone: what the tests drive besides the API. */
export function controlRoutes(app: FastifyInstance, upay: Upay): void {
  const hidden = { schema: { hide: true } };
  const body = (raw: unknown): Json => {
    const parsed = Buffer.isBuffer(raw) ? (raw.length === 0 ? {} : parseJsonLenient(raw)) : (raw ?? {});
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Json) : {};
  };

  app.post('/_emulator/activation_codes', hidden, async (request) => {
    const uses = body(request.body).uses;
    return {
      code: upay.issueActivationCode(
        Number.isInteger(uses) && (uses as number) > 0 ? (uses as number) : undefined,
      ),
    };
  });

  app.post<{ Params: { sn: string; action: string } }>(
    '/_emulator/terminals/:sn/:action',
    hidden,
    async (request, reply) => {
      const { sn, action } = request.params;
      if (action !== 'disable' && action !== 'enable')
        return reply.code(404).send({ error: 'disable or enable' });
      if (!upay.setTerminalStatus(sn, action === 'disable' ? 'DISABLED' : 'ACTIVE'))
        return reply.code(404).send({ error: `no terminal ${sn}` });
      return { terminal_sn: sn, status: action === 'disable' ? 'DISABLED' : 'ACTIVE' };
    },
  );

  const configView = () => ({ limits: upay.limits, contracted_payways: [...upay.contractedPayways] });
  app.get('/_emulator/config', hidden, async () => configView());
  app.post('/_emulator/config', hidden, async (request, reply) => {
    const input = body(request.body);
    const limits = (input.limits ?? {}) as Partial<Record<keyof UpayLimits, unknown>>;
    const next = { ...upay.limits };
    for (const key of Object.keys(limits) as (keyof UpayLimits)[]) {
      if (!(key in next) || !Number.isInteger(limits[key]) || (limits[key] as number) < 0)
        return reply
          .code(400)
          .send({ error: `limits.${key} must be a known limit and a non-negative integer` });
      next[key] = limits[key] as number;
    }
    const payways = input.contracted_payways;
    if (
      payways !== undefined &&
      (!Array.isArray(payways) || payways.some((p) => !KNOWN_PAYWAYS.has(String(p))))
    )
      return reply.code(400).send({ error: 'contracted_payways must list payway codes 1-6' });
    upay.limits = next;
    if (Array.isArray(payways)) upay.contractedPayways = new Set(payways.map(String));
    return configView();
  });

  /** The buyer scans a precreated QR code (or opens the wap page) and pays. */
  app.post('/_emulator/buyer/pay', hidden, async (request, reply) => {
    const input = body(request.body);
    const sn = typeof input.sn === 'string' ? input.sn : undefined;
    const clientSn = typeof input.client_sn === 'string' ? input.client_sn : undefined;
    const order = upay.find({ ...(sn ? { sn } : {}), ...(clientSn ? { clientSn } : {}) });
    if (order === undefined) return reply.code(404).send({ error: 'no such order' });
    const result = upay.buyerPays(order, typeof input.barcode === 'string' ? input.barcode : undefined);
    if (!result.ok) return reply.code(409).send({ error: result.reason, order: upay.view(order) });
    return { order: upay.view(order) };
  });
}
