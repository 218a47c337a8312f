import { expect } from 'vitest';
import type { TestApi } from './api.js';

/** What a Bybit Pay channel configuration serves in the agreement suites. */
export const BYBIT_CONFIG = {
  provider: 'bybit',
  payways: ['bybit_pay'],
  sub_payways: ['qrcode'],
  currencies: ['USD'],
} as const;

/** Configures the app's Bybit Pay channel against an emulator at `baseUrl`. */
export async function configureBybit(
  api: TestApi,
  baseUrl: string,
  credentials: Readonly<Record<string, string>>,
): Promise<void> {
  const config = await api.request('POST', '/v1/channel_configs', {
    body: { ...BYBIT_CONFIG, base_url: baseUrl, credentials },
  });
  expect(config.status, config.text).toBe(200);
}
