// The runtime of one execution environment in a worker thread: a Lambda runtime API client, as the
// official Node.js runtime client is one, that loads the function's module (TypeScript through tsx),
// then asks `invocation/next` for work and posts each result back.
// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
// Plain JavaScript on purpose: it must run before tsx is registered.
import { request, Agent } from 'node:http';
import { pathToFileURL } from 'node:url';
import { workerData } from 'node:worker_threads';

const { module, exportName, tsconfig } = workerData;
const PREFIX = `/2018-06-01/runtime`;
const [host, port] = (process.env.AWS_LAMBDA_RUNTIME_API ?? '').split(':');
// One connection, held open: `next` waits as long as there is no work, so no client timeout either.
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function call(method, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, method, path: `${PREFIX}${path}`, agent, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The error document the Node.js runtime posts: `{errorType, errorMessage, trace}`. */
function errorPayload(error) {
  if (error instanceof Error) return { errorType: error.name, errorMessage: error.message, trace: (error.stack ?? '').split('\n') };
  return { errorType: 'Error', errorMessage: String(error), trace: [] };
}

function header(headers, name) {
  const value = headers[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

async function loadHandler() {
  if (module.endsWith('.ts')) {
    const [{ register }, { register: registerCommonJs }] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
    register({ tsconfig });
    // tsx's require hook takes its tsconfig only from the environment, read once as it registers:
    // set it for that moment, so the function's own environment keeps nothing of it.
    const own = process.env.TSX_TSCONFIG_PATH;
    if (tsconfig) process.env.TSX_TSCONFIG_PATH = tsconfig;
    registerCommonJs();
    if (own === undefined) delete process.env.TSX_TSCONFIG_PATH;
    else process.env.TSX_TSCONFIG_PATH = own;
  }
  const loaded = await import(pathToFileURL(module).href);
  const handler = loaded[exportName];
  if (typeof handler !== 'function') throw Object.assign(new Error(`${module} exports no function ${exportName}`), { name: 'Runtime.HandlerNotFound' });
  return handler;
}

function contextOf(headers) {
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? '';
  const deadline = Number(header(headers, 'lambda-runtime-deadline-ms'));
  const unsupported = () => {
    throw new Error('context.done/succeed/fail are not supported; return a promise from the handler');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST',
    invokedFunctionArn: header(headers, 'lambda-runtime-invoked-function-arn'),
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '128',
    awsRequestId: header(headers, 'lambda-runtime-aws-request-id'),
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME ?? `/aws/lambda/${functionName}`,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME ?? '',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

let handler;
try {
  handler = await loadHandler();
} catch (error) {
  const payload = errorPayload(error);
  await call('POST', '/init/error', JSON.stringify(payload), { 'lambda-runtime-function-error-type': payload.errorType });
  process.exit(1);
}

for (;;) {
  const next = await call('GET', '/invocation/next');
  const context = contextOf(next.headers);
  process.env._X_AMZN_TRACE_ID = header(next.headers, 'lambda-runtime-trace-id');
  const path = `/invocation/${encodeURIComponent(context.awsRequestId)}`;
  try {
    const result = await handler(JSON.parse(next.body.toString('utf8')), context);
    await call('POST', `${path}/response`, JSON.stringify(result ?? null));
  } catch (error) {
    const payload = errorPayload(error);
    await call('POST', `${path}/error`, JSON.stringify(payload), { 'lambda-runtime-function-error-type': payload.errorType });
  }
}
