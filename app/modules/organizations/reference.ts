/** Code lists used by forms, validation and display. Labels are [zh, en]. */

export const INDUSTRIES = {
  A: ['农、林、牧、渔业', 'Agriculture, forestry, animal husbandry and fishery'],
  B: ['采矿业', 'Mining'],
  C: ['制造业', 'Manufacturing'],
  D: ['电力、热力、燃气及水生产和供应业', 'Electricity, heat, gas and water'],
  E: ['建筑业', 'Construction'],
  F: ['批发和零售业', 'Wholesale and retail'],
  G: ['交通运输、仓储和邮政业', 'Transport, storage and post'],
  H: ['住宿和餐饮业', 'Accommodation and catering'],
  I: ['信息传输、软件和信息技术服务业', 'Information technology services'],
  J: ['金融业', 'Finance'],
  K: ['房地产业', 'Real estate'],
  L: ['租赁和商务服务业', 'Leasing and business services'],
  M: ['科学研究和技术服务业', 'Scientific research and technical services'],
  N: ['水利、环境和公共设施管理业', 'Water, environment and public facilities'],
  O: ['居民服务、修理和其他服务业', 'Resident, repair and other services'],
  P: ['教育', 'Education'],
  Q: ['卫生和社会工作', 'Health and social work'],
  R: ['文化、体育和娱乐业', 'Culture, sports and entertainment'],
  S: ['公共管理、社会保障和社会组织', 'Public administration and social organizations'],
  T: ['国际组织', 'International organizations'],
} as const satisfies Record<string, readonly [string, string]>;
export type IndustryCode = keyof typeof INDUSTRIES;
export const INDUSTRY_CODES = Object.keys(INDUSTRIES) as IndustryCode[];

export const SIZES = {
  large: ['大型', 'Large'],
  medium: ['中型', 'Medium'],
  small: ['小型', 'Small'],
  micro: ['微型', 'Micro'],
} as const;
export type SizeCode = keyof typeof SIZES;
export const SIZE_CODES = Object.keys(SIZES) as SizeCode[];

export const BANK_TYPES = {
  policy: ['政策性银行', 'Policy bank'],
  state: ['国有大型银行', 'Large state-owned bank'],
  joint_stock: ['股份制银行', 'Joint-stock bank'],
  city: ['城市商业银行', 'City commercial bank'],
  rural: ['农村商业银行/农信社', 'Rural commercial bank / credit cooperative'],
  village: ['村镇银行', 'Village bank'],
} as const;
export type BankTypeCode = keyof typeof BANK_TYPES;
export const BANK_TYPE_CODES = Object.keys(BANK_TYPES) as BankTypeCode[];

export const BRANCH_LEVELS = {
  head: ['总行', 'Head office'],
  provincial: ['省级分行', 'Provincial branch'],
  city: ['市级分行', 'City branch'],
  county: ['县级支行', 'County sub-branch'],
  outlet: ['网点', 'Outlet'],
} as const;
export type BranchLevelCode = keyof typeof BRANCH_LEVELS;
export const BRANCH_LEVEL_CODES = Object.keys(BRANCH_LEVELS) as BranchLevelCode[];

export type Bilingual = readonly [string, string];

export function label(list: Record<string, Bilingual>, code: string | null | undefined, locale: string): string {
  if (!code) return '';
  const entry = list[code];
  if (!entry) return code;
  return locale.startsWith('en') ? entry[1] : entry[0];
}
