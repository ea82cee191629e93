import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '@sm/local-gateway';
import { PAYLOAD_LIMIT_BYTES } from './invoke-result';

const PREFIX = '/2018-06-01/runtime';

/** One invocation as the runtime receives it from `invocation/next`. */
export interface RuntimeInvocation {
  requestId: string;
  payload: Buffer;
  deadlineMs: number;
  functionArn: string;
}

/** How the runtime ended an invocation: the bytes it posted, or a response over Lambda's limit. */
export type RuntimeOutcome = { kind: 'response' | 'error'; payload: Buffer } | { kind: 'response-too-large' };

interface InFlight {
  requestId: string;
  settle: (outcome: RuntimeOutcome) => void;
}

/**
 * The Lambda runtime API (2018-06-01) for one execution environment, on 127.0.0.1: the runtime's
 * `invocation/next` is held open until work arrives (the official client exits when that
 * connection drops), and each invocation resolves with what the runtime posts for it.
 * https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
 */
export class RuntimeApi {
  /** Resolves when the runtime first asks for work: its init is done. */
  readonly initialized: Promise<void>;
  /** Resolves with the error the runtime posts to `init/error`. */
  readonly initFailed: Promise<Buffer>;
  private waiting: ServerResponse | undefined;
  private queued: RuntimeInvocation | undefined;
  private inFlight: InFlight | undefined;
  private markInitialized: () => void = () => undefined;
  private markInitFailed: (error: Buffer) => void = () => undefined;

  private constructor(private readonly server: Server) {
    this.initialized = new Promise((resolve) => (this.markInitialized = resolve));
    this.initFailed = new Promise((resolve) => (this.markInitFailed = resolve));
    // A runtime killed while it posts leaves a reset socket behind: nothing to answer.
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.route(req, res).catch(() => res.destroy()));
  }

  /**
   * Listens on a free port of 127.0.0.1.
   *
   * @example
   * const api = await RuntimeApi.start(); // runtime env: AWS_LAMBDA_RUNTIME_API=api.address
   */
  static async start(): Promise<RuntimeApi> {
    const server = createServer();
    // A held `next` may wait for hours, and an idle keep-alive socket closed under the client
    // makes it exit: no server-side timeouts at all.
    server.keepAliveTimeout = 0;
    server.requestTimeout = 0;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return new RuntimeApi(server);
  }

  /** `host:port`, the value of `AWS_LAMBDA_RUNTIME_API`. */
  get address(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Hands the invocation to the runtime as soon as it asks, and resolves with what it posts back (one at a time). */
  invoke(invocation: RuntimeInvocation): Promise<RuntimeOutcome> {
    return new Promise((settle) => {
      this.inFlight = {
        requestId: invocation.requestId,
        settle: (outcome) => {
          this.inFlight = undefined;
          settle(outcome);
        },
      };
      this.queued = invocation;
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private dispatch(): void {
    const { waiting, queued } = this;
    if (!waiting || !queued) return;
    this.waiting = undefined;
    this.queued = undefined;
    waiting.writeHead(200, {
      'content-type': 'application/json',
      'lambda-runtime-aws-request-id': queued.requestId,
      'lambda-runtime-deadline-ms': String(queued.deadlineMs),
      'lambda-runtime-invoked-function-arn': queued.functionArn,
      'lambda-runtime-trace-id': traceHeader(),
    });
    waiting.end(queued.payload);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '';
    if (req.method === 'GET' && path === `${PREFIX}/invocation/next`) {
      this.markInitialized();
      this.waiting = res;
      res.once('close', () => {
        if (this.waiting === res) this.waiting = undefined;
      });
      this.dispatch();
      return;
    }
    const reading = await readBody(req, PAYLOAD_LIMIT_BYTES);
    const body = reading.outcome === 'body' ? reading.body : undefined;
    if (req.method === 'POST' && path === `${PREFIX}/init/error`) {
      this.markInitFailed(body ?? Buffer.from('{}'));
      return accepted(res);
    }
    const posted = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(path);
    if (req.method !== 'POST' || !posted) return reply(res, 404, 'UnknownPath', `${req.method} ${path} is not part of the runtime API`);
    const [, requestId = '', kind] = posted;
    const { inFlight } = this;
    if (!inFlight || inFlight.requestId !== decodeURIComponent(requestId)) {
      return reply(res, 400, 'InvalidRequestID', `no invocation ${decodeURIComponent(requestId)} is in flight`);
    }
    if (!body) {
      inFlight.settle({ kind: 'response-too-large' });
      return reply(res, 413, 'RequestEntityTooLarge', `Exceeded maximum allowed payload size (${PAYLOAD_LIMIT_BYTES} bytes).`);
    }
    inFlight.settle({ kind: kind === 'response' ? 'response' : 'error', payload: body });
    accepted(res);
  }
}

function accepted(res: ServerResponse): void {
  res.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"OK"}');
}

function reply(res: ServerResponse, status: number, errorType: string, errorMessage: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ errorMessage, errorType }));
}

/** An X-Ray trace header for an unsampled request, as Lambda passes when tracing is off. */
function traceHeader(): string {
  const epoch = Math.floor(Date.now() / 1000).toString(16);
  return `Root=1-${epoch}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}
