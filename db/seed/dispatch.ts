/**
 * Demo 派单 (issue 18, decision 036f): the sweep runs over the demo needs, so the
 * published needs nobody answered in time go to their best-matching banks. The
 * demo bank has declined one with its reason and has the others on its home page;
 * other banks left some unanswered past their deadline (their dispatches dated back
 * a fortnight), which the silence sweep has escalated to the demo organizer.
 * Written through the module, so the pages show the module's own figures.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import { addDays, chinaDate } from '../../app/modules/calendar/working-days';
import { declineDispatch, dispatchOverdueNeeds, escalateSilentDispatches } from '../../app/modules/dispatch/dispatch.server';
import { demoId } from './organizations';

const DEMO_BANK = demoId('demobank', 1);
const DEMO_BANK_USER = demoId('demousr', 3);
const DAY_MS = 86_400_000;

export async function seedDispatch(db: Kysely<Database>, now = new Date()): Promise<void> {
  await dispatchOverdueNeeds(db, now);
  const mine = await db.selectFrom('need_dispatches').select('id').where('bank_org_id', '=', DEMO_BANK).orderBy('need_id').execute();
  if (mine.length > 1)
    await declineDispatch(db, { bankOrgId: DEMO_BANK, userId: DEMO_BANK_USER }, mine[0].id, { reason: 'no_product' }, now);
  // other banks' dispatches of the first needs: dated back a fortnight and left unanswered
  const others = await db
    .selectFrom('need_dispatches')
    .select('id')
    .where('bank_org_id', '!=', DEMO_BANK)
    .orderBy('need_id')
    .orderBy('bank_org_id')
    .limit(3)
    .execute();
  if (others.length === 0) return;
  const today = chinaDate(now);
  await db
    .updateTable('need_dispatches')
    .set({
      dispatched_on: addDays(today, -14),
      dispatched_at: new Date(now.getTime() - 14 * DAY_MS).toISOString(),
      due_on: addDays(today, -9),
    })
    .where(
      'id',
      'in',
      others.map((o) => o.id),
    )
    .execute();
  await escalateSilentDispatches(db, now);
}
