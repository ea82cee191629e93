import type { Browser, BrowserContext, Page } from 'playwright-core';
import { visibleText } from './browser';
import { startStackAndChromium, type LocalStack } from './local-stack';
import { join } from 'node:path';
import { checkScreen, collectConsoleErrors, TEST_OUTPUT, type AxeViolation } from './screen-check';

// A flow through a real browser, a real stack and real builds: sign-in, creation and each save build an app.
const FLOW_MS = 90_000;

/** src/App.tsx with a heading, and with a syntax error on line 7 when `broken`. */
const appSource = (heading: string, broken = false) => `import { useState } from 'react';

export function App({ title }: { title: string }) {
  const [count, setCount] = useState(0);
  return (
    <main>
      ${broken ? '<h1>{title</h1>' : `<h1>${heading}</h1>`}
      <p>{title}</p>
      <button type="button" onClick={() => setCount((clicks) => clicks + 1)}>count is {count}</button>
    </main>
  );
}
`;

describe('the web console at /console/, in headless Chromium', () => {
  let stack: LocalStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  // Chromium logs every 4xx answer to fetch as an error; a test names those its flow expects (a failed build's 422).
  let expectedFailures: RegExp[];
  const violations: Record<string, AxeViolation[]> = {};

  beforeAll(async () => {
    ({ stack, browser } = await startStackAndChromium());
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    errors = collectConsoleErrors(page);
    expectedFailures = [];
  });
  afterEach(async () => {
    await context.close();
    // The console logs nothing on the way: an error in its console is a defect even when the test passed.
    expect(errors.filter((error) => !expectedFailures.some((expected) => expected.test(error)))).toEqual([]);
  });

  const screen = async (name: string) => {
    violations[name] = await checkScreen(page, name);
  };

  /** Signs in through the local provider's page as `user`, and waits for the apps list. */
  async function signIn(user: string, path = '/console/') {
    await page.goto(`${stack.url}${path}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('User name').fill(user);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1 }).filter({ hasText: path === '/console/' ? 'Your apps' : /./ }).waitFor();
  }

  async function createApp(name: string, template: string) {
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Template').selectOption(template);
    await page.getByRole('button', { name: 'Create app' }).click();
    await visibleText(page.getByRole('status').filter({ hasText: 'Created' }), `Created ${name}.`);
    await page.getByRole('link', { name, exact: true }).waitFor();
  }

  async function openEditor(name: string) {
    await page.getByRole('link', { name, exact: true }).click();
    await page.locator('.cm-content').waitFor();
  }

  /** Replaces the open file's text as a paste would (typing would let CodeMirror close brackets and indent). */
  async function replaceText(text: string) {
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(text);
  }

  const preview = (name: string) => page.frameLocator(`iframe[title="Preview of ${name}"]`);

  it('signs in through the stage’s OpenID provider and signs out again', async () => {
    await page.goto(`${stack.url}/console/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await screen('01-signed-out');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('User name').waitFor();
    await page.screenshot({ path: join(TEST_OUTPUT, '02-provider-sign-in.png') });
    await page.getByLabel('User name').fill('ada');
    await page.getByRole('button', { name: 'Sign in' }).click();

    const user = await visibleText(page.locator('.user'), 'ada');
    const empty = await visibleText(page.getByText('You have no apps yet'), 'no apps');
    await screen('03-apps-empty');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();

    expect(user).toBe('Signed in as ada');
    expect(empty).toContain('You have no apps yet');
    // The tokens were in this tab's sessionStorage, and are gone.
    const storedKeys = await page.evaluate(() => Object.keys((globalThis as unknown as { sessionStorage: object }).sessionStorage));
    expect(storedKeys.filter((key) => key.startsWith('oidc.user'))).toEqual([]);
  }, FLOW_MS);

  it('checks the name as it is typed, and creates one app from each template', async () => {
    await signIn('grace');
    await page.getByLabel('Name', { exact: true }).fill('9lives');
    const rule = await visibleText(page.locator('#app-name-rule'), 'lower-case letter');
    await screen('04-create-invalid-name');

    for (const template of ['blank', 'counter', 'todo']) await createApp(`grace-${template}`, template);
    await screen('05-apps-list');
    const rows = await page.locator('tbody tr').allInnerTexts();

    expect(rule).toBe('Start with a lower-case letter (a–z).');
    expect(rows.map((row) => row.split('\t').slice(1, 3).join(' '))).toEqual(['todo ready', 'counter ready', 'blank ready']);
    expect(rows.every((row) => /\d+(\.\d)? KB in \d+ ms/.test(row))).toBe(true);
  }, FLOW_MS * 2);

  it('shows a syntax error in src/App.tsx at its line, and the fixed app in the preview after Ctrl+S', async () => {
    await signIn('linus');
    await createApp('linus-edit', 'counter');
    await openEditor('linus-edit');
    await visibleText(preview('linus-edit').getByRole('heading', { level: 1 }), 'linus-edit');

    expectedFailures = [/status of 422 .*\/api\/apps\/linus-edit\)$/];
    await replaceText(appSource('unused', true));
    await page.keyboard.press('ControlOrMeta+S');
    const problem = await visibleText(page.locator('.problems li').first(), 'src/App.tsx:7');
    const markers = await page.locator('.cm-lint-marker-error').count();
    await screen('06-editor-build-error');
    await replaceText(appSource('Edited in the console'));
    await page.keyboard.press('ControlOrMeta+S');
    const heading = await visibleText(preview('linus-edit').getByRole('heading', { level: 1 }), 'Edited in the console');
    await screen('07-editor-preview');

    expect(problem).toMatch(/^src\/App\.tsx:7:\d+ /);
    expect(markers).toBe(1);
    expect(heading).toBe('Edited in the console');
    expect(await page.locator('.problems li').count()).toBe(0);
  }, FLOW_MS);

  it('adds a file that App.tsx imports, asks before leaving it unsaved, and shows what it exports in the preview', async () => {
    await signIn('barbara');
    await createApp('barbara-files', 'blank');
    await openEditor('barbara-files');

    await page.getByRole('button', { name: 'New file' }).click();
    await page.getByLabel('New file path').fill('src/greeting.ts');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await replaceText("export const greeting = 'Hello from a new file';\n");
    await page.getByRole('button', { name: 'App.tsx', exact: true }).click();
    await replaceText(`import { greeting } from './greeting';\n\nexport function App() {\n  return <h1>{greeting}</h1>;\n}\n`);
    await screen('08-editor-new-file');
    // Leaving with unsaved changes asks first; staying keeps them.
    const asked = new Promise<string>((resolve) => page.once('dialog', (dialog) => void dialog.dismiss().then(() => resolve(dialog.message()))));
    await page.getByRole('link', { name: 'React apps console' }).click();
    const question = await asked;
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+S');
    const heading = await visibleText(preview('barbara-files').getByRole('heading', { level: 1 }), 'Hello from a new file');

    expect(question).toBe('You have unsaved changes. Leave without saving them?');
    expect(heading).toBe('Hello from a new file');
    expect(await page.getByRole('button', { name: 'greeting.ts', exact: true }).count()).toBe(1);
  }, FLOW_MS);

  it('deletes an app after asking, and its site is gone', async () => {
    await signIn('edsger');
    await createApp('edsger-gone', 'counter');
    const url = await page.getByRole('link', { name: 'Open edsger-gone in a new tab' }).getAttribute('href');

    await page.getByRole('button', { name: 'Delete edsger-gone' }).click();
    await page.getByRole('dialog').waitFor();
    await screen('09-delete-confirmation');
    await page.getByRole('dialog').getByRole('button', { name: 'Delete edsger-gone' }).click();
    const notice = await visibleText(page.getByRole('status').filter({ hasText: 'Deleted' }), 'Deleted edsger-gone.');
    const site = await fetch(String(url));

    expect(notice).toBe('Deleted edsger-gone.');
    expect(await page.getByRole('link', { name: 'edsger-gone', exact: true }).count()).toBe(0);
    expect(site.status).toBe(404);
  }, FLOW_MS);

  it('shows a second user none of the first user’s apps, and another user’s app as not found', async () => {
    await signIn('alan');
    await createApp('alan-private', 'counter');
    await context.close();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    errors = collectConsoleErrors(page);

    await signIn('joan');
    const list = await visibleText(page.getByText('You have no apps yet'), 'no apps');
    // Opening another user's app by its address: the API answers 404, and the browser logs that failed request.
    expectedFailures = [/status of 404 .*\/api\/apps\/alan-private(\/source)?\)$/];
    await page.goto(`${stack.url}/console/apps/alan-private`);
    const refused = await visibleText(page.getByRole('alert'), 'alan-private');
    await screen('10-not-your-app');

    expect(list).toContain('You have no apps yet');
    expect(refused).toBe('no app named "alan-private"');
  }, FLOW_MS);

  it('finds no serious or critical accessibility violation on any screen', () => {
    expect(Object.keys(violations).length).toBeGreaterThanOrEqual(8);
    expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((name) => [name, []])));
  });
});
