/**
 * The region picker's model (decision 037a), shared by the browser and tests: the
 * options a form already receives for its grouped select (`regionOptions`: code,
 * label, group) become a tree by their GB/T 2260 codes — province XX0000, city
 * XXXX00, county XXXXXX — and a typed text finds regions by name, full name or code.
 */

export interface RegionChoiceOption {
  value: string;
  label: string;
  group?: string;
}

export interface RegionNode {
  code: string;
  /** "舞钢市" */
  name: string;
  /** "河南省 平顶山市 舞钢市" (as far up as the options go) */
  fullName: string;
  level: 1 | 2 | 3;
  parent: string | null;
  children: string[];
}

export interface RegionTree {
  nodes: Map<string, RegionNode>;
  /** the regions with no parent among the options (the province, or the city of a city-wide scope) */
  roots: string[];
}

/** 1 province, 2 city, 3 county — read from the code. */
export function regionLevel(code: string): 1 | 2 | 3 {
  if (code.endsWith('0000')) return 1;
  if (code.endsWith('00')) return 2;
  return 3;
}

function lastWord(label: string): string {
  const words = label.trim().split(/\s+/);
  return words[words.length - 1] ?? label;
}

export function buildRegionTree(options: RegionChoiceOption[]): RegionTree {
  const nodes = new Map<string, RegionNode>();
  for (const o of options) {
    if (!/^\d{6}$/.test(o.value) || nodes.has(o.value)) continue;
    nodes.set(o.value, { code: o.value, name: lastWord(o.label), fullName: '', level: regionLevel(o.value), parent: null, children: [] });
  }
  const sorted = [...nodes.values()].sort((a, b) => a.code.localeCompare(b.code));
  for (const n of sorted) {
    const city = `${n.code.slice(0, 4)}00`;
    const province = `${n.code.slice(0, 2)}0000`;
    const candidates = n.level === 3 ? [city, province] : n.level === 2 ? [province] : [];
    n.parent = candidates.find((c) => c !== n.code && nodes.has(c)) ?? null;
    if (n.parent) nodes.get(n.parent)!.children.push(n.code);
  }
  // full names top-down (codes sort parents before their children)
  const byCode = new Map(options.map((o) => [o.value, o]));
  for (const n of sorted) {
    const parent = n.parent ? nodes.get(n.parent) : undefined;
    if (parent) n.fullName = parent.fullName === n.name ? n.name : `${parent.fullName} ${n.name}`;
    else {
      // a region whose parent is not offered: its label (cities carry the province) or its group (a county's city)
      const o = byCode.get(n.code)!;
      const label = o.label.trim();
      n.fullName = label.includes(' ') ? label : o.group && o.group !== label ? `${o.group} ${label}` : label;
    }
  }
  return { nodes, roots: sorted.filter((n) => !n.parent).map((n) => n.code) };
}

/** The codes from the top of the tree down to `code` (empty for a code the tree does not hold). */
export function regionPath(tree: RegionTree, code: string): string[] {
  const path: string[] = [];
  let n = tree.nodes.get(code);
  while (n) {
    path.unshift(n.code);
    n = n.parent ? tree.nodes.get(n.parent) : undefined;
  }
  return path;
}

const compact = (s: string) => s.replace(/\s+/g, '');

/**
 * Regions matching a typed text, best first: the name itself, a name that starts
 * with it, a name that contains it, a full name that contains it ("平顶山市舞钢"),
 * a code that starts with it ("4104"). Words apart ("平顶山 舞钢") must all be in
 * the full name; the last one is ranked against the name. Ties go to the higher
 * level, then the code.
 */
export function searchRegions(tree: RegionTree, query: string, limit = 10): RegionNode[] {
  const words = query.trim().split(/\s+/).filter(Boolean);
  const q = words.pop();
  if (!q) return [];
  const scored: { n: RegionNode; rank: number }[] = [];
  for (const n of tree.nodes.values()) {
    const full = compact(n.fullName);
    if (!words.every((w) => full.includes(w))) continue;
    let rank = -1;
    if (n.name === q) rank = 0;
    else if (n.name.startsWith(q)) rank = 1;
    else if (n.name.includes(q)) rank = 2;
    else if (full.includes(q)) rank = 3;
    else if (/^\d+$/.test(q) && n.code.startsWith(q)) rank = 4;
    if (rank >= 0) scored.push({ n, rank });
  }
  scored.sort((a, b) => a.rank - b.rank || a.n.level - b.n.level || a.n.code.localeCompare(b.n.code));
  return scored.slice(0, limit).map((s) => s.n);
}
