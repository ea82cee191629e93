import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { appImageBuildCommand } from '@sm/app-deploy';
import { appImage } from './image-tags';

// nx run <app>:container[:local] — builds <app>:local-<checkout> (image-tag.sh) as the deploy builds
// its image (appImageBuildCommand), and <app>:<git sha> too when the work tree is clean and the base
// is the Dockerfile's (AWS) one: only then does the commit name what the image holds.
// Usage: build-image.ts <app> [base image]; without a base image, the Dockerfile's AWS defaults apply.
const workspaceRoot = resolve(__dirname, '../../..');
const { positionals } = parseArgs({ allowPositionals: true });
const [app, baseImage] = positionals;
if (!app) {
  console.error('usage: build-image.ts <app> [base image]');
  process.exit(2);
}

const git = (...args: string[]) => execFileSync('git', args, { cwd: workspaceRoot, encoding: 'utf8' }).trim();
const tags = [appImage(app)];
if (!baseImage && git('status', '--porcelain') === '') tags.push(`${app}:${git('rev-parse', 'HEAD')}`);
const { args, env } = appImageBuildCommand({ app, tags, baseImage: baseImage || undefined });
const built = spawnSync('docker', args, { cwd: workspaceRoot, env: { ...process.env, ...env }, stdio: 'inherit' });
process.exit(built.status ?? 1);
