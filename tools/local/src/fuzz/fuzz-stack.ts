import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStackProcess, type LocalStackProcess } from '@sm/testing';
import { contractViolation, describeRequest, describeResponse } from './contract';
import { sendRaw, type RawRequest, type RawResponse } from './raw-request';

export interface Exchange {
  request: RawRequest;
  response: RawResponse;
  /** What the stack printed while it handled the request: the cause of a 500 is only there. */
  log: string;
}

/** One kind of failure, once, with the first request that showed it. */
export interface Finding {
  family: string;
  failure: string;
  request: string;
  response: string;
  log: string;
  seen: number;
}

/** A failed expectation about one exchange; the message carries the request, the answer and the stack's log. */
export class FuzzFailureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FuzzFailureError';
  }
}

/** A Powertools log line as its service, message and error; any other line as it is, shortened. */
function summariseLine(line: string): string {
  try {
    const entry = JSON.parse(line) as { service?: string; message?: string; error?: { name?: string; message?: string } };
    const error = entry.error ? `: ${entry.error.name ?? 'Error'}: ${entry.error.message ?? ''}` : '';
    return `${entry.service ?? '?'}: ${entry.message ?? ''}${error}`.slice(0, 400);
  } catch {
    return line.slice(0, 200);
  }
}

/** What the stack logged about one request, without its access lines or stack traces. */
function logSummary(log: string): string {
  const lines = log
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^\[gateway\] [A-Z]+ \S/.test(line) && !/^\s+at /.test(line))
    .map(summariseLine);
  const text = lines.join(' | ');
  return text.length > 1_000 ? `${text.slice(0, 1_000)}…` : text;
}

/**
 * The local stack as `npm start` runs it, in its own process on a free port with a fresh data
 * folder, plus the bookkeeping of a fuzz run: cases and requests per route family, and every
 * distinct failure. A stack that crashed (or stopped answering) is started again before the next
 * request, so one crash fails its property and not every property after it.
 */
export class FuzzStack {
  readonly counts = new Map<string, { cases: number; requests: number; overTime: number }>();
  readonly findings = new Map<string, Finding>();
  readonly crashes: string[] = [];
  private suspect = false;
  private lastRequest: RawRequest | undefined;
  private siteApp: Promise<string> | undefined;

  /** Every stack this run started, restarts included, so that none outlives the run. */
  private readonly launched: LocalStackProcess[];

  private constructor(
    private readonly workspaceRoot: string,
    private stack: LocalStackProcess,
  ) {
    this.launched = [stack];
  }

  static async start(workspaceRoot: string): Promise<FuzzStack> {
    return new FuzzStack(workspaceRoot, await FuzzStack.launch(workspaceRoot));
  }

  private static launch(workspaceRoot: string): Promise<LocalStackProcess> {
    return startLocalStackProcess({ workspaceRoot, dataDir: mkdtempSync(join(tmpdir(), 'fuzz-stack-')) });
  }

  /** Undefined while the stack process runs; how it ended otherwise. */
  exitStatus(): ReturnType<LocalStackProcess['exitStatus']> {
    return this.stack.exitStatus();
  }

  countCase(family: string, ran: 'ran' | 'over-time' = 'ran'): void {
    const count = this.counts.get(family) ?? { cases: 0, requests: 0, overTime: 0 };
    this.counts.set(family, ran === 'ran' ? { ...count, cases: count.cases + 1 } : { ...count, overTime: count.overTime + 1 });
  }

  /**
   * Sends one request and fails the case when the stack breaks the contract every answer keeps. It
   * goes to the services' API with the development token (every scope), unless it carries an
   * `authorization` header of its own, or to the sites API with `api: 'sites'`.
   */
  async send(family: string, raw: RawRequest, options: { api?: 'api' | 'sites' } = {}): Promise<Exchange> {
    await this.ensureRunning();
    const count = this.counts.get(family) ?? { cases: 0, requests: 0, overTime: 0 };
    this.counts.set(family, { ...count, requests: count.requests + 1 });
    const before = this.stack.output().length;
    const sites = options.api === 'sites';
    const request = sites || 'authorization' in raw.headers ? raw : { ...raw, headers: { ...raw.headers, authorization: `Bearer ${this.stack.devToken}` } };
    this.lastRequest = request;
    let response: RawResponse;
    try {
      response = await sendRaw(sites ? this.stack.sitesUrl : this.stack.url, request);
    } catch (error) {
      this.suspect = true;
      const exit = this.stack.exitStatus();
      const state = exit ? `the stack process exited (code ${exit.code}, signal ${exit.signal})` : 'the stack process had not exited yet';
      const log = this.stack.output().slice(before);
      throw this.fail(family, `no answer (${(error as Error).message}); ${state}`, { request, log });
    }
    const exchange = { request, response, log: this.stack.output().slice(before) };
    const exit = this.stack.exitStatus();
    if (exit) {
      throw this.fail(family, `the stack process exited (code ${exit.code}, signal ${exit.signal}) after answering`, exchange);
    }
    const violation = contractViolation(request, response);
    if (violation !== undefined) throw this.fail(family, violation, exchange);
    return exchange;
  }

  /** Fails the case unless `holds`: for what an answer promises beyond the shared contract (read-back). */
  expect(family: string, holds: boolean, failure: string, exchange: Pick<Exchange, 'request' | 'log'> & { response?: RawResponse }): void {
    if (!holds) throw this.fail(family, failure, exchange);
  }

  /** An app created once per stack, whose site the site paths are fuzzed against. */
  siteAppName(): Promise<string> {
    this.siteApp ??= this.createSiteApp();
    return this.siteApp;
  }

  async stop(): Promise<void> {
    await Promise.all(this.launched.map((stack) => stack.stop()));
  }

  private async createSiteApp(): Promise<string> {
    const name = `fuzz-site-${randomBytes(4).toString('hex')}`;
    const body = Buffer.from(JSON.stringify({ name, template: 'counter', files: { 'public/robots.txt': 'User-agent: *' } }));
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${this.stack.devToken}` };
    const created = await sendRaw(this.stack.url, { method: 'POST', target: '/api/apps', headers, body });
    if (created.status !== 201) throw new Error(`could not create the site fixture: ${describeResponse(created)}`);
    return name;
  }

  /** Starts the stack again when it exited or stopped answering; the last request sent is then counted as a crash. */
  private async ensureRunning(): Promise<void> {
    const exited = this.stack.exitStatus() !== undefined;
    const alive = !exited && (!this.suspect || (await this.answersHealth()));
    this.suspect = false;
    if (alive) return;
    if (this.lastRequest !== undefined) this.crashes.push(`${describeRequest(this.lastRequest)} (${exited ? 'process exited' : 'stopped answering'})`);
    await this.stack.stop();
    this.stack = await FuzzStack.launch(this.workspaceRoot);
    this.launched.push(this.stack);
    this.siteApp = undefined;
  }

  private async answersHealth(): Promise<boolean> {
    try {
      return (await sendRaw(this.stack.url, { method: 'GET', target: '/callback-service/health', headers: {} })).status === 200;
    } catch {
      return false;
    }
  }

  private fail(family: string, failure: string, exchange: Pick<Exchange, 'request' | 'log'> & { response?: RawResponse }): FuzzFailureError {
    const request = describeRequest(exchange.request);
    const response = exchange.response ? describeResponse(exchange.response) : '(none)';
    const log = logSummary(exchange.log);
    // One finding per kind: the failure up to its colon, and for a 500 its cause in the log up to any quoted detail.
    const cause = log.replace(/["'].*$/s, '').replace(/\d+/g, 'N').slice(0, 80);
    const key = [family, exchange.request.method, failure.split(':')[0], cause].join(' | ');
    const known = this.findings.get(key);
    if (known) known.seen += 1;
    else this.findings.set(key, { family, failure, request, response, log, seen: 1 });
    return new FuzzFailureError(`${failure}\n  request:  ${request}\n  response: ${response}${log ? `\n  stack log: ${log}` : ''}`);
  }
}
