// The event module against a real (temporary SQLite) database: the status
// changes other features call (the scheduler page moves open → scheduled), the
// counts and the invitation suggestions.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/schema';
import { createTempDatabase, insertFinancingNeed, insertOrg, insertUser, type TempDatabase } from '../../../tests/support/temp-db';
import { todayInChina } from '~/modules/calendar/working-days';
import { AppError } from '~/utils/errors';
import { addDays } from '~/modules/calendar/working-days';
import { answerInvitation, inviteOrganizations, invitationSuggestions, memberEvents } from './invitations.server';
import { addRepresentative } from './representatives.server';
import type { EventFormValues } from './schema';
import { changeEventStatus, createEvent, eventCounts, listOrganizerEvents } from './events.server';

let handle: TempDatabase;
let db: Kysely<Database>;
let organizerId: string;
const today = todayInChina();
const organizer = () => ({ id: organizerId, regionCode: '410400' });

function values(over: Partial<EventFormValues> = {}): EventFormValues {
  return {
    title: '单元测试对接会',
    theme: '科技企业专场',
    eventDate: addDays(today, 10),
    startTime: '09:00',
    venue: '会展中心',
    regionCode: '410400',
    capacity: 2,
    registrationDeadline: addDays(today, 5),
    slotCount: 6,
    slotMinutes: 20,
    tableCount: 5,
    firstSlotTime: '10:00',
    description: undefined,
    agenda: [],
    ...over,
  };
}

async function appError(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

const eventRow = (id: string) => db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

beforeAll(async () => {
  handle = await createTempDatabase();
  db = handle.db;
  organizerId = await insertUser(db, { role: 'organizer', regionCode: '410400' });
});
afterAll(async () => {
  await handle?.cleanup();
});

describe('changeEventStatus', () => {
  it('moves along the life cycle, refuses other moves and other regions, and detects a concurrent change', async () => {
    const id = await createEvent(db, organizer(), values());
    let event = await eventRow(id);
    expect((await appError(changeEventStatus(db, event, 'scheduled', organizer()))).status).toBe(400);
    expect((await appError(changeEventStatus(db, event, 'open', { id: 'x', regionCode: '410100' }))).status).toBe(404);
    expect(await changeEventStatus(db, event, 'open', organizer())).toEqual({ status: 'open', version: 2 });
    // the same (now stale) draft row again: someone opened it meanwhile
    expect((await appError(changeEventStatus(db, event, 'open', organizer()))).messageKey).toBe('events.stale');
    event = await eventRow(id);
    // inside the caller's transaction, as the scheduler page does
    await db.transaction().execute(async (trx) => {
      await changeEventStatus(trx, event, 'scheduled', organizer());
    });
    expect((await eventRow(id)).status).toBe('scheduled');
    expect((await appError(changeEventStatus(db, await eventRow(id), 'scheduled', organizer()))).messageKey).toBe(
      'events.transition.notAllowed',
    );
    expect((await appError(changeEventStatus(db, event, 'scheduled', organizer()))).messageKey).toBe('events.stale');
  });

  it('tells the invited banks and enterprises when the event opens', async () => {
    const bank = await insertOrg(db, { kind: 'bank', region: '410400' });
    const bankUser = await insertUser(db, { role: 'bank', organizationId: bank });
    const id = await createEvent(db, organizer(), values({ title: '开放通知' }));
    await inviteOrganizations(db, { id: organizerId }, id, [bank]);
    expect(await db.selectFrom('notifications').select('kind').where('user_id', '=', bankUser).execute()).toEqual([]);
    await changeEventStatus(db, await eventRow(id), 'open', organizer());
    expect(await db.selectFrom('notifications').select(['kind', 'payload']).where('user_id', '=', bankUser).execute()).toEqual([
      { kind: 'event.invited', payload: JSON.stringify({ title: '开放通知', date: addDays(today, 10) }) },
    ]);
  });
});

describe('participants, counts and suggestions', () => {
  it('counts answers and representatives and lists them for organizer and member', async () => {
    const ent = await insertOrg(db, { kind: 'enterprise', region: '410481', name: '计数测试企业' });
    const ent2 = await insertOrg(db, { kind: 'enterprise', region: '410402' });
    const entUser = await insertUser(db, { role: 'enterprise', organizationId: ent });
    const id = await createEvent(db, organizer(), values({ title: '计数测试' }));
    await inviteOrganizations(db, { id: organizerId }, id, [ent, ent2]);
    await changeEventStatus(db, await eventRow(id), 'open', organizer());
    const member = {
      userId: entUser,
      org: { id: ent, kind: 'enterprise' as const, status: 'verified' as const, name: '计数测试企业', region_code: '410481' },
    };
    expect((await memberEvents(db, member.org)).toAnswer.map((e) => e.id)).toEqual([id]);
    expect(await answerInvitation(db, member, id, 'accept')).toBe('accepted');
    const p = await db
      .selectFrom('event_participants')
      .select('id')
      .where('event_id', '=', id)
      .where('organization_id', '=', ent)
      .executeTakeFirstOrThrow();
    await addRepresentative(
      db,
      id,
      p.id,
      { name: '甲', title: '经理', phone: '13900000001' },
      { by: 'participant', userId: entUser, orgId: ent },
    );
    await addRepresentative(
      db,
      id,
      p.id,
      { name: '乙', title: '经理', phone: '13900000002' },
      { by: 'participant', userId: entUser, orgId: ent },
    );
    // full: the third waits (候补, position 1) instead of being refused
    const third = await addRepresentative(
      db,
      id,
      p.id,
      { name: '丙', title: '经理', phone: '13900000003' },
      { by: 'organizer', userId: organizerId },
    );
    expect(third.waiting).toBe(1);
    const counts = await eventCounts(db, await eventRow(id));
    expect(counts).toEqual({
      status: { invited: 1, accepted: 1, declined: 0, registered: 0 },
      attending: { bank: 0, enterprise: 1, government: 0 },
      representatives: 2,
      capacity: 2,
    });
    const list = await listOrganizerEvents(db, '410400', { page: 1, pageSize: 50 });
    expect(list.rows.find((r) => r.id === id)).toMatchObject({ attending: 1, invited: 1, representatives: 2, capacity: 2, status: 'open' });
    expect((await listOrganizerEvents(db, '410100', { page: 1, pageSize: 50 })).rows).toEqual([]);
    const mine = await memberEvents(db, member.org);
    expect(mine.toAnswer).toEqual([]);
    expect(mine.mine.map((e) => [e.id, e.participation])).toEqual([[id, 'accepted']]);
  });

  it('suggests enterprises with published needs and banks whose products match them, leaving out participants', async () => {
    const now = new Date().toISOString();
    const entA = await insertOrg(db, { kind: 'enterprise', region: '410481', name: '建议测试甲企业' });
    const entB = await insertOrg(db, { kind: 'enterprise', region: '410402', name: '建议测试乙企业' });
    await db
      .updateTable('organizations')
      .set({ industry: 'C', size: 'small', founded_year: 2010 })
      .where('id', 'in', [entA, entB])
      .execute();
    const bankA = await insertOrg(db, { kind: 'bank', region: '410400', name: '建议测试甲银行' });
    const bankB = await insertOrg(db, { kind: 'bank', region: '410100', name: '郑州测试银行' });
    const need = (id: string, org: string, region: string, amount: number) =>
      insertFinancingNeed(db, { id, organizationId: org, region, publishedAt: now, createdAt: now, title: '流动资金', amount });
    await need('sugneed000000001', entA, '410481', 3_000_000);
    await need('sugneed000000002', entA, '410481', 1_000_000);
    await need('sugneed000000003', entB, '410402', 2_000_000);
    const product = async (id: string, bank: string, region: string) => {
      await db
        .insertInto('loan_products')
        .values({
          id,
          organization_id: bank,
          name: `产品${id.slice(-1)}`,
          category: 'credit',
          amount_min: 100_000,
          amount_max: 10_000_000,
          term_min_months: 3,
          term_max_months: 36,
          rate_type: 'fixed',
          rate_min_bp: 350,
          rate_max_bp: 600,
          guarantee_mask: 1,
          industry_mask: 0,
          size_mask: 0,
          min_years: 0,
          employment_linked: 0,
          min_new_hires: 0,
          materials: null,
          description: null,
          status: 'published',
          search_text: '',
          published_at: now,
          retired_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await db.insertInto('product_regions').values({ product_id: id, region_code: region }).execute();
    };
    await product('sugprod000000001', bankA, '410400');
    await product('sugprod000000002', bankB, '410100');
    const id = await createEvent(db, organizer(), values({ title: '建议测试' }));
    let s = await invitationSuggestions(db, await eventRow(id));
    const a = s.enterprises.find((e) => e.id === entA);
    expect(a).toMatchObject({ financingNeeds: 2, financingAmount: 4_000_000 });
    expect(s.enterprises.findIndex((e) => e.id === entA)).toBeLessThan(s.enterprises.findIndex((e) => e.id === entB));
    expect(s.banks.map((b) => b.id)).toContain(bankA);
    expect(s.banks.find((b) => b.id === bankA)).toMatchObject({ matchedNeeds: 3, products: ['产品1'] });
    // a bank offering only in another region is not suggested for 平顶山
    expect(s.banks.map((b) => b.id)).not.toContain(bankB);
    await inviteOrganizations(db, { id: organizerId }, id, [entA, bankA]);
    s = await invitationSuggestions(db, await eventRow(id));
    expect(s.enterprises.map((e) => e.id)).not.toContain(entA);
    expect(s.banks.map((b) => b.id)).not.toContain(bankA);
  });
});
