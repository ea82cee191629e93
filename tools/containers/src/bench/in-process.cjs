// The same handler in-process, in a fresh Node 24: load the bundle (its composition root runs),
// call it once (cold), then WARM_CALLS more one after another. Prints `BENCH <json>` as its last line.
const { performance } = require('node:perf_hooks');

const event = JSON.parse(process.env.EVENT);
const context = { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 10_000 };

async function main() {
  const started = performance.now();
  const { handler } = await import(require('node:url').pathToFileURL(process.env.BUNDLE).href);
  await handler(event, context);
  const coldMs = performance.now() - started;
  const warmMs = [];
  for (let i = 0; i < Number(process.env.WARM_CALLS); i++) {
    const call = performance.now();
    await handler(event, context);
    warmMs.push(performance.now() - call);
  }
  console.log(`BENCH ${JSON.stringify({ coldMs, warmMs })}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
