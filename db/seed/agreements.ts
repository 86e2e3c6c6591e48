/**
 * Demo letters of intent (合作意向书) in every status across several banks,
 * enterprises, districts and months, with tranches and audit entries. Every one
 * is written through the agreements module (record → confirm → approve →
 * tranches / decline / edit / terminate), so the audit trail and the reports
 * hook (applyAgreementChange) see them as they would see real use. Timestamps
 * are backdated to the days the steps "happened".
 *
 * Runs after the events seed: agreements at the closed demo session
 * (`demoevt000000003`) are dated on its day, and the demo bank's proposal to the
 * demo enterprise is tied to the open session (`demoevt000000001`) when those
 * sessions exist; without them the agreements carry no session.
 *
 * For the demo accounts: the demo bank has a proposal from the demo enterprise to
 * confirm, a proposal of its own waiting, and agreements signed, approved and
 * disbursed; several agreements are signed and still without 授信 after 30 days
 * (the organizer's late list).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import {
  addTranche,
  approveCredit,
  confirmAgreement,
  declineAgreement,
  editAgreement,
  recordAgreement,
  terminateAgreement,
  type AgreementActor,
  type AgreementRow,
} from '../../app/modules/agreements/agreements.server';
import { addDays, chinaDate } from '../../app/modules/calendar/working-days';
import { isAppError } from '../../app/utils/errors';
import { DEMO_GOV_CITY_ID, DEMO_ORGANIZER_ID, demoId } from './organizations';

const WAN = 10_000;
const DAY_MS = 86_400_000;
const OPEN_EVENT = 'demoevt000000001';
const CLOSED_EVENT = 'demoevt000000003';

type By = 'bank' | 'enterprise' | 'organizer';
type Final = 'proposed' | 'declined' | 'signed' | 'approved' | 'disbursed' | 'terminated';

interface Spec {
  bank: number;
  ent: number;
  wan: number;
  term: number | null;
  /** days ago, or a demo session (signed on its day) */
  signed: number | 'closed' | 'open';
  by: By;
  final: Final;
  /** approved 万元 and days after signing */
  approve?: [number, number];
  /** tranches: 万元 and days after signing */
  tranches?: [number, number][];
  /** who confirms (default: the other side) */
  confirmBy?: By;
  edit?: { wan: number; reason: string; after: number };
  reason?: string;
  docNo?: boolean;
}

const SPECS: Spec[] = [
  {
    bank: 1,
    ent: 1,
    wan: 800,
    term: 36,
    signed: 'closed',
    by: 'organizer',
    final: 'disbursed',
    approve: [800, 20],
    tranches: [
      [500, 30],
      [300, 45],
    ],
    docNo: true,
  },
  { bank: 3, ent: 2, wan: 3000, term: 24, signed: 'closed', by: 'organizer', final: 'approved', approve: [2500, 25], docNo: true },
  { bank: 5, ent: 22, wan: 1200, term: 12, signed: 'closed', by: 'organizer', final: 'signed', docNo: true },
  {
    bank: 4,
    ent: 9,
    wan: 5000,
    term: 36,
    signed: 62,
    by: 'organizer',
    final: 'disbursed',
    approve: [5000, 15],
    tranches: [[2000, 20]],
    docNo: true,
  },
  {
    bank: 6,
    ent: 10,
    wan: 600,
    term: 12,
    signed: 58,
    by: 'organizer',
    final: 'terminated',
    reason: '企业经营计划调整，暂不需要融资',
    docNo: true,
  },
  {
    bank: 2,
    ent: 7,
    wan: 1500,
    term: 60,
    signed: 170,
    by: 'bank',
    final: 'disbursed',
    approve: [1500, 30],
    tranches: [
      [1000, 40],
      [500, 70],
    ],
  },
  { bank: 7, ent: 16, wan: 200, term: 12, signed: 140, by: 'enterprise', final: 'disbursed', approve: [200, 10], tranches: [[200, 12]] },
  { bank: 8, ent: 6, wan: 300, term: 12, signed: 120, by: 'bank', final: 'approved', approve: [260, 20] },
  {
    bank: 1,
    ent: 13,
    wan: 2000,
    term: 24,
    signed: 110,
    by: 'bank',
    final: 'terminated',
    edit: { wan: 1800, reason: '按企业实际资金需求调整签约金额', after: 5 },
    approve: [1800, 30],
    tranches: [[900, 35]],
    reason: '项目停建，剩余额度不再发放',
  },
  {
    bank: 3,
    ent: 18,
    wan: 1000,
    term: 12,
    signed: 95,
    by: 'organizer',
    final: 'disbursed',
    approve: [1000, 15],
    tranches: [[1000, 20]],
    docNo: true,
  },
  { bank: 5, ent: 22, wan: 800, term: 24, signed: 80, by: 'enterprise', final: 'signed' },
  { bank: 4, ent: 24, wan: 4000, term: 36, signed: 75, by: 'bank', final: 'approved', approve: [3500, 25] },
  { bank: 6, ent: 28, wan: 500, term: 12, signed: 50, by: 'bank', final: 'signed' },
  { bank: 2, ent: 30, wan: 1200, term: 60, signed: 45, by: 'enterprise', confirmBy: 'organizer', final: 'approved', approve: [1200, 20] },
  { bank: 7, ent: 4, wan: 600, term: 12, signed: 40, by: 'bank', final: 'declined', reason: '贷款利率高于企业预期，暂不签约' },
  { bank: 3, ent: 12, wan: 300, term: 12, signed: 35, by: 'bank', final: 'signed' },
  {
    bank: 2,
    ent: 8,
    wan: 100,
    term: 12,
    signed: 25,
    by: 'enterprise',
    final: 'terminated',
    approve: [100, 5],
    reason: '企业已获得其他银行贷款',
  },
  { bank: 1, ent: 26, wan: 400, term: 12, signed: 20, by: 'bank', final: 'signed' },
  { bank: 5, ent: 29, wan: 6000, term: 36, signed: 15, by: 'organizer', final: 'approved', approve: [6000, 10], docNo: true },
  { bank: 8, ent: 17, wan: 50, term: 6, signed: 12, by: 'enterprise', final: 'proposed' },
  { bank: 1, ent: 1, wan: 300, term: 12, signed: 10, by: 'enterprise', final: 'proposed' },
  { bank: 4, ent: 15, wan: 150, term: 12, signed: 8, by: 'bank', final: 'declined', reason: '企业已有足够授信' },
  { bank: 3, ent: 32, wan: 250, term: 12, signed: 3, by: 'bank', final: 'signed' },
  { bank: 1, ent: 1, wan: 200, term: 6, signed: 'open', by: 'bank', final: 'proposed' },
];

const bankUser = (n: number) => (n === 1 ? demoId('demousr', 3) : demoId('demousr', 100 + n));
const entUser = (n: number) => (n === 1 ? demoId('demousr', 4) : demoId('demousr', 200 + n));

function actorOf(by: By, spec: Spec): AgreementActor {
  if (by === 'organizer') return { kind: 'organizer', userId: DEMO_ORGANIZER_ID, regionCode: '410400', orgId: DEMO_GOV_CITY_ID };
  if (by === 'bank') return { kind: 'bank', userId: bankUser(spec.bank), orgId: demoId('demobank', spec.bank), verified: true };
  return { kind: 'enterprise', userId: entUser(spec.ent), orgId: demoId('demoent', spec.ent), verified: true };
}

/** The agreement after a write; a refusal (AppError) fails the seed with what was being done. */
async function ok(write: Promise<AgreementRow>, what: string): Promise<AgreementRow> {
  try {
    return await write;
  } catch (e) {
    if (!isAppError(e)) throw e;
    throw new Error(`demo agreement (${what}): ${e.messageKey}${e.field ? ` [${e.field}]` : ''}`);
  }
}

export async function seedAgreements(db: Kysely<Database>): Promise<void> {
  const now = Date.now();
  const today = chinaDate(new Date(now));
  const events = await db
    .selectFrom('events')
    .select(['id', 'event_date', 'status'])
    .where('id', 'in', [OPEN_EVENT, CLOSED_EVENT])
    .execute();
  const eventDate = (id: string) => events.find((e) => e.id === id && e.status !== 'draft')?.event_date;
  const attends = async (eventId: string, orgId: string) =>
    !!(await db
      .selectFrom('event_participants')
      .select('id')
      .where('event_id', '=', eventId)
      .where('organization_id', '=', orgId)
      .where('status', 'in', ['accepted', 'registered'])
      .executeTakeFirst());
  /** 10:00 China time on `date`, never later than now */
  const at = (date: string, hour = 10) => {
    const iso = new Date(Date.parse(`${date}T00:00:00Z`) + (hour - 8) * 3_600_000).toISOString();
    return Date.parse(iso) > now ? new Date(now).toISOString() : iso;
  };
  const notAfterToday = (date: string) => (date > today ? today : date);

  let docSeq = 0;
  for (const [i, spec] of SPECS.entries()) {
    let signedOn: string;
    let eventId: string | null = null;
    let createdAt: string;
    if (spec.signed === 'closed' || spec.signed === 'open') {
      const id = spec.signed === 'closed' ? CLOSED_EVENT : OPEN_EVENT;
      const date = eventDate(id);
      const mayUse = date && (spec.by === 'organizer' || (await attends(id, actorOf(spec.by, spec).orgId!)));
      if (date && mayUse) {
        signedOn = date;
        eventId = id;
      } else {
        signedOn = chinaDate(new Date(now - (spec.signed === 'closed' ? 60 : 0) * DAY_MS));
      }
      createdAt = spec.signed === 'open' ? new Date(now - 2 * DAY_MS).toISOString() : at(signedOn, 16);
    } else {
      signedOn = chinaDate(new Date(now - spec.signed * DAY_MS));
      createdAt = at(signedOn);
    }
    const recorder = actorOf(spec.by, spec);
    const documentNo = spec.docNo ? `PDS-${signedOn.slice(0, 4)}-${String(++docSeq).padStart(3, '0')}` : null;
    let row = await ok(
      recordAgreement(
        db,
        recorder,
        {
          bankId: demoId('demobank', spec.bank),
          enterpriseId: demoId('demoent', spec.ent),
          eventId,
          amount: spec.wan * WAN,
          termMonths: spec.term,
          documentNo,
          signedOn,
          bankSignatory: '',
          enterpriseSignatory: '',
        },
        { id: demoId('demoagr', i + 1), at: createdAt },
      ),
      `record #${i + 1}`,
    );
    if (spec.final === 'proposed') continue;
    const other: By = spec.by === 'bank' ? 'enterprise' : 'bank';
    const bank = actorOf('bank', spec);
    const on = (days: number) => notAfterToday(addDays(signedOn, days));
    if (spec.final === 'declined') {
      await ok(declineAgreement(db, actorOf(other, spec), row.id, row.version, spec.reason ?? '', { at: at(on(2)) }), `decline #${i + 1}`);
      continue;
    }
    if (spec.by !== 'organizer')
      row = await ok(
        confirmAgreement(db, actorOf(spec.confirmBy ?? other, spec), row.id, row.version, { at: at(on(1), 11) }),
        `confirm #${i + 1}`,
      );
    if (spec.edit) {
      const e = spec.edit;
      row = await ok(
        editAgreement(
          db,
          bank,
          row.id,
          row.version,
          {
            amount: e.wan * WAN,
            term_months: row.term_months,
            document_no: row.document_no,
            signed_on: row.signed_on,
            bank_signatory: row.bank_signatory,
            enterprise_signatory: row.enterprise_signatory,
          },
          e.reason,
          { at: at(on(e.after), 14) },
        ),
        `edit #${i + 1}`,
      );
    }
    if (spec.approve) {
      const [wan, days] = spec.approve;
      row = await ok(
        approveCredit(db, bank, row.id, row.version, { amount: wan * WAN, date: on(days) }, { at: at(on(days), 15) }),
        `approve #${i + 1}`,
      );
    }
    for (const [wan, days] of spec.tranches ?? []) {
      row = await ok(
        addTranche(db, bank, row.id, row.version, { amount: wan * WAN, date: on(days) }, { at: at(on(days), 16) }),
        `tranche #${i + 1}`,
      );
    }
    if (spec.final === 'terminated') {
      const last = spec.tranches?.at(-1)?.[1] ?? spec.approve?.[1] ?? 3;
      await ok(terminateAgreement(db, bank, row.id, row.version, spec.reason ?? '', { at: at(on(last + 5), 17) }), `terminate #${i + 1}`);
    }
  }
}
