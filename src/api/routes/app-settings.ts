import { createPublicKey } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { PolypayError } from '../../errors/polypay-error.js';
import { webhookKeyPair } from '../../services/webhooks/rsa-keys.js';
import { getApp, rollSigningSecret, updateAppSettings } from '../../store/index.js';
import { listAllows } from '../auth.js';
import type { ApiContext } from '../context.js';
import { ok } from '../envelope.js';
import { AUTHENTICATED_ERRORS, envelope } from '../schemas/common.js';

const AppSchema = Type.Object({
  id: Type.String(),
  merchant_id: Type.String(),
  mode: Type.Union([Type.Literal('test'), Type.Literal('live')]),
  require_signature: Type.Boolean(),
  ip_allowlist: Type.Union([Type.Array(Type.String()), Type.Null()]),
  concurrency_limit: Type.Union([Type.Integer(), Type.Null()]),
  pingpp_public_key: Type.Union([Type.String(), Type.Null()], {
    description:
      'PEM of the RSA public key that verifies Pingplusplus-Signature on the Ping++-compatible API',
  }),
  pingpp_require_signature: Type.Boolean({
    description: 'Whether the Ping++-compatible API refuses requests without Pingplusplus-Signature',
  }),
  pingpp_webhook_public_key: Type.String({
    description:
      'PEM of the RSA public key that verifies x-pingplusplus-signature on webhooks of format pingpp ' +
      '(Ping++’s "Ping++ public key")',
  }),
});

const UpdateAppBody = Type.Object(
  {
    require_signature: Type.Optional(
      Type.Boolean({ description: 'Refuse requests without X-Polypay-Signature' }),
    ),
    ip_allowlist: Type.Optional(
      Type.Union([Type.Array(Type.String({ minLength: 2, maxLength: 49 }), { maxItems: 100 }), Type.Null()], {
        description: 'Addresses or CIDR ranges allowed to call with this app’s keys; null allows all',
      }),
    ),
    concurrency_limit: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 10_000 }), Type.Null()], {
        description: 'Requests in flight at once; null for no limit',
      }),
    ),
    pingpp_public_key: Type.Optional(
      Type.Union([Type.String({ minLength: 1, maxLength: 4096 }), Type.Null()], {
        description:
          'PEM of your RSA public key: the Ping++-compatible API verifies Pingplusplus-Signature with it ' +
          '(required there when pingpp_require_signature is on); null removes it',
      }),
    ),
    pingpp_require_signature: Type.Optional(
      Type.Boolean({
        description:
          'Refuse Ping++-compatible requests without Pingplusplus-Signature (needs pingpp_public_key); ' +
          'apart from require_signature, which is for polypay’s own API',
      }),
    ),
  },
  { additionalProperties: false },
);

const SigningSecretSchema = Type.Object({
  object: Type.Literal('signing_secret'),
  signing_secret: Type.String({ description: 'The new secret for X-Polypay-Signature; shown only here' }),
  previous_secret_expires_at: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Until when (epoch ms) the old secret is still accepted; null: it stopped now',
  }),
});

const RollSigningSecretBody = Type.Object(
  {
    overlap_seconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 7 * 86_400,
        description: 'How long the old secret is still accepted (default 0: it stops now)',
      }),
    ),
  },
  { additionalProperties: false },
);

function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, extra] = entry.split('/');
  if (address === undefined || extra !== undefined) return false;
  const max = isIPv4(address) ? 32 : isIPv6(address) ? 128 : -1;
  if (max < 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= max;
}

async function loadApp(ctx: ApiContext, appId: string) {
  const app = await getApp(ctx.store.db, appId);
  if (!app) throw new PolypayError('resource_not_found', { param: 'app' });
  return {
    id: app.id,
    merchant_id: app.merchant_id,
    mode: app.mode,
    require_signature: app.require_signature === 1,
    ip_allowlist: app.ip_allowlist === null ? null : (JSON.parse(app.ip_allowlist) as string[]),
    concurrency_limit: app.concurrency_limit,
    pingpp_public_key: app.pingpp_public_key,
    pingpp_require_signature: app.pingpp_require_signature === 1,
    pingpp_webhook_public_key: (await webhookKeyPair(ctx.store.db, ctx.box, app.id, ctx.clock.now()))
      .publicKey,
  };
}

/** An RSA public key in PEM, normalised to SPKI; anything else is a 400 naming the field. */
function rsaPublicKey(pem: string): string {
  // createPublicKey would derive a public key from a private one: refuse it, it should not leave its owner.
  if (/PRIVATE KEY/.test(pem)) {
    throw new PolypayError('invalid_params', {
      param: 'pingpp_public_key',
      message:
        'pingpp_public_key is a private key: upload the public key, and keep the private key to yourself.',
      messageZh: 'pingpp_public_key 是私钥：请上传公钥，私钥请自行妥善保管',
    });
  }
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
    return key.export({ type: 'spki', format: 'pem' }).toString();
  } catch {
    throw new PolypayError('invalid_params', {
      param: 'pingpp_public_key',
      message: 'pingpp_public_key must be an RSA public key in PEM.',
      messageZh: 'pingpp_public_key 须为 PEM 格式的 RSA 公钥',
    });
  }
}

/**
 * Ping++ signatures required with no key to verify them would refuse every Ping++ request: refused,
 * naming the field of this request that would cause it.
 */
async function refuseRequiredWithoutKey(
  ctx: ApiContext,
  appId: string,
  body: Static<typeof UpdateAppBody>,
): Promise<void> {
  if (body.pingpp_require_signature === false) return;
  if (body.pingpp_require_signature === undefined && body.pingpp_public_key !== null) return;
  const current = await getApp(ctx.store.db, appId);
  const required = body.pingpp_require_signature ?? current?.pingpp_require_signature === 1;
  const key = body.pingpp_public_key !== undefined ? body.pingpp_public_key : current?.pingpp_public_key;
  if (!required || key) return;
  throw new PolypayError('invalid_params', {
    param: body.pingpp_require_signature ? 'pingpp_require_signature' : 'pingpp_public_key',
    message: body.pingpp_require_signature
      ? 'pingpp_require_signature needs a pingpp_public_key to verify signatures with: upload it first (or in the same request).'
      : 'pingpp_public_key cannot be removed while pingpp_require_signature is on: turn that off first (or in the same request).',
    messageZh: body.pingpp_require_signature
      ? 'pingpp_require_signature 需要 pingpp_public_key 来验签：请先上传（或在同一请求中上传）'
      : 'pingpp_require_signature 开启时不能删除 pingpp_public_key：请先关闭（或在同一请求中关闭）',
  });
}

/** The calling app's own security settings: signing, IP allow-list, concurrency limit. */
export async function appSettingsRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get(
    '/v1/app',
    {
      schema: {
        tags: ['app'],
        summary: 'The calling app and its security settings',
        security: [{ bearer: [] }],
        response: { 200: envelope(AppSchema), ...AUTHENTICATED_ERRORS },
      },
    },
    async (request) => ok(await loadApp(ctx, request.auth!.appId)),
  );

  app.post<{ Body: Static<typeof UpdateAppBody> }>(
    '/v1/app',
    {
      schema: {
        tags: ['app'],
        summary: 'Change the calling app’s security settings',
        security: [{ bearer: [] }],
        body: UpdateAppBody,
        response: { 200: envelope(AppSchema), ...AUTHENTICATED_ERRORS },
      },
    },
    async (request) => {
      const body = request.body ?? {};
      const allowlist = body.ip_allowlist;
      if (allowlist) {
        const bad = allowlist.findIndex((entry) => !isAddressOrCidr(entry));
        if (bad >= 0) {
          throw new PolypayError('invalid_params', {
            param: `ip_allowlist[${bad}]`,
            message: `ip_allowlist[${bad}] must be an IPv4/IPv6 address or CIDR range.`,
            messageZh: `ip_allowlist[${bad}] 须为 IPv4/IPv6 地址或 CIDR 网段`,
          });
        }
        // A list without the caller's own address would lock the app out for good.
        if (!listAllows(allowlist, request.ip)) {
          throw new PolypayError('invalid_params', {
            param: 'ip_allowlist',
            message:
              `ip_allowlist must include the address of this request (${request.ip}), or the app would be ` +
              'locked out. To reset a list, run: polypay app reset-allowlist <app_id>.',
            messageZh:
              `ip_allowlist 须包含本次请求的地址（${request.ip}），否则应用将被锁定。` +
              '如需重置，请运行：polypay app reset-allowlist <app_id>',
          });
        }
      }
      const pingppKey = body.pingpp_public_key;
      await refuseRequiredWithoutKey(ctx, request.auth!.appId, body);
      await updateAppSettings(ctx.store.db, request.auth!.appId, {
        ...(pingppKey !== undefined
          ? { pingppPublicKey: pingppKey === null ? null : rsaPublicKey(pingppKey) }
          : {}),
        ...(body.require_signature !== undefined ? { requireSignature: body.require_signature } : {}),
        ...(body.pingpp_require_signature !== undefined
          ? { pingppRequireSignature: body.pingpp_require_signature }
          : {}),
        ...(allowlist !== undefined ? { ipAllowlist: allowlist } : {}),
        ...(body.concurrency_limit !== undefined ? { concurrencyLimit: body.concurrency_limit } : {}),
      });
      return ok(await loadApp(ctx, request.auth!.appId));
    },
  );

  app.post<{ Body: Static<typeof RollSigningSecretBody> }>(
    '/v1/app/signing_secret/roll',
    {
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        tags: ['app'],
        operationId: 'rollSigningSecret',
        summary:
          'Roll the request signing secret: a new one (shown only in this answer); the old one is still ' +
          'accepted for overlap_seconds',
        security: [{ bearer: [] }],
        body: Type.Optional(RollSigningSecretBody),
        response: { 200: envelope(SigningSecretSchema), ...AUTHENTICATED_ERRORS },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const rolled = await rollSigningSecret(ctx.store.db, ctx.box, {
        appId: auth.appId,
        merchantId: auth.merchantId,
        overlapMs: (request.body?.overlap_seconds ?? 0) * 1000,
        now: ctx.clock.now(),
      });
      if (!rolled) throw new PolypayError('resource_not_found', { param: 'app' });
      return ok({
        object: 'signing_secret' as const,
        signing_secret: rolled.signingSecret,
        previous_secret_expires_at: rolled.previousExpiresAt,
      });
    },
  );
}
