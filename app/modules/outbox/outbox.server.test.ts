/**
 * The durable outbox delivers e-mail through a real SMTP server started here
 * (smtp-server), read back with mailparser. SQLite here; with TEST_PG_URL also
 * PostgreSQL (pg-boss).
 */
import net from 'node:net';
import type { Kysely } from 'kysely';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '#db/connection';
import { migrateToLatest } from '#db/migrate';
import type { Database } from '#db/schema';
import { freshDatabaseUrl } from '../../../tests/support/server';
import { createTempDatabase } from '../../../tests/support/temp-db';
import type { JobRunner } from '~/modules/jobs/jobs.server';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A real SMTP server on `port` keeping every message it accepts. */
async function smtpServer(port: number) {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const until = async (check: () => boolean | Promise<boolean>, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

function suite(engine: 'sqlite' | 'postgres') {
  let db: Kysely<Database>;
  let url: string;
  let cleanup: () => Promise<void>;
  let outbox: typeof import('./outbox.server');
  let jobs: typeof import('~/modules/jobs/jobs.server');
  const runners: JobRunner[] = [];

  beforeAll(async () => {
    if (engine === 'sqlite') {
      const temp = await createTempDatabase();
      ({ db, url, cleanup } = temp);
    } else {
      const { register } = await import('tsx/esm/api');
      register();
      const fresh = await freshDatabaseUrl('outbox');
      url = fresh.url;
      db = (await createDatabase(url)).db;
      await migrateToLatest(db);
      cleanup = async () => {
        await db.destroy();
        await fresh.drop();
      };
    }
    process.env.DATABASE_URL = url;
    process.env.JOBS_POLL_MS = engine === 'sqlite' ? '100' : '500';
    process.env.OUTBOX_RETRY_DELAY_S = '1';
    outbox = await import('./outbox.server');
    jobs = await import('~/modules/jobs/jobs.server');
  });
  afterAll(async () => {
    for (const r of runners) await r.stop();
    await jobs?.closeJobQueue();
    await cleanup?.();
    for (const k of ['DATABASE_URL', 'JOBS_POLL_MS', 'OUTBOX_RETRY_DELAY_S', 'SMTP_URL']) delete process.env[k];
  });

  async function runner() {
    const handle = (await createDatabase(url)).db;
    const r = await jobs.startJobRunner({ db: handle, jobs: outbox.OUTBOX_JOBS, databaseUrl: url, isolated: true, log: () => {} });
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      await r.stop();
      await handle.destroy();
    };
    runners.push({ stop });
    return { stop };
  }

  it('sends a message queued with a change once the change commits; a rolled-back change sends nothing', async () => {
    const port = await freePort();
    const smtp = await smtpServer(port);
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    const r = await runner();
    try {
      const id = await db.transaction().execute((trx) =>
        outbox.queueEmail(trx, {
          to: 'ent@example.cn',
          kind: 'interest.new',
          subject: '中国银行对您的融资需求感兴趣',
          text: '请登录平台查看：/enterprise/interests',
        }),
      );
      await db
        .transaction()
        .execute(async (trx) => {
          await outbox.queueEmail(trx, { to: 'ghost@example.cn', kind: 'interest.new', subject: '不应发出', text: '—' });
          throw new Error('the change failed');
        })
        .catch(() => {});
      await until(() => smtp.mails.length >= 1);
      await new Promise((r) => setTimeout(r, 1500));
      expect(smtp.mails).toHaveLength(1);
      const mail = smtp.mails[0];
      expect(mail.subject).toBe('中国银行对您的融资需求感兴趣');
      expect(mail.text?.trim()).toBe('请登录平台查看：/enterprise/interests');
      expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('ent@example.cn');
      expect(mail.messageId).toBe(outbox.outboxMessageId(id));
      const row = await db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.status).toBe('sent');
      expect(row.attempts).toBe(1);
      expect(await db.selectFrom('outbox_messages').select('id').where('recipient', '=', 'ghost@example.cn').execute()).toHaveLength(0);
    } finally {
      await r.stop();
      await smtp.close();
    }
  });

  it('keeps messages while the SMTP server is down, records the error, and delivers each once after a restart', async () => {
    const port = await freePort();
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`; // nothing listens there yet
    const first = await runner();
    const ids: string[] = [];
    for (let i = 1; i <= 3; i++) {
      ids.push(
        await db.transaction().execute((trx) =>
          outbox.queueEmail(trx, {
            to: `bank${i}@example.cn`,
            kind: 'agreement.proposed',
            subject: `合作意向书待确认 ${i}`,
            text: `第 ${i} 份`,
          }),
        ),
      );
    }
    await until(async () => {
      const rows = await db.selectFrom('outbox_messages').select(['attempts', 'last_error', 'status']).where('id', 'in', ids).execute();
      return rows.every((r) => r.attempts >= 1 && r.last_error && r.status === 'pending');
    });
    // the app process stops (as on a crash or a deploy) with the messages still queued
    await first.stop();
    const smtp = await smtpServer(port);
    const second = await runner();
    try {
      await until(() => smtp.mails.length >= 3, 60_000);
      await new Promise((r) => setTimeout(r, 2000));
      expect(smtp.mails.map((m) => m.subject).sort()).toEqual(['合作意向书待确认 1', '合作意向书待确认 2', '合作意向书待确认 3']);
      expect(new Set(smtp.mails.map((m) => m.messageId)).size).toBe(3);
      const rows = await db.selectFrom('outbox_messages').select(['status', 'last_error', 'sent_at']).where('id', 'in', ids).execute();
      expect(rows.every((r) => r.status === 'sent' && r.last_error === null && r.sent_at)).toBe(true);
    } finally {
      await second.stop();
      await smtp.close();
    }
  });

  it('holds a message when no SMTP server is configured', async () => {
    delete process.env.SMTP_URL;
    const r = await runner();
    try {
      const id = await outbox.queueEmail(db, { to: 'nobody@example.cn', kind: 'password.reset', subject: '重置密码', text: '—' });
      await until(
        async () =>
          (await db.selectFrom('outbox_messages').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status === 'held',
      );
    } finally {
      await r.stop();
    }
  });
}

describe('outbox e-mail on SQLite', () => suite('sqlite'));
describe.runIf(!!process.env.TEST_PG_URL)('outbox e-mail on PostgreSQL', () => suite('postgres'));
