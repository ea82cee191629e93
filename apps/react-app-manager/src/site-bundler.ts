import type { BuildDiagnostic } from '@sm/events';
import { InvalidInputError } from '@sm/errors';
import type { SourceFiles } from './source-files';

/** What to bundle: the app's files, its entry point among them, and its title (`import.meta.env.APP_TITLE`). */
export interface BundleInput {
  files: SourceFiles;
  entry: string;
  title: string;
  /** Aborted when the build runs out of time; the bundler stops its work, and settles once it has. */
  signal: AbortSignal;
}

/** One output file, by its path in the site (`assets/main-5FJ2XQ3A.js`). */
export interface BundledFile {
  path: string;
  contents: Uint8Array;
  /** The same bytes in every app's site (React's vendor modules): stored once for every build, not with each. */
  shared?: boolean;
}

/** What a bundle produced: every file, and those `index.html` must load. */
export interface BundleOutput {
  files: BundledFile[];
  script: string;
  stylesheet: string | undefined;
  /** Modules the script imports, directly or not: preloaded so the browser fetches them in parallel. */
  preload: string[];
}

/** The port the domain builds sites through; the esbuild adapter is the one implementation. */
export interface SiteBundler {
  /** Rejects with `BuildFailedError` when the app's code does not compile or imports what it may not. */
  bundle(input: BundleInput): Promise<BundleOutput>;
}

/** The app's code does not compile, or imports what it may not: 422 with every diagnostic. */
export class BuildFailedError extends InvalidInputError {
  readonly diagnostics: BuildDiagnostic[];
  constructor(diagnostics: BuildDiagnostic[], options?: ErrorOptions) {
    const [first] = diagnostics;
    const where = first ? `${first.file}:${first.line}:${first.column}: ${first.text}` : 'no diagnostics';
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more, listed in errors)` : '';
    super(`the app does not build: ${where}${more}`, { errors: diagnostics, type: 'urn:problem-type:build-failed', ...options });
    this.name = 'BuildFailedError';
    this.diagnostics = diagnostics;
  }
}

/** The build ran out of time and was cancelled: 422, since it is the app's code that is too big or too slow. */
export class BuildTimeLimitError extends InvalidInputError {
  constructor(limitMs: number) {
    super(`the build exceeded ${limitMs} ms and was cancelled`, { type: 'urn:problem-type:build-time-limit' });
    this.name = 'BuildTimeLimitError';
  }
}

/** The build's processes held more memory than allowed, and were killed: 422, as for a build that takes too long. */
export class BuildMemoryLimitError extends InvalidInputError {
  constructor(limitBytes: number) {
    super(`the build used more than ${Math.round(limitBytes / 2 ** 20)} MiB of memory and was stopped`, { type: 'urn:problem-type:build-memory-limit' });
    this.name = 'BuildMemoryLimitError';
  }
}
