import { css } from '@codemirror/lang-css';
import { html } from '@codemirror/lang-html';
import { javascript } from '@codemirror/lang-javascript';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';
import { tags } from '@lezer/highlight';
import type { BuildDiagnostic } from '../api-client';

// CodeMirror's default highlight colours for invalid code (#f00) and a few others fall under WCAG's
// 4.5:1 on white; this style replaces it (the default applies only when no other is given).
const readableColours = syntaxHighlighting(
  HighlightStyle.define([
    { tag: [tags.keyword, tags.moduleKeyword, tags.controlKeyword, tags.operatorKeyword], color: '#7a1fa2' },
    { tag: [tags.string, tags.special(tags.string), tags.regexp], color: '#a3160f' },
    { tag: [tags.number, tags.bool, tags.atom, tags.null], color: '#175a29' },
    { tag: tags.comment, color: '#5e5e5e', fontStyle: 'italic' },
    { tag: [tags.typeName, tags.className, tags.namespace], color: '#00695c' },
    { tag: [tags.tagName, tags.angleBracket], color: '#1a4f9c' },
    { tag: [tags.attributeName, tags.propertyName], color: '#7a4a00' },
    { tag: [tags.definition(tags.variableName), tags.function(tags.variableName)], color: '#0b47b0' },
    { tag: tags.invalid, color: '#b00020', textDecoration: 'underline wavy' },
    { tag: tags.link, color: '#0b57d0', textDecoration: 'underline' },
  ]),
);

function languageOf(path: string): Extension {
  if (/\.(tsx|ts|jsx|js|mjs)$/.test(path)) return javascript({ typescript: /\.tsx?$/.test(path), jsx: /x$/.test(path) });
  if (path.endsWith('.css')) return css();
  if (path.endsWith('.html')) return html();
  return [];
}

/** esbuild's line (from 1) and column (from 0) as a document offset, clamped to the document. */
function offsetOf(state: EditorState, line: number, column: number): number {
  const target = state.doc.line(Math.min(Math.max(line, 1), state.doc.lines));
  return Math.min(target.from + column, target.to);
}

function toCodeMirror(state: EditorState, diagnostics: readonly BuildDiagnostic[]): Diagnostic[] {
  return diagnostics.map((diagnostic) => {
    const from = offsetOf(state, diagnostic.line, diagnostic.column);
    return { from, to: Math.min(from + 1, state.doc.length), severity: 'error', message: diagnostic.text, source: 'esbuild' };
  });
}

export interface CodeEditorProps {
  path: string;
  /** Tells apart two files that had the same path (one deleted or renamed, another made): each has its own editor state. */
  fileKey: string;
  /** The file's text when it is first shown; later edits live in the editor and are reported through onChange. */
  initial: string;
  diagnostics: readonly BuildDiagnostic[];
  /** Where to put the cursor (a problem chosen in the list), as esbuild counts lines and columns. */
  reveal: { line: number; column: number; at: number } | undefined;
  onChange: (path: string, text: string) => void;
}

/**
 * CodeMirror 6 for one file at a time. Each file keeps its own editor state (and so its undo
 * history) while the page is open; the build's diagnostics show in the lint gutter at their place.
 */
export function CodeEditor({ path, fileKey, initial, diagnostics, reveal, onChange }: CodeEditorProps) {
  const host = useRef<HTMLDivElement | null>(null);
  const view = useRef<EditorView | undefined>(undefined);
  const states = useRef(new Map<string, EditorState>());
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    if (!host.current) return;
    const created = new EditorView({ parent: host.current });
    view.current = created;
    return () => created.destroy();
  }, []);

  useEffect(() => {
    const current = view.current;
    if (!current) return;
    let state = states.current.get(fileKey);
    if (!state) {
      state = EditorState.create({
        doc: initial,
        extensions: [
          readableColours,
          basicSetup,
          languageOf(path),
          lintGutter(),
          // An explicit tab stop: axe counts the scroller as keyboard-reachable only through focusable content.
          EditorView.contentAttributes.of({ 'aria-label': `Contents of ${path}`, tabindex: '0' }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) changed.current(path, update.state.doc.toString());
          }),
        ],
      });
    }
    current.setState(state);
    return () => {
      states.current.set(fileKey, current.state);
    };
  }, [fileKey]);

  useEffect(() => {
    const current = view.current;
    if (!current) return;
    current.dispatch(setDiagnostics(current.state, toCodeMirror(current.state, diagnostics)));
  }, [fileKey, diagnostics]);

  useEffect(() => {
    const current = view.current;
    if (!current || !reveal) return;
    const at = offsetOf(current.state, reveal.line, reveal.column);
    current.dispatch({ selection: { anchor: at }, scrollIntoView: true });
    current.focus();
  }, [reveal]);

  return <div className="code-editor" ref={host} />;
}
