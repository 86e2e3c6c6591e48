// Notifications about letters of intent are written in the transaction of the
// change: when the notification cannot be written, the letter (and its audit
// entry) is not written either, and a step is not taken.
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/schema';
import { createTempDatabase, insertOrg, insertUser, type TempDatabase } from '../../../tests/support/temp-db';
import { confirmAgreement, recordAgreement, type AgreementActor } from '~/modules/agreements/agreements.server';
import { chinaDate } from '~/modules/calendar/working-days';
import { notificationMessageKey } from './display';

let handle: TempDatabase;
let db: Kysely<Database>;
let bank: AgreementActor;
let enterprise: AgreementActor;
let ids: { bank: string; enterprise: string; entUser: string };

const count = async (table: 'agreements' | 'agreement_audit' | 'notifications') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const blockNotifications = () =>
  sql`CREATE TRIGGER block_notifications BEFORE INSERT ON notifications BEGIN SELECT RAISE(ABORT, 'notifications unavailable'); END`.execute(
    db,
  );
const unblockNotifications = () => sql`DROP TRIGGER block_notifications`.execute(db);

beforeAll(async () => {
  handle = await createTempDatabase();
  db = handle.db;
  const bankId = await insertOrg(db, { kind: 'bank', region: '410400', name: '原子性测试银行' });
  const entId = await insertOrg(db, { kind: 'enterprise', region: '410481', name: '原子性测试企业' });
  const bankUser = await insertUser(db, { role: 'bank', organizationId: bankId });
  const entUser = await insertUser(db, { role: 'enterprise', organizationId: entId });
  ids = { bank: bankId, enterprise: entId, entUser };
  bank = { kind: 'bank', userId: bankUser, orgId: bankId, verified: true };
  enterprise = { kind: 'enterprise', userId: entUser, orgId: entId, verified: true };
});
afterAll(async () => {
  await handle?.cleanup();
});

describe('agreement notifications', () => {
  const input = () => ({
    bankId: ids.bank,
    enterpriseId: ids.enterprise,
    amount: 3_177_000,
    signedOn: chinaDate(new Date().toISOString()),
    documentNo: null,
  });

  it('writes nothing of a proposal whose notification fails', async () => {
    const before = await Promise.all([count('agreements'), count('agreement_audit'), count('notifications')]);
    await blockNotifications();
    try {
      await expect(recordAgreement(db, bank, input())).rejects.toThrow(/notifications unavailable/);
    } finally {
      await unblockNotifications();
    }
    expect(await Promise.all([count('agreements'), count('agreement_audit'), count('notifications')])).toEqual(before);

    const ok = await recordAgreement(db, bank, input());
    expect(ok.status).toBe('proposed');
    const sent = await db.selectFrom('notifications').selectAll().execute();
    expect(sent.map((n) => [n.user_id, n.kind, n.link, JSON.parse(n.payload)])).toEqual([
      [ids.entUser, 'agreement.proposed', `/agreements/${ok.id}`, { counterpart: '原子性测试银行', amount: '317.7', documentNo: '' }],
    ]);
  });

  it('does not confirm a letter whose notification fails', async () => {
    const created = await recordAgreement(db, bank, input());
    const id = created.id;
    const audits = await count('agreement_audit');
    await blockNotifications();
    try {
      await expect(confirmAgreement(db, enterprise, id, 1)).rejects.toThrow(/notifications unavailable/);
    } finally {
      await unblockNotifications();
    }
    expect(
      await db.selectFrom('agreements').select(['status', 'version', 'confirmed_at']).where('id', '=', id).executeTakeFirstOrThrow(),
    ).toEqual({ status: 'proposed', version: 1, confirmed_at: null });
    expect(await count('agreement_audit')).toBe(audits);
    expect((await confirmAgreement(db, enterprise, id, 1)).status).toBe('signed');
  });

  it('shows letters with a document number through the .withNo message', () => {
    expect(notificationMessageKey('agreement.proposed', { documentNo: 'PDS-1' })).toBe('notifications.kind.agreement.proposed.withNo');
    expect(notificationMessageKey('agreement.proposed', { documentNo: '' })).toBe('notifications.kind.agreement.proposed');
    expect(notificationMessageKey('interest.new', { documentNo: 'x' })).toBe('notifications.kind.interest.new');
  });
});
