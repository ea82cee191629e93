import { lazy, Suspense, useEffect, useMemo, useRef, useState, type ComponentType } from 'react';
import { createApiClient, readableError } from './api-client';
import type { EditorPageProps } from './editor/editor-page';
import { AppsPage } from './apps-page';
import type { ConsoleAuth, SignedInUser } from './auth';
import type { ConsoleConfig } from './console-config';

// CodeMirror is most of the console's code: it loads only when an app is opened, after sign-in.
const EditorPage = lazy<ComponentType<EditorPageProps>>(() => import('./editor/editor-page').then((module) => ({ default: module.EditorPage })));

const EDITOR_PATH = /^\/console\/apps\/([a-z0-9-]+)\/?$/;

/** Which screen the address shows: the apps list, or one app's editor. */
function screenOf(pathname: string): { kind: 'apps' } | { kind: 'editor'; name: string } {
  const match = EDITOR_PATH.exec(pathname);
  return match?.[1] ? { kind: 'editor', name: match[1] } : { kind: 'apps' };
}

type Session = { state: 'starting' } | { state: 'signed-out'; error?: string } | { state: 'signed-in'; user: SignedInUser };

/** The console: sign-in, then the apps list or an app's editor, by the address. */
export function ConsoleApp({ config, auth }: { config: ConsoleConfig; auth: ConsoleAuth }) {
  const [session, setSession] = useState<Session>({ state: 'starting' });
  const [path, setPath] = useState(window.location.pathname);
  const [signingIn, setSigningIn] = useState(false);
  const api = useMemo(() => createApiClient(() => auth.accessToken()), [auth]);
  const started = useRef(false);
  // Screens may refuse to be left (unsaved changes) by returning false.
  const leaveGuard = useRef<() => boolean>(() => true);

  useEffect(() => {
    // StrictMode runs effects twice in development; an authorization code can be redeemed once.
    if (started.current) return;
    started.current = true;
    auth.start().then(
      ({ user, returnTo }) => {
        setSession(user ? { state: 'signed-in', user } : { state: 'signed-out' });
        if (returnTo) setPath(returnTo);
      },
      (error: unknown) => setSession({ state: 'signed-out', error: readableError(error) }),
    );
  }, [auth]);

  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const navigate = (to: string) => {
    if (!leaveGuard.current()) return;
    leaveGuard.current = () => true;
    window.history.pushState(null, '', to);
    setPath(to);
  };

  const screen = screenOf(path);
  useEffect(() => {
    document.title = screen.kind === 'editor' ? `${screen.name} · Console` : 'Your apps · Console';
  }, [screen.kind, screen.kind === 'editor' ? screen.name : '']);

  if (session.state === 'starting') {
    return (
      <main className="page">
        <p className="waiting" role="status">Signing you in…</p>
      </main>
    );
  }
  if (session.state === 'signed-out') {
    const signIn = () => {
      setSigningIn(true);
      auth.signIn(window.location.pathname).catch((error: unknown) => {
        setSigningIn(false);
        setSession({ state: 'signed-out', error: readableError(error) });
      });
    };
    return (
      <main className="page sign-in">
        <h1>React apps console</h1>
        <p>Create, edit, preview and delete your React apps online.</p>
        {session.error && (
          <p className="error" role="alert">
            {session.error}
          </p>
        )}
        <button type="button" className="primary" onClick={signIn} disabled={signingIn}>
          {signingIn ? 'Opening sign-in…' : 'Sign in'}
        </button>
      </main>
    );
  }

  const signOut = () => {
    if (!leaveGuard.current()) return;
    auth.signOut().catch((error: unknown) => setSession({ state: 'signed-out', error: readableError(error) }));
  };

  return (
    <>
      <header className="top-bar">
        <a
          className="brand"
          href="/console/"
          onClick={(event) => {
            event.preventDefault();
            navigate('/console/');
          }}
        >
          React apps console
        </a>
        <span className="user">
          Signed in as <strong>{session.user.name}</strong>
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      {screen.kind === 'apps' ? (
        <AppsPage api={api} templates={config.templates} onOpen={(name) => navigate(`/console/apps/${name}`)} />
      ) : (
        <Suspense
          fallback={
            <main className="page">
              <p className="waiting" role="status">Loading the editor…</p>
            </main>
          }
        >
          <EditorPage
            key={screen.name}
            name={screen.name}
            api={api}
            templates={config.templates}
            onBack={() => navigate('/console/')}
            setLeaveGuard={(guard: () => boolean) => {
              leaveGuard.current = guard;
            }}
          />
        </Suspense>
      )}
    </>
  );
}
