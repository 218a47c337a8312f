/**
 * What a command that opens the database needs, imported only when such a command runs: `--help`,
 * `--version`, `errors` and usage errors load none of it, and the database commands load no HTTP stack
 * (src/prepare-store.ts, not src/server.ts).
 */
export async function databaseRuntime() {
  const [{ loadConfig }, { prepareStore }, { systemClock }] = await Promise.all([
    import('../config.js'),
    import('../prepare-store.js'),
    import('../domain/clock.js'),
  ]);
  return { loadConfig, prepareStore, systemClock };
}
