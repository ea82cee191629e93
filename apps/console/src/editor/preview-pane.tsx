import { useState } from 'react';
import type { AppSummary } from '../api-client';

/** The app's site on the sites origin in a frame, reloaded after each successful save (`version`), with its link. */
export function PreviewPane({ app, version }: { app: AppSummary; version: number }) {
  const [copied, setCopied] = useState<string | undefined>(undefined);
  // A new query string makes the same frame navigate again (no new browsing context, no blank flash);
  // the site's index.html is revalidated anyway, its hashed assets come from the cache.
  const src = version === 0 ? app.url : `${app.url}?v=${version}`;
  const copy = () =>
    navigator.clipboard.writeText(app.url).then(
      () => setCopied('Link copied.'),
      () => setCopied(`Copy this link: ${app.url}`),
    );
  return (
    <section className="preview" aria-labelledby="preview-heading">
      <div className="preview-bar">
        <h2 id="preview-heading">Preview</h2>
        <a href={app.url} target="_blank" rel="noopener noreferrer">
          Open in new tab
        </a>
        <button type="button" onClick={copy}>
          Copy link
        </button>
        <span role="status" className="hint">
          {copied}
        </span>
      </div>
      <iframe title={`Preview of ${app.name}`} src={src} data-version={version} sandbox="allow-scripts allow-same-origin allow-forms allow-modals" />
    </section>
  );
}
