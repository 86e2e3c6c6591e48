/**
 * The needs directory reads a large region's newest page by walking the
 * newest-first index (directory.server.ts `walkNewest`) and a small region or a
 * deep page through the region index: both must give exactly the order of
 * "published_at desc, id", ties included, with the totals unchanged. So must the
 * enterprise filters (industry, size) by each of their plans: walked, sorted from the
 * region's range or from the enterprises' needs, counted either way.
 */
import type { Insertable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, createTempPostgresDatabase, insertOrg } from '../../../tests/support/temp-db';
import type { DB } from '~/utils/db.server';
import type { FinancingNeedsTable } from '#db/schema';
import { listFinancingDirectory } from './directory.server';
import { directoryFiltersFromUrl } from './schema';

/** SQLite always; PostgreSQL too when TEST_PG_URL names a server (the plans differ, the answers must not) */
const BACKENDS = ['sqlite', ...(process.env.TEST_PG_URL ? ['postgres'] : [])] as const;
const dbs = new Map<string, { db: DB; close: () => Promise<void> }>();
const REGIONS = ['410402', '410481', '410102', '410411'];
type Row = { id: string; published_at: string; region_code: string; industry: string; size: string };
/** the enterprises of each region: a common, a middling and a rare industry (with their sizes) */
const KINDS_OF_ENTERPRISE = [
  { industry: 'C', size: 'small' },
  { industry: 'F', size: 'medium' },
  { industry: 'Q', size: 'large' },
] as const;
/** need i's enterprise: four in seven of industry C, the rest F but for one in 50 of Q */
const enterpriseOf = (i: number) => (i % 50 === 0 ? 2 : i % 7 < 4 ? 0 : 1);
const rows: Row[] = [];

beforeAll(async () => {
  for (const backend of BACKENDS) {
    if (backend === 'sqlite') {
      const t = await createTempDatabase();
      dbs.set(backend, { db: t.db, close: t.cleanup });
    } else dbs.set(backend, await createTempPostgresDatabase('directory-walk'));
  }
  for (const { db } of dbs.values()) await seed(db);
}, 60_000);

/** The same needs into each database; `rows` (the expectation) made once. */
async function seed(db: DB) {
  const record = rows.length === 0;
  const orgs: Record<string, string[]> = {};
  for (const r of REGIONS) {
    orgs[r] = [];
    for (const k of KINDS_OF_ENTERPRISE) {
      const id = await insertOrg(db, { kind: 'enterprise', region: r });
      await db.updateTable('organizations').set({ industry: k.industry, size: k.size }).where('id', '=', id).execute();
      orgs[r].push(id);
    }
  }
  const base = Date.parse('2026-06-01T00:00:00Z');
  const needs: Insertable<FinancingNeedsTable>[] = [];
  for (let i = 0; i < 3_000; i++) {
    // a quarter of the timestamps repeat: the id decides among them
    const published = new Date(base + (i % 4 === 0 ? 0 : ((i * 7919) % 100_000) * 60_000)).toISOString();
    const region = i % 10 === 0 ? '410411' : REGIONS[i % 3];
    const id = `walk${String((i * 104729) % 1_000_003).padStart(12, '0')}`;
    const e = enterpriseOf(i);
    if (record) rows.push({ id, published_at: published, region_code: region, ...KINDS_OF_ENTERPRISE[e] });
    needs.push({
      id,
      organization_id: orgs[region][e],
      title: `需求${i}`,
      amount: 1_000_000,
      term_months: 12,
      purpose: 'working_capital',
      guarantee_mask: 1,
      max_rate_bp: null,
      wanted_by: null,
      description: null,
      attachments: '[]',
      status: 'published',
      region_code: region,
      search_text: `需求${i}`,
      published_at: published,
      closed_at: null,
      status_reason: null,
      created_at: published,
      updated_at: published,
    });
  }
  for (let i = 0; i < needs.length; i += 100)
    await db
      .insertInto('financing_needs')
      .values(needs.slice(i, i + 100))
      .execute();
}
afterAll(async () => {
  for (const { close } of dbs.values()) await close();
});

function matching(prefix: string, only: Partial<Pick<Row, 'industry' | 'size'>> = {}): Row[] {
  return rows.filter(
    (r) => r.region_code.startsWith(prefix) && (!only.industry || r.industry === only.industry) && (!only.size || r.size === only.size),
  );
}

function expected(prefix: string, page: number, only: Partial<Pick<Row, 'industry' | 'size'>> = {}): string[] {
  return matching(prefix, only)
    .sort((a, b) => (a.published_at < b.published_at ? 1 : a.published_at > b.published_at ? -1 : a.id < b.id ? -1 : 1))
    .slice((page - 1) * 20, page * 20)
    .map((r) => r.id);
}

describe.each(BACKENDS)('needs directory page order (%s)', (backend) => {
  it.each([
    ['a city with many needs, first page (index walk)', '410400', 1],
    ['a city with many needs, third page (index walk)', '410400', 3],
    ['a city with many needs, deep page (region index and sort)', '410400', 30],
    ['a county with few needs (region index and sort)', '410411', 2],
  ])('%s', async (_label, scope, page) => {
    const f = directoryFiltersFromUrl(new URL(`http://x/needs?page=${page}`));
    const res = await listFinancingDirectory(dbs.get(backend)!.db, f, { showFinances: false, regionScope: scope });
    expect(res.total).toBe(rows.filter((r) => r.region_code.startsWith(scope.slice(0, scope.endsWith('00') ? 4 : 6))).length);
    expect(res.rows.map((r) => r.id)).toEqual(expected(scope.endsWith('00') ? scope.slice(0, 4) : scope, page));
  });
});

describe.each(BACKENDS)('needs directory with enterprise filters (%s)', (backend) => {
  // 3,000 needs, ~1,700 of industry C: pages 1 and 3 walk, page 30 walks as a deep page
  // (600 × 3,000 < 1,700²), page 60 sorts; industry Q (60 needs) always sorts
  it.each([
    ['industry C, first page', '', 'industry=C', 1],
    ['industry C, page 3', '', 'industry=C', 3],
    ['industry C, deep page walked', '', 'industry=C', 30],
    ['industry C, deeper page sorted', '', 'industry=C', 60],
    ['size small in a city, first page', '410400', 'size=small', 1],
    ['size small in a city, deep page', '410400', 'size=small', 30],
    ['industry C in a county', '410400', 'industry=C&region=410411', 2],
    ['a rare industry', '', 'industry=Q', 2],
    ['a rare industry in a city', '410400', 'industry=Q', 1],
  ])('%s', async (_label, scope, query, page) => {
    const f = directoryFiltersFromUrl(new URL(`http://x/needs?${query}&page=${page}`));
    const res = await listFinancingDirectory(dbs.get(backend)!.db, f, { showFinances: false, regionScope: scope || undefined });
    const params = new URLSearchParams(query);
    const only = { industry: params.get('industry') ?? undefined, size: params.get('size') ?? undefined };
    const region = params.get('region') ?? (scope ? scope.slice(0, 4) : '');
    expect(res.total).toBe(matching(region, only).length);
    expect(res.total).toBeGreaterThan(0);
    expect(res.rows.map((r) => r.id)).toEqual(expected(region, page, only));
    expect(res.rows.every((r) => r.industry === (only.industry ?? r.industry) && r.size === (only.size ?? r.size))).toBe(true);
  });
});
