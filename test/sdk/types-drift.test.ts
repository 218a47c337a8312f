import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fetchOpenApiDocument } from '../helpers/openapi.js';
import { renderSdkTypes } from '../helpers/sdk-types.js';

describe('the SDK types', () => {
  it('are what openapi-typescript makes of the server’s /openapi.json (run `npm run sdk:types` when not)', async () => {
    const checkedIn = readFileSync(new URL('../../packages/sdk/src/openapi.ts', import.meta.url), 'utf8');
    const fresh = await renderSdkTypes(await fetchOpenApiDocument());
    expect(checkedIn === fresh, 'packages/sdk/src/openapi.ts is stale: run `npm run sdk:types`').toBe(true);
  });
});
