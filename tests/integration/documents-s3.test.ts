/**
 * Documents in an S3-compatible object store (issue 14): with STORAGE_URL naming
 * a local S3 server (s3rver, started here), an upload lands as an object under
 * the URL's prefix — nothing in the local directory — and is served back to the
 * owner, 404 to others; deleting removes the object. SQLite; PostgreSQL with
 * TEST_PG_URL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { DeviceClient } from '../support/client-from';
import { DEMO, HttpClient } from '../support/http-client';
import { enterpriseForm } from '../support/org-fixtures';
import { type LocalS3, startLocalS3 } from '../support/s3';
import { startServer, type TestServer } from '../support/server';
import { signupPoster } from '../support/signup';

let s3: LocalS3;
let server: TestServer;
let db: Kysely<Database>;
let localDir: string;
let owner: DeviceClient;
const signupPost = signupPoster(async () => db);

/** A valid 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** Every file s3rver holds for the bucket (it keeps each object as `<key>._S3rver_object`). */
function objectsInBucket(): string[] {
  const root = path.join(s3.directory, s3.bucket);
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((f) => f.endsWith('._S3rver_object'))
    .map((f) =>
      f
        .replace(/\._S3rver_object$/, '')
        .split(path.sep)
        .join('/'),
    );
}

beforeAll(async () => {
  s3 = await startLocalS3();
  localDir = fs.mkdtempSync(path.join(os.tmpdir(), 'finmatch-files-'));
  server = await startServer({ env: { TRUST_PROXY: 'loopback', STORAGE_DIR: localDir, STORAGE_URL: s3.url('uploads') } });
  db = (await server.database()).db;
  owner = new DeviceClient(server.url, '203.0.113.71');
  expect((await signupPost(owner, '/signup/enterprise', enterpriseForm())).status).toBe(302);
});
afterAll(async () => {
  await server?.stop();
  await s3?.stop();
  fs.rmSync(localDir, { recursive: true, force: true });
});

describe('documents in an S3-compatible store', () => {
  it('stores an upload as an object under the prefix, serves it to the owner only, and deletes the object with the row', async () => {
    const form = new FormData();
    form.append('kind', 'licence');
    form.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), '营业执照.png');
    expect((await owner.request('POST', '/org/documents', { body: form })).status).toBe(302);
    const doc = await db.selectFrom('documents').selectAll().where('file_name', '=', '营业执照.png').executeTakeFirstOrThrow();
    expect(objectsInBucket()).toContain(`uploads/${doc.storage_key}`);
    expect(fs.readdirSync(localDir)).toEqual([]);

    const shown = await owner.get(`/documents/${doc.id}`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await shown.arrayBuffer())).toEqual(PNG);

    const stranger = new HttpClient(server.url);
    await stranger.login(DEMO.bank, DEMO.password);
    expect((await stranger.get(`/documents/${doc.id}`)).status).toBe(404);

    expect((await owner.post('/org/documents', { intent: 'delete', id: doc.id })).status).toBe(302);
    expect(objectsInBucket()).not.toContain(`uploads/${doc.storage_key}`);
    expect(await db.selectFrom('documents').select('id').where('id', '=', doc.id).executeTakeFirst()).toBeUndefined();
  });
});
