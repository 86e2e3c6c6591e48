/**
 * The regions a bank serves: the one rule for the bank's profile, its new products'
 * default coverage and its home's matching needs.
 */
import type { DB } from '~/utils/db.server';

/** The regions a bank has named (bank_regions), in code order; none when it named none. */
export async function bankRegionCodes(db: DB, orgId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('bank_regions')
    .select('region_code')
    .where('organization_id', '=', orgId)
    .orderBy('region_code')
    .execute();
  return rows.map((r) => r.region_code);
}

/** The regions a bank serves: those it named, else its own region (read when not given). */
export async function bankServedRegions(db: DB, orgId: string, ownRegion?: string): Promise<string[]> {
  const named = await bankRegionCodes(db, orgId);
  if (named.length) return named;
  if (ownRegion) return [ownRegion];
  const org = await db.selectFrom('organizations').select('region_code').where('id', '=', orgId).executeTakeFirst();
  return org ? [org.region_code] : [];
}
