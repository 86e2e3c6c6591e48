/**
 * Demo data: bank interest in the seeded needs, with the notifications those
 * events sent. Runs after seedProducts and seedNeeds and uses whatever they
 * created. The demo bank (demobank00000001) has an accepted interest in a need
 * of the demo enterprise (demoent000000001), so its contact shows at once; the
 * demo enterprise also has a pending interest to answer and a declined one.
 * Many needs are left without any response so the organizer's overdue list is
 * not empty. Ids are fixed: `demoint…` (interests), `demontf…` (notifications).
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database, InterestStatus, NeedInterestsTable, NotificationsTable } from '../schema';

const DEMO_BANK_ID = 'demobank00000001';
const DEMO_ENTERPRISE_ID = 'demoent000000001';
const HOUR_MS = 3_600_000;

function seedId(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(16 - prefix.length, '0')}`;
}

const MESSAGES = [
  '我行可提供与需求匹配的贷款方案，利率可在 LPR 基础上优惠，审批约 5 个工作日，欢迎进一步沟通。',
  '我行有专项额度支持该类需求，可安排客户经理上门了解经营情况。',
  '可结合贵司纳税和结算数据给予信用额度，材料齐全后 3 个工作日内出具审批意见。',
  '我行对制造业技改有贴息政策配套，建议尽快对接，额度和期限可按需调整。',
];
const DECLINE_REPLIES = ['已与其他银行达成初步意向，感谢关注。', '利率高于我司预期，暂不考虑。'];
const ACCEPT_REPLIES = ['欢迎联系，我司财务负责人可随时对接。', '同意进一步沟通，请电话联系。'];

type NeedRow = {
  kind: 'financing' | 'hiring';
  id: string;
  organization_id: string;
  title: string;
  published_at: string;
  enterprise: string;
};

export async function seedInterests(db: Kysely<Database>): Promise<void> {
  const [fin, hir, banks, users, products] = await Promise.all([
    db
      .selectFrom('financing_needs as n')
      .innerJoin('organizations as o', 'o.id', 'n.organization_id')
      .select(['n.id', 'n.organization_id', 'n.title', 'n.published_at', 'o.name'])
      .where('n.status', '=', 'published')
      .orderBy('n.id')
      .execute(),
    db
      .selectFrom('hiring_needs as n')
      .innerJoin('organizations as o', 'o.id', 'n.organization_id')
      .select(['n.id', 'n.organization_id', 'n.title', 'n.published_at', 'o.name'])
      .where('n.status', '=', 'published')
      .orderBy('n.id')
      .execute(),
    db
      .selectFrom('organizations')
      .select(['id', 'name'])
      .where('kind', '=', 'bank')
      .where('status', '=', 'verified')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('users')
      .select(['id', 'organization_id'])
      .where('organization_id', 'is not', null)
      .where('active', '=', 1)
      .orderBy('id')
      .execute(),
    db.selectFrom('loan_products').select(['id', 'organization_id']).where('status', '=', 'published').orderBy('id').execute(),
  ]);
  const needs: NeedRow[] = [
    ...fin.map((n) => ({
      kind: 'financing' as const,
      id: n.id,
      organization_id: n.organization_id,
      title: n.title,
      published_at: n.published_at ?? new Date().toISOString(),
      enterprise: n.name,
    })),
    ...hir.map((n) => ({
      kind: 'hiring' as const,
      id: n.id,
      organization_id: n.organization_id,
      title: n.title,
      published_at: n.published_at ?? new Date().toISOString(),
      enterprise: n.name,
    })),
  ];
  if (needs.length === 0 || banks.length === 0) return;

  const usersOf = new Map<string, string[]>();
  for (const u of users) {
    const l = usersOf.get(u.organization_id!) ?? [];
    l.push(u.id);
    usersOf.set(u.organization_id!, l);
  }
  const productOf = new Map<string, string>();
  for (const p of products) if (!productOf.has(p.organization_id)) productOf.set(p.organization_id, p.id);
  const bankName = new Map(banks.map((b) => [b.id, b.name]));

  const now = Date.now();
  const interests: Insertable<NeedInterestsTable>[] = [];
  const notifications: Insertable<NotificationsTable>[] = [];
  const matched: { kind: 'financing' | 'hiring'; id: string }[] = [];
  const taken = new Set<string>();
  let ntf = 0;

  const notify = (orgId: string, kind: string, payload: Record<string, string>, link: string, at: number, read: boolean) => {
    for (const userId of usersOf.get(orgId) ?? []) {
      ntf++;
      const created = new Date(Math.min(at, now)).toISOString();
      notifications.push({
        id: seedId('demontf', ntf),
        user_id: userId,
        kind,
        payload: JSON.stringify(payload),
        link,
        read_at: read ? created : null,
        created_at: created,
      });
    }
  };

  const add = (need: NeedRow, bankId: string, status: InterestStatus, hoursAfter: number, opts: { read?: boolean } = {}) => {
    const key = `${need.kind}:${need.id}:${bankId}`;
    const officer = usersOf.get(bankId)?.[0];
    if (taken.has(key) || !officer) return;
    taken.add(key);
    const n = interests.length + 1;
    const createdMs = Math.min(Date.parse(need.published_at) + hoursAfter * HOUR_MS, now - 2 * HOUR_MS);
    const respondedMs = Math.min(createdMs + 20 * HOUR_MS, now - HOUR_MS);
    const responded = status === 'accepted' || status === 'declined';
    const entUser = usersOf.get(need.organization_id)?.[0] ?? null;
    interests.push({
      id: seedId('demoint', n),
      need_kind: need.kind,
      need_id: need.id,
      enterprise_org_id: need.organization_id,
      bank_org_id: bankId,
      product_id: need.kind === 'financing' ? (productOf.get(bankId) ?? null) : null,
      user_id: officer,
      message: MESSAGES[n % MESSAGES.length],
      status,
      response_message: status === 'accepted' ? ACCEPT_REPLIES[n % 2] : status === 'declined' ? DECLINE_REPLIES[n % 2] : null,
      responded_by: responded ? entUser : null,
      created_at: new Date(createdMs).toISOString(),
      responded_at: responded ? new Date(respondedMs).toISOString() : null,
    });
    const bank = bankName.get(bankId) ?? '';
    notify(need.organization_id, 'interest.new', { bank, need: need.title }, '/enterprise/interests', createdMs, opts.read ?? responded);
    if (status === 'accepted') {
      matched.push({ kind: need.kind, id: need.id });
      notify(
        bankId,
        'interest.accepted',
        { enterprise: need.enterprise, need: need.title },
        `/needs/${need.kind}/${need.id}`,
        respondedMs,
        opts.read ?? false,
      );
    } else if (status === 'declined') {
      notify(
        bankId,
        'interest.declined',
        { enterprise: need.enterprise, need: need.title },
        '/bank/interests',
        respondedMs,
        opts.read ?? true,
      );
    }
  };

  const others = banks.filter((b) => b.id !== DEMO_BANK_ID);
  const demoBank = banks.find((b) => b.id === DEMO_BANK_ID);
  const demoNeeds = needs
    .filter((n) => n.organization_id === DEMO_ENTERPRISE_ID && n.kind === 'financing')
    .sort((a, b) => a.published_at.localeCompare(b.published_at));

  // The demo pair: an accepted interest (contact visible to bank@demo), a declined one
  // and a pending one for enterprise@demo to answer.
  if (demoBank && demoNeeds.length > 0) {
    add(demoNeeds[0], DEMO_BANK_ID, 'accepted', 5);
    if (others[0]) add(demoNeeds[0], others[0].id, 'declined', 8);
    const second = demoNeeds[1] ?? demoNeeds[0];
    if (others[1]) add(second, others[1].id, 'pending', 3, { read: false });
  }

  // Elsewhere: roughly every third need has one or two responses; the rest wait.
  const rest = needs.filter((n) => n.organization_id !== DEMO_ENTERPRISE_ID);
  rest.forEach((need, i) => {
    if (i % 3 !== 0) return;
    const first = banks[(i / 3) % banks.length];
    const status: InterestStatus = i % 4 === 0 ? 'accepted' : i % 4 === 1 ? 'pending' : i % 4 === 2 ? 'declined' : 'pending';
    add(need, first.id, status, 4 + (i % 20));
    if (i % 2 === 0 && banks.length > 1) add(need, banks[(i / 3 + 3) % banks.length].id, 'pending', 10 + (i % 30));
  });

  if (interests.length === 0) return;
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('need_interests').values(interests).execute();
    for (let i = 0; i < notifications.length; i += 200)
      await trx
        .insertInto('notifications')
        .values(notifications.slice(i, i + 200))
        .execute();
    const stamp = new Date(now).toISOString();
    for (const m of matched) {
      await trx
        .updateTable(m.kind === 'financing' ? 'financing_needs' : 'hiring_needs')
        .set({ status: 'matched', updated_at: stamp })
        .where('id', '=', m.id)
        .where('status', '=', 'published')
        .execute();
    }
  });
}
