/**
 * Demo data: government departments, banks and enterprises of 平顶山市 (410400)
 * and its districts and counties, each with a login (password DEMO_PASSWORD).
 *
 * Ids are fixed so that the data is the same on every start and other seed
 * parts (products, needs, interests) can refer to these organizations.
 * Money is integer 元; the tables below are written in 万元 for readability.
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database, OrganizationsTable, OrgStatus } from '../schema';
import { DEMO_PASSWORD } from '../../app/modules/auth/demo.server';
import { hashPassword } from '../../app/modules/auth/password.server';
import { CREDIT_CODE_ALPHABET, withCheckChar } from '../../app/modules/organizations/credit-code';

const WAN = 10_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** `demoent` + 3 → "demoent000000003" (16 characters, like newId()). */
export function demoId(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(16 - prefix.length, '0')}`;
}

/** The demo organizer of 平顶山市 and the one of 舞钢市. */
export const DEMO_ORGANIZER_ID = demoId('demousr', 2);
export const DEMO_WUGANG_ORGANIZER_ID = demoId('demousr', 5);
export const DEMO_GOV_CITY_ID = demoId('demogov', 1);
export const DEMO_GOV_WUGANG_ID = demoId('demogov', 2);

/** 9 characters of an organization code, spread over the alphabet but fixed for `n`. */
function orgCodeBody(n: number): string {
  let v = n * 7_919 + 104_729;
  let s = '';
  for (let i = 0; i < 6; i++) {
    s = CREDIT_CODE_ALPHABET[v % 31] + s;
    v = Math.floor(v / 31);
  }
  return `MA4${s}`;
}

/** A valid unified social credit code: 9 = 工商, 1 = 企业 (or 11 = 机关), then the county code. */
export function demoCreditCode(regionCode: string, n: number, kind: '91' | '11' = '91'): string {
  return withCheckChar(`${kind}${regionCode}${orgCodeBody(n)}`);
}

interface GovDef {
  id: string;
  name: string;
  region: string;
  contact: string;
  phone: string;
  email: string;
  description: string;
}

const GOVERNMENTS: GovDef[] = [
  {
    id: DEMO_GOV_CITY_ID,
    name: '平顶山市地方金融管理局',
    region: '410400',
    contact: '张明',
    phone: '13800000001',
    email: 'organizer@demo.finmatch.cn',
    description: '负责全市政银企对接会的组织、机构审核与签约履约调度。',
  },
  {
    id: DEMO_GOV_WUGANG_ID,
    name: '舞钢市人民政府金融工作办公室',
    region: '410481',
    contact: '刘洋',
    phone: '13803750481',
    email: 'organizer-wugang@demo.finmatch.cn',
    description: '组织舞钢市政银企对接活动，审核本市企业与金融机构。',
  },
];

export interface DemoBank {
  n: number;
  name: string;
  type: 'policy' | 'state' | 'joint_stock' | 'city' | 'rural' | 'village';
  level: 'head' | 'provincial' | 'city' | 'county' | 'outlet';
  region: string;
  regions: string[];
  contact: string;
  phone: string;
  description: string;
}

/** Banks besides the demo bank (中国银行平顶山分行, demobank00000001): 8 banks in all. */
export const DEMO_BANKS: DemoBank[] = [
  {
    n: 2,
    name: '中国农业发展银行平顶山市分行',
    type: 'policy',
    level: 'city',
    region: '410400',
    regions: ['410400'],
    contact: '赵立新',
    phone: '13937510002',
    description: '支持粮食收储、农业农村基础设施和乡村振兴重点项目。',
  },
  {
    n: 3,
    name: '中国工商银行平顶山分行',
    type: 'state',
    level: 'city',
    region: '410400',
    regions: ['410400'],
    contact: '孙海燕',
    phone: '13703750003',
    description: '普惠金融事业部提供经营快贷、税务贷、科技贷等线上产品。',
  },
  {
    n: 4,
    name: '中信银行平顶山分行',
    type: 'joint_stock',
    level: 'city',
    region: '410400',
    regions: ['410400'],
    contact: '周文博',
    phone: '15037500004',
    description: '供应链金融、应收账款融资与票据业务。',
  },
  {
    n: 5,
    name: '中原银行平顶山分行',
    type: 'city',
    level: 'city',
    region: '410400',
    regions: ['410400'],
    contact: '吴静',
    phone: '15837500005',
    description: '服务地方中小微企业，提供无还本续贷、知识产权质押贷。',
  },
  {
    n: 6,
    name: '平顶山银行',
    type: 'city',
    level: 'head',
    region: '410402',
    regions: ['410400'],
    contact: '郑国强',
    phone: '18637500006',
    description: '扎根鹰城的城市商业银行，专注本地制造业与民营小微企业。',
  },
  {
    n: 7,
    name: '河南舞钢农村商业银行',
    type: 'rural',
    level: 'head',
    region: '410481',
    regions: ['410481'],
    contact: '陈晓东',
    phone: '13333750007',
    description: '服务舞钢城乡，提供涉农贷款、创业担保贷款和稳岗贷。',
  },
  {
    n: 8,
    name: '宝丰豫丰村镇银行',
    type: 'village',
    level: 'head',
    region: '410421',
    regions: ['410421'],
    contact: '马丽娟',
    phone: '17637500008',
    description: '面向宝丰县农户和个体工商户的小额信用贷款。',
  },
];

export interface DemoEnterprise {
  n: number;
  name: string;
  region: string;
  industry: string;
  size: 'large' | 'medium' | 'small' | 'micro';
  founded: number;
  /** 万元 */
  capitalWan: number;
  employees: number;
  /** 万元 */
  revenueWan: number;
  contact: string;
  phone: string;
  description: string;
  status?: OrgStatus;
  reason?: string;
  /** days since sign-up */
  age: number;
}

/**
 * Enterprises besides the demo enterprise (demoent000000001): 32 in all.
 * Sizes follow 工信部联企业〔2011〕300号 for the industry, employees and revenue.
 */
export const DEMO_ENTERPRISES: DemoEnterprise[] = [
  {
    n: 2,
    name: '平顶山市鹰城尼龙新材料有限公司',
    region: '410411',
    industry: 'C',
    size: 'medium',
    founded: 2009,
    capitalWan: 8_000,
    employees: 620,
    revenueWan: 52_000,
    contact: '杜志强',
    phone: '13937520002',
    description: '尼龙66切片、工程塑料改性及尼龙工业丝生产。',
    age: 95,
  },
  {
    n: 3,
    name: '平顶山市平安高压电器配件有限公司',
    region: '410402',
    industry: 'C',
    size: 'small',
    founded: 2014,
    capitalWan: 1_000,
    employees: 140,
    revenueWan: 6_800,
    contact: '韩磊',
    phone: '15137520003',
    description: '高压开关柜配套绝缘件、触头等零部件加工。',
    age: 92,
  },
  {
    n: 4,
    name: '舞钢市中厚板钢结构有限公司',
    region: '410481',
    industry: 'C',
    size: 'medium',
    founded: 2006,
    capitalWan: 5_000,
    employees: 420,
    revenueWan: 38_000,
    contact: '曹建军',
    phone: '13837520004',
    description: '宽厚钢板切割配送、桥梁及厂房钢结构件加工。',
    age: 90,
  },
  {
    n: 5,
    name: '汝州市汝瓷文化产业有限公司',
    region: '410482',
    industry: 'C',
    size: 'small',
    founded: 2016,
    capitalWan: 500,
    employees: 85,
    revenueWan: 1_800,
    contact: '朱雅琴',
    phone: '18237520005',
    description: '汝瓷烧制、文创产品设计与线上销售。',
    age: 88,
  },
  {
    n: 6,
    name: '宝丰县清香酒业有限公司',
    region: '410421',
    industry: 'C',
    size: 'medium',
    founded: 2003,
    capitalWan: 6_000,
    employees: 380,
    revenueWan: 26_000,
    contact: '许振华',
    phone: '13598720006',
    description: '清香型白酒酿造、灌装及品牌营销。',
    age: 86,
  },
  {
    n: 7,
    name: '郏县红牛牧业有限公司',
    region: '410425',
    industry: 'A',
    size: 'medium',
    founded: 2015,
    capitalWan: 1_200,
    employees: 46,
    revenueWan: 3_500,
    contact: '冯广军',
    phone: '15937520007',
    description: '郏县红牛良种繁育、规模育肥及牛肉初加工。',
    age: 84,
  },
  {
    n: 8,
    name: '鲁山县香菇产业发展有限公司',
    region: '410423',
    industry: 'A',
    size: 'small',
    founded: 2017,
    capitalWan: 300,
    employees: 28,
    revenueWan: 420,
    contact: '任秀兰',
    phone: '13663750008',
    description: '香菇菌棒生产、种植基地运营与产地初加工。',
    age: 82,
  },
  {
    n: 9,
    name: '叶县恒达盐化有限公司',
    region: '410422',
    industry: 'C',
    size: 'large',
    founded: 2008,
    capitalWan: 30_000,
    employees: 1_280,
    revenueWan: 86_000,
    contact: '彭卫国',
    phone: '13903750009',
    description: '井矿盐开采加工及纯碱、氯化钙等盐化工产品。',
    age: 80,
  },
  {
    n: 10,
    name: '平顶山市石龙耐火材料有限公司',
    region: '410404',
    industry: 'C',
    size: 'small',
    founded: 2011,
    capitalWan: 800,
    employees: 95,
    revenueWan: 4_200,
    contact: '田永刚',
    phone: '15090020010',
    description: '高铝砖、不定形耐火材料生产。',
    age: 78,
  },
  {
    n: 11,
    name: '平顶山市卫东区云智软件科技有限公司',
    region: '410403',
    industry: 'I',
    size: 'micro',
    founded: 2021,
    capitalWan: 100,
    employees: 9,
    revenueWan: 80,
    contact: '蒋浩然',
    phone: '17337520011',
    description: '中小企业管理软件与小程序开发。',
    status: 'pending',
    age: 2,
  },
  {
    n: 12,
    name: '平顶山市鹰城数据服务有限公司',
    region: '410402',
    industry: 'I',
    size: 'small',
    founded: 2018,
    capitalWan: 500,
    employees: 42,
    revenueWan: 900,
    contact: '沈思远',
    phone: '18937520012',
    description: '数据标注、呼叫中心外包及政企信息化运维。',
    age: 74,
  },
  {
    n: 13,
    name: '平顶山市湛河建设工程有限公司',
    region: '410411',
    industry: 'E',
    size: 'medium',
    founded: 2005,
    capitalWan: 12_000,
    employees: 260,
    revenueWan: 45_000,
    contact: '吕国栋',
    phone: '13837520013',
    description: '房屋建筑、市政道路与水利工程施工总承包二级。',
    age: 72,
  },
  {
    n: 14,
    name: '汝州市安居建筑安装有限公司',
    region: '410482',
    industry: 'E',
    size: 'small',
    founded: 2013,
    capitalWan: 2_000,
    employees: 60,
    revenueWan: 3_200,
    contact: '魏红军',
    phone: '15237520014',
    description: '建筑装饰、水电安装及农村危房改造工程。',
    age: 70,
  },
  {
    n: 15,
    name: '平顶山市新华商贸有限公司',
    region: '410402',
    industry: 'F',
    size: 'small',
    founded: 2012,
    capitalWan: 200,
    employees: 18,
    revenueWan: 3_600,
    contact: '罗丽',
    phone: '13523750015',
    description: '日用百货、粮油副食批发配送。',
    age: 68,
  },
  {
    n: 16,
    name: '舞钢市惠民超市有限公司',
    region: '410481',
    industry: 'F',
    size: 'small',
    founded: 2010,
    capitalWan: 100,
    employees: 35,
    revenueWan: 460,
    contact: '高春霞',
    phone: '15603750016',
    description: '社区连锁超市，共 6 家门店。',
    age: 66,
  },
  {
    n: 17,
    name: '宝丰县农资供销有限公司',
    region: '410421',
    industry: 'F',
    size: 'micro',
    founded: 2019,
    capitalWan: 50,
    employees: 4,
    revenueWan: 600,
    contact: '林建设',
    phone: '18737520017',
    description: '化肥、种子、农药批发零售。',
    age: 64,
  },
  {
    n: 18,
    name: '平顶山市鹰城物流有限公司',
    region: '410411',
    industry: 'G',
    size: 'medium',
    founded: 2007,
    capitalWan: 3_000,
    employees: 350,
    revenueWan: 12_000,
    contact: '郭亮',
    phone: '13937520018',
    description: '公路货运、冷链仓储与城市配送。',
    age: 62,
  },
  {
    n: 19,
    name: '叶县通达运输有限公司',
    region: '410422',
    industry: 'G',
    size: 'small',
    founded: 2014,
    capitalWan: 600,
    employees: 68,
    revenueWan: 1_500,
    contact: '何志勇',
    phone: '15837520019',
    description: '危险品及大件运输，自有车辆 52 台。',
    age: 60,
  },
  {
    n: 20,
    name: '平顶山市新材料检测技术研究院有限公司',
    region: '410403',
    industry: 'M',
    size: 'small',
    founded: 2020,
    capitalWan: 1_000,
    employees: 36,
    revenueWan: 800,
    contact: '谢婉婷',
    phone: '13783750020',
    description: '尼龙及复合材料检测认证、工艺研发服务。',
    status: 'pending',
    age: 1,
  },
  {
    n: 21,
    name: '汝州市锦绣机绣服饰有限公司',
    region: '410482',
    industry: 'C',
    size: 'micro',
    founded: 2019,
    capitalWan: 50,
    employees: 8,
    revenueWan: 160,
    contact: '王翠萍',
    phone: '15903750021',
    description: '汝州机绣工艺服饰与床品加工。',
    age: 56,
  },
  {
    n: 22,
    name: '平顶山市卫东区恒泰矿山机械有限公司',
    region: '410403',
    industry: 'C',
    size: 'medium',
    founded: 2002,
    capitalWan: 4_000,
    employees: 520,
    revenueWan: 21_000,
    contact: '秦保国',
    phone: '13937520022',
    description: '刮板输送机、液压支架配件制造与维修。',
    age: 54,
  },
  {
    n: 23,
    name: '舞钢市康源农业科技有限公司',
    region: '410481',
    industry: 'A',
    size: 'micro',
    founded: 2022,
    capitalWan: 100,
    employees: 6,
    revenueWan: 40,
    contact: '宋佳',
    phone: '17837520023',
    description: '有机蔬菜种植与苗木培育。',
    age: 52,
  },
  {
    n: 24,
    name: '平顶山市石龙区华兴煤业有限公司',
    region: '410404',
    industry: 'B',
    size: 'medium',
    founded: 2004,
    capitalWan: 10_000,
    employees: 680,
    revenueWan: 32_000,
    contact: '董长河',
    phone: '13837520024',
    description: '煤炭开采、洗选及矿井智能化改造。',
    age: 50,
  },
  {
    n: 25,
    name: '鲁山县尧山温泉酒店有限公司',
    region: '410423',
    industry: 'H',
    size: 'small',
    founded: 2012,
    capitalWan: 2_000,
    employees: 85,
    revenueWan: 1_600,
    contact: '袁梦',
    phone: '15537520025',
    description: '温泉度假酒店与会议接待，客房 160 间。',
    age: 48,
  },
  {
    n: 26,
    name: '郏县三苏食品有限公司',
    region: '410425',
    industry: 'C',
    size: 'small',
    founded: 2011,
    capitalWan: 800,
    employees: 120,
    revenueWan: 5_000,
    contact: '邓建平',
    phone: '13663750026',
    description: '饸饹面、豆腐菜等地方特色食品加工。',
    age: 46,
  },
  {
    n: 27,
    name: '宝丰县马街书会文化传媒有限公司',
    region: '410421',
    industry: 'R',
    size: 'micro',
    founded: 2021,
    capitalWan: 100,
    employees: 7,
    revenueWan: 90,
    contact: '范晓光',
    phone: '18603750027',
    description: '曲艺演出策划与魔术文化活动组织。',
    status: 'rejected',
    reason: '营业执照上传不完整，且注册资本与登记信息不一致，请核对后重新提交。',
    age: 20,
  },
  {
    n: 28,
    name: '平顶山市新华区智能电气有限公司',
    region: '410402',
    industry: 'C',
    size: 'small',
    founded: 2016,
    capitalWan: 2_000,
    employees: 160,
    revenueWan: 9_000,
    contact: '孔德明',
    phone: '15937520028',
    description: '智能配电箱、充电桩及电气控制柜生产。',
    age: 40,
  },
  {
    n: 29,
    name: '汝州市豫瑞新型建材有限公司',
    region: '410482',
    industry: 'C',
    size: 'large',
    founded: 2005,
    capitalWan: 20_000,
    employees: 1_150,
    revenueWan: 56_000,
    contact: '黄振东',
    phone: '13903750029',
    description: '水泥、商品混凝土及装配式建筑构件。',
    age: 38,
  },
  {
    n: 30,
    name: '平顶山市湛河区阳光新能源有限公司',
    region: '410411',
    industry: 'D',
    size: 'small',
    founded: 2018,
    capitalWan: 3_000,
    employees: 45,
    revenueWan: 2_600,
    contact: '贾文静',
    phone: '18237520030',
    description: '分布式光伏电站投资、建设与运维。',
    age: 36,
  },
  {
    n: 31,
    name: '舞钢市宏达特种钢管有限公司',
    region: '410481',
    industry: 'C',
    size: 'small',
    founded: 2013,
    capitalWan: 1_500,
    employees: 190,
    revenueWan: 15_000,
    contact: '薛明亮',
    phone: '13837520031',
    description: '锅炉管、结构用无缝钢管及精密管加工。',
    status: 'pending',
    age: 3,
  },
  {
    n: 32,
    name: '平顶山市康宁养老服务有限公司',
    region: '410403',
    industry: 'Q',
    size: 'small',
    founded: 2017,
    capitalWan: 300,
    employees: 48,
    revenueWan: 600,
    contact: '夏玉梅',
    phone: '15037520032',
    description: '社区居家养老、日间照料与助餐服务。',
    age: 30,
  },
];

export const DEMO_BANK_EMAIL = (n: number) => `bank${n}@demo.finmatch.cn`;
export const DEMO_ENTERPRISE_EMAIL = (n: number) => `ent${n}@demo.finmatch.cn`;

export async function seedOrganizations(db: Kysely<Database>): Promise<void> {
  const hash = await hashPassword(DEMO_PASSWORD);
  const nowMs = Date.now();
  const iso = (daysAgo: number) => new Date(nowMs - daysAgo * DAY_MS).toISOString();
  const verifierOf = (region: string) => (region.startsWith('410481') ? DEMO_WUGANG_ORGANIZER_ID : DEMO_ORGANIZER_ID);

  const blank = {
    status_reason: null,
    status_changed_by: null,
    status_changed_at: null,
    credit_code: null,
    industry: null,
    size: null,
    founded_year: null,
    registered_capital: null,
    employees: null,
    annual_revenue: null,
    bank_type: null,
    branch_level: null,
    contact_email: null,
    description: null,
  };

  const govRows = GOVERNMENTS.map((g, i) => ({
    ...blank,
    id: g.id,
    kind: 'government' as const,
    name: g.name,
    status: 'verified' as const,
    status_changed_at: iso(120),
    credit_code: demoCreditCode(g.region, 900 + i, '11'),
    region_code: g.region,
    contact_name: g.contact,
    contact_phone: g.phone,
    contact_email: g.email,
    description: g.description,
    created_at: iso(120),
    updated_at: iso(120),
  }));

  const bankRows = DEMO_BANKS.map((b) => ({
    ...blank,
    id: demoId('demobank', b.n),
    kind: 'bank' as const,
    name: b.name,
    status: 'verified' as const,
    status_changed_by: verifierOf(b.region),
    status_changed_at: iso(100 - b.n),
    credit_code: demoCreditCode(b.region, 500 + b.n),
    region_code: b.region,
    bank_type: b.type,
    branch_level: b.level,
    contact_name: b.contact,
    contact_phone: b.phone,
    contact_email: DEMO_BANK_EMAIL(b.n),
    description: b.description,
    created_at: iso(101 - b.n),
    updated_at: iso(100 - b.n),
  }));

  const entRows = DEMO_ENTERPRISES.map((e) => {
    const status: OrgStatus = e.status ?? 'verified';
    const decided = status !== 'pending';
    return {
      ...blank,
      id: demoId('demoent', e.n),
      kind: 'enterprise' as const,
      name: e.name,
      status,
      status_reason: e.reason ?? null,
      status_changed_by: decided ? verifierOf(e.region) : null,
      status_changed_at: decided ? iso(e.age - 1) : null,
      credit_code: demoCreditCode(e.region, e.n),
      region_code: e.region,
      industry: e.industry,
      size: e.size,
      founded_year: e.founded,
      registered_capital: e.capitalWan * WAN,
      employees: e.employees,
      annual_revenue: e.revenueWan * WAN,
      contact_name: e.contact,
      contact_phone: e.phone,
      contact_email: DEMO_ENTERPRISE_EMAIL(e.n),
      description: e.description,
      created_at: iso(e.age),
      updated_at: iso(decided ? e.age - 1 : e.age),
    };
  });

  const user = (
    id: string,
    email: string,
    name: string,
    phone: string,
    role: 'organizer' | 'bank' | 'enterprise',
    organizationId: string,
    regionCode: string | null,
    createdAt: string,
  ) => ({
    id,
    email,
    name,
    phone,
    password_hash: hash,
    role,
    organization_id: organizationId,
    region_code: regionCode,
    created_at: createdAt,
    updated_at: createdAt,
  });

  const users = [
    user(
      DEMO_WUGANG_ORGANIZER_ID,
      'organizer-wugang@demo.finmatch.cn',
      '刘洋（舞钢市金融办）',
      '13803750481',
      'organizer',
      DEMO_GOV_WUGANG_ID,
      '410481',
      iso(120),
    ),
    ...DEMO_BANKS.map((b) =>
      user(demoId('demousr', 100 + b.n), DEMO_BANK_EMAIL(b.n), b.contact, b.phone, 'bank', demoId('demobank', b.n), null, iso(101 - b.n)),
    ),
    ...DEMO_ENTERPRISES.map((e) =>
      user(
        demoId('demousr', 200 + e.n),
        DEMO_ENTERPRISE_EMAIL(e.n),
        e.contact,
        e.phone,
        'enterprise',
        demoId('demoent', e.n),
        null,
        iso(e.age),
      ),
    ),
  ];

  await db.transaction().execute(async (trx) => {
    const orgs: Insertable<OrganizationsTable>[] = [...govRows, ...bankRows, ...entRows];
    await trx.insertInto('organizations').values(orgs).execute();
    await trx
      .insertInto('bank_regions')
      .values(DEMO_BANKS.flatMap((b) => b.regions.map((r) => ({ organization_id: demoId('demobank', b.n), region_code: r }))))
      .execute();
    await trx.insertInto('users').values(users).execute();
    // the demo organizer (created by seedFoundation) works for the city's department
    await trx.updateTable('users').set({ organization_id: DEMO_GOV_CITY_ID }).where('id', '=', DEMO_ORGANIZER_ID).execute();
  });
}
