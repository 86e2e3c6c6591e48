/**
 * Demo data: financing and hiring needs of the demo enterprises.
 *
 * Most verified enterprises in the database get one or two published
 * financing needs that fit their industry, some a hiring need with positions,
 * and a few keep drafts. Published dates lie in the recent past, some more
 * than five working days back (so bank answers can be overdue). Ids are fixed:
 * `demofin…` (financing), `demohir…` (hiring), `demopos…` (positions).
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database, FinancingNeedsTable, HiringNeedsTable, HiringPositionsTable } from '../schema';
import { guaranteeMask, type GuaranteeType, type NeedPurpose } from '../../app/modules/catalog/codes';
import { buildSearchText } from '../../app/modules/search/text-search.server';

const WAN = 10_000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DEMO_ENTERPRISE_ID = 'demoent000000001';

function seedId(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(16 - prefix.length, '0')}`;
}

interface FinancingTemplate {
  title: string;
  amountWan: number;
  term: number;
  purpose: NeedPurpose;
  guarantees: GuaranteeType[];
  maxRatePct?: number;
  description: string;
  attachments?: string[];
}

interface HiringTemplate {
  title: string;
  description: string;
  training: boolean;
  positions: { title: string; headcount: number; min: number; max: number; skills?: string }[];
}

/** Financing needs that fit an industry section (GB/T 4754). */
const FINANCING_BY_INDUSTRY: Record<string, FinancingTemplate[]> = {
  C: [
    {
      title: '购置自动化生产设备技术改造',
      amountWan: 800,
      term: 36,
      purpose: 'tech_upgrade',
      guarantees: ['mortgage', 'guarantee'],
      maxRatePct: 4.5,
      description: '新购自动化生产线 2 条，改造后产能提升约 30%，能耗下降 15%。以厂房土地抵押，实际控制人提供连带责任保证。',
      attachments: ['技术改造项目可行性研究报告.pdf', '近三年审计报告.pdf'],
    },
    {
      title: '原材料采购流动资金',
      amountWan: 300,
      term: 12,
      purpose: 'working_capital',
      guarantees: ['credit'],
      maxRatePct: 4.0,
      description: '旺季订单集中，需补充原材料采购资金，纳税信用等级 A 级，近两年纳税稳定。',
      attachments: ['纳税信用等级证明.pdf'],
    },
    {
      title: '新产品研发投入',
      amountWan: 500,
      term: 24,
      purpose: 'rnd',
      guarantees: ['ip_pledge'],
      description: '拥有发明专利 3 项、实用新型专利 12 项，拟以专利权质押用于新产品中试及检测认证。',
      attachments: ['专利证书清单.xlsx'],
    },
    {
      title: '应收账款盘活周转',
      amountWan: 600,
      term: 12,
      purpose: 'order_financing',
      guarantees: ['receivable_pledge'],
      description: '下游为大型国企，应收账款账期 6 个月，拟以应收账款质押融资保障订单生产。',
    },
  ],
  A: [
    {
      title: '种养殖基地扩建',
      amountWan: 200,
      term: 36,
      purpose: 'fixed_assets',
      guarantees: ['gov_guarantee'],
      maxRatePct: 4.2,
      description: '扩建标准化圈舍及配套设施，申请政府性融资担保支持。',
      attachments: ['土地流转合同.pdf'],
    },
    {
      title: '饲料及生产物资采购',
      amountWan: 150,
      term: 12,
      purpose: 'working_capital',
      guarantees: ['credit', 'guarantee'],
      description: '季节性采购饲料、菌种等生产物资，资金需求集中在一季度。',
    },
  ],
  B: [
    {
      title: '矿井智能化改造',
      amountWan: 3000,
      term: 60,
      purpose: 'tech_upgrade',
      guarantees: ['mortgage'],
      maxRatePct: 4.8,
      description: '建设智能综采工作面及安全监测系统，以采矿设备抵押。',
    },
  ],
  D: [
    {
      title: '分布式光伏电站建设',
      amountWan: 1200,
      term: 96,
      purpose: 'fixed_assets',
      guarantees: ['pledge', 'guarantee'],
      description: '新建工商业屋顶分布式光伏 6 兆瓦，以电费收费权质押。',
    },
  ],
  E: [
    {
      title: '承建项目订单融资',
      amountWan: 1000,
      term: 18,
      purpose: 'order_financing',
      guarantees: ['receivable_pledge', 'guarantee'],
      description: '已中标市政道路改造项目，需垫付前期材料及人工费用。',
      attachments: ['中标通知书.pdf', '施工合同.pdf'],
    },
    {
      title: '工程周转资金续贷',
      amountWan: 500,
      term: 12,
      purpose: 'renewal',
      guarantees: ['mortgage'],
      description: '现有贷款年内到期，申请无还本续贷以保障在建工程资金周转。',
    },
  ],
  F: [
    {
      title: '门店备货流动资金',
      amountWan: 100,
      term: 12,
      purpose: 'working_capital',
      guarantees: ['credit'],
      maxRatePct: 4.35,
      description: '节假日备货及新开门店铺货，经营流水稳定。',
    },
  ],
  G: [
    {
      title: '购置冷链运输车辆',
      amountWan: 400,
      term: 36,
      purpose: 'fixed_assets',
      guarantees: ['mortgage', 'guarantee'],
      description: '新购冷藏车 20 台，以车辆抵押并由股东提供保证。',
    },
  ],
  H: [
    {
      title: '客房及会议中心升级改造',
      amountWan: 300,
      term: 36,
      purpose: 'tech_upgrade',
      guarantees: ['mortgage'],
      description: '升级改造客房 60 间、新建会议中心一处。',
    },
  ],
  I: [
    {
      title: '软件产品研发投入',
      amountWan: 100,
      term: 24,
      purpose: 'rnd',
      guarantees: ['ip_pledge', 'credit'],
      description: '以软件著作权质押，用于产品迭代研发及人员投入。',
    },
  ],
  M: [
    {
      title: '检测设备购置',
      amountWan: 200,
      term: 36,
      purpose: 'fixed_assets',
      guarantees: ['ip_pledge'],
      description: '购置高端检测仪器，扩大检测认证业务范围。',
    },
  ],
  Q: [
    {
      title: '养老服务站点建设',
      amountWan: 150,
      term: 36,
      purpose: 'fixed_assets',
      guarantees: ['gov_guarantee'],
      description: '新建社区养老服务站 3 处，申请政府性融资担保。',
    },
  ],
};
const DEFAULT_FINANCING: FinancingTemplate[] = [
  {
    title: '日常经营流动资金',
    amountWan: 100,
    term: 12,
    purpose: 'working_capital',
    guarantees: ['credit'],
    description: '补充日常经营周转资金。',
  },
];

const HIRING_BY_INDUSTRY: Record<string, HiringTemplate> = {
  C: {
    title: '生产一线及技术岗位招聘',
    description: '扩产后新增生产班组，提供食宿，缴纳五险。',
    training: true,
    positions: [
      { title: '操作工', headcount: 20, min: 4500, max: 6000, skills: '能适应倒班，有同类工厂经验优先' },
      { title: '机修工', headcount: 4, min: 6000, max: 8000, skills: '持电工证，熟悉设备维护' },
      { title: '质检员', headcount: 2, min: 4000, max: 5500 },
    ],
  },
  A: {
    title: '基地季节性用工',
    description: '种养殖基地旺季用工，就近招聘。',
    training: true,
    positions: [
      { title: '饲养员', headcount: 8, min: 3500, max: 4500 },
      { title: '技术员', headcount: 2, min: 5000, max: 6500, skills: '畜牧兽医或农学相关专业' },
    ],
  },
  E: {
    title: '施工项目用工',
    description: '市政道路项目开工，急需施工人员。',
    training: false,
    positions: [
      { title: '钢筋工', headcount: 15, min: 6000, max: 8000 },
      { title: '施工员', headcount: 3, min: 6500, max: 9000, skills: '持施工员证' },
    ],
  },
  G: {
    title: '驾驶员及仓储人员招聘',
    description: '新增冷链线路。',
    training: true,
    positions: [
      { title: '货车司机', headcount: 10, min: 7000, max: 9000, skills: 'A2 驾照' },
      { title: '仓库管理员', headcount: 3, min: 4000, max: 5000 },
    ],
  },
  F: {
    title: '门店员工招聘',
    description: '新开门店用工。',
    training: true,
    positions: [
      { title: '收银员', headcount: 6, min: 3000, max: 3800 },
      { title: '理货员', headcount: 4, min: 3000, max: 3600 },
    ],
  },
  I: {
    title: '技术人员招聘',
    description: '产品研发团队扩充。',
    training: false,
    positions: [{ title: '软件工程师', headcount: 3, min: 7000, max: 12000, skills: 'Java 或前端开发经验' }],
  },
};

function daysAgo(now: number, days: number, hour = 9): string {
  const d = new Date(now - days * DAY_MS);
  d.setUTCHours(Math.max(hour - 8, 0), 30, 0, 0);
  return d.toISOString();
}

function daysAhead(now: number, days: number): string {
  return new Date(now + days * DAY_MS + 8 * 3600_000).toISOString().slice(0, 10);
}

export async function seedNeeds(db: Kysely<Database>): Promise<void> {
  const enterprises = await db
    .selectFrom('organizations')
    .select(['id', 'name', 'region_code', 'industry'])
    .where('kind', '=', 'enterprise')
    .where('status', '=', 'verified')
    .orderBy('id')
    .execute();
  if (enterprises.length === 0) return;
  const now = Date.now();
  const financing: Insertable<FinancingNeedsTable>[] = [];
  const hiring: Insertable<HiringNeedsTable>[] = [];
  const positions: Insertable<HiringPositionsTable>[] = [];
  let fin = 0;
  let hir = 0;
  let pos = 0;

  const addFinancing = (
    org: (typeof enterprises)[number],
    tpl: FinancingTemplate,
    opts: { publishedDaysAgo: number | null; wantedInDays?: number; title?: string },
  ) => {
    fin++;
    const title = opts.title ?? tpl.title;
    const created = daysAgo(now, (opts.publishedDaysAgo ?? 1) + 1, 10);
    const published = opts.publishedDaysAgo === null ? null : daysAgo(now, opts.publishedDaysAgo, 9 + (fin % 8));
    financing.push({
      id: seedId('demofin', fin),
      organization_id: org.id,
      title,
      amount: tpl.amountWan * WAN,
      term_months: tpl.term,
      purpose: tpl.purpose,
      guarantee_mask: guaranteeMask(tpl.guarantees),
      max_rate_bp: tpl.maxRatePct === undefined ? null : Math.round(tpl.maxRatePct * 100),
      wanted_by: opts.wantedInDays === undefined ? null : daysAhead(now, opts.wantedInDays),
      description: tpl.description,
      attachments: JSON.stringify(tpl.attachments ?? []),
      status: published ? 'published' : 'draft',
      region_code: org.region_code,
      search_text: buildSearchText(title, tpl.description, org.name),
      published_at: published,
      closed_at: null,
      status_reason: null,
      created_at: created,
      updated_at: published ?? created,
    });
  };

  const addHiring = (org: (typeof enterprises)[number], tpl: HiringTemplate, publishedDaysAgo: number | null, wantedInDays: number) => {
    hir++;
    const id = seedId('demohir', hir);
    const created = daysAgo(now, (publishedDaysAgo ?? 1) + 1, 10);
    const published = publishedDaysAgo === null ? null : daysAgo(now, publishedDaysAgo, 14);
    hiring.push({
      id,
      organization_id: org.id,
      title: tpl.title,
      description: tpl.description,
      training_support: tpl.training ? 1 : 0,
      total_headcount: tpl.positions.reduce((s, p) => s + p.headcount, 0),
      wanted_by: daysAhead(now, wantedInDays),
      status: published ? 'published' : 'draft',
      region_code: org.region_code,
      search_text: buildSearchText(tpl.title, tpl.description, org.name),
      published_at: published,
      closed_at: null,
      status_reason: null,
      created_at: created,
      updated_at: published ?? created,
    });
    tpl.positions.forEach((p, i) => {
      pos++;
      positions.push({
        id: seedId('demopos', pos),
        hiring_need_id: id,
        title: p.title,
        headcount: p.headcount,
        wage_min: p.min,
        wage_max: p.max,
        skills: p.skills ?? null,
        sort_order: i,
      });
    });
  };

  // The demo enterprise (a textile company in 舞钢市): two published needs, one draft, one hiring need.
  const demo = enterprises.find((e) => e.id === DEMO_ENTERPRISE_ID);
  if (demo) {
    addFinancing(
      demo,
      {
        title: '购置纺织设备技术改造',
        amountWan: 800,
        term: 36,
        purpose: 'tech_upgrade',
        guarantees: ['mortgage', 'guarantee'],
        maxRatePct: 4.5,
        description:
          '购置喷气织机 40 台及配套空压、除尘设备，淘汰老旧有梭织机，改造后年产功能性面料 1200 万米。以自有厂房土地抵押，法定代表人提供连带责任保证。',
        attachments: ['技术改造项目备案证明.pdf', '设备采购意向合同.pdf', '2025年度审计报告.pdf'],
      },
      { publishedDaysAgo: 9, wantedInDays: 45 },
    );
    addFinancing(
      demo,
      {
        title: '棉纱采购流动资金',
        amountWan: 300,
        term: 12,
        purpose: 'working_capital',
        guarantees: ['credit'],
        maxRatePct: 4.0,
        description: '外贸订单增加，需集中采购棉纱原料。纳税信用 A 级，近三年按时纳税。',
        attachments: ['纳税信用等级证明.pdf'],
      },
      { publishedDaysAgo: 2, wantedInDays: 20 },
    );
    addFinancing(
      demo,
      {
        title: '功能性面料研发投入',
        amountWan: 500,
        term: 24,
        purpose: 'rnd',
        guarantees: ['ip_pledge'],
        description: '以 2 项发明专利质押，用于抗菌、阻燃面料研发及检测认证。',
      },
      { publishedDaysAgo: null, wantedInDays: 90 },
    );
    addHiring(
      demo,
      {
        title: '新织造车间招工',
        description: '技改后新增织造车间，两班倒，提供宿舍和工作餐，缴纳五险一金。',
        training: true,
        positions: [
          { title: '挡车工', headcount: 20, min: 4500, max: 6000, skills: '有织造经验优先，可接受培训上岗' },
          { title: '机修工', headcount: 4, min: 6000, max: 8000, skills: '熟悉喷气织机维护' },
          { title: '质检员', headcount: 2, min: 4000, max: 5000 },
        ],
      },
      6,
      30,
    );
  }

  enterprises
    .filter((e) => e.id !== DEMO_ENTERPRISE_ID)
    .forEach((org, i) => {
      if (i % 6 === 5) return; // most, not all, enterprises have posted needs
      const pool = FINANCING_BY_INDUSTRY[org.industry ?? ''] ?? DEFAULT_FINANCING;
      const first = pool[i % pool.length];
      addFinancing(org, first, { publishedDaysAgo: 1 + ((i * 4) % 20), wantedInDays: i % 4 === 3 ? undefined : 15 + ((i * 7) % 90) });
      if (i % 2 === 0 && pool.length > 1) {
        const second = pool[(i + 1) % pool.length];
        // A couple of enterprises are still drafting their second need.
        addFinancing(org, second, { publishedDaysAgo: i === 2 || i === 10 ? null : 3 + ((i * 3) % 15), wantedInDays: 30 + ((i * 5) % 60) });
      }
      const hiringTpl = HIRING_BY_INDUSTRY[org.industry ?? ''];
      if (hiringTpl && i % 3 === 0) addHiring(org, hiringTpl, i === 6 ? null : 2 + ((i * 5) % 14), 20 + ((i * 3) % 40));
    });

  await db.transaction().execute(async (trx) => {
    if (financing.length) await trx.insertInto('financing_needs').values(financing).execute();
    if (hiring.length) await trx.insertInto('hiring_needs').values(hiring).execute();
    if (positions.length) await trx.insertInto('hiring_positions').values(positions).execute();
  });
}
