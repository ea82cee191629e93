import { MAX_BLOB_KEY_SEGMENT_BYTES, type BlobStore } from './blob-store';

const bytes = (text: string) => new TextEncoder().encode(text);
const html = { contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' };
const script = { contentType: 'text/javascript; charset=utf-8', cacheControl: 'public, max-age=31536000, immutable' };

/**
 * The behaviour every adapter of `BlobStore` must have; each adapter's spec runs it, so adapters cannot drift apart.
 */
export function describeBlobStoreContract(adapter: string, makeStore: () => Promise<BlobStore>): void {
  describe(`BlobStore contract: ${adapter}`, () => {
    let blobs: BlobStore;
    beforeEach(async () => {
      blobs = await makeStore();
    });

    it('returns the bytes and metadata that were stored, unchanged', async () => {
      const body = Uint8Array.from([0, 255, 1, 254, 0x80, 0x0a]);
      await blobs.put('sites/a/b1/logo.bin', body, script);

      expect(await blobs.get('sites/a/b1/logo.bin')).toEqual({ body, ...script, etag: expect.any(String) });
      expect(await blobs.get('sites/a/b1/missing')).toBeUndefined();
    });

    it('replaces a blob put twice under one key', async () => {
      await blobs.put('k/index.html', bytes('<p>one</p>'), html);
      await blobs.put('k/index.html', bytes('<p>two 架构</p>'), script);

      const blob = await blobs.get('k/index.html');

      expect(new TextDecoder().decode(blob?.body)).toBe('<p>two 架构</p>');
      expect(blob?.contentType).toBe(script.contentType);
    });

    it('tags equal bytes alike and different bytes differently, with quoted strong tags', async () => {
      await blobs.put('x/1', bytes('same'), html);
      await blobs.put('y/2', bytes('same'), script);
      await blobs.put('z/3', bytes('other'), html);

      const [one, two, three] = await Promise.all(['x/1', 'y/2', 'z/3'].map((key) => blobs.get(key)));

      expect(one?.etag).toMatch(/^"[\x21\x23-\x7e]+"$/);
      expect(one?.etag).toBe(two?.etag);
      expect(one?.etag).not.toBe(three?.etag);
    });

    it('does not let callers change stored bytes through the arrays they passed or got', async () => {
      const body = bytes('original');
      await blobs.put('k', body, html);
      body[0] = 0;
      const got = await blobs.get('k');
      if (got) got.body[1] = 0;

      expect(new TextDecoder().decode((await blobs.get('k'))?.body)).toBe('original');
    });

    it('stores and reads back a key whose segment is as long as a blob key segment may be', async () => {
      const key = `site/${'k'.repeat(MAX_BLOB_KEY_SEGMENT_BYTES)}`;

      await blobs.put(key, bytes('longest'), html);

      expect(new TextDecoder().decode((await blobs.get(key))?.body)).toBe('longest');
    });

    it('answers undefined for a key no blob can have: over 1024 bytes, or a segment over the segment limit', async () => {
      await blobs.put('site/index.html', bytes('<p>home</p>'), html);

      expect(await blobs.get(`site/${'k'.repeat(1025)}`)).toBeUndefined();
      expect(await blobs.get(`site/${'k'.repeat(MAX_BLOB_KEY_SEGMENT_BYTES + 1)}`)).toBeUndefined();
      expect(await blobs.get(`site/${'k'.repeat(300)}`)).toBeUndefined();
      expect(await blobs.get(`site/${'架'.repeat(86)}`)).toBeUndefined();
    });

    it('refuses to store under a key no blob can have', async () => {
      await expect(blobs.put(`site/${'k'.repeat(300)}`, bytes('x'), html)).rejects.toBeInstanceOf(RangeError);
    });

    it('deletes every blob under a prefix and nothing else', async () => {
      for (const key of ['builds/app/b1/site/index.html', 'builds/app/b1/site/assets/main.js', 'builds/app/b1/source.json', 'builds/app/b2/site/index.html', 'builds/app-2/b1/site/index.html']) {
        await blobs.put(key, bytes(key), html);
      }

      await blobs.deletePrefix('builds/app/b1/');

      expect(await blobs.get('builds/app/b1/site/index.html')).toBeUndefined();
      expect(await blobs.get('builds/app/b1/site/assets/main.js')).toBeUndefined();
      expect(await blobs.get('builds/app/b1/source.json')).toBeUndefined();
      expect(await blobs.get('builds/app/b2/site/index.html')).toBeDefined();
      expect(await blobs.get('builds/app-2/b1/site/index.html')).toBeDefined();
    });

    it('deletes nothing, without failing, under a prefix that holds nothing', async () => {
      await blobs.put('kept', bytes('kept'), html);

      await blobs.deletePrefix('nothing/here/');

      expect(await blobs.get('kept')).toBeDefined();
    });

    it('refuses to delete under an empty prefix', async () => {
      await blobs.put('kept', bytes('kept'), html);

      await expect(blobs.deletePrefix('')).rejects.toBeInstanceOf(RangeError);
      expect(await blobs.get('kept')).toBeDefined();
    });
  });
}
