import { useState } from 'react';
import { FILE_LIMITS, pathProblem } from '../app-rules';

export type FileAction = { kind: 'add'; path: string } | { kind: 'rename'; from: string; to: string } | { kind: 'delete'; path: string };

type Editing = { kind: 'add' } | { kind: 'rename'; from: string } | undefined;

export interface FileTreeProps {
  files: string[];
  selected: string | undefined;
  /** Paths whose text differs from the last save. */
  changed: ReadonlySet<string>;
  /** Paths the app's template provides: the API merges an app's files over them, so they cannot be removed. */
  templateFiles: ReadonlySet<string>;
  onSelect: (path: string) => void;
  onAction: (action: FileAction) => void;
}

/** The app's `src/` and `public/` files, folder by folder, with add, rename and delete. */
export function FileTree({ files, selected, changed, templateFiles, onSelect, onAction }: FileTreeProps) {
  const [editing, setEditing] = useState<Editing>(undefined);
  const [draft, setDraft] = useState('');
  const [confirmDelete, setConfirmDelete] = useState<string | undefined>(undefined);
  const existing = new Set(files);
  const problem = editing ? pathProblem(draft, existing) : undefined;
  const full = files.length >= FILE_LIMITS.files;

  const folders = new Map<string, string[]>();
  for (const path of files) {
    const folder = path.slice(0, path.lastIndexOf('/'));
    folders.set(folder, [...(folders.get(folder) ?? []), path]);
  }

  const submit = (event: { preventDefault(): void }) => {
    event.preventDefault();
    if (!editing || problem !== undefined) return;
    onAction(editing.kind === 'add' ? { kind: 'add', path: draft } : { kind: 'rename', from: editing.from, to: draft });
    setEditing(undefined);
  };

  return (
    <nav className="file-tree" aria-label="Files">
      <div className="file-tree-bar">
        <h2>Files</h2>
        <button
          type="button"
          disabled={full}
          title={full ? `An app has at most ${FILE_LIMITS.files} files` : undefined}
          onClick={() => {
            setEditing({ kind: 'add' });
            setDraft('src/');
          }}
        >
          New file
        </button>
      </div>
      {editing && (
        <form className="path-form" onSubmit={submit} noValidate>
          <label htmlFor="file-path">{editing.kind === 'add' ? 'New file path' : `Rename ${editing.from} to`}</label>
          <input
            id="file-path"
            value={draft}
            autoFocus
            spellCheck={false}
            aria-invalid={problem !== undefined}
            aria-describedby="file-path-rule"
            onChange={(event) => setDraft(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setEditing(undefined);
            }}
          />
          <p id="file-path-rule" className={problem ? 'field-error' : 'hint'} aria-live="polite">
            {problem ?? 'Under src/ or public/; saved with the next save.'}
          </p>
          <button type="submit" disabled={problem !== undefined}>
            {editing.kind === 'add' ? 'Add' : 'Rename'}
          </button>
          <button type="button" onClick={() => setEditing(undefined)}>
            Cancel
          </button>
        </form>
      )}
      {[...folders].map(([folder, paths]) => (
        <div key={folder} className="folder">
          <h3>{folder}/</h3>
          <ul>
            {paths.map((path) => {
              const fromTemplate = templateFiles.has(path);
              const fileName = path.slice(folder.length + 1);
              return (
                <li key={path} className={path === selected ? 'file selected' : 'file'}>
                  <button type="button" className="file-name" aria-current={path === selected ? 'true' : undefined} onClick={() => onSelect(path)}>
                    {fileName}
                    {changed.has(path) && <span aria-label="(unsaved)"> •</span>}
                  </button>
                  {!fromTemplate && confirmDelete !== path && (
                    <span className="file-actions">
                      <button
                        type="button"
                        aria-label={`Rename ${path}`}
                        onClick={() => {
                          setEditing({ kind: 'rename', from: path });
                          setDraft(path);
                        }}
                      >
                        Rename
                      </button>
                      <button type="button" aria-label={`Delete ${path}`} onClick={() => setConfirmDelete(path)}>
                        Delete
                      </button>
                    </span>
                  )}
                  {confirmDelete === path && (
                    <span className="file-actions" role="group" aria-label={`Delete ${path}?`}>
                      <button
                        type="button"
                        className="danger"
                        autoFocus
                        onClick={() => {
                          setConfirmDelete(undefined);
                          onAction({ kind: 'delete', path });
                        }}
                      >
                        Delete {fileName}
                      </button>
                      <button type="button" onClick={() => setConfirmDelete(undefined)}>
                        Keep
                      </button>
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      ))}
      <p className="hint">Files from the template can be edited but not renamed or deleted.</p>
    </nav>
  );
}
