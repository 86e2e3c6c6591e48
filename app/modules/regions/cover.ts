/**
 * Which region covers which, from the codes alone (pure: safe for browser code
 * and for pure rule modules). A code covers every code that starts with its
 * prefix: a province its cities and counties, a city its counties.
 */

/** The prefix that every covered code starts with: 410000 → "41", 410400 → "4104". */
export function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/**
 * The 6-digit codes a region covers as a range (410400 → 410400…410499), so that
 * filters use an index on both databases (a `LIKE` prefix does not, by default).
 */
export function regionRange(code: string): [string, string] {
  const prefix = regionPrefix(code);
  return [prefix.padEnd(6, '0'), prefix.padEnd(6, '9')];
}

export function regionCovers(parent: string, child: string): boolean {
  return child.startsWith(regionPrefix(parent));
}

/** The region itself, then its city and province (a city's rule covers its counties). */
export function regionAndAncestors(code: string): string[] {
  const out = [code];
  if (!code.endsWith('00')) out.push(`${code.slice(0, 4)}00`);
  if (!code.endsWith('0000')) out.push(`${code.slice(0, 2)}0000`);
  return out;
}
