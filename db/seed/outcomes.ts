/**
 * Demo data after the meetings and satisfaction (issues 16 and 18, decision 036c),
 * written through the modules (their rules apply) and dated in the past:
 * - the closed session `demoevt000000003` (held two months ago): accepted meetings
 *   between its banks and enterprises, most marked held, two no-shows, rated by
 *   both sides (its three-month follow-up is not due yet: the job asks then);
 * - the demo enterprise and other enterprises rate the banks after the interests
 *   they answered and the applications the banks answered, this month and last
 *   month, so the monthly ranking shows a satisfaction rate.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import { markMeeting } from '../../app/modules/events/outcomes.server';
import { rateItem } from '../../app/modules/ratings/ratings.server';
import type { RatingReason } from '../../app/modules/ratings/scale';
import { DEMO_CLOSED_EVENT_ID } from './events';
import { demoId } from './organizations';

const DAY_MS = 86_400_000;
const bank = (n: number) => demoId('demobank', n);
const ent = (n: number) => demoId('demoent', n);

const GOOD: RatingReason[][] = [['professional', 'fits_need'], ['fast'], ['clear_terms', 'low_cost'], ['professional']];
const POOR: RatingReason[][] = [['slow'], ['no_fit'], ['unclear', 'slow']];

export async function seedOutcomes(db: Kysely<Database>): Promise<void> {
  const event = await db.selectFrom('events').select(['id', 'event_date']).where('id', '=', DEMO_CLOSED_EVENT_ID).executeTakeFirst();
  const done = await db.selectFrom('ratings').select('id').limit(1).executeTakeFirst();
  if (!event || done) return;
  const users = await db
    .selectFrom('users')
    .select(['id', 'organization_id'])
    .where('organization_id', 'is not', null)
    .orderBy('id')
    .execute();
  const userOf = (orgId: string) => users.find((u) => u.organization_id === orgId)?.id;
  const organizer = await db.selectFrom('users').select('id').where('role', '=', 'organizer').orderBy('id').executeTakeFirst();
  const heldAt = new Date(`${event.event_date}T08:00:00Z`);

  // the closed session: three banks × three enterprises, seven accepted meetings
  const pairs: [number, number, 'held' | 'no_show', number | null, number | null][] = [
    [1, 1, 'held', 5, 5],
    [1, 2, 'held', 4, 4],
    [3, 1, 'held', 4, 3],
    [3, 22, 'no_show', null, null],
    [5, 2, 'held', 3, 4],
    [5, 22, 'held', 5, 4],
    [1, 22, 'no_show', null, null],
  ];
  let n = 0;
  for (const [b, e, outcome, entScore, bankScore] of pairs) {
    const bankUser = userOf(bank(b));
    const entUser = userOf(ent(e));
    if (!bankUser || !entUser) continue;
    const requestId = demoId('demoomr', ++n);
    await db
      .insertInto('meeting_requests')
      .values({
        id: requestId,
        event_id: event.id,
        enterprise_org_id: ent(e),
        bank_org_id: bank(b),
        requested_by_org_id: ent(e),
        requested_by_user_id: entUser,
        message: null,
        reasons: '[]',
        status: 'accepted',
        responded_by: bankUser,
        responded_at: new Date(heldAt.getTime() - 5 * DAY_MS).toISOString(),
        created_at: new Date(heldAt.getTime() - 7 * DAY_MS).toISOString(),
      })
      .execute();
    const marker =
      n % 3 === 0 && organizer
        ? { kind: 'organizer' as const, userId: organizer.id }
        : { kind: 'member' as const, userId: n % 2 ? bankUser : entUser, orgId: n % 2 ? bank(b) : ent(e) };
    await markMeeting(db, event.id, marker, requestId, outcome, heldAt);
    const at = new Date(heldAt.getTime() + DAY_MS);
    if (entScore)
      await rateItem(
        db,
        { userId: entUser, orgId: ent(e), orgKind: 'enterprise' },
        {
          subject: 'meeting',
          subjectId: requestId,
          score: entScore,
          reasons: entScore >= 4 ? GOOD[n % GOOD.length] : POOR[n % POOR.length],
        },
        at,
      );
    if (bankScore)
      await rateItem(
        db,
        { userId: bankUser, orgId: bank(b), orgKind: 'bank' },
        { subject: 'meeting', subjectId: requestId, score: bankScore, reasons: bankScore >= 4 ? ['professional'] : ['unprepared'] },
        at,
      );
  }

  // interests and applications the banks answered: rated by the enterprises (not the demo enterprise's first one, left to rate)
  const now = Date.now();
  const interests = await db
    .selectFrom('need_interests')
    .select(['id', 'enterprise_org_id', 'responded_at', 'created_at'])
    .where('status', 'in', ['accepted', 'declined'])
    .orderBy('id')
    .execute();
  const applications = await db
    .selectFrom('applications')
    .select(['id', 'enterprise_org_id', 'responded_at'])
    .where('responded_at', 'is not', null)
    .orderBy('id')
    .execute();
  const items = [
    ...interests.map((i) => ({ subject: 'interest' as const, id: i.id, ent: i.enterprise_org_id })),
    ...applications.map((a) => ({ subject: 'application' as const, id: a.id, ent: a.enterprise_org_id })),
  ];
  const leftForDemo = items.find((i) => i.subject === 'interest' && i.ent === ent(1));
  let k = 0;
  for (const item of items) {
    if (item === leftForDemo) continue;
    const user = userOf(item.ent);
    if (!user) continue;
    k++;
    const score = [5, 4, 4, 3, 5, 2, 4, 5, 1, 4][k % 10];
    // this month and last month, a day apart
    const at = new Date(now - (k % 2 ? 2 : 35) * DAY_MS - k * 60_000);
    await rateItem(
      db,
      { userId: user, orgId: item.ent, orgKind: 'enterprise' },
      { subject: item.subject, subjectId: item.id, score, reasons: score >= 4 ? GOOD[k % GOOD.length] : POOR[k % POOR.length] },
      at,
    );
  }
}
