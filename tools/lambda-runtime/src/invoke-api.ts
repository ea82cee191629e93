import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { readBody } from '@sm/local-gateway';
import type { FunctionPool } from './function-pool';
import { PAYLOAD_LIMIT_BYTES } from './invoke-result';

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
/** A name, `name:qualifier`, or a full function ARN with an optional qualifier. */
const FUNCTION_NAME = /^(?:arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:)?([\w-]+)(?::\$LATEST)?$/;

/**
 * Receives what the Invoke API does with an asynchronous (`Event`) invocation's result; `console` fits.
 *
 * @example
 * const logger: InvokeApiLogger = console;
 */
export interface InvokeApiLogger {
  error(message: string, fields: Record<string, unknown>): void;
}

/**
 * Lambda's Invoke API (`POST /2015-03-31/functions/{name}/invocations`) over the given pools, so an
 * AWS SDK `LambdaClient` whose endpoint is this server invokes them. `RequestResponse` answers 200
 * with the result, or with the error and `X-Amz-Function-Error`; `Event` answers 202 at once and
 * runs the invocation in the background (without Lambda's retries: its result is only logged
 * when it fails). Errors use the service's JSON error shape (`x-amzn-ErrorType`).
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 *
 * @example
 * createServer(createInvokeApi([pool])).listen(9001, '127.0.0.1');
 * await new LambdaClient({ endpoint: 'http://127.0.0.1:9001', region: 'us-east-1', credentials }).send(new InvokeCommand({ FunctionName: 'callback-service', Payload }));
 */
export function createInvokeApi(pools: readonly FunctionPool[], logger: InvokeApiLogger = console): RequestListener {
  const byName = new Map(pools.map((pool) => [pool.fn.name, pool]));
  return (req, res) => {
    answer(req, res, byName, logger).catch((error: unknown) => {
      logger.error('Invoke failed', { error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) fail(res, 500, 'ServiceException', 'The function could not be invoked');
    });
  };
}

async function answer(req: IncomingMessage, res: ServerResponse, pools: Map<string, FunctionPool>, logger: InvokeApiLogger): Promise<void> {
  const path = INVOKE_PATH.exec(new URL(req.url ?? '/', 'http://local').pathname);
  if (req.method !== 'POST' || !path) {
    return fail(res, 404, 'UnknownOperationException', `${req.method} ${req.url} is not an operation of this endpoint`);
  }
  const requested = decodeURIComponent(path[1] ?? '');
  const pool = pools.get(FUNCTION_NAME.exec(requested)?.[1] ?? '');
  if (!pool) return fail(res, 404, 'ResourceNotFoundException', `Function not found: ${requested}`);

  const invocationType = req.headers['x-amz-invocation-type'] ?? 'RequestResponse';
  if (invocationType !== 'RequestResponse' && invocationType !== 'Event') {
    return fail(res, 400, 'InvalidParameterValueException', `Unsupported invocation type ${String(invocationType)}: RequestResponse or Event`);
  }
  const reading = await readBody(req, PAYLOAD_LIMIT_BYTES);
  if (reading.outcome === 'too-large') {
    return fail(res, 413, 'RequestTooLargeException', `Request must be smaller than ${PAYLOAD_LIMIT_BYTES} bytes for the InvokeFunction operation`);
  }
  // Lambda passes `{}` when the request has no payload.
  const payload = reading.body.length === 0 ? Buffer.from('{}') : reading.body;
  if (!isJson(payload)) return fail(res, 400, 'InvalidRequestContentException', 'Could not parse request body into json');

  const requestId = randomUUID();
  if (invocationType === 'Event') {
    res.writeHead(202, { 'x-amzn-requestid': requestId }).end();
    const result = await pool.invoke(payload, requestId);
    if (result.functionError) logger.error('Asynchronous invocation failed', { function: pool.fn.name, requestId, error: result.payload.toString('utf8') });
    return;
  }
  const result = await pool.invoke(payload, requestId);
  res.writeHead(200, {
    'content-type': 'application/json',
    'x-amzn-requestid': requestId,
    'x-amz-executed-version': '$LATEST',
    ...(result.functionError ? { 'x-amz-function-error': result.functionError } : {}),
  });
  res.end(result.payload);
}

function isJson(payload: Buffer): boolean {
  try {
    JSON.parse(payload.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

function fail(res: ServerResponse, status: number, errorType: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': errorType, 'x-amzn-requestid': randomUUID() });
  res.end(JSON.stringify({ Type: 'User', message }));
}
