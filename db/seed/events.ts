/**
 * Demo matchmaking sessions (对接会) of 平顶山市 (410400) with participants and
 * representatives. Runs after the organizations, needs and interests seeds; the
 * meetings seed (./meetings.ts) runs after this one and adds 1:1 meeting
 * requests to the open session. Dates are relative to the day of seeding.
 *
 * Fixed ids (other seeds and tests refer to them):
 * - `demoevt000000001` — OPEN, "2026年平顶山市政银企对接会（科技企业专场）", in two
 *   weeks, open registration on. The demo bank (中国银行平顶山分行) and the demo
 *   enterprise (舞钢市龙山纺织) have accepted, with five more banks and a dozen
 *   enterprises; one bank and two enterprises have not answered yet, one bank
 *   declined, one enterprise registered itself; the city's finance office
 *   attends. Every attending organization has one or two representatives.
 * - `demoevt000000002` — DRAFT, 稳岗就业专场, invitations prepared (not sent yet).
 * - `demoevt000000003` — CLOSED, held two months ago (先进制造业专场), with
 *   participants and checked-in representatives.
 * Participants are `demopar…`, representatives `demorep…`, agenda items `demoagd…`.
 */
import type { Insertable, Kysely } from 'kysely';
import type {
  Database,
  EventParticipantsTable,
  EventRepresentativesTable,
  EventStatus,
  ParticipantRole,
  ParticipantStatus,
} from '../schema';
import { addDays } from '../../app/modules/calendar/working-days';
import { todayInChina } from '../../app/modules/needs/schema';
import { newId } from '../../app/utils/ids';
import { DEMO_GOV_CITY_ID, DEMO_ORGANIZER_ID, demoId } from './organizations';

export const DEMO_OPEN_EVENT_ID = 'demoevt000000001';
export const DEMO_DRAFT_EVENT_ID = 'demoevt000000002';
export const DEMO_CLOSED_EVENT_ID = 'demoevt000000003';

const DAY_MS = 86_400_000;
const bank = (n: number) => demoId('demobank', n);
const ent = (n: number) => demoId('demoent', n);

interface ParticipantDef {
  org: string;
  role: ParticipantRole;
  status: ParticipantStatus;
  /** representatives: name, title, phone */
  reps?: [string, string, string][];
}

interface EventDef {
  id: string;
  title: string;
  theme: string;
  /** days from today (negative: in the past) */
  day: number;
  deadlineDay: number;
  status: EventStatus;
  openRegistration: boolean;
  capacity: number;
  venue: string;
  grid: { slots: number; minutes: number; tables: number; first: string };
  description: string;
  agenda: [string, string, string | null][];
  participants: ParticipantDef[];
  /** representatives checked in (held sessions) */
  checkedIn?: boolean;
}

const EVENTS: EventDef[] = [
  {
    id: DEMO_OPEN_EVENT_ID,
    title: '2026年平顶山市政银企对接会（科技企业专场）',
    theme: '科技企业专场',
    day: 14,
    deadlineDay: 10,
    status: 'open',
    openRegistration: true,
    capacity: 120,
    venue: '平顶山市会展中心二楼多功能厅',
    grid: { slots: 8, minutes: 20, tables: 12, first: '10:00' },
    description: '聚焦科技型中小企业融资需求，银行现场推介科技贷、知识产权质押贷等产品，会后开展一对一洽谈并集中签约。',
    agenda: [
      ['09:00', '领导致辞', '平顶山市地方金融管理局'],
      ['09:15', '金融支持科技企业政策解读', '平顶山市地方金融管理局'],
      ['09:35', '银行金融产品推介', '各参会银行'],
      ['10:00', '银企一对一洽谈', null],
      ['12:45', '集中签约仪式', null],
    ],
    participants: [
      { org: DEMO_GOV_CITY_ID, role: 'government', status: 'accepted', reps: [['张明', '科长', '13800000001']] },
      {
        org: bank(1),
        role: 'bank',
        status: 'accepted',
        reps: [
          ['王建国', '普惠金融部总经理', '13837500001'],
          ['赵晓燕', '客户经理', '13837500011'],
        ],
      },
      { org: bank(2), role: 'bank', status: 'accepted', reps: [['赵立新', '客户处处长', '13937510002']] },
      {
        org: bank(3),
        role: 'bank',
        status: 'accepted',
        reps: [
          ['孙海燕', '普惠金融事业部副总经理', '13703750003'],
          ['李文斌', '科技金融客户经理', '13703750013'],
        ],
      },
      { org: bank(4), role: 'bank', status: 'accepted', reps: [['周文博', '公司银行部经理', '15037500004']] },
      { org: bank(5), role: 'bank', status: 'accepted', reps: [['吴静', '小企业金融部经理', '15837500005']] },
      { org: bank(6), role: 'bank', status: 'accepted', reps: [['郑国强', '公司业务部总经理', '18637500006']] },
      { org: bank(7), role: 'bank', status: 'invited' },
      { org: bank(8), role: 'bank', status: 'declined' },
      { org: ent(1), role: 'enterprise', status: 'accepted', reps: [['李红梅', '总经理', '13937500002']] },
      { org: ent(2), role: 'enterprise', status: 'accepted', reps: [['杜志强', '财务总监', '13937520002']] },
      { org: ent(3), role: 'enterprise', status: 'accepted', reps: [['韩磊', '总经理', '15137520003']] },
      { org: ent(4), role: 'enterprise', status: 'accepted', reps: [['曹建军', '副总经理', '13837520004']] },
      { org: ent(9), role: 'enterprise', status: 'accepted', reps: [['彭卫国', '财务部长', '13903750009']] },
      { org: ent(10), role: 'enterprise', status: 'accepted', reps: [['田永刚', '总经理', '15090020010']] },
      {
        org: ent(12),
        role: 'enterprise',
        status: 'accepted',
        reps: [
          ['沈思远', '总经理', '18937520012'],
          ['周雨桐', '财务经理', '18937520112'],
        ],
      },
      { org: ent(13), role: 'enterprise', status: 'accepted', reps: [['吕国栋', '财务总监', '13837520013']] },
      { org: ent(18), role: 'enterprise', status: 'accepted', reps: [['郭亮', '总经理', '13937520018']] },
      { org: ent(22), role: 'enterprise', status: 'accepted', reps: [['秦保国', '董事长', '13937520022']] },
      { org: ent(28), role: 'enterprise', status: 'accepted', reps: [['孔德明', '总经理', '15937520028']] },
      { org: ent(30), role: 'enterprise', status: 'registered', reps: [['贾文静', '总经理', '18237520030']] },
      { org: ent(15), role: 'enterprise', status: 'invited' },
      { org: ent(26), role: 'enterprise', status: 'invited' },
    ],
  },
  {
    id: DEMO_DRAFT_EVENT_ID,
    title: '2026年平顶山市政银企劳对接洽谈会（稳岗就业专场）',
    theme: '稳岗就业专场',
    day: 45,
    deadlineDay: 38,
    status: 'draft',
    openRegistration: false,
    capacity: 80,
    venue: '平顶山市人力资源市场三楼',
    grid: { slots: 6, minutes: 20, tables: 8, first: '10:00' },
    description: '用工需求与稳岗贷、创业担保贷款对接，人社部门现场解读稳岗政策。',
    agenda: [
      ['09:00', '稳岗就业政策解读', '平顶山市人力资源和社会保障局'],
      ['09:30', '稳岗贷、创业担保贷款产品推介', '各参会银行'],
    ],
    participants: [
      { org: DEMO_GOV_CITY_ID, role: 'government', status: 'accepted' },
      { org: bank(3), role: 'bank', status: 'invited' },
      { org: bank(7), role: 'bank', status: 'invited' },
      { org: ent(6), role: 'enterprise', status: 'invited' },
      { org: ent(18), role: 'enterprise', status: 'invited' },
    ],
  },
  {
    id: DEMO_CLOSED_EVENT_ID,
    title: '2026年平顶山市政银企对接会（先进制造业专场）',
    theme: '先进制造业专场',
    day: -60,
    deadlineDay: -67,
    status: 'closed',
    openRegistration: false,
    capacity: 60,
    venue: '平顶山市行政服务中心一楼报告厅',
    grid: { slots: 6, minutes: 20, tables: 8, first: '10:00' },
    description: '服务尼龙新材料、装备制造等先进制造业企业的技改和扩产融资。',
    agenda: [
      ['09:00', '开幕致辞', '平顶山市地方金融管理局'],
      ['09:20', '银行产品推介', '各参会银行'],
      ['10:00', '银企一对一洽谈', null],
    ],
    checkedIn: true,
    participants: [
      { org: DEMO_GOV_CITY_ID, role: 'government', status: 'accepted', reps: [['张明', '科长', '13800000001']] },
      { org: bank(1), role: 'bank', status: 'accepted', reps: [['王建国', '普惠金融部总经理', '13837500001']] },
      { org: bank(3), role: 'bank', status: 'accepted', reps: [['孙海燕', '普惠金融事业部副总经理', '13703750003']] },
      { org: bank(5), role: 'bank', status: 'accepted', reps: [['吴静', '小企业金融部经理', '15837500005']] },
      { org: ent(1), role: 'enterprise', status: 'accepted', reps: [['李红梅', '总经理', '13937500002']] },
      { org: ent(2), role: 'enterprise', status: 'accepted', reps: [['杜志强', '财务总监', '13937520002']] },
      { org: ent(22), role: 'enterprise', status: 'accepted', reps: [['秦保国', '董事长', '13937520022']] },
      { org: ent(29), role: 'enterprise', status: 'declined' },
    ],
  },
];

export async function seedEvents(db: Kysely<Database>): Promise<void> {
  // the seed refers to seeded organizations: without them (e.g. a partial seed) do nothing
  const org = await db.selectFrom('organizations').select('id').where('id', '=', ent(30)).executeTakeFirst();
  if (!org) return;
  const today = todayInChina();
  const nowMs = Date.now();
  let p = 0;
  let r = 0;
  let a = 0;
  await db.transaction().execute(async (trx) => {
    for (const e of EVENTS) {
      const date = addDays(today, e.day);
      // created three weeks before the deadline (or today for future sessions prepared now)
      const created = new Date(Math.min(nowMs, Date.parse(`${addDays(today, e.deadlineDay - 21)}T02:00:00Z`))).toISOString();
      const respondedAt = new Date(Math.min(nowMs, Date.parse(created) + 2 * DAY_MS)).toISOString();
      const heldAt = `${date}T02:30:00.000Z`;
      await trx
        .insertInto('events')
        .values({
          id: e.id,
          region_code: '410400',
          created_by: DEMO_ORGANIZER_ID,
          title: e.title,
          theme: e.theme,
          event_date: date,
          start_time: '09:00',
          venue: e.venue,
          capacity: e.capacity,
          registration_deadline: addDays(today, e.deadlineDay),
          open_registration: e.openRegistration ? 1 : 0,
          slot_count: e.grid.slots,
          slot_minutes: e.grid.minutes,
          table_count: e.grid.tables,
          first_slot_time: e.grid.first,
          description: e.description,
          status: e.status,
          schedule_placed: null,
          schedule_bound: null,
          scheduled_at: null,
          created_at: created,
          updated_at: created,
        })
        .execute();
      await trx
        .insertInto('event_agenda_items')
        .values(
          e.agenda.map(([startsAt, title, speaker], i) => ({
            id: demoId('demoagd', ++a),
            event_id: e.id,
            starts_at: startsAt,
            title,
            speaker,
            sort_order: i,
          })),
        )
        .execute();
      const participants: Insertable<EventParticipantsTable>[] = [];
      const reps: Insertable<EventRepresentativesTable>[] = [];
      for (const def of e.participants) {
        const pid = demoId('demopar', ++p);
        const answered = def.status !== 'invited';
        participants.push({
          id: pid,
          event_id: e.id,
          organization_id: def.org,
          role: def.role,
          status: def.status,
          invited_by: def.status === 'registered' ? null : DEMO_ORGANIZER_ID,
          responded_by: answered ? (def.role === 'government' ? DEMO_ORGANIZER_ID : null) : null,
          responded_at: answered ? respondedAt : null,
          checkin_token: newId() + newId(),
          created_at: created,
        });
        for (const [name, title, phone] of def.reps ?? []) {
          reps.push({
            id: demoId('demorep', ++r),
            event_id: e.id,
            participant_id: pid,
            organization_id: def.org,
            name,
            title,
            phone,
            checked_in_at: e.checkedIn ? heldAt : null,
            checked_in_by: e.checkedIn ? DEMO_ORGANIZER_ID : null,
            checked_in_via: e.checkedIn ? 'desk' : null,
            created_at: respondedAt,
            agenda_token: newId() + newId(),
          });
        }
      }
      await trx.insertInto('event_participants').values(participants).execute();
      if (reps.length) await trx.insertInto('event_representatives').values(reps).execute();
    }
    // who answered: the first user of each organization (the demo logins)
    const users = await trx
      .selectFrom('users')
      .select(['id', 'organization_id'])
      .where('organization_id', 'is not', null)
      .where('role', 'in', ['bank', 'enterprise'])
      .execute();
    const userOf = new Map<string, string>();
    for (const u of users) if (u.organization_id && !userOf.has(u.organization_id)) userOf.set(u.organization_id, u.id);
    const answered = await trx
      .selectFrom('event_participants')
      .select(['id', 'organization_id'])
      .where('id', 'like', 'demopar%')
      .where('responded_at', 'is not', null)
      .where('responded_by', 'is', null)
      .execute();
    for (const row of answered) {
      const u = userOf.get(row.organization_id);
      if (u) await trx.updateTable('event_participants').set({ responded_by: u }).where('id', '=', row.id).execute();
    }
    // the open session's invitation, as the invitees were told (unread for those still to answer)
    const open = EVENTS[0];
    const invitedAt = new Date(nowMs - 5 * DAY_MS).toISOString();
    const notified = open.participants
      .filter((d) => d.role !== 'government' && d.status !== 'registered')
      .map((d) => ({ org: d.org, read: d.status !== 'invited' }));
    const rows = notified.flatMap((n) =>
      users
        .filter((u) => u.organization_id === n.org)
        .map((u) => ({
          id: newId(),
          user_id: u.id,
          kind: 'event.invited',
          payload: JSON.stringify({ title: open.title, date: addDays(today, open.day) }),
          link: `/events/${open.id}`,
          read_at: n.read ? invitedAt : null,
          created_at: invitedAt,
        })),
    );
    if (rows.length) await trx.insertInto('notifications').values(rows).execute();
  });
}
