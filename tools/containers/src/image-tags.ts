import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

// The tags come from the scripts the builds use, so what runs is always what was built.
const workspaceRoot = resolve(__dirname, '../../..');
const print = (script: string, ...args: string[]): string => execFileSync('sh', [script, ...args], { cwd: workspaceRoot, encoding: 'utf8' }).trim();

/** This checkout's image of an app (`<app>:local-<checkout>`), as `nx run <app>:container` tags it. */
export function appImage(app: string): string {
  return print('tools/containers/image-tag.sh', app);
}

/** The local base image's tag (`lambda-base-local:24-<inputs>`), as tools/lambda-base/build.sh tags it. */
export function localBaseImage(): string {
  return print('tools/lambda-base/tag.sh');
}
