import type { ResourceVariables } from '@sm/local-resources';

/**
 * A local name for every table and bucket variable an app declares in its deploy.json
 * (`NOTES_TABLE` -> `notes-table`), used where the config names none, so a new app's storage works
 * under `npm start` without an entry in .env.example. The names are valid for DynamoDB and S3.
 */
export function localResourceNames(resources: ResourceVariables): Record<string, string> {
  return Object.fromEntries([...resources.tables, ...resources.buckets].map((variable) => [variable, variable.toLowerCase().replaceAll('_', '-')]));
}
