import { AppSchema, type App, type CreateAppRequest } from '@sm/events';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { visibleText } from './browser';
import { startStackAndChromium, type LocalStack } from './local-stack';

describe('React apps created over the API, used in headless Chromium', () => {
  let stack: LocalStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ stack, browser } = await startStackAndChromium());
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  // A fresh context per test: its own cookies and localStorage, as a new visitor.
  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterEach(() => context.close());

  /** A token for `sub` from the stack's local OpenID provider, with the apps scopes. */
  const tokenFor = (sub: string) => stack.token(sub, ['apps:read', 'apps:write']);

  async function createApp(request: CreateAppRequest, token?: string): Promise<App> {
    const response = await fetch(`${stack.url}/api/apps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? stack.devToken}` },
      body: JSON.stringify(request),
    });
    if (response.status !== 201) throw new Error(`POST /api/apps answered ${response.status}: ${await response.text()}\n${stack.output()}`);
    return AppSchema.parse(await response.json());
  }

  // The app's URL is absolute, on the sites origin.
  const open = (app: App) => page.goto(app.url);

  it('shows the title given at creation as the page heading and the tab title', async () => {
    const app = await createApp({ name: 'e2e-title', template: 'counter', title: 'Clicks & counts' });

    await open(app);

    expect(await visibleText(page.getByRole('heading', { level: 1 }), 'Clicks & counts')).toBe('Clicks & counts');
    expect(await page.title()).toBe('Clicks & counts');
  });

  it('counts each click on the counter button', async () => {
    const app = await createApp({ name: 'e2e-counter', template: 'counter', title: 'Counter' });
    await open(app);
    const button = page.getByRole('button', { name: /^count is/ });
    const before = await visibleText(button, 'count is 0');

    await button.click();
    const afterOne = await visibleText(button, 'count is 1');
    await button.click();
    await button.click();
    const afterThree = await visibleText(button, 'count is 3');

    expect([before, afterOne, afterThree]).toEqual(['count is 0', 'count is 1', 'count is 3']);
  });

  it('keeps a to-do added in a todo app after a reload', async () => {
    const app = await createApp({ name: 'e2e-todo', template: 'todo', title: 'Errands' });
    await open(app);
    await page.getByRole('textbox', { name: 'New to-do' }).fill('Buy oat milk');
    await page.getByRole('button', { name: 'Add' }).click();
    // The label only: the item also holds its delete button (×).
    const item = page.getByRole('listitem').locator('label');
    const added = await visibleText(item, 'Buy oat milk');

    await page.reload();

    expect(added).toBe('Buy oat milk');
    expect(await visibleText(item, 'Buy oat milk')).toBe('Buy oat milk');
    expect(await visibleText(page.getByText(/ left$/), '1 left')).toBe('1 left');
  });

  it('answers 404 at the app’s URL once the app is deleted', async () => {
    const app = await createApp({ name: 'e2e-deleted', template: 'counter', title: 'Soon gone' });
    const shown = await open(app);
    const heading = await visibleText(page.getByRole('heading', { level: 1 }), 'Soon gone');

    const deleted = await fetch(`${stack.url}/api/apps/${app.name}`, { method: 'DELETE', headers: { authorization: `Bearer ${stack.devToken}` } });
    const gone = await page.reload();

    expect([shown?.status(), heading, deleted.status]).toEqual([200, 'Soon gone', 204]);
    expect(gone?.status()).toBe(404);
    // Chromium shows the problem+json body as text.
    expect(JSON.parse(await page.locator('body').innerText())).toMatchObject({ status: 404, title: 'Not Found', detail: `app "${app.name}" has no file "index.html"` });
    expect(await page.getByRole('heading').count()).toBe(0);
  });

  it('keeps an app’s own script, on the sites origin, from deleting another user’s app or reading the callbacks', async () => {
    const victimToken = await tokenFor('victim');
    const victim = await createApp({ name: 'e2e-victim', template: 'counter', title: 'Victim' }, victimToken);
    const attack = await createApp({ name: 'e2e-attack', template: 'blank', title: 'Attack', files: { 'src/App.tsx': attackSource(stack.url, victim.name) } }, await tokenFor('mallory'));

    await open(attack);
    await visibleText(page.getByRole('listitem').last(), 'done');
    const outcomes = await page.getByRole('listitem').allInnerTexts();
    const victimApp = await fetch(`${stack.url}/api/apps/${victim.name}`, { headers: { authorization: `Bearer ${victimToken}` } });
    const victimSite = await fetch(victim.url);

    expect(new URL(attack.url).origin).not.toBe(new URL(stack.url).origin);
    expect(outcomes).toEqual([
      // The sites API has no such route: its origin serves sites only.
      'same-origin delete: 404',
      // No CORS on the API: the browser refuses the preflight, so the DELETE is never sent.
      'cross-origin delete: blocked',
      // A simple GET is sent, without credentials (the API takes bearer tokens, never cookies): the
      // authorizer refuses it, and the browser hides even that answer from the script.
      'read callbacks: blocked',
      'done',
    ]);
    expect(victimApp.status).toBe(200);
    expect(victimSite.status).toBe(200);
  });
});

/** A user app whose script tries what a hostile app would, and lists each outcome. */
function attackSource(apiUrl: string, victim: string): string {
  return `import { useEffect, useState } from 'react';

const attempt = async (label: string, url: string, init?: RequestInit) => {
  try {
    const response = await fetch(url, init);
    return label + ': ' + response.status;
  } catch {
    return label + ': blocked';
  }
};

export function App() {
  const [outcomes, setOutcomes] = useState<string[]>([]);
  useEffect(() => {
    void (async () => {
      const results = [
        await attempt('same-origin delete', '/api/apps/${victim}', { method: 'DELETE' }),
        await attempt('cross-origin delete', '${apiUrl}/api/apps/${victim}', { method: 'DELETE' }),
        await attempt('read callbacks', '${apiUrl}/api/callbacks'),
      ];
      setOutcomes([...results, 'done']);
    })();
  }, []);
  return <ul>{outcomes.map((outcome) => <li key={outcome}>{outcome}</li>)}</ul>;
}
`;
}
