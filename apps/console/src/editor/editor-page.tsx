import { useEffect, useRef, useState } from 'react';
import { buildDiagnosticsOf, readableError, type ApiClient, type AppSummary, type BuildDiagnostic } from '../api-client';
import { filesProblem } from '../app-rules';
import type { TemplateInfo } from '../console-config';
import { formatBytes } from '../format';
import { CodeEditor } from './code-editor';
import { FileTree, type FileAction } from './file-tree';
import { PreviewPane } from './preview-pane';

interface OpenFile {
  /** Stable across edits, new on rename: the editor keeps one state per key. */
  key: string;
  text: string;
}

type Loading = { state: 'loading' } | { state: 'failed'; error: string } | { state: 'loaded' };
type SaveState = { state: 'idle' } | { state: 'saving' } | { state: 'saved'; at: string } | { state: 'failed'; error: string };

let nextKey = 0;
const newKey = () => `file-${++nextKey}`;

const same = (a: ReadonlyMap<string, OpenFile>, b: ReadonlyMap<string, string>) =>
  a.size === b.size && [...a].every(([path, file]) => b.get(path) === file.text);

export interface EditorPageProps {
  name: string;
  api: ApiClient;
  templates: TemplateInfo[];
  onBack: () => void;
  setLeaveGuard: (guard: () => boolean) => void;
}

const LEAVE_QUESTION = 'You have unsaved changes. Leave without saving them?';

/** One app: its files, the editor, the build's problems and the preview; Ctrl/Cmd+S saves and rebuilds. */
export function EditorPage({ name, api, templates, onBack, setLeaveGuard }: EditorPageProps) {
  const [loading, setLoading] = useState<Loading>({ state: 'loading' });
  const [app, setApp] = useState<AppSummary | undefined>(undefined);
  const [templateFiles, setTemplateFiles] = useState<ReadonlySet<string>>(new Set());
  const [files, setFiles] = useState<ReadonlyMap<string, OpenFile>>(new Map());
  const [saved, setSaved] = useState<ReadonlyMap<string, string>>(new Map());
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [diagnostics, setDiagnostics] = useState<BuildDiagnostic[]>([]);
  const [reveal, setReveal] = useState<{ line: number; column: number; at: number } | undefined>(undefined);
  const [save, setSave] = useState<SaveState>({ state: 'idle' });
  const [previewVersion, setPreviewVersion] = useState(0);
  const dirty = !same(files, saved);
  const latest = useRef({ files, dirty, saving: false });
  latest.current = { ...latest.current, files, dirty };

  useEffect(() => {
    Promise.all([api.getApp(name), api.source(name)]).then(
      ([summary, source]) => {
        const opened = new Map(Object.entries(source.files).map(([path, text]) => [path, { key: newKey(), text }] as const));
        setApp(summary);
        setTemplateFiles(new Set(templates.find((template) => template.name === source.template)?.files ?? []));
        setFiles(opened);
        setSaved(new Map(Object.entries(source.files)));
        setSelected(opened.has('src/App.tsx') ? 'src/App.tsx' : [...opened.keys()][0]);
        setLoading({ state: 'loaded' });
      },
      (error: unknown) => setLoading({ state: 'failed', error: readableError(error) }),
    );
  }, [api, name]);

  useEffect(() => {
    setLeaveGuard(() => !latest.current.dirty || window.confirm(LEAVE_QUESTION));
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (latest.current.dirty) event.preventDefault();
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      setLeaveGuard(() => true);
    };
  }, []);

  const saveNow = () => {
    if (latest.current.saving) return;
    const snapshot = new Map([...latest.current.files].map(([path, file]) => [path, file.text] as const));
    const body = Object.fromEntries(snapshot);
    const tooBig = filesProblem(body);
    if (tooBig !== undefined) return setSave({ state: 'failed', error: tooBig });
    latest.current.saving = true;
    setSave({ state: 'saving' });
    api.saveFiles(name, body).then(
      (summary) => {
        latest.current.saving = false;
        setApp(summary);
        setSaved(snapshot);
        setDiagnostics([]);
        setSave({ state: 'saved', at: summary.updatedAt });
        setPreviewVersion((version) => version + 1);
      },
      (error: unknown) => {
        latest.current.saving = false;
        setDiagnostics(buildDiagnosticsOf(error));
        setSave({ state: 'failed', error: readableError(error) });
      },
    );
  };
  const saveRef = useRef(saveNow);
  saveRef.current = saveNow;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
        event.preventDefault();
        saveRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onFileAction = (action: FileAction) => {
    const next = new Map(files);
    if (action.kind === 'add') {
      next.set(action.path, { key: newKey(), text: '' });
      setSelected(action.path);
    } else if (action.kind === 'rename') {
      const file = next.get(action.from);
      if (!file) return;
      next.delete(action.from);
      next.set(action.to, { key: newKey(), text: file.text });
      if (selected === action.from) setSelected(action.to);
    } else {
      next.delete(action.path);
      if (selected === action.path) setSelected([...next.keys()].find((path) => path.startsWith('src/')) ?? [...next.keys()][0]);
    }
    setFiles(new Map([...next].sort(([a], [b]) => (a < b ? -1 : 1))));
  };

  if (loading.state === 'loading') {
    return (
      <main className="page">
        <p className="waiting" role="status">
          Opening {name}…
        </p>
      </main>
    );
  }
  if (loading.state === 'failed') {
    return (
      <main className="page">
        <h1>{name}</h1>
        <p className="error" role="alert">
          {loading.error}
        </p>
        <button type="button" onClick={onBack}>
          Back to your apps
        </button>
      </main>
    );
  }

  const current = selected === undefined ? undefined : files.get(selected);
  const fileDiagnostics = diagnostics.filter((diagnostic) => diagnostic.file === selected);
  const changedPaths = new Set([...files].filter(([path, file]) => saved.get(path) !== file.text).map(([path]) => path));

  return (
    <main className="editor-page">
      <div className="editor-bar">
        <h1>{name}</h1>
        <button type="button" className="primary" onClick={saveNow} disabled={save.state === 'saving'} aria-keyshortcuts="Control+S Meta+S">
          {save.state === 'saving' ? 'Saving…' : 'Save and build'}
        </button>
        <p className="save-status" role="status" aria-live="polite">
          {save.state === 'saving' && 'Saving and building…'}
          {save.state === 'saved' && `Saved and built${app ? ` (${formatBytes(app.build.bytes)} in ${Math.round(app.build.durationMs)} ms)` : ''}.`}
          {save.state === 'failed' && diagnostics.length > 0 && `The build failed: ${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'}.`}
          {save.state === 'idle' && (dirty ? 'Unsaved changes. Ctrl+S (⌘S) saves and builds.' : 'No unsaved changes.')}
          {save.state !== 'idle' && save.state !== 'saving' && dirty && ' Unsaved changes.'}
        </p>
      </div>
      {save.state === 'failed' && diagnostics.length === 0 && (
        <p className="error" role="alert">
          {save.error}
        </p>
      )}
      <div className="workbench">
        <FileTree files={[...files.keys()]} selected={selected} changed={changedPaths} templateFiles={templateFiles} onSelect={setSelected} onAction={onFileAction} />
        <section className="editor-column" aria-label="Editor">
          {current && selected ? (
            <CodeEditor
              path={selected}
              fileKey={current.key}
              initial={current.text}
              diagnostics={fileDiagnostics}
              reveal={reveal}
              onChange={(path, text) =>
                setFiles((previous) => {
                  const file = previous.get(path);
                  if (!file) return previous;
                  return new Map(previous).set(path, { ...file, text });
                })
              }
            />
          ) : (
            <p>Choose a file.</p>
          )}
          <section className="problems" aria-labelledby="problems-heading">
            <h2 id="problems-heading">Problems ({diagnostics.length})</h2>
            {diagnostics.length === 0 ? (
              <p>No problems in the last build.</p>
            ) : (
              <ul>
                {diagnostics.map((diagnostic, index) => (
                  <li key={`${diagnostic.file}:${diagnostic.line}:${diagnostic.column}:${index}`}>
                    <button
                      type="button"
                      className="problem"
                      onClick={() => {
                        if (files.has(diagnostic.file)) setSelected(diagnostic.file);
                        setReveal({ line: diagnostic.line, column: diagnostic.column, at: Date.now() });
                      }}
                    >
                      <span className="problem-place">
                        {diagnostic.file || '(build)'}:{diagnostic.line}:{diagnostic.column + 1}
                      </span>{' '}
                      {diagnostic.text}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </section>
        {app && <PreviewPane app={app} version={previewVersion} />}
      </div>
    </main>
  );
}
