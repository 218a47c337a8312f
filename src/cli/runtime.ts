/**
 * What a command that opens the database needs, imported only when such a command runs: `--help`,
 * `--version`, `errors` and usage errors load none of it (the server's modules take about a second to
 * load, more through tsx).
 */
export async function databaseRuntime() {
  const [{ loadConfig }, { prepareStore }, { systemClock }] = await Promise.all([
    import('../config.js'),
    import('../server.js'),
    import('../domain/clock.js'),
  ]);
  return { loadConfig, prepareStore, systemClock };
}
