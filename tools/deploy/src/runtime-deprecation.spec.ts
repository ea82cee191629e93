import { checkRuntimes, findRuntimeReferences } from './runtime-deprecation';

const dockerfile = 'ARG BASE_IMAGE=public.ecr.aws/lambda/nodejs:24\nARG BUILD_IMAGE=public.ecr.aws/lambda/nodejs:22.2026.11.01-x86_64\n';

describe('findRuntimeReferences', () => {
  it('reads the Node.js major of every AWS base image tag and esbuild target', () => {
    // act
    const references = [...findRuntimeReferences('docker/Dockerfile', dockerfile), ...findRuntimeReferences('nx.json', '{ "target": "node24" }')];

    // assess
    expect(references).toEqual([
      { runtime: 'nodejs24.x', source: 'docker/Dockerfile: public.ecr.aws/lambda/nodejs:24' },
      { runtime: 'nodejs22.x', source: 'docker/Dockerfile: public.ecr.aws/lambda/nodejs:22.2026.11.01-x86_64' },
      { runtime: 'nodejs24.x', source: 'nx.json: "target": "node24"' },
    ]);
  });
});

describe('checkRuntimes', () => {
  const node22 = [{ runtime: 'nodejs22.x', source: 'docker/Dockerfile' }];

  it('passes 91 days before the deprecation date', () => {
    // act
    const check = checkRuntimes(node22, new Date('2027-01-29T12:00:00Z'));

    // assess
    expect(check).toEqual({ ok: true, lines: [expect.stringMatching(/^ok {3}nodejs22\.x \(docker\/Dockerfile\): 91 days until deprecation/)] });
  });

  it('fails 90 days before the deprecation date, naming the dates and the runtime to move to', () => {
    // act
    const check = checkRuntimes(node22, new Date('2027-01-30T12:00:00Z'));

    // assess
    expect(check).toEqual({
      ok: false,
      lines: [
        'FAIL nodejs22.x (docker/Dockerfile): 90 days until deprecation, within 90 (deprecated 2027-04-30, new functions blocked 2027-06-01, updates blocked 2027-07-01); move to nodejs24.x',
      ],
    });
  });

  it('fails after the deprecation date', () => {
    // act
    const check = checkRuntimes([{ runtime: 'nodejs20.x', source: 'nx.json' }], new Date('2026-11-25T00:00:00Z'));

    // assess
    expect(check.ok).toBe(false);
    expect(check.lines[0]).toMatch(/^FAIL nodejs20\.x \(nx\.json\): deprecated 209 days ago/);
  });

  it('fails on a runtime missing from the table', () => {
    // act
    const check = checkRuntimes([{ runtime: 'nodejs26.x', source: 'docker/Dockerfile' }], new Date('2026-11-25'));

    // assess
    expect(check).toEqual({ ok: false, lines: [expect.stringContaining('not in the table of supported runtimes')] });
  });

  it('fails when nothing configures a runtime', () => {
    // act
    const check = checkRuntimes([], new Date('2026-11-25'));

    // assess
    expect(check.ok).toBe(false);
  });
});
