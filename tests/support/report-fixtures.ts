/**
 * Rows for the report tests (ranking, targets, public results): verified banks and
 * enterprises, organizers, agreements with their tranches, held sessions, written
 * straight into the test server's database. One set per test file; what differs
 * between files (id prefix, names, region, the acting organizer) is passed in.
 */
import type { Kysely } from 'kysely';
import type { AgreementStatus, Database } from '../../db/schema';
import { DEMO, HttpClient } from './http-client';

const WAN = 10_000;
const now = () => new Date().toISOString();

export function reportFixtures(o: {
  /** id prefix, e.g. 'rk' */
  prefix: string;
  /** e-mail domain label, e.g. 'ranking' */
  label: string;
  /** user name and session theme, e.g. '排名测试' */
  theme: string;
  eventRegion: string;
  venue: string;
  db: () => Kysely<Database>;
  passwordHash: () => string;
  /** the organizer who proposes and confirms agreements and creates sessions */
  actingUserId: () => string;
  serverUrl: () => string;
}) {
  let seq = 0;
  const fid = (prefix: string) => `${prefix}${String(++seq).padStart(16 - prefix.length, '0')}`;

  async function org(kind: 'bank' | 'enterprise', name: string, region: string, serves?: string) {
    const id = fid(kind === 'bank' ? `${o.prefix}bank` : `${o.prefix}ent`);
    const t = now();
    await o
      .db()
      .insertInto('organizations')
      .values({
        id,
        kind,
        name,
        status: 'verified',
        status_reason: null,
        status_changed_by: null,
        status_changed_at: t,
        credit_code: null,
        region_code: region,
        industry: kind === 'enterprise' ? 'C' : null,
        size: kind === 'enterprise' ? 'small' : null,
        founded_year: null,
        registered_capital: null,
        employees: null,
        annual_revenue: null,
        bank_type: kind === 'bank' ? 'city' : null,
        branch_level: null,
        contact_name: '测试',
        contact_phone: '13800000007',
        contact_email: null,
        description: null,
        created_at: t,
        updated_at: t,
      })
      .execute();
    if (serves) await o.db().insertInto('bank_regions').values({ organization_id: id, region_code: serves }).execute();
    return id;
  }

  async function organizer(region: string) {
    const id = fid(`${o.prefix}usr`);
    const email = `${id}@${o.label}.finmatch.test`;
    const t = now();
    await o
      .db()
      .insertInto('users')
      .values({
        id,
        email,
        name: `${o.theme}${seq}`,
        phone: '13800000006',
        password_hash: o.passwordHash(),
        role: 'organizer',
        organization_id: null,
        region_code: region,
        created_at: t,
        updated_at: t,
      })
      .execute();
    return { id, email };
  }

  async function agreement(a: {
    bank: string;
    ent: string;
    region: string;
    wan: number;
    signedOn: string;
    status?: AgreementStatus;
    eventId?: string;
    tranches?: [string, number][];
  }) {
    const id = fid(`${o.prefix}agr`);
    const status = a.status ?? 'signed';
    const confirmed = status !== 'proposed' && status !== 'declined';
    const t = now();
    const tranches = a.tranches ?? [];
    await o
      .db()
      .insertInto('agreements')
      .values({
        id,
        document_no: null,
        event_id: a.eventId ?? null,
        bank_org_id: a.bank,
        enterprise_org_id: a.ent,
        need_id: null,
        product_id: null,
        region_code: a.region,
        industry: 'C',
        product_category: null,
        amount: a.wan * WAN,
        term_months: 12,
        signed_on: a.signedOn,
        signed_month: a.signedOn.slice(0, 7),
        bank_signatory: '甲',
        enterprise_signatory: '乙',
        status,
        proposed_by_org_id: a.bank,
        proposed_by_user_id: o.actingUserId(),
        confirmed_by_user_id: confirmed ? o.actingUserId() : null,
        confirmed_at: confirmed ? t : null,
        approved_amount: null,
        approved_on: null,
        disbursed_amount: tranches.reduce((s, [, w]) => s + w * WAN, 0),
        last_disbursed_on: tranches.length
          ? tranches
              .map(([d]) => d)
              .sort()
              .at(-1)!
          : null,
        status_reason: null,
        terminated_at: status === 'terminated' ? t : null,
        created_at: t,
        updated_at: t,
      })
      .execute();
    for (const [date, wan] of tranches) {
      await o
        .db()
        .insertInto('agreement_tranches')
        .values({
          id: fid(`${o.prefix}tr`),
          agreement_id: id,
          amount: wan * WAN,
          disbursed_on: date,
          created_by: o.actingUserId(),
          created_at: t,
        })
        .execute();
    }
    return id;
  }

  async function event(title: string) {
    const id = fid(`${o.prefix}evt`);
    const t = now();
    await o
      .db()
      .insertInto('events')
      .values({
        id,
        region_code: o.eventRegion,
        created_by: o.actingUserId(),
        title,
        theme: o.theme,
        event_date: '2026-10-20',
        start_time: '09:00',
        venue: o.venue,
        capacity: 100,
        registration_deadline: '2026-10-15',
        open_registration: 0,
        slot_count: 6,
        slot_minutes: 20,
        table_count: 5,
        first_slot_time: '10:00',
        description: null,
        status: 'held',
        schedule_placed: null,
        schedule_bound: null,
        scheduled_at: null,
        created_at: t,
        updated_at: t,
      })
      .execute();
    return id;
  }

  async function client(email: string): Promise<HttpClient> {
    const c = new HttpClient(o.serverUrl());
    await c.login(email, DEMO.password);
    return c;
  }

  return { org, organizer, agreement, event, client };
}
