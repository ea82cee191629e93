import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createConsoleAuth } from './auth';
import { ConsoleApp } from './console-app';
import { loadConsoleConfig } from './console-config';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no element with id "root"');

function showStartFailure(error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  root?.replaceChildren(
    Object.assign(document.createElement('main'), { className: 'page' }),
  );
  const main = root?.firstElementChild;
  main?.append(Object.assign(document.createElement('h1'), { textContent: 'The console could not start' }));
  main?.append(Object.assign(document.createElement('p'), { className: 'error', role: 'alert', textContent: message }));
}

loadConsoleConfig().then((config) => {
  createRoot(root).render(
    <StrictMode>
      <ConsoleApp config={config} auth={createConsoleAuth(config)} />
    </StrictMode>,
  );
}, showStartFailure);
