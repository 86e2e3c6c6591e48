import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, insertOrg, type TempDatabase } from '../../../tests/support/temp-db';
import { FTS_ID_LIMIT, buildSearchText, escapeLike, ftsPhrase, normalizeSearch, searchTerms, textSearchFilter } from './text-search.server';

describe('search text', () => {
  it('normalizes with NFKC and lower case, and joins the parts', () => {
    expect(normalizeSearch('  ＡＢＣ　纺织\t科技 ')).toBe('abc 纺织 科技');
    expect(buildSearchText('税易贷', null, '', '中国银行 平顶山分行', undefined, 'LPR＋0.35%')).toBe(
      '税易贷 中国银行 平顶山分行 lpr+0.35%',
    );
  });

  it('splits a query into at most 5 distinct terms and bounds its length', () => {
    expect(searchTerms(' 纺织  机械 纺织 ')).toEqual(['纺织', '机械']);
    expect(searchTerms('a b c d e f g')).toHaveLength(5);
    expect(searchTerms('')).toEqual([]);
    expect(searchTerms(null)).toEqual([]);
    expect(searchTerms('长'.repeat(500))[0]).toHaveLength(100);
  });

  it('escapes LIKE wildcards and FTS5 quotes', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
    expect(ftsPhrase('a"b OR c')).toBe('"a""b OR c"');
  });
});

describe('textSearchFilter on SQLite (FTS5 trigram + instr)', () => {
  let h: TempDatabase;
  let org: string;
  const now = new Date().toISOString();

  async function addProduct(id: string, text: string) {
    await h.db
      .insertInto('loan_products')
      .values({
        id,
        organization_id: org,
        name: id,
        category: 'credit',
        amount_min: 1,
        amount_max: 2,
        term_min_months: 1,
        term_max_months: 12,
        rate_type: 'fixed',
        rate_min_bp: 300,
        rate_max_bp: 400,
        guarantee_mask: 1,
        industry_mask: 0,
        size_mask: 0,
        min_years: 0,
        employment_linked: 0,
        min_new_hires: 0,
        materials: null,
        description: null,
        status: 'published',
        search_text: buildSearchText(text),
        published_at: now,
        retired_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }

  async function find(q: string): Promise<string[]> {
    let query = h.db.selectFrom('loan_products').select('id').where('id', 'like', 't%');
    const cond = await textSearchFilter(h.db, 'loan_products', q);
    if (cond) query = query.where(cond);
    return (await query.orderBy('id').execute()).map((r) => r.id);
  }

  beforeAll(async () => {
    h = await createTempDatabase();
    org = await insertOrg(h.db, { kind: 'bank' });
    await addProduct('t1', '舞钢市龙山纺织科技有限公司 棉纺及功能性面料');
    await addProduct('t2', '平顶山尼龙新材料 工程塑料');
    await addProduct('t3', 'ABC Textile 100%_cotton');
    await addProduct('t4', '汝州市汝瓷文化 纺织品包装');
  });
  afterAll(async () => {
    await h?.cleanup();
  });

  it('matches 1- and 2-character words (instr) and longer ones (trigram index)', async () => {
    expect(await find('纺织')).toEqual(['t1', 't4']);
    expect(await find('纺')).toEqual(['t1', 't4']);
    expect(await find('纺织科技')).toEqual(['t1']);
    expect(await find('尼龙新材料')).toEqual(['t2']);
    expect(await find('不存在的词')).toEqual([]);
    expect(await find('')).toEqual(['t1', 't2', 't3', 't4']);
  });

  it('requires every term (AND) and is case- and width-insensitive', async () => {
    expect(await find('纺织 汝州')).toEqual(['t4']);
    expect(await find('纺织 尼龙')).toEqual([]);
    expect(await find('ＴＥＸＴＩＬＥ')).toEqual(['t3']);
    expect(await find('textile abc')).toEqual(['t3']);
  });

  it('treats wildcards and FTS syntax as plain text', async () => {
    expect(await find('%')).toEqual(['t3']);
    expect(await find('%_c')).toEqual(['t3']);
    expect(await find('_')).toEqual(['t3']);
    expect(await find('"纺织" OR 尼龙')).toEqual([]);
    expect(await find('纺织*')).toEqual([]);
    expect(await find('NEAR(纺织')).toEqual([]);
  });

  it('follows inserts, updates and deletes through the triggers', async () => {
    await addProduct('t5', '叶县盐化工');
    expect(await find('盐化工')).toEqual(['t5']);
    await h.db
      .updateTable('loan_products')
      .set({ search_text: buildSearchText('叶县 煤化工') })
      .where('id', '=', 't5')
      .execute();
    expect(await find('盐化工')).toEqual([]);
    expect(await find('煤化工')).toEqual(['t5']);
    await h.db.updateTable('loan_products').set({ name: 'renamed' }).where('id', '=', 't5').execute();
    expect(await find('煤化工')).toEqual(['t5']);
    await h.db.deleteFrom('loan_products').where('id', '=', 't5').execute();
    expect(await find('煤化工')).toEqual([]);
    const [{ n }] = await sql<{ n: number }>`select count(*) as n from loan_products_fts_map where id = 't5'`
      .execute(h.db)
      .then((r) => r.rows);
    expect(n).toBe(0);
  });

  it('stays correct when a term matches more rows than the id-list limit', async () => {
    const rows = Array.from({ length: FTS_ID_LIMIT + 20 }, (_, i) => `tc${String(i).padStart(4, '0')}`);
    for (const id of rows) await addProduct(id, `常见词测试 ${id}`);
    const hits = await find('常见词测试');
    expect(hits).toHaveLength(rows.length);
    expect(await find('常见词测试 tc0007')).toEqual(['tc0007']);
  });

  it('works on the other searchable tables and with an alias', async () => {
    const ent = await insertOrg(h.db, { kind: 'enterprise' });
    await h.db
      .insertInto('financing_needs')
      .values({
        id: 'n1',
        organization_id: ent,
        title: '纺织设备更新',
        amount: 1,
        term_months: 12,
        purpose: 'tech_upgrade',
        guarantee_mask: 1,
        max_rate_bp: null,
        wanted_by: null,
        description: null,
        attachments: '[]',
        status: 'published',
        region_code: '410481',
        search_text: buildSearchText('纺织设备更新', '舞钢纺织'),
        published_at: now,
        closed_at: null,
        status_reason: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    for (const q of ['纺织', '纺织设备']) {
      const cond = await textSearchFilter(h.db, 'financing_needs', q, 'n');
      const rows = await h.db.selectFrom('financing_needs as n').select('n.id').where(cond!).execute();
      expect(rows.map((r) => r.id)).toEqual(['n1']);
    }
  });
});
