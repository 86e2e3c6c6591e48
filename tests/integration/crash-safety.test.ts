/**
 * Crash safety: concurrent writes, SIGKILL mid-stream, restart. Every write that
 * got a success response is there afterwards and the database is intact.
 * Enterprises write needs while banks propose letters of intent (each with its
 * audit entry) at the same time.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer } from '../support/server';

const NEED = {
  title: '崩溃测试融资需求',
  amount: '300',
  term_months: '12',
  purpose: 'working_capital',
  guarantees: ['credit'],
  max_rate: '',
  wanted_by: '',
  description: '进程被强行终止前后的写入',
  attachments: '',
};

/** A bank's proposal to the demo enterprise (舞钢市龙山纺织, served by every 平顶山 bank). */
const AGREEMENT = {
  enterpriseId: 'demoent000000001',
  amount: '120',
  termMonths: '12',
  signedOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10),
  bankSignatory: '崩溃测试',
  enterpriseSignatory: '',
};
const AGREEMENT_DOC = 'CRASH-AGR';

describe('crash safety', () => {
  it('keeps every acknowledged write across a SIGKILL', async () => {
    const first = await startServer();
    const databaseUrl = first.databaseUrl;
    const acknowledged: string[] = [];
    const acknowledgedAgreements: string[] = [];
    let stop = false;
    try {
      const clients = await Promise.all(
        [DEMO.enterprise, 'ent2@demo.finmatch.cn', 'ent3@demo.finmatch.cn', 'ent4@demo.finmatch.cn'].map(async (email) => {
          const c = new HttpClient(first.url);
          await c.login(email, DEMO.password);
          return c;
        }),
      );
      const writers = clients.map(async (c, w) => {
        for (let i = 0; !stop && i < 500; i++) {
          try {
            const res = await c.post('/enterprise/needs/financing/new', { ...NEED, title: `${NEED.title} ${w}-${i}`, intent: 'draft' });
            const m = /\/enterprise\/needs\/financing\/([a-z0-9]+)$/.exec(res.headers.get('location') ?? '');
            if (res.status === 302 && m) acknowledged.push(m[1]);
          } catch {
            return; // the server is gone: writes in flight have no answer and count for nothing
          }
        }
      });
      const banks = await Promise.all(
        [DEMO.bank, 'bank3@demo.finmatch.cn', 'bank4@demo.finmatch.cn', 'bank5@demo.finmatch.cn'].map(async (email) => {
          const c = new HttpClient(first.url);
          await c.login(email, DEMO.password);
          return c;
        }),
      );
      const agreementWriters = banks.map(async (c, w) => {
        for (let i = 0; !stop && i < 500; i++) {
          try {
            const res = await c.post('/agreements/new', { ...AGREEMENT, documentNo: `${AGREEMENT_DOC}-${w}-${i}` });
            const m = /^\/agreements\/([a-z0-9]+)$/.exec(res.headers.get('location') ?? '');
            if (res.status === 302 && m) acknowledgedAgreements.push(m[1]);
          } catch {
            return;
          }
        }
      });
      // Let writes flow, then kill the process without any chance to clean up.
      const deadline = Date.now() + 30_000;
      while ((acknowledged.length < 40 || acknowledgedAgreements.length < 20) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      first.process.kill('SIGKILL');
      stop = true;
      await Promise.all([...writers, ...agreementWriters]);
    } finally {
      // keep the database: only wait for the process to be gone
      await new Promise((r) => (first.process.exitCode !== null || first.process.signalCode ? r(null) : first.process.once('exit', r)));
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);
    expect(acknowledgedAgreements.length).toBeGreaterThanOrEqual(20);

    const second = await startServer({ databaseUrl });
    try {
      const { db, kind } = await second.database();
      const ids = new Set(
        (await db.selectFrom('financing_needs').select('id').where('title', 'like', `${NEED.title}%`).execute()).map((r) => r.id),
      );
      const missing = acknowledged.filter((id) => !ids.has(id));
      expect(missing).toEqual([]);
      // every acknowledged agreement is there, with its audit entry
      const agreements = await db
        .selectFrom('agreements')
        .select(['id', 'document_no', 'amount', 'status'])
        .where('document_no', 'like', `${AGREEMENT_DOC}-%`)
        .execute();
      const agreementIds = new Set(agreements.map((a) => a.id));
      expect(acknowledgedAgreements.filter((id) => !agreementIds.has(id))).toEqual([]);
      expect(agreements.every((a) => a.amount === 1_200_000 && a.status === 'proposed')).toBe(true);
      const audited = new Set(
        (
          await db
            .selectFrom('agreement_audit')
            .select('agreement_id')
            .where('action', '=', 'created')
            .where('agreement_id', 'in', [...agreementIds])
            .execute()
        ).map((r) => r.agreement_id),
      );
      expect([...agreementIds].filter((id) => !audited.has(id))).toEqual([]);
      if (kind === 'sqlite') {
        const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
        expect(check.rows.map((r) => r.integrity_check)).toEqual(['ok']);
      }
      // The restarted server serves the surviving data.
      const c = new HttpClient(second.url);
      await c.login(DEMO.enterprise, DEMO.password);
      expect((await c.get('/enterprise/needs')).status).toBe(200);
      const listed = await c.get('/agreements?q=CRASH-AGR');
      expect(listed.status).toBe(200);
      expect(await listed.text()).toContain(`共 ${agreements.length} 份`);
    } finally {
      await second.stop();
      await first.stop(); // the process is gone already: this only drops a PostgreSQL test database
    }
  }, 120_000);
});
