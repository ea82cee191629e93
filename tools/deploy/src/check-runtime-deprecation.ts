import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkRuntimes, findRuntimeReferences } from './runtime-deprecation';

// `nx run deploy:check-runtime` (CI runs it on every build, changed or not: the calendar moves on
// its own). Exits 1 when a configured Lambda runtime is within 90 days of its deprecation.
const workspaceRoot = join(__dirname, '../../..');
const files = ['docker/Dockerfile', 'nx.json'].filter((path) => existsSync(join(workspaceRoot, path)));
const references = files.flatMap((path) => findRuntimeReferences(path, readFileSync(join(workspaceRoot, path), 'utf8')));
const { ok, lines } = checkRuntimes(references, new Date());
for (const line of lines) console.log(line);
if (!ok) process.exit(1);
