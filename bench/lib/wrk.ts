/**
 * The baseline's load generator: wrk (C, epoll), so that the bare Fastify route is driven to its own
 * ceiling rather than to the generator's (autocannon, in Node, saturates a core first on this machine).
 * Requests are signed before the run and read from a file by a wrk Lua script; wrk replays them in turn.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChargeRequests, LoadResult } from './load.js';

export const WRK_INSTALL_HINT =
  'wrk is not installed: `sudo apt-get install wrk` (Debian/Ubuntu) or `brew install wrk` (macOS); ' +
  'falling back to autocannon for the baseline (it may saturate its own core before the server)';

/** True when `wrk` runs here. */
export function wrkAvailable(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its version: it is there.
    return (error as { status?: number }).status === 1;
  }
}

const SEPARATOR = '--polypay-request--';

/**
 * Reads the pre-signed requests once per wrk thread (each thread starts at its own offset) and answers
 * them in turn; prints the summary and 100 latency percentiles as one JSON line at the end.
 */
const SCRIPT = `
local requests = {}
local index = 0
function init(args)
  local file = assert(io.open(args[1], "rb"))
  local data = file:read("*a")
  file:close()
  for record in string.gmatch(data, "(.-)${SEPARATOR.replaceAll('-', '%-')}\\n") do
    local head, body = string.match(record, "^(.-)\\n\\n(.*)$")
    local headers = {}
    for name, value in string.gmatch(head, "([^:\\n]+): ([^\\n]*)") do headers[name] = value end
    requests[#requests + 1] = wrk.format("POST", "/v1/charges", headers, body)
  end
  index = math.random(#requests)
end
function request()
  index = index % #requests + 1
  return requests[index]
end
function done(summary, latency, requests)
  local p = {}
  for i = 1, 99 do p[i] = latency:percentile(i) end
  p[100] = latency.max
  local e = summary.errors
  io.write(string.format('WRK_JSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"percentiles_us":[%s]}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout, table.concat(p, ",")))
end
`;

/** Writes `count` signed requests and the Lua script into `dir`; returns the script's and file's paths. */
export function writeWrkFiles(dir: string, requests: ChargeRequests, count: number) {
  const file = join(dir, 'requests.txt');
  const chunks: string[] = [];
  for (let i = 0; i < count; i++) {
    const request = requests.next();
    const head = Object.entries(request.headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n');
    chunks.push(`${head}\n\n${request.body}${SEPARATOR}\n`);
  }
  writeFileSync(file, chunks.join(''));
  const script = join(dir, 'requests.lua');
  writeFileSync(script, SCRIPT);
  return { script, file };
}

interface WrkSummary {
  readonly requests: number;
  readonly duration_us: number;
  readonly connect: number;
  readonly read: number;
  readonly write: number;
  readonly status: number;
  readonly timeout: number;
  readonly percentiles_us: number[];
}

/** CPU time of this process's children that have exited and been reaped (wrk, once it is done). */
function reapedChildrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // cutime and cstime are fields 16 and 17 (clock ticks; 100 a second on Linux).
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** One wrk run: its result as a LoadResult (latencies are wrk's 100 percentiles) and wrk's CPU time. */
export async function runWrk(options: {
  readonly url: URL;
  readonly connections: number;
  readonly threads: number;
  readonly seconds: number;
  readonly script: string;
  readonly file: string;
}): Promise<{ load: LoadResult; generatorCpu: number }> {
  const before = reapedChildrenCpuSeconds();
  const args = [
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    '--timeout',
    '10s',
    '-s',
    options.script,
    new URL('/v1/charges', options.url).toString(),
    '--',
    options.file,
  ];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}: ${text}`)),
    );
  });
  const generatorCpu = reapedChildrenCpuSeconds() - before;
  const line = /WRK_JSON (\{.*\})/.exec(output)?.[1];
  if (!line) throw new Error(`wrk printed no summary:\n${output}`);
  const summary = JSON.parse(line) as WrkSummary;
  const seconds = summary.duration_us / 1e6;
  const errors = summary.connect + summary.read + summary.write + summary.timeout;
  const ok = summary.requests - summary.status;
  return {
    load: {
      seconds,
      responses: summary.requests,
      ok,
      non2xx: summary.status > 0 ? { 0: summary.status } : {},
      errors,
      latencies: Float64Array.from(summary.percentiles_us.map((us) => us / 1000)),
    },
    generatorCpu,
  };
}
