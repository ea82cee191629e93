/** A template the service ships, and the files it gives every app made from it. */
export interface TemplateInfo {
  name: string;
  files: string[];
}

/** What the serving function renders into `/console/config.json` from its environment: the stage's issuer and client, and the templates. */
export interface ConsoleConfig {
  issuer: string;
  clientId: string;
  /** The API scopes to ask for, as the issuer names them (Cognito prefixes its resource server's). */
  scopes: string[];
  templates: TemplateInfo[];
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

function parseTemplate(value: unknown): TemplateInfo {
  if (typeof value !== 'object' || value === null) throw new Error('a template is not an object');
  const { name, files } = value as Record<string, unknown>;
  if (typeof name !== 'string' || !isStringArray(files)) throw new Error('a template lacks its name or files');
  return { name, files };
}

/** The console's configuration, read once at start; a malformed one stops the start with a message. */
export async function loadConsoleConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/console/config.json', { cache: 'no-store' });
  if (!response.ok) {
    // A stage without an issuer answers problem+json saying so; show its words.
    const problem: unknown = await response.json().catch(() => undefined);
    const detail = typeof problem === 'object' && problem !== null ? (problem as Record<string, unknown>).detail : undefined;
    throw new Error(typeof detail === 'string' ? detail : `the console’s configuration answered ${response.status}`);
  }
  const body: unknown = await response.json();
  if (typeof body !== 'object' || body === null) throw new Error('the console’s configuration is not a JSON object');
  const { issuer, clientId, scopes, templates } = body as Record<string, unknown>;
  if (typeof issuer !== 'string' || typeof clientId !== 'string' || !isStringArray(scopes) || !Array.isArray(templates)) {
    throw new Error('the console’s configuration lacks issuer, clientId, scopes or templates');
  }
  return { issuer, clientId, scopes, templates: templates.map(parseTemplate) };
}
