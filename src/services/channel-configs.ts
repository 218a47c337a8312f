import type { ProviderConnector } from '../channels/kit/connector.js';
import type { ProviderTable } from '../channels/providers.js';
import { channelNameOf, notificationPath } from '../channels/registry.js';
import type { Clock } from '../domain/clock.js';
import { newId } from '../domain/ids.js';
import { PolypayError } from '../errors/polypay-error.js';
import {
  type AppMode,
  type ChannelConfig,
  type ChannelConfigStatus,
  disableChannelConfig as disableRow,
  getChannelConfig,
  insertChannelConfig,
  listChannelConfigs as listRows,
  type SecretBox,
  type Store,
} from '../store/index.js';
import type { Caller } from './caller.js';
import { notFound } from './not-found.js';
import { decodeCursor, toPage } from './pagination.js';

export interface ChannelConfigDeps {
  readonly store: Store;
  readonly box: SecretBox;
  readonly clock: Clock;
  /** The providers a configuration may name. */
  readonly providers: ProviderTable;
  /** The gateway's public base URL, for the notification URL shown with each configuration. */
  readonly publicUrl: string;
}

export interface CreateChannelConfigInput {
  readonly provider: string;
  readonly payways: readonly string[];
  readonly sub_payways: readonly string[];
  readonly currencies: readonly string[];
  readonly base_url: string;
  readonly credentials: Readonly<Record<string, string>>;
}

/** A configuration as the API and the CLI show it: which credentials are set, never their values. */
export interface ChannelConfigView {
  readonly id: string;
  readonly object: 'channel_config';
  readonly app_id: string;
  readonly mode: AppMode;
  readonly provider: string;
  /** The name recorded on the charges it serves. */
  readonly channel: string;
  readonly payways: string[];
  readonly sub_payways: string[];
  readonly currencies: string[];
  readonly base_url: string;
  readonly credentials_set: string[];
  /** Where the provider sends notifications for this configuration. */
  readonly notify_url: string;
  readonly status: ChannelConfigStatus;
  readonly created_at: number;
  readonly updated_at: number;
}

export function toChannelConfigView(
  row: ChannelConfig,
  credentialNames: readonly string[],
  publicUrl: string,
): ChannelConfigView {
  return {
    id: row.id,
    object: 'channel_config',
    app_id: row.app_id,
    mode: row.mode,
    provider: row.provider,
    channel: channelNameOf(row),
    payways: JSON.parse(row.payways) as string[],
    sub_payways: JSON.parse(row.sub_payways) as string[],
    currencies: JSON.parse(row.currencies) as string[],
    base_url: row.base_url,
    credentials_set: [...credentialNames].sort(),
    notify_url: `${publicUrl.replace(/\/+$/, '')}${notificationPath(row)}`,
    status: row.status,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

function invalid(param: string, message: string, messageZh: string): never {
  throw new PolypayError('invalid_params', { param, message, messageZh });
}

function connectorFor(providers: ProviderTable, provider: string): ProviderConnector {
  const connector = Object.hasOwn(providers, provider) ? providers[provider] : undefined;
  if (connector) return connector;
  const known = Object.keys(providers);
  return invalid(
    'provider',
    known.length === 0
      ? `provider ${JSON.stringify(provider)} is not available: this polypay has no provider connectors.`
      : `provider must be one of: ${known.join(', ')}.`,
    known.length === 0
      ? `provider ${JSON.stringify(provider)} 不可用：本 polypay 未接入任何渠道`
      : `provider 须为以下之一：${known.join(', ')}`,
  );
}

/** Each value must be one the provider serves; duplicates are dropped, order kept. */
function checkSubset(param: string, values: readonly string[], supported: readonly string[]): string[] {
  if (values.length === 0)
    invalid(param, `${param} must list at least one value.`, `${param} 至少须包含一个值`);
  values.forEach((value, i) => {
    if (!supported.includes(value))
      invalid(
        `${param}[${i}]`,
        `${param}[${i}] must be one of: ${supported.join(', ')}.`,
        `${param}[${i}] 须为以下之一：${supported.join(', ')}`,
      );
  });
  return [...new Set(values)];
}

/** http(s), a host, no credentials, query or fragment; https for a live-mode app. No trailing slash. */
export function checkBaseUrl(url: string, mode: AppMode, param = 'base_url'): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return invalid(
      param,
      `${param} must be an absolute http or https URL.`,
      `${param} 须为完整的 http 或 https 地址`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    invalid(param, `${param} must be an http or https URL.`, `${param} 须为 http 或 https 地址`);
  if (parsed.username !== '' || parsed.password !== '')
    invalid(
      param,
      `${param} must not contain credentials (send them in credentials).`,
      `${param} 不能包含用户名或密码（请放在 credentials 中）`,
    );
  if (parsed.search !== '' || parsed.hash !== '')
    invalid(param, `${param} must not have a query or fragment.`, `${param} 不能带查询参数或片段`);
  if (mode === 'live' && parsed.protocol !== 'https:')
    invalid(param, `${param} must use https for a live-mode app.`, `生产模式的应用 ${param} 须使用 https`);
  return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
}

/** Every required credential field of the provider and no unknown one, each a non-empty string. */
function checkCredentials(
  connector: ProviderConnector,
  credentials: Readonly<Record<string, string>>,
): Record<string, string> {
  const expected = connector.credentialFields;
  const optional = connector.optionalCredentialFields ?? [];
  const known = [...expected, ...optional];
  for (const name of Object.keys(credentials)) {
    if (!known.includes(name))
      invalid(
        `credentials.${name}`,
        `${connector.provider} has no credential ${name}; it takes: ${known.join(', ')}.`,
        `${connector.provider} 没有凭证字段 ${name}，可用字段：${known.join(', ')}`,
      );
  }
  const checked: Record<string, string> = {};
  for (const name of optional) {
    const value = Object.hasOwn(credentials, name) ? credentials[name] : undefined;
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.trim() === '')
      invalid(
        `credentials.${name}`,
        `credentials.${name} must be a non-empty string.`,
        `credentials.${name} 须为非空字符串`,
      );
    checked[name] = value;
  }
  for (const name of expected) {
    const value = Object.hasOwn(credentials, name) ? credentials[name] : undefined;
    if (value === undefined)
      throw new PolypayError('missing_param', {
        param: `credentials.${name}`,
        message: `Missing required parameter: credentials.${name} (${connector.provider} needs ${expected.join(', ')}).`,
        messageZh: `缺少必填参数 credentials.${name}（${connector.provider} 需要 ${expected.join(', ')}）`,
      });
    if (typeof value !== 'string' || value.trim() === '')
      invalid(
        `credentials.${name}`,
        `credentials.${name} must be a non-empty string.`,
        `credentials.${name} 须为非空字符串`,
      );
    checked[name] = value;
  }
  return checked;
}

/**
 * A new channel configuration of the caller's app (in the app's mode). The credentials are checked
 * against the provider's fields and stored encrypted; the answer only says which are set.
 */
export async function createChannelConfig(
  deps: ChannelConfigDeps,
  caller: Caller,
  input: CreateChannelConfigInput,
): Promise<ChannelConfigView> {
  const connector = connectorFor(deps.providers, input.provider);
  const { supports } = connector;
  const payways = checkSubset('payways', input.payways, supports.payways);
  const subPayways = checkSubset('sub_payways', input.sub_payways, supports.subPayways);
  const currencies = checkSubset('currencies', input.currencies, supports.currencies);
  const baseUrl = checkBaseUrl(input.base_url, caller.mode);
  const credentials = checkCredentials(connector, input.credentials);
  const now = deps.clock.now();
  const row = await insertChannelConfig(deps.store.db, {
    id: newId('chc'),
    merchant_id: caller.merchantId,
    app_id: caller.appId,
    mode: caller.mode,
    provider: input.provider,
    payways: JSON.stringify(payways),
    sub_payways: JSON.stringify(subPayways),
    currencies: JSON.stringify(currencies),
    base_url: baseUrl,
    credentials_enc: deps.box.encrypt(JSON.stringify(credentials)),
    state_enc: null,
    status: 'enabled',
    created_at: now,
    updated_at: now,
  });
  return toChannelConfigView(row, Object.keys(credentials), deps.publicUrl);
}

function viewOf(deps: ChannelConfigDeps, row: ChannelConfig): ChannelConfigView {
  const names = Object.keys(JSON.parse(deps.box.decrypt(row.credentials_enc)) as Record<string, string>);
  return toChannelConfigView(row, names, deps.publicUrl);
}

export async function retrieveChannelConfig(
  deps: ChannelConfigDeps,
  caller: Caller,
  id: string,
): Promise<ChannelConfigView> {
  const row = await getChannelConfig(deps.store.db, caller, id);
  if (!row) throw notFound('channel_config', id);
  return viewOf(deps, row);
}

export async function listChannelConfigs(
  deps: ChannelConfigDeps,
  caller: Caller,
  page: { limit: number; startingAfter?: string | undefined },
) {
  const after = page.startingAfter === undefined ? undefined : decodeCursor(page.startingAfter);
  const rows = await listRows(deps.store.db, caller, { limit: page.limit, after });
  return toPage(rows, page.limit, (row) => viewOf(deps, row));
}

/**
 * Stops a configuration from serving new charges. Its charges keep their channel (queries, refunds and
 * reversals of them still go to the provider). Disabling twice is not an error.
 */
export async function disableChannelConfig(
  deps: ChannelConfigDeps,
  caller: Caller,
  id: string,
): Promise<ChannelConfigView> {
  const row = await disableRow(deps.store.db, caller, id, deps.clock.now());
  if (!row) throw notFound('channel_config', id);
  return viewOf(deps, row);
}
