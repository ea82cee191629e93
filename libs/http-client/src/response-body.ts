/**
 * Reads the whole body, so that undici returns the keep-alive connection to its pool, and
 * parses it as JSON when the media type is JSON (`application/json` or any `+json` suffix,
 * RFC 6839). A JSON body that does not parse comes back as text rather than failing the call:
 * the caller still learns what the service answered.
 */
export async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!isJsonMediaType(response.headers.get('content-type'))) return text;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed;
  } catch {
    return text;
  }
}

function isJsonMediaType(contentType: string | null): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^[\w.-]+\/[\w.+-]+\+json$/.test(mediaType);
}
