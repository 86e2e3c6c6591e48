/**
 * A realistic, reproducible catalogue for benchmarks: enterprises across the
 * counties of 河南省 (410000) with valid credit codes, banks with provincial /
 * city / county branches, their loan products, financing needs and hiring needs.
 *
 * Reusable pieces: `rng` (seeded), `henanCounties`, `henanCities`, `makeCreditCode`,
 * `generateEnterprises`, `generateBanks`, `generateProducts`, `generateFinancingNeeds`,
 * `generateHiringNeeds`, `insertInBatches`, `generateCatalog` (all of them into a
 * database) and `createCatalogDatabase` (a fresh migrated temporary SQLite file).
 * Rows are inserted in batches inside one transaction per table.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Insertable, Kysely } from 'kysely';
import { createDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import type { Database } from '../../db/schema';
import {
  guaranteeMask,
  industryMask,
  sizeMask,
  type GuaranteeType,
  type NeedPurpose,
  type ProductCategory,
} from '../../app/modules/catalog/codes';
import { CREDIT_CODE_ALPHABET, withCheckChar } from '../../app/modules/organizations/credit-code';
import type { IndustryCode, SizeCode } from '../../app/modules/organizations/reference';
import { regionsWithin, type Region } from '../../app/modules/regions/regions.server';

export type Random = () => number;

/** mulberry32: small, fast, reproducible. */
export function rng(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (r: Random, min: number, max: number) => min + Math.floor(r() * (max - min + 1));
export const pick = <T>(r: Random, items: readonly T[]): T => items[Math.floor(r() * items.length)];

/** Picks a key of `weights` with probability proportional to its weight. */
export function weighted<K extends string>(r: Random, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][];
  let x = r() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [k, w] of entries) {
    x -= w;
    if (x < 0) return k;
  }
  return entries[entries.length - 1][0];
}

/** Rounds 元 to a whole number of 万元 (at least 1万). */
const toWanUnits = (yuan: number) => Math.max(1, Math.round(yuan / 10_000)) * 10_000;

/** Log-uniform amount in 万 units between two 万元 bounds. */
function logUniformWan(r: Random, minWan: number, maxWan: number): number {
  return toWanUnits(Math.exp(Math.log(minWan) + r() * (Math.log(maxWan) - Math.log(minWan))) * 10_000);
}

/* ---------- regions ---------- */

export const PROVINCE = '410000';

/** County-level divisions of 河南省 (districts, counties, county-level cities). */
export function henanCounties(): Region[] {
  return regionsWithin(PROVINCE).filter((r) => r.level === 3);
}

/** The 17 prefecture-level cities of 河南省 (without the placeholder of 省直辖县). */
export function henanCities(): Region[] {
  return regionsWithin(PROVINCE).filter((r) => r.level === 2 && !r.code.startsWith('4190'));
}

/** The city code of a county (济源 419001 is its own city). */
const cityOf = (county: string) => (county.startsWith('4190') ? county : `${county.slice(0, 4)}00`);

/* ---------- credit codes ---------- */

/**
 * A valid unified social credit code: 9 (工商) 1 (企业) + the 6-digit region +
 * a 9-character organization code + the GB 32100 check character.
 */
export function makeCreditCode(r: Random, regionCode: string): string {
  let org = '';
  for (let i = 0; i < 9; i++) org += CREDIT_CODE_ALPHABET[int(r, 0, i === 0 ? 9 : CREDIT_CODE_ALPHABET.length - 1)];
  return withCheckChar(`91${regionCode}${org}`);
}

/* ---------- rows ---------- */

const NOW = '2026-11-25T08:00:00.000Z';
const pad = (n: number, w = 7) => String(n).padStart(w, '0');

type OrgRow = Insertable<Database['organizations']>;
type ProductRow = Insertable<Database['loan_products']>;
type NeedRow = Insertable<Database['financing_needs']>;
type HiringRow = Insertable<Database['hiring_needs']>;
type PositionRow = Insertable<Database['hiring_positions']>;

const INDUSTRY_WEIGHTS: Partial<Record<IndustryCode, number>> = {
  C: 38,
  F: 18,
  A: 8,
  E: 6,
  I: 6,
  G: 5,
  M: 4,
  H: 4,
  L: 3,
  O: 2,
  R: 1,
  K: 1,
  D: 1,
  N: 1,
  P: 1,
  Q: 1,
};
const SIZE_WEIGHTS: Record<SizeCode, number> = { micro: 35, small: 45, medium: 17, large: 3 };
const TRADE = ['科技', '新材料', '机械', '食品', '纺织', '建材', '电子', '农业', '物流', '商贸', '医药', '化工', '汽配', '家居', '文化'];
const FORMS = ['有限公司', '股份有限公司', '有限责任公司'];
const BRAND = '华中原豫龙鑫盛达恒泰丰源宏兴金瑞嘉晟润康博远';

export interface EnterpriseSpec {
  id: string;
  regionCode: string;
  name: string;
}

export function generateEnterprises(r: Random, n: number, counties = henanCounties()): OrgRow[] {
  // 郑州 and the bigger cities host more enterprises than mountain counties.
  const countyWeights = counties.map((c) => (c.code.startsWith('4101') ? 3 : c.name.endsWith('区') ? 1.5 : 1));
  const total = countyWeights.reduce((s, w) => s + w, 0);
  const rows: OrgRow[] = [];
  for (let i = 0; i < n; i++) {
    let x = r() * total;
    let k = 0;
    while (k < counties.length - 1 && (x -= countyWeights[k]) >= 0) k++;
    const county = counties[k];
    const size = weighted(r, SIZE_WEIGHTS);
    const employees =
      size === 'micro' ? int(r, 2, 19) : size === 'small' ? int(r, 20, 299) : size === 'medium' ? int(r, 300, 999) : int(r, 1000, 5000);
    const name = `${county.name.replace(/(市|县|区)$/, '')}${BRAND[int(r, 0, BRAND.length - 1)]}${BRAND[int(r, 0, BRAND.length - 1)]}${pick(r, TRADE)}${pick(r, FORMS)}`;
    rows.push({
      id: `ent${pad(i, 13)}`,
      kind: 'enterprise',
      name,
      status: r() < 0.95 ? 'verified' : 'pending',
      status_reason: null,
      status_changed_by: null,
      status_changed_at: NOW,
      credit_code: makeCreditCode(r, county.code),
      region_code: county.code,
      industry: weighted(r, INDUSTRY_WEIGHTS as Record<IndustryCode, number>),
      size,
      // more young enterprises than old ones
      founded_year: 2025 - Math.floor(r() ** 1.6 * 30),
      registered_capital: toWanUnits(employees * int(r, 5, 40) * 10_000),
      employees,
      annual_revenue: toWanUnits(employees * int(r, 20, 120) * 10_000),
      bank_type: null,
      branch_level: null,
      contact_name: '联系人',
      contact_phone: `139${pad(i, 8)}`,
      contact_email: null,
      description: null,
      created_at: NOW,
      updated_at: NOW,
    });
  }
  return rows;
}

const BANK_NAMES: Record<string, string[]> = {
  policy: ['国家开发银行', '中国农业发展银行'],
  state: ['中国工商银行', '中国农业银行', '中国银行', '中国建设银行', '交通银行', '中国邮政储蓄银行'],
  joint_stock: ['招商银行', '中信银行', '浦发银行', '民生银行', '兴业银行', '光大银行', '华夏银行', '平安银行'],
  city: ['中原银行', '郑州银行', '洛阳银行', '平顶山银行'],
  rural: ['农村商业银行'],
  village: ['村镇银行'],
};

export interface BankSpec {
  row: OrgRow;
  regions: string[];
}

export function generateBanks(r: Random, n: number, cities = henanCities(), counties = henanCounties()): BankSpec[] {
  const out: BankSpec[] = [];
  for (let i = 0; i < n; i++) {
    const type = weighted(r, { policy: 2, state: 28, joint_stock: 15, city: 15, rural: 30, village: 10 });
    // big banks have provincial and city branches; rural and village banks sit in counties
    const level =
      type === 'rural' || type === 'village'
        ? 'county'
        : type === 'city'
          ? weighted(r, { city: 3, county: 1 })
          : weighted(r, { provincial: 1, city: 5, county: 2 });
    let region: string;
    let name: string;
    if (level === 'provincial') {
      region = PROVINCE;
      name = `${pick(r, BANK_NAMES[type])}河南省分行`;
    } else if (level === 'city') {
      const city = pick(r, cities);
      region = city.code;
      name = `${pick(r, BANK_NAMES[type])}${city.name.replace(/市$/, '')}分行`;
    } else {
      const county = pick(r, counties);
      region = county.code;
      const stem = county.name.replace(/(市|县|区)$/, '');
      name = type === 'rural' || type === 'village' ? `${stem}${pick(r, BANK_NAMES[type])}` : `${pick(r, BANK_NAMES[type])}${stem}支行`;
    }
    out.push({
      row: {
        id: `bank${pad(i, 12)}`,
        kind: 'bank',
        name: `${name}（${i}）`,
        status: 'verified',
        status_reason: null,
        status_changed_by: null,
        status_changed_at: NOW,
        credit_code: null,
        region_code: region,
        industry: null,
        size: null,
        founded_year: null,
        registered_capital: null,
        employees: null,
        annual_revenue: null,
        bank_type: type,
        branch_level: level,
        contact_name: '客户经理',
        contact_phone: `137${pad(i, 8)}`,
        contact_email: null,
        description: null,
        created_at: NOW,
        updated_at: NOW,
      },
      regions: [region],
    });
  }
  return out;
}

interface CategoryProfile {
  weight: number;
  /** 万元 */
  amount: [minLo: number, minHi: number, maxLo: number, maxHi: number];
  term: [min: number[], max: number[]];
  guarantees: GuaranteeType[][];
  names: string[];
}

const CATEGORIES: Record<ProductCategory, CategoryProfile> = {
  credit: {
    weight: 15,
    amount: [5, 50, 100, 1000],
    term: [
      [1, 3, 6],
      [12, 24, 36],
    ],
    guarantees: [['credit']],
    names: ['信用贷', '快e贷', '小微信用贷'],
  },
  tax: {
    weight: 15,
    amount: [5, 30, 100, 500],
    term: [
      [1, 3, 6],
      [12, 24, 36],
    ],
    guarantees: [['credit']],
    names: ['税易贷', '银税贷', '税金贷'],
  },
  tech: {
    weight: 8,
    amount: [50, 200, 1000, 5000],
    term: [
      [6, 12],
      [36, 60],
    ],
    guarantees: [['credit', 'ip_pledge'], ['guarantee', 'gov_guarantee'], ['credit']],
    names: ['科技贷', '科创贷', '专精特新贷'],
  },
  ip_pledge: {
    weight: 5,
    amount: [50, 100, 1000, 3000],
    term: [
      [6, 12],
      [36, 60],
    ],
    guarantees: [['ip_pledge'], ['ip_pledge', 'guarantee']],
    names: ['知识产权质押贷', '专利贷'],
  },
  mortgage: {
    weight: 15,
    amount: [50, 300, 2000, 10000],
    term: [[12], [60, 120]],
    guarantees: [['mortgage'], ['mortgage', 'guarantee']],
    names: ['厂房抵押贷', '经营抵押贷'],
  },
  guarantee: {
    weight: 10,
    amount: [10, 100, 500, 3000],
    term: [
      [6, 12],
      [24, 36],
    ],
    guarantees: [['guarantee', 'gov_guarantee'], ['gov_guarantee']],
    names: ['担保贷', '政银担'],
  },
  supply_chain: {
    weight: 8,
    amount: [50, 200, 1000, 5000],
    term: [
      [1, 3],
      [12, 24],
    ],
    guarantees: [['receivable_pledge', 'pledge'], ['receivable_pledge']],
    names: ['应收账款融资', '订单贷', '供应链e贷'],
  },
  renewal: {
    weight: 8,
    amount: [100, 300, 2000, 5000],
    term: [[12], [36]],
    guarantees: [
      ['mortgage', 'guarantee', 'credit'],
      ['mortgage', 'guarantee'],
    ],
    names: ['无还本续贷', '续贷通'],
  },
  job_stable: {
    weight: 5,
    amount: [50, 100, 500, 1000],
    term: [
      [6, 12],
      [24, 36],
    ],
    guarantees: [
      ['credit', 'guarantee'],
      ['gov_guarantee', 'guarantee'],
    ],
    names: ['稳岗贷', '就业贷'],
  },
  startup_guarantee: {
    weight: 5,
    amount: [5, 10, 100, 300],
    term: [
      [6, 12],
      [24, 36],
    ],
    guarantees: [['gov_guarantee']],
    names: ['创业担保贷款'],
  },
  other: {
    weight: 6,
    amount: [10, 50, 300, 2000],
    term: [
      [3, 6],
      [24, 36],
    ],
    guarantees: [['mortgage', 'pledge', 'guarantee'], ['credit']],
    names: ['经营贷', '普惠贷'],
  },
};

export interface ProductSpec {
  row: ProductRow;
  regions: string[];
}

export function generateProducts(
  r: Random,
  banks: readonly BankSpec[],
  n: number,
  cities = henanCities(),
  counties = henanCounties(),
  publishedShare = 0.95,
): ProductSpec[] {
  const weights = Object.fromEntries(Object.entries(CATEGORIES).map(([k, v]) => [k, v.weight])) as Record<ProductCategory, number>;
  const out: ProductSpec[] = [];
  for (let i = 0; i < n; i++) {
    const bank = banks[i % banks.length];
    const category = weighted(r, weights);
    const prof = CATEGORIES[category];
    const amountMin = logUniformWan(r, prof.amount[0], prof.amount[1]);
    const amountMax = Math.max(amountMin, logUniformWan(r, prof.amount[2], prof.amount[3]));
    const termMin = pick(r, prof.term[0]);
    const termMax = Math.max(termMin, pick(r, prof.term[1]));
    const lpr = r() < 0.65;
    const rateMin = lpr ? int(r, -3, 20) * 10 : int(r, 30, 60) * 10;
    const rateMax = rateMin + int(r, 5, 30) * 10;
    const linked = category === 'job_stable' || category === 'startup_guarantee';
    const industries: IndustryCode[][] = [['C'], ['C', 'I', 'M'], ['A'], ['F', 'H', 'O'], ['C', 'E', 'G']];
    const industry = category === 'tech' ? industryMask(['C', 'I', 'M']) : r() < 0.75 ? 0 : industryMask(pick(r, industries));
    const sizes: SizeCode[][] = [['small', 'micro'], ['medium', 'small', 'micro'], ['micro']];
    const size = r() < 0.6 ? 0 : sizeMask(pick(r, sizes));
    // regions follow the branch: a provincial branch lends province-wide (sometimes only in a few
    // cities), a city branch in its city (sometimes a neighbour too), a sub-branch in its county.
    const home = bank.regions[0];
    let regions: string[];
    if (home === PROVINCE)
      regions = r() < 0.7 ? [PROVINCE] : [...new Set([pick(r, cities).code, pick(r, cities).code, pick(r, cities).code])];
    else if (home.endsWith('00')) regions = r() < 0.8 ? [home] : [...new Set([home, pick(r, cities).code])];
    else {
      const sameCity = counties.filter((c) => cityOf(c.code) === cityOf(home));
      regions = r() < 0.75 ? [home] : [...new Set([home, pick(r, sameCity).code])];
    }
    const name = `${bank.row.name.replace(/（\d+）$/, '')}·${pick(r, prof.names)}`;
    out.push({
      row: {
        id: `prd${pad(i, 13)}`,
        organization_id: bank.row.id,
        name,
        category,
        amount_min: amountMin,
        amount_max: amountMax,
        term_min_months: termMin,
        term_max_months: termMax,
        rate_type: lpr ? 'lpr' : 'fixed',
        rate_min_bp: rateMin,
        rate_max_bp: rateMax,
        guarantee_mask: guaranteeMask(pick(r, prof.guarantees)),
        industry_mask: industry,
        size_mask: size,
        min_years: pick(r, [0, 0, 0, 0, 1, 1, 1, 2, 2, 3]),
        employment_linked: linked ? 1 : 0,
        min_new_hires: linked ? (category === 'job_stable' ? int(r, 5, 30) : int(r, 0, 10)) : 0,
        materials: '营业执照、近两年财务报表、纳税证明',
        description: null,
        status: r() < publishedShare ? 'published' : r() < 0.5 ? 'draft' : 'retired',
        search_text: name.toLowerCase(),
        published_at: NOW,
        retired_at: null,
        created_at: NOW,
        updated_at: NOW,
      },
      regions,
    });
  }
  return out;
}

const PURPOSE_WEIGHTS: Record<NeedPurpose, number> = {
  working_capital: 40,
  fixed_assets: 10,
  tech_upgrade: 10,
  rnd: 8,
  order_financing: 8,
  renewal: 10,
  startup: 4,
  payroll: 5,
  other: 5,
};
const GUARANTEE_OFFERS: GuaranteeType[][] = [
  ['credit'],
  ['credit'],
  ['mortgage'],
  ['mortgage', 'guarantee'],
  ['guarantee'],
  ['gov_guarantee'],
  ['receivable_pledge'],
  ['ip_pledge'],
  ['pledge', 'mortgage'],
  ['guarantee', 'gov_guarantee', 'credit'],
];

export function generateFinancingNeeds(r: Random, enterprises: readonly OrgRow[], n: number, publishedShare = 0.9): NeedRow[] {
  const rows: NeedRow[] = [];
  for (let i = 0; i < n; i++) {
    const ent = enterprises[Math.floor(r() * enterprises.length)];
    const purpose = weighted(r, PURPOSE_WEIGHTS);
    const scale = ent.size === 'large' ? 20 : ent.size === 'medium' ? 5 : ent.size === 'small' ? 1.5 : 0.5;
    // median about 300万元 for a small enterprise, long right tail
    const amount = Math.min(500_000_000, toWanUnits(Math.exp(Math.log(200) + (r() + r() + r() - 1.5) * 2.2) * scale * 10_000));
    const title = `${purpose === 'renewal' ? '续贷' : purpose === 'rnd' ? '研发投入' : '经营周转'}资金需求`;
    rows.push({
      id: `need${pad(i, 12)}`,
      organization_id: ent.id!,
      title,
      amount,
      term_months: pick(r, [6, 12, 12, 12, 24, 24, 36, 36, 60]),
      purpose,
      guarantee_mask: guaranteeMask(pick(r, GUARANTEE_OFFERS)),
      max_rate_bp: r() < 0.4 ? null : int(r, 35, 60) * 10,
      wanted_by: '2027-03-31',
      description: null,
      attachments: '[]',
      status: r() < publishedShare ? 'published' : pick(r, ['draft', 'matched', 'closed'] as const),
      region_code: ent.region_code!,
      search_text: `${title} ${ent.name}`.toLowerCase(),
      published_at: NOW,
      closed_at: null,
      status_reason: null,
      created_at: NOW,
      updated_at: NOW,
    });
  }
  return rows;
}

const JOBS = ['普工', '操作工', '技术员', '质检员', '电工', '销售代表', '仓储管理员', '会计', '缝纫工', '焊工'];

export function generateHiringNeeds(
  r: Random,
  enterprises: readonly OrgRow[],
  n: number,
): { needs: HiringRow[]; positions: PositionRow[] } {
  const needs: HiringRow[] = [];
  const positions: PositionRow[] = [];
  for (let i = 0; i < n; i++) {
    const ent = enterprises[Math.floor(r() * enterprises.length)];
    const id = `hire${pad(i, 12)}`;
    let total = 0;
    const count = int(r, 1, 3);
    for (let k = 0; k < count; k++) {
      const headcount = int(r, 1, ent.size === 'micro' ? 5 : 30);
      total += headcount;
      const wageMin = int(r, 30, 60) * 100;
      positions.push({
        id: `${id}p${k}`,
        hiring_need_id: id,
        title: pick(r, JOBS),
        headcount,
        wage_min: wageMin,
        wage_max: wageMin + int(r, 5, 30) * 100,
        skills: null,
        sort_order: k,
      });
    }
    needs.push({
      id,
      organization_id: ent.id!,
      title: `招聘${positions[positions.length - 1].title}等岗位`,
      description: null,
      training_support: r() < 0.3 ? 1 : 0,
      total_headcount: total,
      wanted_by: '2027-03-31',
      status: r() < 0.85 ? 'published' : 'draft',
      region_code: ent.region_code!,
      search_text: ent.name!.toLowerCase(),
      published_at: NOW,
      closed_at: null,
      status_reason: null,
      created_at: NOW,
      updated_at: NOW,
    });
  }
  return { needs, positions };
}

/* ---------- into the database ---------- */

/** Inserts rows in multi-row batches (under the SQLite and PostgreSQL parameter limits) in one transaction. */
export async function insertInBatches<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as object).length;
  const batch = Math.max(1, Math.floor(30_000 / columns));
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += batch) {
      await trx
        .insertInto(table)
        .values(rows.slice(i, i + batch) as never)
        .execute();
    }
  });
}

export interface CatalogSize {
  enterprises: number;
  banks: number;
  products: number;
  needs: number;
  hiringNeeds: number;
  /** share of products and financing needs that are published (default 0.95 and 0.9) */
  publishedShare?: number;
}

export const DEFAULT_SIZE: CatalogSize = { enterprises: 20_000, banks: 300, products: 5_000, needs: 50_000, hiringNeeds: 8_000 };

export interface Catalog {
  enterprises: OrgRow[];
  banks: BankSpec[];
  products: ProductSpec[];
  needs: NeedRow[];
  hiring: { needs: HiringRow[]; positions: PositionRow[] };
}

export function generateCatalogRows(size: CatalogSize = DEFAULT_SIZE, seed = 20261125): Catalog {
  const r = rng(seed);
  const counties = henanCounties();
  const cities = henanCities();
  const enterprises = generateEnterprises(r, size.enterprises, counties);
  const banks = generateBanks(r, size.banks, cities, counties);
  const products = generateProducts(r, banks, size.products, cities, counties, size.publishedShare ?? 0.95);
  const needs = generateFinancingNeeds(r, enterprises, size.needs, size.publishedShare ?? 0.9);
  const hiring = generateHiringNeeds(r, enterprises, size.hiringNeeds);
  return { enterprises, banks, products, needs, hiring };
}

/** Generates the catalogue and writes it into `db` (already migrated). */
export async function generateCatalog(db: Kysely<Database>, size: CatalogSize = DEFAULT_SIZE, seed = 20261125): Promise<Catalog> {
  const c = generateCatalogRows(size, seed);
  await insertInBatches(db, 'organizations', [...c.enterprises, ...c.banks.map((b) => b.row)]);
  await insertInBatches(
    db,
    'bank_regions',
    c.banks.flatMap((b) => b.regions.map((region_code) => ({ organization_id: b.row.id!, region_code }))),
  );
  await insertInBatches(
    db,
    'loan_products',
    c.products.map((p) => p.row),
  );
  await insertInBatches(
    db,
    'product_regions',
    c.products.flatMap((p) => p.regions.map((region_code) => ({ product_id: p.row.id!, region_code }))),
  );
  await insertInBatches(db, 'financing_needs', c.needs);
  await insertInBatches(db, 'hiring_needs', c.hiring.needs);
  await insertInBatches(db, 'hiring_positions', c.hiring.positions);
  return c;
}

export interface CatalogDatabase {
  db: Kysely<Database>;
  url: string;
  catalog: Catalog;
  cleanup: () => Promise<void>;
}

/** A fresh temporary SQLite file, migrated with db/migrate.ts and filled with a catalogue. */
export async function createCatalogDatabase(size: CatalogSize = DEFAULT_SIZE, seed = 20261125): Promise<CatalogDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finmatch-bench-'));
  const url = `file:${path.join(dir, 'bench.db')}`;
  const { db } = await createDatabase(url);
  await migrateToLatest(db);
  const catalog = await generateCatalog(db, size, seed);
  return {
    db,
    url,
    catalog,
    cleanup: async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
