import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnvFile } from './env-file';

describe('readEnvFile', () => {
  it('reads every variable of the file, quotes and comments as dotenv reads them', () => {
    // prepare
    const file = join(mkdtempSync(join(tmpdir(), 'env-file-')), '.env');
    writeFileSync(file, "# local settings\nPORT=4000\nSECRET='with # hash'\nEMPTY=\n");

    // act
    const values = readEnvFile(file);

    // assess
    expect(values).toEqual({ PORT: '4000', SECRET: 'with # hash', EMPTY: '' });
  });

  it('reads nothing from a file that does not exist', () => {
    // assess
    expect(readEnvFile(join(tmpdir(), 'no-such-dir', '.env'))).toEqual({});
  });
});
