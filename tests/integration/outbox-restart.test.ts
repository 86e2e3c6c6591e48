/**
 * Issue 14, point 5: queued messages survive a crash. The server queues e-mails
 * while the SMTP server is down (the user's requests succeed), is killed with
 * SIGKILL, and starts again on the same database once the SMTP server is up:
 * every message arrives, each exactly once (read back from the SMTP server).
 * SQLite (jobs table); PostgreSQL (pg-boss) with TEST_PG_URL.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DeviceClient } from '../support/client-from';
import { freePort, freshDatabaseUrl, startServer, type TestServer } from '../support/server';
import { startSmtp, until, type TestSmtp } from '../support/smtp';
import { insertOrg, insertUser } from '../support/temp-db';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

describe('outbox across a crash', () => {
  it('delivers every queued message exactly once after SIGKILL and a restart', { timeout: 180_000 }, async () => {
    const fresh = await freshDatabaseUrl('restart');
    cleanups.push(fresh.drop);
    const smtpPort = await freePort();
    const env = {
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      APP_URL: 'https://finmatch.example.gov.cn',
      TRUST_PROXY: 'loopback',
      JOBS_POLL_MS: '200',
      OUTBOX_RETRY_DELAY_S: '3',
      OUTBOX_TIMEOUT_S: '5',
    };
    const first: TestServer = await startServer({ databaseUrl: fresh.url, env });
    cleanups.push(() => first.stop('SIGKILL'));
    const { db } = await first.database();
    const emails: string[] = [];
    for (let i = 0; i < 6; i++) {
      const email = `crash${i}-${Math.random().toString(36).slice(2, 7)}@restart.finmatch.test`;
      await insertUser(db, { role: 'bank', email, organizationId: await insertOrg(db, { kind: 'bank' }) });
      emails.push(email);
    }
    // the SMTP server is down: the requests still succeed, the messages wait in the outbox
    for (const [i, email] of emails.entries()) {
      const res = await new DeviceClient(first.url, `198.18.0.${i + 1}`).post('/forgot-password', { email });
      expect(res.status).toBe(200);
    }
    const ours = () =>
      db
        .selectFrom('outbox_messages')
        .select(['id', 'recipient', 'status', 'attempts', 'last_error'])
        .where('recipient', 'in', emails)
        .execute();
    await until(
      async () => {
        const rows = await ours();
        return rows.length === emails.length && rows.every((r) => r.attempts >= 1 && r.status === 'pending' && r.last_error);
      },
      60_000,
      'a failed attempt of every message',
    );

    await db.destroy();
    first.process.kill('SIGKILL');
    await new Promise<void>((resolve) =>
      first.process.exitCode !== null || first.process.signalCode !== null ? resolve() : first.process.once('exit', () => resolve()),
    );
    expect(first.process.signalCode).toBe('SIGKILL');

    const smtp: TestSmtp = await startSmtp(smtpPort);
    cleanups.push(smtp.close);
    const second = await startServer({ databaseUrl: fresh.url, env });
    cleanups.push(() => second.stop());
    await until(() => emails.every((e) => smtp.to(e).length >= 1), 120_000, 'every message after the restart');
    // time for any duplicate to show up
    await new Promise((r) => setTimeout(r, 5000));
    for (const e of emails) expect(smtp.to(e), e).toHaveLength(1);
    expect(new Set(smtp.mails.filter((m) => emails.some((e) => smtp.to(e).includes(m))).map((m) => m.messageId)).size).toBe(emails.length);
    const after = await (await second.database()).db
      .selectFrom('outbox_messages')
      .select(['status', 'sent_at'])
      .where('recipient', 'in', emails)
      .execute();
    expect(after.map((r) => r.status)).toEqual(emails.map(() => 'sent'));
  });
});
