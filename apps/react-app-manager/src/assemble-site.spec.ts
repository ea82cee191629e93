import { assembleSite, entryPointOf } from './assemble-site';
import type { BundleOutput } from './site-bundler';

const encode = (text: string) => new TextEncoder().encode(text);
const indexOf = (site: ReturnType<typeof assembleSite>) => new TextDecoder().decode(site.find((file) => file.path === 'index.html')?.body);
const bundle: BundleOutput = {
  files: [
    { path: 'assets/main-AAAA.js', contents: encode('console.log(1)') },
    { path: 'assets/main-BBBB.css', contents: encode('p{}') },
    { path: 'assets/vendor/react-CCCC.js', contents: encode('export{}'), shared: true },
  ],
  script: 'assets/main-AAAA.js',
  stylesheet: 'assets/main-BBBB.css',
  preload: ['assets/vendor/react-CCCC.js'],
};

describe('assembleSite', () => {
  it('links the built files in the head of index.html, and fills in every title placeholder', () => {
    const source = new Map([['public/index.html', '<html><head><title>%APP_TITLE%</title></head><body><h1>%APP_TITLE%</h1></body></html>']]);

    const site = assembleSite(source, 'Mine', bundle);

    expect(indexOf(site)).toBe(
      '<html><head><title>Mine</title>  <link rel="modulepreload" href="./assets/vendor/react-CCCC.js">\n' +
        '    <link rel="stylesheet" href="./assets/main-BBBB.css">\n' +
        '    <script type="module" src="./assets/main-AAAA.js"></script>\n' +
        '  </head><body><h1>Mine</h1></body></html>',
    );
  });

  it('puts the tags first in a page without a head', () => {
    const source = new Map([['public/index.html', '<div id="root"></div>']]);

    const site = assembleSite(source, 'Mine', { ...bundle, stylesheet: undefined, preload: [] });

    expect(indexOf(site)).toBe('<script type="module" src="./assets/main-AAAA.js"></script>\n<div id="root"></div>');
  });

  it('serves public files at the site’s root and never src files, with their caching', () => {
    const source = new Map([
      ['public/index.html', '<head></head>'],
      ['public/robots.txt', 'User-agent: *'],
      ['src/App.tsx', 'secret source'],
    ]);

    const site = assembleSite(source, 'Mine', bundle);

    expect(site.map(({ path, contentType, cacheControl }) => [path, contentType, cacheControl])).toEqual([
      ['assets/main-AAAA.js', 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
      ['assets/main-BBBB.css', 'text/css; charset=utf-8', 'public, max-age=31536000, immutable'],
      ['assets/vendor/react-CCCC.js', 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
      ['index.html', 'text/html; charset=utf-8', 'no-cache'],
      ['robots.txt', 'text/plain; charset=utf-8', 'no-cache'],
    ]);
  });

  it('marks the files every app shares, and those only', () => {
    const site = assembleSite(new Map([['public/index.html', '<head></head>']]), 'Mine', bundle);

    expect(site.filter((file) => file.shared).map((file) => file.path)).toEqual(['assets/vendor/react-CCCC.js']);
  });
});

describe('entryPointOf', () => {
  it('prefers src/main.tsx, then the other main files', () => {
    expect(entryPointOf(new Map([['src/main.jsx', ''], ['src/main.tsx', '']]))).toBe('src/main.tsx');
    expect(entryPointOf(new Map([['src/main.jsx', '']]))).toBe('src/main.jsx');
  });
});
