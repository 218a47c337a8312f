import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Built into dist/dashboard and served by the gateway at /dashboard/ (src/api/dashboard.ts). JSX goes
// through esbuild's automatic runtime with Preact; no framework plugin is needed.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  publicDir: false,
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  resolve: {
    alias: {
      // The SDK from its source: the dashboard is built with the server, before the SDK's own build.
      '@polypay/sdk/browser': fileURLToPath(new URL('../packages/sdk/src/browser.ts', import.meta.url)),
    },
  },
  build: {
    outDir: fileURLToPath(new URL('../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 400,
  },
});
