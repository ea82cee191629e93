import { resolveImport } from './import-policy';

const files = new Map([
  ['src/main.tsx', ''],
  ['src/App.tsx', ''],
  ['src/components/index.ts', ''],
  ['src/components/Button.jsx', ''],
  ['src/styles/theme.css', ''],
  ['src/styles/logo.svg', ''],
  ['src/data.json', ''],
  ['public/robots.txt', ''],
]);

describe('resolveImport', () => {
  it.each([
    ['./App', 'src/main.tsx', 'src/App.tsx'],
    ['./App.tsx', 'src/main.tsx', 'src/App.tsx'],
    ['./components', 'src/main.tsx', 'src/components/index.ts'],
    ['./Button', 'src/components/index.ts', 'src/components/Button.jsx'],
    ['../data.json', 'src/components/index.ts', 'src/data.json'],
    ['../../public/robots.txt', 'src/components/index.ts', 'public/robots.txt'],
  ])('finds %s imported from %s as the app’s file %s', (specifier, importer, path) => {
    expect(resolveImport(specifier, importer, files)).toEqual({ kind: 'file', path });
  });

  it.each(['react', 'react-dom', 'react-dom/client', 'react/jsx-runtime'])('lets %s through as an allowed package', (specifier) => {
    expect(resolveImport(specifier, 'src/App.tsx', files)).toEqual({ kind: 'package', name: specifier });
  });

  it('reads stylesheet references as relative, as CSS does', () => {
    expect(resolveImport('logo.svg', 'src/styles/theme.css', files, 'css')).toEqual({ kind: 'file', path: 'src/styles/logo.svg' });
    expect(resolveImport('logo.svg', 'src/styles/theme.css', files, 'module')).toMatchObject({ kind: 'refused' });
  });

  it('leaves a stylesheet’s reference to a fragment of the page as written', () => {
    expect(resolveImport('#blur', 'src/styles/theme.css', files, 'css')).toEqual({ kind: 'fragment' });
    expect(resolveImport('#internal', 'src/App.tsx', files)).toMatchObject({ kind: 'refused' });
  });

  it.each([
    ['react-dom/server', 'is not an allowed package'],
    ['@scope/pkg', 'is not an allowed package'],
    ['path', 'is a Node built-in'],
    ['node:fs', 'is a Node built-in'],
    ['/src/App.tsx', 'is an absolute path'],
    ['//cdn.example/react.js', 'is a URL'],
    ['file:///etc/passwd', 'is a URL'],
    ['../../etc/passwd', 'points outside the app'],
    ['..', "matches none of the app's files"],
    ['.\\App', 'contains a NUL byte or a backslash'],
    ['./App\0.tsx', 'contains a NUL byte or a backslash'],
  ])('refuses %j: it %s', (specifier, reason) => {
    expect(resolveImport(specifier, 'src/App.tsx', files)).toEqual({ kind: 'refused', reason: expect.stringContaining(`import ${JSON.stringify(specifier)} ${reason}`) });
  });
});
