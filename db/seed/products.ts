/**
 * Demo data: 2–4 published loan products for every verified bank in the
 * database (the banks come from the organizations seed, which runs first).
 * Products depend on the bank type (a village bank does not offer supply-chain
 * finance). Ids are fixed: `demoprod` + 2-digit bank ordinal + product ordinal.
 * Amounts are written in 万元, rates as basis points (LPR products: spreads).
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database, LoanProductsTable } from '../schema';
import { guaranteeMask, industryMask, sizeMask, type GuaranteeType, type ProductCategory } from '../../app/modules/catalog/codes';
import type { IndustryCode, SizeCode } from '../../app/modules/organizations/reference';
import { productSearchText } from '../../app/modules/products/products.server';

const WAN = 10_000;
const DAY_MS = 24 * 60 * 60 * 1000;

interface Template {
  name: string;
  category: ProductCategory;
  amount: [number, number];
  term: [number, number];
  rate: ['fixed' | 'lpr', number, number];
  guarantees: GuaranteeType[];
  industries?: IndustryCode[];
  sizes?: SizeCode[];
  minYears?: number;
  newHires?: number;
  materials: string;
  description: string;
}

const BASIC = '营业执照、法定代表人身份证、近一年财务报表、企业征信授权书';

const T: Record<string, Template> = {
  tax: {
    name: '税易贷',
    category: 'tax',
    amount: [10, 300],
    term: [1, 12],
    rate: ['lpr', 35, 120],
    guarantees: ['credit'],
    sizes: ['small', 'micro'],
    minYears: 2,
    materials: `${BASIC}、近两年纳税证明（纳税信用等级 A/B 级）`,
    description: '基于企业纳税信用的纯信用线上贷款，随借随还，按日计息。纳税信用等级 A、B 级的小微企业可申请，最快当天放款。',
  },
  tech: {
    name: '科技贷',
    category: 'tech',
    amount: [50, 1000],
    term: [6, 36],
    rate: ['lpr', 20, 150],
    guarantees: ['credit', 'guarantee', 'ip_pledge'],
    industries: ['C', 'I', 'M'],
    minYears: 1,
    materials: `${BASIC}、高新技术企业或科技型中小企业证书、研发投入说明`,
    description: '面向高新技术企业和科技型中小企业，支持研发投入、技术改造和成果转化，可叠加政府风险补偿资金池。',
  },
  ipPledge: {
    name: '知识产权质押贷',
    category: 'ip_pledge',
    amount: [50, 1000],
    term: [12, 36],
    rate: ['lpr', 50, 150],
    guarantees: ['ip_pledge', 'guarantee'],
    industries: ['C', 'I', 'M'],
    minYears: 2,
    materials: `${BASIC}、专利证书或商标注册证、知识产权评估报告`,
    description: '以发明专利、实用新型专利、商标专用权等知识产权质押，解决轻资产科技企业缺少抵押物的难题，享受市级贴息政策。',
  },
  jobStable: {
    name: '稳岗贷',
    category: 'job_stable',
    amount: [10, 500],
    term: [6, 24],
    rate: ['lpr', 0, 80],
    guarantees: ['credit', 'guarantee'],
    minYears: 1,
    newHires: 5,
    materials: `${BASIC}、近三个月社保缴费明细、新增就业岗位计划`,
    description: '支持吸纳就业、稳定岗位的中小微企业，新增就业不少于 5 人可申请，利率与稳岗成效挂钩，按期完成招用计划可下调利率。',
  },
  startup: {
    name: '创业担保贷款',
    category: 'startup_guarantee',
    amount: [10, 300],
    term: [12, 36],
    rate: ['lpr', -50, 50],
    guarantees: ['gov_guarantee'],
    sizes: ['small', 'micro'],
    newHires: 3,
    materials: `${BASIC}、创业担保贷款申请表、吸纳就业人员劳动合同及社保缴费证明`,
    description: '由政府性融资担保机构担保并享受财政贴息，小微企业当年新招用符合条件人员达到规定比例可申请，最高 300 万元。',
  },
  renewal: {
    name: '无还本续贷',
    category: 'renewal',
    amount: [50, 3000],
    term: [12, 36],
    rate: ['lpr', 30, 100],
    guarantees: ['credit', 'guarantee', 'mortgage'],
    minYears: 2,
    materials: `${BASIC}、原贷款合同、续贷申请书`,
    description: '贷款到期时经营正常、信用良好的企业无需先还本金即可续贷，避免“过桥”资金成本。',
  },
  mortgage: {
    name: '抵押经营贷',
    category: 'mortgage',
    amount: [100, 5000],
    term: [12, 60],
    rate: ['lpr', 40, 150],
    guarantees: ['mortgage'],
    minYears: 1,
    materials: `${BASIC}、不动产权证书、抵押物评估报告`,
    description: '以厂房、土地、商业用房等不动产抵押，额度高、期限长，可用于日常经营周转和固定资产购置。',
  },
  supplyChain: {
    name: '应收账款融资',
    category: 'supply_chain',
    amount: [50, 2000],
    term: [3, 12],
    rate: ['lpr', 50, 150],
    guarantees: ['receivable_pledge'],
    industries: ['C', 'E', 'F', 'G'],
    materials: `${BASIC}、购销合同、增值税发票、应收账款确认书`,
    description: '依托核心企业信用，以应收账款质押融资，在中征应收账款融资服务平台线上确权，盘活存量资产。',
  },
  rural: {
    name: '乡村振兴产业贷',
    category: 'credit',
    amount: [5, 200],
    term: [6, 36],
    rate: ['fixed', 435, 620],
    guarantees: ['credit', 'guarantee'],
    industries: ['A', 'C', 'F'],
    sizes: ['small', 'micro'],
    materials: '营业执照或经营者身份证、经营流水、土地承包或租赁合同',
    description: '面向新型农业经营主体、农产品加工企业和涉农个体工商户，整村授信、随借随还。',
  },
  grain: {
    name: '粮食收储贷款',
    category: 'other',
    amount: [500, 20000],
    term: [3, 12],
    rate: ['lpr', -20, 30],
    guarantees: ['guarantee', 'mortgage'],
    industries: ['A', 'F', 'G'],
    minYears: 3,
    materials: `${BASIC}、粮食收购许可证、仓储设施证明`,
    description: '政策性银行支持粮食收购、储备和调销，保障夏粮、秋粮收购资金需求。',
  },
  smallBiz: {
    name: '个体工商户经营贷',
    category: 'credit',
    amount: [1, 50],
    term: [3, 24],
    rate: ['fixed', 480, 680],
    guarantees: ['credit', 'guarantee'],
    sizes: ['micro'],
    materials: '营业执照、经营者身份证、近六个月经营流水',
    description: '面向县域个体工商户和小微商户的小额信用贷款，手续简便、当地审批。',
  },
};

/** Products per bank type; the bank's ordinal picks 2–4 of them. */
const BY_BANK_TYPE: Record<string, Template[]> = {
  policy: [T.grain, T.rural, T.mortgage],
  state: [T.tax, T.tech, T.mortgage, T.jobStable],
  joint_stock: [T.supplyChain, T.tax, T.tech],
  city: [T.renewal, T.ipPledge, T.jobStable, T.startup],
  rural: [T.startup, T.jobStable, T.rural, T.renewal],
  village: [T.smallBiz, T.rural, T.startup],
};

export async function seedProducts(db: Kysely<Database>): Promise<void> {
  const banks = await db
    .selectFrom('organizations')
    .select(['id', 'name', 'bank_type', 'region_code'])
    .where('kind', '=', 'bank')
    .where('status', '=', 'verified')
    .orderBy('id')
    .execute();
  if (!banks.length) return;
  const bankRegions = await db.selectFrom('bank_regions').select(['organization_id', 'region_code']).execute();
  const now = Date.now();
  const products: Insertable<LoanProductsTable>[] = [];
  const regions: { product_id: string; region_code: string }[] = [];
  banks.forEach((bank, b) => {
    const list = BY_BANK_TYPE[bank.bank_type ?? ''] ?? [T.tax, T.mortgage];
    // 2–4 products: every bank gets a different count, the same one on every start.
    const count = Math.min(list.length, 2 + (b % 3));
    const served = bankRegions.filter((r) => r.organization_id === bank.id).map((r) => r.region_code);
    for (let k = 0; k < count; k++) {
      const tpl = list[k];
      const id = `demoprod${String(b + 1).padStart(2, '0')}${String(k + 1).padStart(6, '0')}`;
      const published = new Date(now - (b * 4 + k + 1) * DAY_MS).toISOString();
      products.push({
        id,
        organization_id: bank.id,
        name: tpl.name,
        category: tpl.category,
        amount_min: tpl.amount[0] * WAN,
        amount_max: tpl.amount[1] * WAN,
        term_min_months: tpl.term[0],
        term_max_months: tpl.term[1],
        rate_type: tpl.rate[0],
        rate_min_bp: tpl.rate[1],
        rate_max_bp: tpl.rate[2],
        guarantee_mask: guaranteeMask(tpl.guarantees),
        industry_mask: industryMask(tpl.industries ?? []),
        size_mask: sizeMask(tpl.sizes ?? []),
        min_years: tpl.minYears ?? 0,
        employment_linked: tpl.newHires ? 1 : 0,
        min_new_hires: tpl.newHires ?? 0,
        materials: tpl.materials,
        description: tpl.description,
        status: 'published',
        search_text: productSearchText(tpl.name, tpl.category, bank.name, tpl.description),
        published_at: published,
        retired_at: null,
        created_at: published,
        updated_at: published,
      });
      for (const region_code of served.length ? served : [bank.region_code]) regions.push({ product_id: id, region_code });
    }
  });
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('loan_products').values(products).execute();
    await trx.insertInto('product_regions').values(regions).execute();
  });
}
