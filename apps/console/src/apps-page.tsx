import { useEffect, useRef, useState } from 'react';
import { readableError, type ApiClient, type AppSummary } from './api-client';
import { nameProblem } from './app-rules';
import type { TemplateInfo } from './console-config';
import { formatBytes, formatTime } from './format';

type Listing = { state: 'loading' } | { state: 'failed'; error: string } | { state: 'loaded'; apps: AppSummary[] };

/** Your apps: the list, a form to create one from a template, and deletion with confirmation. */
export function AppsPage({ api, templates, onOpen }: { api: ApiClient; templates: TemplateInfo[]; onOpen: (name: string) => void }) {
  const [listing, setListing] = useState<Listing>({ state: 'loading' });
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [toDelete, setToDelete] = useState<AppSummary | undefined>(undefined);

  const reload = () =>
    api.listApps().then(
      (page) => setListing({ state: 'loaded', apps: page.items }),
      (error: unknown) => setListing({ state: 'failed', error: readableError(error) }),
    );
  useEffect(() => {
    void reload();
  }, [api]);

  return (
    <main className="page">
      <h1>Your apps</h1>
      <CreateAppForm
        api={api}
        templates={templates}
        onCreated={(app) => {
          setNotice(`Created ${app.name}.`);
          void reload();
        }}
      />
      <p className="notice" role="status">
        {notice}
      </p>
      <section aria-labelledby="apps-heading">
        <h2 id="apps-heading">Apps</h2>
        {listing.state === 'loading' && (
          <p className="waiting" role="status">
            Loading your apps…
          </p>
        )}
        {listing.state === 'failed' && (
          <p className="error" role="alert">
            {listing.error}
          </p>
        )}
        {listing.state === 'loaded' && listing.apps.length === 0 && <p>You have no apps yet. Create one above.</p>}
        {listing.state === 'loaded' && listing.apps.length > 0 && (
          <table className="apps">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Template</th>
                <th scope="col">Status</th>
                <th scope="col">Last build</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {listing.apps.map((app) => (
                <tr key={app.name}>
                  <th scope="row">
                    <a
                      href={`/console/apps/${app.name}`}
                      onClick={(event) => {
                        event.preventDefault();
                        onOpen(app.name);
                      }}
                    >
                      {app.name}
                    </a>
                    <span className="app-title">{app.title}</span>
                  </th>
                  <td>{app.template}</td>
                  <td>{app.status}</td>
                  <td>
                    <time dateTime={app.updatedAt}>{formatTime(app.updatedAt)}</time>, {formatBytes(app.build.bytes)} in {Math.round(app.build.durationMs)} ms
                  </td>
                  <td className="actions">
                    <a href={app.url} target="_blank" rel="noopener noreferrer" aria-label={`Open ${app.name} in a new tab`}>
                      Open
                    </a>
                    <button type="button" className="danger" onClick={() => setToDelete(app)} aria-label={`Delete ${app.name}`}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {toDelete && (
        <DeleteDialog
          app={toDelete}
          api={api}
          onClose={(deleted) => {
            setToDelete(undefined);
            if (deleted) {
              setNotice(`Deleted ${toDelete.name}.`);
              void reload();
            }
          }}
        />
      )}
    </main>
  );
}

function CreateAppForm({ api, templates, onCreated }: { api: ApiClient; templates: TemplateInfo[]; onCreated: (app: AppSummary) => void }) {
  const [name, setName] = useState('');
  const [template, setTemplate] = useState(templates.find((item) => item.name === 'counter')?.name ?? templates[0]?.name ?? '');
  const [title, setTitle] = useState('');
  const [touched, setTouched] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const problem = nameProblem(name);
  const showProblem = touched && problem !== undefined;

  const submit = (event: { preventDefault(): void }) => {
    event.preventDefault();
    setTouched(true);
    if (problem !== undefined || pending) return;
    setPending(true);
    setError(undefined);
    api.createApp({ name, template, ...(title.trim() === '' ? {} : { title: title.trim() }) }).then(
      (app) => {
        setPending(false);
        setName('');
        setTitle('');
        setTouched(false);
        onCreated(app);
      },
      (failure: unknown) => {
        setPending(false);
        setError(readableError(failure));
      },
    );
  };

  return (
    <form className="create" onSubmit={submit} aria-labelledby="create-heading" noValidate>
      <h2 id="create-heading">Create an app</h2>
      <div className="field">
        <label htmlFor="app-name">Name</label>
        <input
          id="app-name"
          value={name}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={showProblem}
          aria-describedby="app-name-rule"
          onChange={(event) => {
            setName(event.currentTarget.value);
            setTouched(true);
          }}
        />
        <p id="app-name-rule" className={showProblem ? 'field-error' : 'hint'} aria-live="polite">
          {showProblem ? problem : '3 to 40 of a–z, 0–9 and “-”, starting with a letter. It becomes the app’s address.'}
        </p>
      </div>
      <div className="field">
        <label htmlFor="app-template">Template</label>
        <select id="app-template" value={template} onChange={(event) => setTemplate(event.currentTarget.value)}>
          {templates.map((item) => (
            <option key={item.name} value={item.name}>
              {item.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="app-title">Title (optional)</label>
        <input id="app-title" value={title} maxLength={120} onChange={(event) => setTitle(event.currentTarget.value)} />
      </div>
      <button type="submit" className="primary" disabled={pending}>
        {pending ? 'Creating…' : 'Create app'}
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function DeleteDialog({ app, api, onClose }: { app: AppSummary; api: ApiClient; onClose: (deleted: boolean) => void }) {
  const dialog = useRef<HTMLDialogElement | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const confirm = () => {
    setPending(true);
    setError(undefined);
    api.deleteApp(app.name).then(
      () => onClose(true),
      (failure: unknown) => {
        setPending(false);
        setError(readableError(failure));
      },
    );
  };
  return (
    <dialog ref={dialog} aria-labelledby="delete-heading" onClose={() => onClose(false)}>
      <h2 id="delete-heading">Delete {app.name}?</h2>
      <p>Its site at {app.url} stops at once, and its files cannot be restored.</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-buttons">
        <button type="button" className="danger" onClick={confirm} disabled={pending}>
          {pending ? 'Deleting…' : `Delete ${app.name}`}
        </button>
        <button type="button" onClick={() => dialog.current?.close()} disabled={pending}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
