// Frozen in time: takes Kysely<any> and never imports app code.
// Four more grains of report_rollups (issue 17, decision 043a): `M` district × month,
// `E` city × month × event, `I` city × month × industry, `C` city × month × product
// category. A province's or a city's dashboard reads them instead of the district grains
// (a tenth of the rows). Filled here from the confirmed agreements, as rebuildRollups does;
// afterwards the agreement write hook keeps them.
import { sql, type Kysely } from 'kysely';

const CITY = "substr(region_code, 1, 4) || '00'";
const GRAINS: Record<string, { event: string; region: string; industry: string; category: string }> = {
  M: { event: "''", region: 'region_code', industry: "''", category: "''" },
  E: { event: "coalesce(event_id, '')", region: CITY, industry: "''", category: "''" },
  I: { event: "''", region: CITY, industry: "coalesce(industry, '')", category: "''" },
  C: { event: "''", region: CITY, industry: "''", category: "coalesce(product_category, '')" },
};
const MEASURES = [
  'count(*)',
  'sum(amount)',
  'sum(case when approved_amount is not null then 1 else 0 end)',
  'coalesce(sum(approved_amount), 0)',
  'sum(case when disbursed_amount > 0 then 1 else 0 end)',
  'sum(disbursed_amount)',
  "sum(case when status = 'terminated' then 1 else 0 end)",
  "sum(case when status = 'terminated' then amount else 0 end)",
].join(', ');
const COLUMNS =
  'grain, event_id, bank_org_id, region_code, signed_month, industry, product_category, signed_count, signed_amount, ' +
  'approved_count, approved_amount, disbursed_count, disbursed_amount, terminated_count, terminated_amount';

export async function up(db: Kysely<any>): Promise<void> {
  for (const [grain, k] of Object.entries(GRAINS)) {
    const keys = [`'${grain}'`, k.event, "''", k.region, 'signed_month', k.industry, k.category];
    // constants are not grouped: PostgreSQL refuses untyped literals there
    const groupBy = keys.filter((e) => !e.startsWith("'")).join(', ');
    await sql.raw(`delete from report_rollups where grain = '${grain}'`).execute(db);
    await sql
      .raw(
        `insert into report_rollups (${COLUMNS}) select ${keys.join(', ')}, ${MEASURES} ` +
          `from agreements where confirmed_at is not null group by ${groupBy}`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw("delete from report_rollups where grain in ('M', 'E', 'I', 'C')").execute(db);
}
