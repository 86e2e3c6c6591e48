/**
 * The needs directory reads a large region's newest page by walking the
 * newest-first index (directory.server.ts `walkNewest`) and a small region or a
 * deep page through the region index: both must give exactly the order of
 * "published_at desc, id", ties included, with the totals unchanged.
 */
import type { Insertable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, insertOrg, type TempDatabase } from '../../../tests/support/temp-db';
import type { FinancingNeedsTable } from '#db/schema';
import { listFinancingDirectory } from './directory.server';
import { directoryFiltersFromUrl } from './schema';

let t: TempDatabase;
const REGIONS = ['410402', '410481', '410102', '410411'];
type Row = { id: string; published_at: string; region_code: string };
const rows: Row[] = [];

beforeAll(async () => {
  t = await createTempDatabase();
  const orgs: Record<string, string> = {};
  for (const r of REGIONS) orgs[r] = await insertOrg(t.db, { kind: 'enterprise', region: r });
  const base = Date.parse('2026-06-01T00:00:00Z');
  const needs: Insertable<FinancingNeedsTable>[] = [];
  for (let i = 0; i < 1_500; i++) {
    // a quarter of the timestamps repeat: the id decides among them
    const published = new Date(base + (i % 4 === 0 ? 0 : ((i * 7919) % 100_000) * 60_000)).toISOString();
    const region = i % 10 === 0 ? '410411' : REGIONS[i % 3];
    const id = `walk${String((i * 104729) % 1_000_003).padStart(12, '0')}`;
    rows.push({ id, published_at: published, region_code: region });
    needs.push({
      id,
      organization_id: orgs[region],
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
    await t.db
      .insertInto('financing_needs')
      .values(needs.slice(i, i + 100))
      .execute();
});
afterAll(async () => {
  await t.cleanup();
});

function expected(prefix: string, page: number): string[] {
  return rows
    .filter((r) => r.region_code.startsWith(prefix))
    .sort((a, b) => (a.published_at < b.published_at ? 1 : a.published_at > b.published_at ? -1 : a.id < b.id ? -1 : 1))
    .slice((page - 1) * 20, page * 20)
    .map((r) => r.id);
}

describe('needs directory page order', () => {
  it.each([
    ['a city with many needs, first page (index walk)', '410400', 1],
    ['a city with many needs, third page (index walk)', '410400', 3],
    ['a city with many needs, deep page (region index and sort)', '410400', 30],
    ['a county with few needs (region index and sort)', '410411', 2],
  ])('%s', async (_label, scope, page) => {
    const f = directoryFiltersFromUrl(new URL(`http://x/needs?page=${page}`));
    const res = await listFinancingDirectory(t.db, f, { showFinances: false, regionScope: scope });
    expect(res.total).toBe(rows.filter((r) => r.region_code.startsWith(scope.slice(0, scope.endsWith('00') ? 4 : 6))).length);
    expect(res.rows.map((r) => r.id)).toEqual(expected(scope.endsWith('00') ? scope.slice(0, 4) : scope, page));
  });
});
