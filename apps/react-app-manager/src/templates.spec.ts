import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError } from '@sm/errors';
import { testConfig } from './test-setup';
import { createTemplateFolder, templateFiles } from './templates';

describe('createTemplateFolder', () => {
  const templates = createTemplateFolder(testConfig.TEMPLATES_DIR);

  it('ships counter, todo and blank', async () => {
    expect(await templates.names()).toEqual(['blank', 'counter', 'todo']);
  });

  it.each(['blank', 'counter', 'todo'])('gives %s an entry point, an App, a stylesheet and an index.html with the title placeholder', async (name) => {
    const files = await templates.files(name);

    expect([...(files?.keys() ?? [])]).toEqual(['public/index.html', 'src/App.tsx', 'src/main.tsx', 'src/styles.css']);
    expect(files?.get('public/index.html')).toContain('<title>%APP_TITLE%</title>');
  });

  it('knows no template by another name', async () => {
    expect(await templates.files('angular')).toBeUndefined();
    const refused = templateFiles(templates, 'angular');

    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refused).rejects.toMatchObject({ errors: [{ path: 'template', message: 'must be one of blank, counter, todo' }] });
  });

  it('fails, and tries again next time, when the folder is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'templates-'));
    rmSync(dir, { recursive: true });
    const missing = createTemplateFolder(dir);

    await expect(missing.names()).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(missing.names()).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
