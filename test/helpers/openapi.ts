import { startTestApi } from './api.js';

/** The OpenAPI document a real server (SQLite, all routes mounted) serves at /openapi.json. */
export async function fetchOpenApiDocument(): Promise<Record<string, unknown>> {
  const api = await startTestApi('sqlite');
  try {
    const response = await api.request<Record<string, unknown>>('GET', '/openapi.json', { key: null });
    if (response.status !== 200) throw new Error(`/openapi.json answered ${response.status}`);
    return response.body;
  } finally {
    await api.close();
  }
}
