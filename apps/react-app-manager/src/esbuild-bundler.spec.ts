import { resolve } from 'node:path';
import { createEsbuildBundler } from './esbuild-bundler';
import { BuildFailedError, type BundleInput } from './site-bundler';

const bundler = createEsbuildBundler({ reactResolveDir: resolve(__dirname, '..'), workers: 1, memoryLimitBytes: 512 * 2 ** 20 });
const files = new Map([
  ['src/main.tsx', 'import { createRoot } from "react-dom/client";\nimport { App } from "./App";\nimport "./styles.css";\ncreateRoot(document.body).render(<App />);\n'],
  ['src/App.tsx', 'import { useState } from "react";\nexport function App() {\n  const [n, setN] = useState(0);\n  return <button onClick={() => setN(n + 1)}>{import.meta.env.APP_TITLE} {n}</button>;\n}\n'],
  ['src/styles.css', 'button { color: rebeccapurple; }\n'],
]);
const input = (overrides: Partial<BundleInput> = {}): BundleInput => ({ files, entry: 'src/main.tsx', title: 'Bundled', signal: new AbortController().signal, ...overrides });
const text = (contents: Uint8Array | undefined) => new TextDecoder().decode(contents);

describe('createEsbuildBundler', () => {
  it('bundles the app into a content-hashed script and stylesheet that import the shared React modules', async () => {
    const output = await bundler.bundle(input());

    expect(output.script).toMatch(/^assets\/main-\w+\.js$/);
    expect(output.stylesheet).toMatch(/^assets\/main-\w+\.css$/);
    const script = text(output.files.find((file) => file.path === output.script)?.contents);
    expect(script).toMatch(/from"\.\/vendor\/react-\w+\.js"/);
    expect(script).toMatch(/from"\.\/vendor\/react-dom-client-\w+\.js"/);
    expect(script).toContain('"Bundled"');
    expect(script).not.toContain('useState=function');
    expect(output.preload).toEqual(expect.arrayContaining([expect.stringMatching(/^assets\/vendor\/react-dom-client-\w+\.js$/)]));
    expect(output.files.map((file) => file.path)).toEqual(expect.arrayContaining(output.preload));
    expect(output.files.filter((file) => file.shared).map((file) => file.path).sort()).toEqual([...output.preload].sort());
  });

  it('gives the same names to the same app built twice, and other names to changed code', async () => {
    const first = await bundler.bundle(input());
    const again = await bundler.bundle(input());
    const retitled = await bundler.bundle(input({ title: 'Other' }));

    expect(again.script).toBe(first.script);
    expect(retitled.script).not.toBe(first.script);
    expect(retitled.preload).toEqual(first.preload);
  });

  it('reports a file it has no loader for, with the importing file and line', async () => {
    const withYaml = new Map([...files, ['src/App.tsx', 'import config from "./config.yaml";\nexport const App = () => <p>{String(config)}</p>;\n'], ['src/config.yaml', 'a: 1']]);

    const failure = bundler.bundle(input({ files: withYaml }));

    await expect(failure).rejects.toBeInstanceOf(BuildFailedError);
    await expect(failure).rejects.toMatchObject({ diagnostics: [{ file: 'src/App.tsx', line: 1, text: expect.stringContaining('src/config.yaml cannot be imported') }] });
  });

  it('does not start a build whose time is already up', async () => {
    const controller = new AbortController();
    controller.abort(new Error('time is up'));

    await expect(bundler.bundle(input({ signal: controller.signal }))).rejects.toThrow('time is up');
  });
});
