import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMoney } from '~/utils/money';
import { bankShortName, newsAmount, newsFacts, newsSentence, type NewsParty } from './news';

const yuan = (text: string) => {
  const r = parseMoney(text);
  if (!r.ok) throw new Error(text);
  return r.yuan;
};

describe('bankShortName', () => {
  it.each([
    ['中国农业发展银行平顶山市分行', '农发行'],
    ['中国银行平顶山分行', '中行'],
    ['中国工商银行平顶山分行', '工行'],
    ['中国建设银行股份有限公司平顶山分行', '建行'],
    ['中国农业银行舞钢市支行', '农行'],
    ['交通银行平顶山分行', '交行'],
    ['中国邮政储蓄银行股份有限公司平顶山市分行', '邮储银行'],
    ['中国银行', '中行'],
    ['中信银行平顶山分行', '中信银行'],
    ['中原银行平顶山分行', '中原银行'],
    ['平顶山银行', '平顶山银行'],
    ['平顶山银行股份有限公司新华支行', '平顶山银行'],
    ['河南舞钢农村商业银行', '河南舞钢农村商业银行'],
    ['宝丰豫丰村镇银行', '宝丰豫丰村镇银行'],
    ['舞钢市农村信用合作联社营业部', '舞钢市农村信用合作联社'],
    ['  中国工商银行平顶山分行 ', '工行'],
  ])('%s → %s', (full, short) => {
    expect(bankShortName(full)).toBe(short);
  });
});

describe('newsAmount', () => {
  it('writes 亿元 from 1亿 up and 万元 below, trimmed, rounded half up at the 4th decimal', () => {
    expect(newsAmount(yuan('3.177亿'), 'zh-CN')).toBe('3.177亿元');
    expect(newsAmount(yuan('1亿'), 'zh-CN')).toBe('1亿元');
    expect(newsAmount(yuan('12.5亿'), 'zh-CN')).toBe('12.5亿元');
    expect(newsAmount(123_456_789, 'zh-CN')).toBe('1.2346亿元');
    expect(newsAmount(123_444_999, 'zh-CN')).toBe('1.2344亿元');
    expect(newsAmount(yuan('8500万'), 'zh-CN')).toBe('8500万元');
    expect(newsAmount(99_999_999, 'zh-CN')).toBe('9999.9999万元');
    expect(newsAmount(yuan('50万'), 'zh-CN')).toBe('50万元');
    expect(newsAmount(yuan('8500万'), 'en')).toBe('8,500 ten-thousand yuan');
    expect(newsAmount(yuan('3.177亿'), 'en')).toBe('3.177 hundred million yuan');
  });
});

const BANKS: NewsParty[] = [
  { name: '中国银行平顶山分行', amount: yuan('6000万') },
  { name: '中国农业发展银行平顶山市分行', amount: yuan('8000万') },
  { name: '中国工商银行平顶山分行', amount: yuan('5000万') },
  { name: '中信银行平顶山分行', amount: yuan('3000万') },
  { name: '中原银行平顶山分行', amount: yuan('2770万') },
  { name: '平顶山银行', amount: yuan('2500万') },
  { name: '河南舞钢农村商业银行', amount: yuan('2000万') },
  { name: '宝丰豫丰村镇银行', amount: yuan('500万') },
  { name: '中国建设银行平顶山分行', amount: yuan('2000万') },
];
const ENTERPRISES: NewsParty[] = [
  { name: '平顶山市鹰城尼龙新材料有限公司', amount: yuan('5000万') },
  { name: '舞钢市龙山纺织科技有限公司', amount: yuan('9000万') },
  ...Array.from({ length: 9 }, (_, i) => ({ name: `测试企业${i + 1}`, amount: yuan('1974.4444万') + (i === 0 ? 4 : 0) })),
];

describe('newsSentence', () => {
  it('names the two largest banks and the largest enterprise, counts them and gives the total in 亿元', () => {
    const facts = newsFacts(BANKS, ENTERPRISES);
    expect(facts.total).toBe(yuan('3.177亿'));
    expect(ENTERPRISES.reduce((s, e) => s + e.amount, 0)).toBe(facts.total);
    expect(newsSentence(facts, 'zh-CN')).toBe(
      '农发行、中行等9家银行与舞钢市龙山纺织科技有限公司等11家企业初步达成合作意向，签订合作意向书，签约金额3.177亿元。',
    );
    expect(newsSentence(facts, 'en')).toBe(
      '9 banks including 农发行 and 中行 reached preliminary cooperation intentions with 11 enterprises including 舞钢市龙山纺织科技有限公司 and signed letters of intent worth 3.177 hundred million yuan.',
    );
  });

  it('has no “等N家” form for a single bank or enterprise, and uses 万元 under 1亿', () => {
    const facts = newsFacts(
      [{ name: '中国银行平顶山分行', amount: yuan('300万') }],
      [{ name: '舞钢市龙山纺织科技有限公司', amount: yuan('300万') }],
    );
    expect(newsSentence(facts, 'zh-CN')).toBe('中行与舞钢市龙山纺织科技有限公司初步达成合作意向，签订合作意向书，签约金额300万元。');
    expect(newsSentence(facts, 'en')).toBe(
      '中行 reached preliminary cooperation intentions with 舞钢市龙山纺织科技有限公司 and signed letters of intent worth 300 ten-thousand yuan.',
    );
  });

  it('lists both banks without 等 when there are exactly two', () => {
    const facts = newsFacts(
      [
        { name: '中原银行平顶山分行', amount: yuan('200万') },
        { name: '中国工商银行平顶山分行', amount: yuan('1000万') },
      ],
      [
        { name: '叶县恒达盐化有限公司', amount: yuan('1000万') },
        { name: '郏县三苏食品有限公司', amount: yuan('200万') },
      ],
    );
    expect(newsSentence(facts, 'zh-CN')).toBe(
      '工行、中原银行2家银行与叶县恒达盐化有限公司等2家企业初步达成合作意向，签订合作意向书，签约金额1200万元。',
    );
  });

  it('breaks ties by name and never names one bank twice when two branches share a short name', () => {
    const facts = newsFacts(
      [
        { name: '中国银行舞钢支行', amount: yuan('500万') },
        { name: '中国银行平顶山分行', amount: yuan('500万') },
        { name: '平顶山银行', amount: yuan('100万') },
      ],
      [
        { name: '乙企业', amount: yuan('550万') },
        { name: '甲企业', amount: yuan('550万') },
      ],
    );
    expect(facts.topEnterprises).toEqual(['乙企业']);
    expect(newsSentence(facts, 'zh-CN')).toBe(
      '中行、平顶山银行等3家银行与乙企业等2家企业初步达成合作意向，签订合作意向书，签约金额1100万元。',
    );
  });

  it('says that nothing was signed when there is no agreement', () => {
    expect(newsSentence(newsFacts([], []), 'zh-CN')).toBe('暂无已确认的签约。');
    expect(newsSentence(newsFacts([], []), 'en')).toBe('No letters of intent confirmed yet.');
  });

  it('always carries the counts and the exact total for any data (property)', () => {
    const party = fc.record({
      name: fc.string({ minLength: 1, maxLength: 6 }).map((s) => `企业${s}`),
      amount: fc.integer({ min: 1, max: 5_000_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(party, { minLength: 2, maxLength: 30 }), fc.array(party, { minLength: 2, maxLength: 30 }), (banks, ents) => {
        const facts = newsFacts(banks, ents);
        const s = newsSentence(facts, 'zh-CN');
        expect(s).toContain(`${ents.length}家企业`);
        expect(s).toContain(`${banks.length}家银行`);
        expect(
          s.endsWith(
            `签约金额${newsAmount(
              banks.reduce((a, b) => a + b.amount, 0),
              'zh-CN',
            )}。`,
          ),
        ).toBe(true);
        const top = [...ents].sort((a, b) => b.amount - a.amount || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))[0];
        expect(s).toContain(`与${top.name}等`);
      }),
    );
  });
});

describe('newsSentence with lead signatories (主签约单位, decision 036d)', () => {
  it('names the organizer’s leads first, in their order, up to three, then 等N家', () => {
    // the leads are smaller than the largest amounts: they lead all the same
    const facts = newsFacts(BANKS, ENTERPRISES, {
      banks: ['中国银行平顶山分行', '中国农业发展银行平顶山市分行'],
      enterprises: ['舞钢市龙山纺织科技有限公司'],
    });
    expect(newsSentence(facts, 'zh-CN')).toBe(
      '中行、农发行等9家银行与舞钢市龙山纺织科技有限公司等11家企业初步达成合作意向，签订合作意向书，签约金额3.177亿元。',
    );
    const four = newsFacts(BANKS, ENTERPRISES, {
      banks: BANKS.slice(0, 4).map((b) => b.name),
      enterprises: ['测试企业3', '测试企业1'],
    });
    const s = newsSentence(four, 'zh-CN');
    expect(s.split('等9家银行')[0].split('、')).toHaveLength(3);
    expect(s).toContain('与测试企业3、测试企业1等11家企业');
  });

  it('leaves out leads that did not sign and falls back to the largest amounts on a side without leads', () => {
    const facts = newsFacts(BANKS, ENTERPRISES, { banks: ['中国邮政储蓄银行平顶山分行'], enterprises: ['没签约的企业'] });
    expect(facts.leadBanks).toEqual([]);
    expect(facts.leadEnterprises).toEqual([]);
    expect(newsSentence(facts, 'zh-CN')).toBe(newsSentence(newsFacts(BANKS, ENTERPRISES), 'zh-CN'));
  });

  it('names every one without 等 when all signatories of a side are leads', () => {
    const facts = newsFacts(
      [
        { name: '平顶山银行', amount: yuan('100万') },
        { name: '中国工商银行平顶山分行', amount: yuan('900万') },
      ],
      [
        { name: '甲企业', amount: yuan('500万') },
        { name: '乙企业', amount: yuan('500万') },
      ],
      { banks: ['平顶山银行', '中国工商银行平顶山分行'], enterprises: ['乙企业', '甲企业'] },
    );
    expect(newsSentence(facts, 'zh-CN')).toBe(
      '平顶山银行、工行2家银行与乙企业、甲企业2家企业初步达成合作意向，签订合作意向书，签约金额1000万元。',
    );
    expect(newsSentence(facts, 'en')).toBe(
      '平顶山银行 and 工行 (2 banks) reached preliminary cooperation intentions with 乙企业 and 甲企业 (2 enterprises) and signed letters of intent worth 1,000 ten-thousand yuan.',
    );
  });
});
