import type { Json } from './wire.js';

/** A request field upay refuses: the outer INVALID_PARAMS, with this message. */
export class ParamError extends Error {}

/** Reads request fields as upay does: strings (numbers accepted as their digits), null and '' as absent. */
export class Fields {
  readonly #body: Json;
  constructor(body: Json) {
    this.#body = body;
  }

  opt(name: string, max: number): string | undefined {
    const value = this.#body[name];
    if (value === undefined || value === null || value === '') return undefined;
    let text: string;
    if (typeof value === 'string') text = value;
    else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
    else throw new ParamError(`${name}必须为字符串`);
    if (text.length > max) throw new ParamError(`${name}长度不能超过${max}`);
    return text;
  }

  req(name: string, max: number): string {
    const value = this.opt(name, max);
    if (value === undefined) throw new ParamError(`${name}不能为空`);
    return value;
  }

  amount(name: string): number {
    const value = this.opt(name, 64);
    if (value === undefined || !/^\d{1,10}$/.test(value) || Number(value) <= 0)
      throw new ParamError(`${name}金额为整数，长度不超过10位，以分为单位`);
    return Number(value);
  }

  object(name: string, maxKeys: number): void {
    const value = this.#body[name];
    if (value === undefined || value === null || value === '') return;
    if (typeof value !== 'object' || Array.isArray(value)) throw new ParamError(`${name}格式错误`);
    if (Object.keys(value).length > maxKeys) throw new ParamError(`${name}不能超过${maxKeys}个字段`);
  }

  /** `sn` or `client_sn`, at least one (query, cancel, revoke, refund). */
  orderRef(): { sn?: string; clientSn?: string } {
    const sn = this.opt('sn', 64);
    const clientSn = this.opt('client_sn', 32);
    if (sn === undefined && clientSn === undefined) throw new ParamError('sn和client_sn不能同时为空');
    return { ...(sn === undefined ? {} : { sn }), ...(clientSn === undefined ? {} : { clientSn }) };
  }
}

/** Optional fields pay and precreate share, checked for length and pairing. */
export function commonOptional(fields: Fields): {
  description?: string;
  reflect?: string;
  notifyUrl?: string;
} {
  const description = fields.opt('description', 256);
  const reflect = fields.opt('reflect', 64);
  const notifyUrl = fields.opt('notify_url', 128);
  const longitude = fields.opt('longitude', 32);
  const latitude = fields.opt('latitude', 32);
  if ((longitude === undefined) !== (latitude === undefined))
    throw new ParamError('longitude和latitude必须同时传入');
  fields.opt('device_id', 128);
  fields.object('extended', 24);
  if (notifyUrl !== undefined && !/^https?:\/\//i.test(notifyUrl)) throw new ParamError('notify_url格式错误');
  return {
    ...(description === undefined ? {} : { description }),
    ...(reflect === undefined ? {} : { reflect }),
    ...(notifyUrl === undefined ? {} : { notifyUrl }),
  };
}
