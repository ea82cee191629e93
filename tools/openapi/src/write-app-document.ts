import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { OpenApiDocument } from '@sm/http/openapi';
import { AppApiError, appDocument } from './app-api';
import { assertValidOpenApi31 } from './validate-document';

/** Where `nx run <app>:openapi` writes the app's document. */
export function documentFile(workspaceRoot: string, app: string): string {
  return join(workspaceRoot, 'dist', 'apps', app, 'openapi.json');
}

/** The app's document, built from its api.ts as its service builds it, and valid OpenAPI 3.1 (or an error). */
export async function validAppDocument(workspaceRoot: string, app: string, version: string): Promise<OpenApiDocument> {
  const document = await appDocument(workspaceRoot, app, version);
  if (document === undefined) throw new AppApiError(`apps/${app}/src/api.ts does not exist: the app declares no routes to document`);
  await assertValidOpenApi31(app, document);
  return document;
}

/** Counts the document's operations, for the line the target prints. */
export function operationCount(document: OpenApiDocument): number {
  return Object.values(document.paths).reduce((count, operations) => count + Object.keys(operations).length, 0);
}

/**
 * Writes `dist/apps/<app>/openapi.json`: the app's OpenAPI 3.1 document, validated first, so that
 * an invalid document is never written.
 */
export async function writeAppDocument(workspaceRoot: string, app: string, version: string): Promise<{ file: string; document: OpenApiDocument }> {
  const document = await validAppDocument(workspaceRoot, app, version);
  const file = documentFile(workspaceRoot, app);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  return { file, document };
}
