/**
 * The news sentence an event or a month produces from its own data (pure):
 * “农发行、中行等9家银行与舞钢市龙山纺织科技有限公司等11家企业初步达成合作意向，
 * 签订合作意向书，签约金额3.177亿元。”
 *
 * - the organizer's lead signatories (主签约银行 / 主签约企业, in the order given) are
 *   named first when marked: up to three per side; a side without leads names the
 *   two banks / the one enterprise with the largest signed amounts (ties: by name);
 *   banks by their short name (`bankShortName`); decision 036d;
 * - the counts are distinct bank and enterprise organizations;
 * - the total is in 亿元 from 1亿 up, else 万元, rounded half up at the 4th decimal
 *   with trailing zeros trimmed (docs/decisions/005-money-rounding.md);
 * - one bank (enterprise) only: its name without “等N家”; every one named: “X、Y2家银行”, no “等”.
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
  /** the organizer's lead signatories (主签约单位) that signed, in the organizer's order; they lead the sentence */
  leadBanks?: string[];
  leadEnterprises?: string[];
}

/** Names the sentence lists per side: at most this many leads … */
export const NEWS_MAX_LEADS = 3;
/** … or, without leads, this many of the largest (the form of the real releases). */
const DEFAULT_NAMED = { banks: 2, enterprises: 1 } as const;

const byAmountThenName = (a: NewsParty, b: NewsParty) => b.amount - a.amount || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Facts from every bank's and every enterprise's signed total (each organization once).
 * `leads`: the organizer's lead signatories by full name, in order; a lead that did
 * not sign (not among `banks` / `enterprises`) is left out.
 */
export function newsFacts(
  banks: NewsParty[],
  enterprises: NewsParty[],
  leads: { banks: readonly string[]; enterprises: readonly string[] } = { banks: [], enterprises: [] },
): NewsFacts {
  const total = banks.reduce((s, b) => s + b.amount, 0);
  const signed = (parties: NewsParty[], names: readonly string[]) => {
    const set = new Set(parties.map((p) => p.name));
    return [...new Set(names)].filter((n) => set.has(n));
  };
  return {
    leadBanks: signed(banks, leads.banks),
    leadEnterprises: signed(enterprises, leads.enterprises),
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

/** Distinct names (a bank's short name), at most `max`. */
function pickNames(names: readonly string[], max: number, shorten: (n: string) => string): string[] {
  const out: string[] = [];
  for (const n of names) {
    const v = shorten(n);
    if (!out.includes(v)) out.push(v);
    if (out.length === max) break;
  }
  return out;
}

/** The names each side of the sentence lists: the leads (up to three) or the largest (two banks, one enterprise). */
export function newsNames(facts: NewsFacts): { banks: string[]; enterprises: string[] } {
  const leadBanks = facts.leadBanks ?? [];
  const leadEnterprises = facts.leadEnterprises ?? [];
  return {
    // two branches of one bank read the same: name distinct short names only
    banks: leadBanks.length
      ? pickNames(leadBanks, NEWS_MAX_LEADS, bankShortName)
      : pickNames(facts.topBanks, DEFAULT_NAMED.banks, bankShortName),
    enterprises: leadEnterprises.length
      ? pickNames(leadEnterprises, NEWS_MAX_LEADS, (n) => n)
      : pickNames(facts.topEnterprises, DEFAULT_NAMED.enterprises, (n) => n),
  };
}

/** The sentence in the given language; “no signing yet” when nothing was signed. */
export function newsSentence(facts: NewsFacts, locale: Locale): string {
  const t = makeTranslator(locale);
  if (facts.bankCount === 0 || facts.enterpriseCount === 0) return t('news.none');
  const names = newsNames(facts);
  const sep = t('news.listSeparator');
  const side = (kind: 'banks' | 'enterprises', listed: string[], n: number) =>
    n === 1
      ? t(`news.${kind}.one`, { name: listed[0] ?? '' })
      : listed.length >= n
        ? t(`news.${kind}.all`, { names: listed.join(sep), n })
        : t(`news.${kind}.some`, { names: listed.join(sep), n });
  return t('news.sentence', {
    banks: side('banks', names.banks, facts.bankCount),
    enterprises: side('enterprises', names.enterprises, facts.enterpriseCount),
    amount: newsAmount(facts.total, locale),
  });
}
