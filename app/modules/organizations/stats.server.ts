import type { DB } from '~/utils/db.server';
import { regionPrefix } from '~/modules/regions/regions.server';

/** Counts of organizations in an organizer's region, for the home page. */
export async function regionOrgCounts(db: DB, regionCode: string) {
  const rows = await db
    .selectFrom('organizations')
    .select(['kind', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('region_code', 'like', `${regionPrefix(regionCode)}%`)
    .groupBy(['kind', 'status'])
    .execute();
  const get = (kind: string, status: string) => Number(rows.find((r) => r.kind === kind && r.status === status)?.n ?? 0);
  return {
    pending: get('enterprise', 'pending') + get('bank', 'pending'),
    verifiedEnterprises: get('enterprise', 'verified'),
    verifiedBanks: get('bank', 'verified'),
  };
}

export async function organizationSummary(db: DB, orgId: string) {
  return db
    .selectFrom('organizations')
    .select(['id', 'kind', 'name', 'status', 'status_reason', 'region_code'])
    .where('id', '=', orgId)
    .executeTakeFirst();
}

export async function countOrganizers(db: DB): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'organizer')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
