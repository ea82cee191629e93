/** A response body as read: parsed or text, and whether it was cut at the byte cap. */
export interface ReadBody {
  body: unknown;
  truncated: boolean;
}

/**
 * Reads the body, so that undici returns the keep-alive connection to its pool, and parses it as
 * JSON when the media type is JSON (`application/json` or any `+json` suffix, RFC 6839). A JSON
 * body that does not parse comes back as text rather than failing the call: the caller still
 * learns what the service answered. With `maxBytes`, reading stops at the cap and the response is
 * cancelled, which aborts its connection, so a huge or endless body costs at most `maxBytes`; the
 * part read comes back as text, marked truncated.
 */
export async function readBody(response: Response, maxBytes?: number): Promise<ReadBody> {
  const { text, truncated } = maxBytes === undefined ? { text: await response.text(), truncated: false } : await readCapped(response, maxBytes);
  if (truncated || !isJsonMediaType(response.headers.get('content-type'))) return { body: text, truncated };
  try {
    const parsed: unknown = JSON.parse(text);
    return { body: parsed, truncated };
  } catch {
    return { body: text, truncated };
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  if (response.body === null) return { text: '', truncated: false };
  const reader = response.body.getReader();
  // `stream: true` holds back a character cut in half at the cap instead of decoding it as U+FFFD.
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text: text + decoder.decode(), truncated: false };
    if (size + value.byteLength > maxBytes) {
      text += decoder.decode(value.subarray(0, maxBytes - size), { stream: true });
      await reader.cancel();
      return { text, truncated: true };
    }
    text += decoder.decode(value, { stream: true });
    size += value.byteLength;
  }
}

function isJsonMediaType(contentType: string | null): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^[\w.-]+\/[\w.+-]+\+json$/.test(mediaType);
}
