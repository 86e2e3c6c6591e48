/**
 * The follow-through figures of a region (issue 18, decision 036e): 走访率 and
 * 授信覆盖率 of each pushed 推荐清单 and of the region's whole directory (名录库:
 * verified enterprises), and 按期办结率 of the problem ledger by district, handler
 * and month. All read from the rows on request, so they reconcile with them.
 */
import { chinaDate } from '~/modules/calendar/working-days';
import { regionPrefix } from '~/modules/regions/regions.server';
import type { DB } from '~/utils/db.server';
import { organizerLists } from './lists.server';
import { rate1 } from './problem-rules';
import { problemFigures } from './problems.server';

export interface DirectoryCoverage {
  /** verified enterprises of the region */
  firms: number;
  /** of which a bank answered for on any list (走访) */
  visited: number;
  /** of which a bank reported credit granted (授信) */
  granted: number;
  visitRate: number | null;
  creditRate: number | null;
}

/** 走访率 / 授信覆盖率 of the region's directory: distinct enterprises with any answer, with 已授信, over verified enterprises. */
export async function directoryCoverage(db: DB, regionCode: string): Promise<DirectoryCoverage> {
  const prefix = `${regionPrefix(regionCode)}%`;
  const [firms, answered] = await Promise.all([
    db
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('kind', '=', 'enterprise')
      .where('status', '=', 'verified')
      .where('region_code', 'like', prefix)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('recommended_feedback as f')
      .innerJoin('organizations as e', 'e.id', 'f.enterprise_org_id')
      .select(['f.enterprise_org_id', 'f.outcome'])
      .where('e.kind', '=', 'enterprise')
      .where('e.status', '=', 'verified')
      .where('e.region_code', 'like', prefix)
      .execute(),
  ]);
  const visited = new Set(answered.map((a) => a.enterprise_org_id));
  const granted = new Set(answered.filter((a) => a.outcome === 'granted').map((a) => a.enterprise_org_id));
  const n = Number(firms.n);
  return { firms: n, visited: visited.size, granted: granted.size, visitRate: rate1(visited.size, n), creditRate: rate1(granted.size, n) };
}

/** Everything the dashboard shows of the follow-through for an organizer's region (or a district of it). */
export async function followThroughFigures(db: DB, regionCode: string, today = chinaDate(new Date())) {
  const [lists, directory, problems] = await Promise.all([
    organizerLists(db, { userId: '', regionCode }),
    directoryCoverage(db, regionCode),
    problemFigures(db, regionCode, { today }),
  ]);
  return {
    lists: lists
      .filter((l) => l.pushedAt !== null)
      .map((l) => ({
        id: l.id,
        title: l.title,
        firms: l.coverage.firms,
        visited: l.coverage.visited,
        granted: l.coverage.granted,
        visitRate: l.coverage.visitRate,
        creditRate: l.coverage.creditRate,
      })),
    directory,
    problems,
  };
}
export type FollowThroughFigures = Awaited<ReturnType<typeof followThroughFigures>>;
