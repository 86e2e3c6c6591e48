import { describe, expect, it } from 'vitest';
import { buildRegionTree, regionLevel, regionPath, searchRegions } from './picker';
import { regionOptions } from './regions.server';

const henan = () => buildRegionTree(regionOptions('410000').map((o) => ({ value: o.code, label: o.label, group: o.group })));

describe('region picker model', () => {
  it('reads the level from the code', () => {
    expect([regionLevel('410000'), regionLevel('410400'), regionLevel('410481')]).toEqual([1, 2, 3]);
  });

  it('builds province → city → county from the grouped select’s options', () => {
    const tree = henan();
    expect(tree.roots).toEqual(['410000']);
    const province = tree.nodes.get('410000')!;
    expect(province.children).toContain('410400');
    const city = tree.nodes.get('410400')!;
    expect(city).toMatchObject({ name: '平顶山市', fullName: '河南省 平顶山市', level: 2, parent: '410000' });
    expect(city.children).toContain('410481');
    expect(tree.nodes.get('410481')).toMatchObject({ name: '舞钢市', fullName: '河南省 平顶山市 舞钢市', level: 3, parent: '410400' });
    expect(regionPath(tree, '410481')).toEqual(['410000', '410400', '410481']);
    expect(regionPath(tree, '999999')).toEqual([]);
    // every option is in the tree and every county sits under a city
    expect(tree.nodes.size).toBe(regionOptions('410000').length);
    for (const n of tree.nodes.values()) if (n.level === 3) expect(tree.nodes.get(n.parent!)?.level, n.code).toBe(2);
  });

  it('finds 舞钢市 under 平顶山市 by typing 舞钢, and by its full name or code', () => {
    const tree = henan();
    const [first] = searchRegions(tree, '舞钢');
    expect(first).toMatchObject({ code: '410481', fullName: '河南省 平顶山市 舞钢市' });
    expect(searchRegions(tree, ' 平顶山 舞钢 ')[0]?.code).toBe('410481');
    expect(searchRegions(tree, '平顶山市舞钢')[0]?.code).toBe('410481');
    expect(searchRegions(tree, '410481')[0]?.code).toBe('410481');
    expect(searchRegions(tree, '')).toEqual([]);
    expect(searchRegions(tree, '不存在的地方')).toEqual([]);
  });

  it('puts the exact and the higher region first, and keeps to the limit', () => {
    const tree = henan();
    const hits = searchRegions(tree, '平顶山', 5);
    expect(hits[0]?.code).toBe('410400');
    expect(hits).toHaveLength(5);
    // the city's counties follow (their full name contains it)
    expect(hits.slice(1).every((n) => n.code.startsWith('4104'))).toBe(true);
    // 新华区 exists in several cities: each is told apart by its full name
    const xinhua = searchRegions(tree, '新华区');
    expect(xinhua.length).toBeGreaterThan(0);
    expect(new Set(xinhua.map((n) => n.fullName)).size).toBe(xinhua.length);
  });

  it('works for a city-wide scope (no province among the options)', () => {
    const tree = buildRegionTree(regionOptions('410400').map((o) => ({ value: o.code, label: o.label, group: o.group })));
    expect(tree.roots).toEqual(['410400']);
    expect(tree.nodes.get('410481')?.fullName).toBe('河南省 平顶山市 舞钢市');
    expect(searchRegions(tree, '舞钢')[0]?.code).toBe('410481');
  });
});
