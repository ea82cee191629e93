import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no element with id "root"');

// The service replaces import.meta.env.APP_TITLE with the app's title when it builds the app.
createRoot(root).render(
  <StrictMode>
    <App title={import.meta.env.APP_TITLE} />
  </StrictMode>,
);
