import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import autocannon from 'autocannon';
import { startLocalStackProcess } from '@sm/testing';
import { WORKSPACE_ROOT } from './workspace';

// `npm run bench:memory`: `npm start`'s stack in its own process (free port, fresh data folder),
// loaded in rounds of stored and listed callbacks; after each round, the resident memory of the
// stack's processes. A leak shows as RSS climbing round after round; a plateau is the heap and the
// engines' caches settling. The stack's own RSS holds each function environment's worker isolate,
// whose heap V8 grows lazily toward the function's memory (4 callback-service environments of up
// to 512 MB): measured after forced GCs, each environment used ~20 MB throughout while its committed
// heap went from 90 to 153 MB, and that settles late. Markdown on stdout, progress on stderr.
// Figures for notes, never for assertions.
const OPTIONS = { rounds: 5, roundSeconds: 20, connections: 50 };

const log = (message: string) => console.error(`[bench:memory] ${message}`);
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

interface ProcessMemory {
  pid: number;
  command: string;
  rssKb: number;
}

interface Round {
  label: string;
  load?: autocannon.Result;
  processes: ProcessMemory[];
}

/** The process and its descendants, each with its VmRSS, read from /proc (Linux); one that exits meanwhile is left out. */
function processTree(pid: number): ProcessMemory[] {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const command = `${basename(argv[0] ?? '?')} ${basename(argv.at(-1) ?? '')}`;
    const children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
    return [{ pid, command, rssKb }, ...children.flatMap(processTree)];
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Every connection alternates storing a callback (a public route) and listing the newest page with
 * the stack's printed development token (scope `callbacks:read`, checked by the gateway's authorizer).
 */
function loadRound(url: string, token: string, round: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: OPTIONS.connections,
        duration: OPTIONS.roundSeconds,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: '/api/callback',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ text: `memory round ${round}: Hello, Serverless Microservices架构!` }),
          },
          { method: 'GET', path: '/api/callbacks', headers: { authorization: `Bearer ${token}` } },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

function toMarkdown(rounds: Round[]): string {
  const lines = [
    `Memory of \`npm start\`'s processes after rounds of ${OPTIONS.roundSeconds} s, ${OPTIONS.connections} connections ` +
      'alternating `POST /api/callback` and `GET /api/callbacks` (with the printed development token, so every listing passes the JWT ' +
      'authorizer as on API Gateway; fresh data folder).',
    '',
    '| after | requests/s | 2xx | non-2xx, errors, timeouts | RSS, summed | RSS per process |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const { label, load, processes } of rounds) {
    const total = processes.reduce((sum, process) => sum + process.rssKb, 0);
    const perProcess = processes.map((process) => `${process.pid} ${process.command}: ${mb(process.rssKb)}`).join(', ');
    const figures = load
      ? [Math.round(load.requests.average), load['2xx'], `${load.non2xx}, ${load.errors}, ${load.timeouts}`]
      : ['–', '–', '–'];
    lines.push(`| ${label} | ${figures.join(' | ')} | ${mb(total)} | ${perProcess} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-memory-'));
  log(`starting the stack, data in ${dataDir}`);
  const stack = await startLocalStackProcess({ workspaceRoot: WORKSPACE_ROOT, dataDir });
  try {
    const rounds: Round[] = [{ label: 'start', processes: processTree(stack.pid) }];
    for (let round = 1; round <= OPTIONS.rounds; round += 1) {
      log(`round ${round} of ${OPTIONS.rounds} on ${stack.url}`);
      const load = await loadRound(stack.url, stack.devToken, round);
      rounds.push({ label: `round ${round}`, load, processes: processTree(stack.pid) });
    }
    console.log(toMarkdown(rounds));
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
