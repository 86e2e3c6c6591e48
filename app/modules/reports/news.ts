/**
 * The news sentence an event or a month produces from its own data (pure):
 * “农发行、中行等9家银行与舞钢市龙山纺织科技有限公司等11家企业初步达成合作意向，
 * 签订合作意向书，签约金额3.177亿元。”
 *
 * - the two banks and the one enterprise with the largest signed amounts are named
 *   (ties: by name), banks by their short name (`bankShortName`);
 * - the counts are distinct bank and enterprise organizations;
 * - the total is in 亿元 from 1亿 up, else 万元, rounded half up at the 4th decimal
 *   with trailing zeros trimmed (docs/decisions/005-money-rounding.md);
 * - one bank (enterprise) only: its name without “等N家”; every bank named: no “等”.
 * Templates are i18n keys (`news.*` in app/i18n/messages/reports.ts).
 */
import type { Locale } from '~/i18n/locale';
import { makeTranslator } from '~/i18n/translate';
import { toWan, toYi, YUAN_PER_YI } from '~/utils/money';

/** Common short names of the big banks (as news and government reports write them). */
const SHORT_NAMES: Record<string, string> = {
  中国农业发展银行: '农发行',
  国家开发银行: '国开行',
  中国进出口银行: '进出口银行',
  中国工商银行: '工行',
  中国农业银行: '农行',
  中国银行: '中行',
  中国建设银行: '建行',
  交通银行: '交行',
  中国邮政储蓄银行: '邮储银行',
};

/** What may follow the bank's own name: a branch (分行/支行 …), possibly after 股份有限公司 and a place. */
const BRANCH_TAIL = /^(股份有限公司|有限责任公司)?.*?(分行|支行|营业部|分理处|分社)$|^(股份有限公司|有限责任公司)$/;

/**
 * “中国农业发展银行平顶山市分行” → “农发行”, “中信银行平顶山分行” → “中信银行”,
 * “平顶山银行” → “平顶山银行”, “河南舞钢农村商业银行” → unchanged.
 */
export function bankShortName(fullName: string): string {
  const name = fullName.trim();
  let base = name;
  const m = /^(.+?(?:银行|信用合作联社|农村信用社|信用社))(.*)$/.exec(name);
  if (m && (m[2] === '' || BRANCH_TAIL.test(m[2]))) base = m[1];
  return SHORT_NAMES[base] ?? base;
}

export interface NewsParty {
  name: string;
  /** signed amount, 元 */
  amount: number;
}

/** What the sentence needs: counts, the total in 元, and names by signed amount, largest first. */
export interface NewsFacts {
  bankCount: number;
  enterpriseCount: number;
  total: number;
  /** full bank names, largest signed amount first (at least the first few) */
  topBanks: string[];
  /** full enterprise names, largest signed amount first (at least the first one) */
  topEnterprises: string[];
}

const byAmountThenName = (a: NewsParty, b: NewsParty) => b.amount - a.amount || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Facts from every bank's and every enterprise's signed total (each organization once). */
export function newsFacts(banks: NewsParty[], enterprises: NewsParty[]): NewsFacts {
  const total = banks.reduce((s, b) => s + b.amount, 0);
  return {
    bankCount: banks.length,
    enterpriseCount: enterprises.length,
    total,
    topBanks: [...banks]
      .sort(byAmountThenName)
      .slice(0, 8)
      .map((b) => b.name),
    topEnterprises: [...enterprises]
      .sort(byAmountThenName)
      .slice(0, 1)
      .map((e) => e.name),
  };
}

/** The amount as a news sentence writes it: “3.177亿元”, “8500万元” (no digit grouping in Chinese). */
export function newsAmount(yuan: number, locale: Locale): string {
  const t = makeTranslator(locale);
  const zh = !locale.startsWith('en');
  if (Math.abs(yuan) >= YUAN_PER_YI) {
    const v = toYi(yuan);
    return t('news.amountYi', { value: zh ? v.replace(/,/g, '') : v });
  }
  const v = toWan(yuan);
  return t('news.amountWan', { value: zh ? v.replace(/,/g, '') : v });
}

/** The sentence in the given language; “no signing yet” when nothing was signed. */
export function newsSentence(facts: NewsFacts, locale: Locale): string {
  const t = makeTranslator(locale);
  if (facts.bankCount === 0 || facts.enterpriseCount === 0) return t('news.none');
  // two branches of one bank read the same: name distinct short names only
  const names: string[] = [];
  for (const b of facts.topBanks) {
    const short = bankShortName(b);
    if (!names.includes(short)) names.push(short);
    if (names.length === 2) break;
  }
  const sep = t('news.listSeparator');
  const banks =
    facts.bankCount === 1
      ? t('news.banks.one', { name: names[0] ?? '' })
      : names.length >= facts.bankCount
        ? t('news.banks.all', { names: names.join(sep), n: facts.bankCount })
        : t('news.banks.some', { names: names.join(sep), n: facts.bankCount });
  const enterprise = facts.topEnterprises[0] ?? '';
  const enterprises =
    facts.enterpriseCount === 1
      ? t('news.enterprises.one', { name: enterprise })
      : t('news.enterprises.some', { name: enterprise, n: facts.enterpriseCount });
  return t('news.sentence', { banks, enterprises, amount: newsAmount(facts.total, locale) });
}
