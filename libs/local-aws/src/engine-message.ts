/** What an engine process tells its parent once: where it listens, or why it could not start. */
export type EngineMessage = { endpoint: string } | { error: string };

export function isEngineMessage(value: unknown): value is EngineMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { endpoint, error } = value as { endpoint?: unknown; error?: unknown };
  return typeof endpoint === 'string' || typeof error === 'string';
}
