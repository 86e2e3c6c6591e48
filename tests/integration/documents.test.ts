/**
 * Issue 14: documents for verification (营业执照). Checked by content (magic
 * bytes, not the name), size-limited, stored on disk outside the database, shown
 * inline (images and PDF) only to the owner organization, the organizers of its
 * region and administrators (404 for anyone else), previewed on the organizer's
 * verification page; `db:backup` copies the files and `db:restore` puts them back.
 * SQLite; PostgreSQL with TEST_PG_URL.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { DeviceClient } from '../support/client-from';
import { DEMO, HttpClient } from '../support/http-client';
import { enterpriseForm } from '../support/org-fixtures';
import { freshDatabaseUrl, ROOT, startServer, type TestServer } from '../support/server';
import { insertUser } from '../support/temp-db';
import { signupPoster } from '../support/signup';

const signupPost = signupPoster(async () => (await server.database()).db);

const run = promisify(execFile);
let server: TestServer;
let db: Kysely<Database>;
let storage: string;
let owner: DeviceClient;
let orgId: string;

/** A valid 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

async function upload(client: HttpClient, name: string, bytes: Uint8Array, kind = 'licence', type = 'image/png') {
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return client.request('POST', '/org/documents', { body: form });
}

async function signIn(email: string) {
  const c = new HttpClient(server.url);
  await c.login(email, DEMO.password);
  return c;
}

beforeAll(async () => {
  storage = fs.mkdtempSync(path.join(os.tmpdir(), 'finmatch-files-'));
  server = await startServer({ env: { TRUST_PROXY: 'loopback', STORAGE_DIR: storage } });
  db = (await server.database()).db;
  owner = new DeviceClient(server.url, '203.0.113.91');
  const form = enterpriseForm();
  expect((await signupPost(owner, '/signup/enterprise', form)).status).toBe(302);
  orgId = (await db.selectFrom('users').select('organization_id').where('email', '=', String(form.email)).executeTakeFirstOrThrow())
    .organization_id!;
});
afterAll(async () => {
  await server?.stop();
});

describe('uploading documents', () => {
  it('stores a licence image on disk, checked by its content, and shows it inline to the owner', async () => {
    const res = await upload(owner, '营业执照.png', PNG);
    expect(res.status).toBe(302);
    const doc = await db.selectFrom('documents').selectAll().where('organization_id', '=', orgId).executeTakeFirstOrThrow();
    expect(doc).toMatchObject({ kind: 'licence', file_name: '营业执照.png', content_type: 'image/png', size: PNG.length });
    expect(fs.readFileSync(path.join(storage, doc.storage_key))).toEqual(PNG);
    const list = await (await owner.get('/org/documents')).text();
    expect(list).toContain('营业执照.png');

    const shown = await owner.get(`/documents/${doc.id}`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('image/png');
    expect(shown.headers.get('x-content-type-options')).toBe('nosniff');
    expect(shown.headers.get('content-disposition')).toMatch(/^inline; filename="[^"]*"; filename\*=UTF-8''%E8%90%A5/);
    expect(shown.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await shown.arrayBuffer())).toEqual(PNG);
  });

  it('takes a PDF whatever its name, and refuses a file that is not what its name says', async () => {
    expect((await upload(owner, 'scan.bin', PDF, 'other', 'application/octet-stream')).status).toBe(302);
    const pdf = await db
      .selectFrom('documents')
      .select(['id', 'content_type'])
      .where('organization_id', '=', orgId)
      .where('file_name', '=', 'scan.bin')
      .executeTakeFirstOrThrow();
    expect(pdf.content_type).toBe('application/pdf');
    expect((await owner.get(`/documents/${pdf.id}`)).headers.get('content-type')).toBe('application/pdf');

    const before = (await db.selectFrom('documents').select('id').where('organization_id', '=', orgId).execute()).length;
    const html = await upload(owner, 'licence.png', Buffer.from('<html><script>alert(1)</script></html>'));
    expect(html.status).toBe(415);
    expect(await html.text()).toContain('文件内容不是 JPG、PNG、WebP 图片或 PDF');
    const exe = await upload(owner, 'licence.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]), 'licence', 'application/pdf');
    expect(exe.status).toBe(415);
    const empty = await upload(owner, 'empty.png', new Uint8Array(0));
    expect(empty.status).toBe(400);
    const big = await upload(owner, 'big.png', Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]));
    expect(big.status).toBe(413);
    expect(await big.text()).toContain('文件超过 10 MB');
    expect((await db.selectFrom('documents').select('id').where('organization_id', '=', orgId).execute()).length).toBe(before);
    owner.cookies.set('finmatch_lang', 'en');
    const en = await upload(owner, 'licence.png', Buffer.from('GIF89a not really'));
    expect(await en.text()).toContain('its content counts, not its name');
    owner.cookies.delete('finmatch_lang');
  });
});

describe('who sees a document', () => {
  it('the owner, the organizers of its region and administrators; everyone else 404', async () => {
    const doc = await db
      .selectFrom('documents')
      .select('id')
      .where('organization_id', '=', orgId)
      .where('kind', '=', 'licence')
      .executeTakeFirstOrThrow();
    const url = `/documents/${doc.id}`;
    expect((await (await signIn(DEMO.organizer)).get(url)).status).toBe(200);
    expect((await (await signIn(DEMO.admin)).get(url)).status).toBe(200);
    expect((await (await signIn(DEMO.enterprise)).get(url)).status).toBe(404);
    expect((await (await signIn(DEMO.bank)).get(url)).status).toBe(404);
    const anonymous = await new HttpClient(server.url).get(url);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toMatch(/^\/login/);
    const hash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.organizer).executeTakeFirstOrThrow())
      .password_hash;
    const email = `zz-organizer-${Date.now()}@docs.finmatch.test`;
    await insertUser(db, { role: 'organizer', email, regionCode: '410100', passwordHash: hash });
    expect((await (await signIn(email)).get(url)).status).toBe(404);
    expect((await (await signIn(DEMO.organizer)).get('/documents/nosuchdocument00')).status).toBe(404);
  });

  it('is previewed on the organizer’s verification page next to the entered data', async () => {
    const organizer = await signIn(DEMO.organizer);
    const page = await (await organizer.get(`/organizer/verifications/${orgId}`)).text();
    const docs = await db.selectFrom('documents').select(['id', 'content_type']).where('organization_id', '=', orgId).execute();
    const image = docs.find((d) => d.content_type === 'image/png')!;
    expect(page).toContain('data-testid="org-documents"');
    expect(page).toContain(`<img src="/documents/${image.id}"`);
    expect(page).toContain('营业执照.png');
  });

  it('lets only the owner delete it', async () => {
    expect((await upload(owner, 'extra.png', PNG, 'other')).status).toBe(302);
    const extra = await db
      .selectFrom('documents')
      .select(['id', 'storage_key'])
      .where('file_name', '=', 'extra.png')
      .where('organization_id', '=', orgId)
      .executeTakeFirstOrThrow();
    const stranger = await signIn(DEMO.enterprise);
    expect((await stranger.post('/org/documents', { intent: 'delete', id: extra.id })).status).toBe(404);
    expect((await owner.post('/org/documents', { intent: 'delete', id: extra.id })).status).toBe(302);
    expect(await db.selectFrom('documents').select('id').where('id', '=', extra.id).executeTakeFirst()).toBeUndefined();
    expect(fs.existsSync(path.join(storage, extra.storage_key))).toBe(false);
  });
});

describe('backups', () => {
  it('db:backup copies the stored files and db:restore puts them back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finmatch-backup-files-'));
    const kind = server.databaseUrl.startsWith('postgres') ? 'postgres' : 'sqlite';
    const file = path.join(dir, kind === 'postgres' ? 'b.dump' : 'b.db');
    const env = { ...process.env, DATABASE_URL: server.databaseUrl, STORAGE_DIR: storage };
    const { stdout } = await run('npm', ['run', '-s', 'db:backup', '--', file], { cwd: ROOT, env });
    expect(stdout).toContain('uploaded files copied');
    const docs = await db.selectFrom('documents').select(['id', 'storage_key']).execute();
    for (const d of docs) expect(fs.existsSync(path.join(`${file}.files`, d.storage_key))).toBe(true);

    const target = await freshDatabaseUrl('docrestore');
    const restoredStorage = fs.mkdtempSync(path.join(os.tmpdir(), 'finmatch-files-restored-'));
    try {
      await run('npm', ['run', '-s', 'db:restore', '--', file], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: target.url, STORAGE_DIR: restoredStorage },
      });
      for (const d of docs) {
        expect(fs.readFileSync(path.join(restoredStorage, d.storage_key))).toEqual(fs.readFileSync(path.join(storage, d.storage_key)));
      }
    } finally {
      await target.drop();
    }
  }, 120_000);
});
