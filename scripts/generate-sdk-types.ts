// Regenerates packages/sdk/src/openapi.ts from the server's OpenAPI document.
import { writeFileSync } from 'node:fs';
import { fetchOpenApiDocument } from '../test/helpers/openapi.js';
import { renderSdkTypes } from '../test/helpers/sdk-types.js';

const target = new URL('../packages/sdk/src/openapi.ts', import.meta.url);
writeFileSync(target, await renderSdkTypes(await fetchOpenApiDocument()));
console.error(`wrote ${target.pathname}`);
