import { APP_NAME_PATTERN, MAX_APP_FILE_BYTES, MAX_APP_FILES } from '@sm/events';
import { filesProblem, nameProblem, pathProblem } from './app-rules';

describe('the API’s rules, checked in the console before a request', () => {
  it.each([
    ['', 'Give the app a name.'],
    ['9lives', 'Start with a lower-case letter (a–z).'],
    ['My-app', 'Start with a lower-case letter (a–z).'],
    ['my_app', 'Use only lower-case letters, digits and “-”.'],
    ['ab', 'Use at least 3 characters.'],
    [`a${'b'.repeat(40)}`, 'Use at most 40 characters.'],
    ['my-app-', 'Do not end with “-”.'],
  ])('names what is wrong with the app name %j', (name, problem) => {
    expect(nameProblem(name)).toBe(problem);
  });

  it('accepts exactly the names the API’s own pattern accepts', () => {
    const names = ['abc', 'my-counter', 'a1-2', `a${'b'.repeat(39)}`, 'abc-', 'a--b', 'x'];

    expect(names.map((name) => nameProblem(name) === undefined)).toEqual(names.map((name) => APP_NAME_PATTERN.test(name)));
  });

  it.each([
    ['src/Button.tsx', undefined],
    ['public/robots.txt', undefined],
    ['lib/x.ts', 'Files live under src/ or public/, e.g. src/Button.tsx.'],
    ['src/', 'Files live under src/ or public/, e.g. src/Button.tsx.'],
    ['src//x.ts', 'Files live under src/ or public/, e.g. src/Button.tsx.'],
    ['src/../x.ts', 'Names may use only A–Z, a–z, 0–9, “.”, “_”, “-”, “@” and “+”.'],
    ['src/my file.ts', 'Names may use only A–Z, a–z, 0–9, “.”, “_”, “-”, “@” and “+”.'],
    ['public/assets/x.js', 'public/assets/ is kept for the built files.'],
    ['src/App.tsx', 'A file with this path exists.'],
    [`src/${'a'.repeat(200)}.ts`, 'Paths are at most 200 characters.'],
  ])('checks the file path %j', (path, problem) => {
    expect(pathProblem(path, new Set(['src/App.tsx']))).toBe(problem);
  });

  it('refuses more files than the API takes, a file over its size limit, and names the file', () => {
    const tooMany = Object.fromEntries(Array.from({ length: MAX_APP_FILES + 1 }, (_, index) => [`src/f${index}.ts`, '']));
    const tooBig = { 'src/App.tsx': 'x'.repeat(MAX_APP_FILE_BYTES + 1) };

    expect(filesProblem(tooMany)).toBe(`An app has at most ${MAX_APP_FILES} files; this one has ${MAX_APP_FILES + 1}.`);
    expect(filesProblem(tooBig)).toBe(`src/App.tsx is ${MAX_APP_FILE_BYTES + 1} bytes; a file may hold at most ${MAX_APP_FILE_BYTES} bytes.`);
    expect(filesProblem({ 'src/App.tsx': 'export {}' })).toBeUndefined();
  });
});
