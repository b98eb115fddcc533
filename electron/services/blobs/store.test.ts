import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/registry-fixture.ts';
import { createBlobStore, sha256Hex } from './store.ts';

describe('content-addressed blob store', () => {
  it('stores by SHA-256 under ab/<hash>, never overwrites, reads back verified', async () => {
    const store = createBlobStore(path.join(tempDir(), 'blobs'));
    const bytes = Buffer.from('scan bytes');
    const sha = sha256Hex(bytes);
    expect(await store.put(bytes)).toEqual({ sha256: sha, existed: false });
    expect(store.pathOf(sha)).toBe(path.join(store.root, sha.slice(0, 2), sha));
    expect(await store.put(bytes)).toEqual({ sha256: sha, existed: true });
    expect((await store.get(sha)).equals(bytes)).toBe(true);
    expect(fs.readdirSync(path.dirname(store.pathOf(sha)))).toEqual([sha]); // no temp file left
  });

  it('detects a damaged blob and rejects malformed hashes', async () => {
    const store = createBlobStore(path.join(tempDir(), 'blobs'));
    const { sha256 } = await store.put(Buffer.from('original'));
    fs.chmodSync(store.pathOf(sha256), 0o600);
    fs.writeFileSync(store.pathOf(sha256), 'tampered');
    await expect(store.get(sha256)).rejects.toMatchObject({ kind: 'storage_failed' });
    await expect(store.get('../../etc/passwd')).rejects.toMatchObject({ kind: 'validation' });
    await expect(store.get('A'.repeat(64))).rejects.toMatchObject({ kind: 'validation' });
    await expect(store.get('b'.repeat(64))).rejects.toMatchObject({ kind: 'not_found' });
  });
});
