import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createConsoleAuth } from './auth';
import { ConsoleApp } from './console-app';
import { loadConsoleConfig } from './console-config';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no element with id "root"');

const view = createRoot(root);
loadConsoleConfig().then(
  (config) =>
    view.render(
      <StrictMode>
        <ConsoleApp config={config} auth={createConsoleAuth(config)} />
      </StrictMode>,
    ),
  (error: unknown) =>
    view.render(
      <main className="page">
        <h1>The console could not start</h1>
        <p className="error" role="alert">
          {error instanceof Error ? error.message : String(error)}
        </p>
      </main>,
    ),
);
