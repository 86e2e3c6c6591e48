/**
 * The human-readable session number (对接会编号): the short name of the region,
 * the year and a sequence per region and year — 舞钢-2026-003. Given when the
 * session is created (events.server.ts) and kept: editing the date or the
 * region later does not renumber it, like a document number.
 */

const SUFFIXES = ['自治县', '自治州', '自治旗', '林区', '地区', '新区', '市', '县', '区', '旗', '盟', '省'] as const;

/** 舞钢市 → 舞钢, 平顶山市 → 平顶山, 卫东区 → 卫东; a name that would be one character keeps its suffix (叶县). */
export function shortRegionName(name: string): string {
  for (const s of SUFFIXES) {
    if (name.endsWith(s) && name.length - s.length >= 2) return name.slice(0, -s.length);
  }
  return name;
}

export interface EventNumberParts {
  number_region: string | null;
  number_year: string | null;
  number_seq: number | null;
}

/** `舞钢-2026-003`; null for a session without a number (rows written outside the app). */
export function formatEventNumber(parts: EventNumberParts, regionName: (code: string) => string): string | null {
  if (!parts.number_region || !parts.number_year || !parts.number_seq) return null;
  return `${shortRegionName(regionName(parts.number_region))}-${parts.number_year}-${String(parts.number_seq).padStart(3, '0')}`;
}
