/**
 * Issue 14: 重新提交审核. An organizer rejects a new enterprise with a reason; the
 * enterprise is told (站内 and e-mail, read back from a real SMTP server), sees the
 * reason, corrects its details and resubmits; the organizer is told, finds it in
 * the queue marked as a resubmission with the history (rejection with its reason,
 * resubmission with what changed), and verifies it; the enterprise is told again.
 * SQLite; PostgreSQL with TEST_PG_URL.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { DeviceClient } from '../support/client-from';
import { DEMO, HttpClient } from '../support/http-client';
import { enterpriseForm } from '../support/org-fixtures';
import { freePort, startServer, type TestServer } from '../support/server';
import { startSmtp, until, type TestSmtp } from '../support/smtp';
import { signupPoster } from '../support/signup';

const signupPost = signupPoster(async () => (await server.database()).db);

let server: TestServer;
let db: Kysely<Database>;
let smtp: TestSmtp;
let organizer: HttpClient;

const text = async (c: HttpClient, path: string) => (await c.get(path)).text();

beforeAll(async () => {
  const port = await freePort();
  smtp = await startSmtp(port);
  server = await startServer({
    env: { SMTP_URL: `smtp://127.0.0.1:${port}`, TRUST_PROXY: 'loopback', JOBS_POLL_MS: '200', OUTBOX_RETRY_DELAY_S: '1' },
  });
  db = (await server.database()).db;
  organizer = new HttpClient(server.url);
  await organizer.login(DEMO.organizer, DEMO.password);
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

describe('重新提交审核', () => {
  it('takes a rejected enterprise back to the queue with its history, and tells each side', async () => {
    const client = new DeviceClient(server.url, '203.0.113.77');
    const form = enterpriseForm();
    expect((await signupPost(client, '/signup/enterprise', form)).status).toBe(302);
    const user = await db
      .selectFrom('users')
      .select(['id', 'organization_id', 'email'])
      .where('email', '=', String(form.email))
      .executeTakeFirstOrThrow();
    const orgId = user.organization_id!;

    const REASON = '营业执照上传不完整';
    const rejected = await organizer.post(`/organizer/verifications/${orgId}`, { intent: 'reject', reason: REASON });
    expect(rejected.status).toBe(302);
    const notes = await db.selectFrom('notifications').select(['kind', 'payload']).where('user_id', '=', user.id).execute();
    expect(notes.map((n) => n.kind)).toEqual(['org.rejected']);
    await until(() => smtp.to(user.email).length === 1, 20_000, 'the rejection e-mail');
    expect(smtp.to(user.email)[0].text).toContain(REASON);

    const own = await text(client, '/org/profile');
    expect(own).toContain(REASON);
    expect(own).toContain('保存并重新提交审核');

    const NEW_NAME = `${String(form.orgName).replace('有限公司', '')}重交有限公司`;
    const resubmitted = await client.post('/org/profile', { ...form, orgName: NEW_NAME });
    expect(resubmitted.status).toBe(302);
    const org = await db.selectFrom('organizations').select(['status', 'name']).where('id', '=', orgId).executeTakeFirstOrThrow();
    expect(org).toEqual({ status: 'pending', name: NEW_NAME });

    const organizerId = (await db.selectFrom('users').select('id').where('email', '=', DEMO.organizer).executeTakeFirstOrThrow()).id;
    const told = await db
      .selectFrom('notifications')
      .select(['kind', 'link'])
      .where('user_id', '=', organizerId)
      .where('kind', '=', 'org.resubmitted')
      .execute();
    expect(told).toEqual([{ kind: 'org.resubmitted', link: `/organizer/verifications/${orgId}` }]);

    const queue = await text(organizer, '/organizer/verifications');
    const row = queue.slice(queue.indexOf(NEW_NAME), queue.indexOf(NEW_NAME) + 2000);
    expect(queue).toContain(NEW_NAME);
    expect(row).toContain('重新提交（曾驳回 1 次）');

    const detail = await text(organizer, `/organizer/verifications/${orgId}`);
    const history = detail.slice(detail.indexOf('data-testid="org-history"'));
    expect(history).toContain('驳回');
    expect(history).toContain(REASON);
    expect(history).toContain('重新提交审核');
    expect(history).toContain(NEW_NAME);

    const verified = await organizer.post(`/organizer/verifications/${orgId}`, { intent: 'verify' });
    expect(verified.status).toBe(302);
    expect((await db.selectFrom('organizations').select('status').where('id', '=', orgId).executeTakeFirstOrThrow()).status).toBe(
      'verified',
    );
    await until(() => smtp.to(user.email).length === 2, 20_000, 'the approval e-mail');
    expect(smtp.to(user.email)[1].text).toContain('已通过审核');
    const actions = await db
      .selectFrom('organization_audit')
      .select('action')
      .where('organization_id', '=', orgId)
      .orderBy('created_at')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['verification.rejected', 'verification.resubmitted', 'verification.verified']);
  });

  it('does not count a pending organization’s own edits as a resubmission', async () => {
    const client = new DeviceClient(server.url, '203.0.113.78');
    const form = enterpriseForm();
    expect((await signupPost(client, '/signup/enterprise', form)).status).toBe(302);
    const orgId = (await db.selectFrom('users').select('organization_id').where('email', '=', String(form.email)).executeTakeFirstOrThrow())
      .organization_id!;
    // a pending organization saving its profile is not a resubmission
    expect((await client.post('/org/profile', form)).status).toBe(302);
    const actions = await db.selectFrom('organization_audit').select('action').where('organization_id', '=', orgId).execute();
    expect(actions).toEqual([]);
    const queue = await text(organizer, '/organizer/verifications');
    const at = queue.indexOf(String(form.orgName));
    expect(at).toBeGreaterThan(-1);
    expect(queue.slice(at, at + 2000)).not.toContain('重新提交（');
  });
});
