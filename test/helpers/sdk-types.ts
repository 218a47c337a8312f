import openapiTS from 'openapi-typescript';

const HEADER =
  "// Generated from the server's /openapi.json by `npm run sdk:types` (openapi-typescript). Do not edit:\n" +
  '// test/sdk/types-drift.test.ts fails when this file and the server disagree.\n';

/** The SDK's types module for an OpenAPI document. */
export async function renderSdkTypes(doc: Record<string, unknown>): Promise<string> {
  // openapi-typescript dereferences in place; it gets a copy.
  const source = await openapiTS(structuredClone(doc) as unknown as Parameters<typeof openapiTS>[0], {
    alphabetize: true,
  });
  return HEADER + source.replace(/^\/\*\*\n \* This file was auto-generated[\s\S]*?\*\/\n\n?/, '');
}
