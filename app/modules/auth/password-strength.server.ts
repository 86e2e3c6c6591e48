/**
 * Password strength (issue 13, point 4; decision 026a): zxcvbn-ts with its
 * common-password dictionary plus a small list of what Chinese users often build
 * passwords from (pinyin of common surnames and words, 5201314-style numbers,
 * the platform's own words). A new password needs score ≥ 3; a weaker one is
 * refused with a message that says why (the estimator's main warning).
 *
 * Server only (the dictionaries are large). Callers do not use it directly:
 * `passwordWeakness` in ./password-policy is the one call site for every place
 * that sets a password, and forms get it through their schema context
 * (`passwordCheck`).
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_SCORE = 3;
/** Characters looked at (longer passwords are strong anyway; bounds the work per request). */
const MAX_CHECKED_LENGTH = 64;

/** Pinyin and digits Chinese passwords are commonly made of; order ≈ frequency. */
const CHINESE_COMMON = [
  'woaini',
  'aini',
  'woaini1314',
  '5201314',
  '1314520',
  '520520',
  '521521',
  '1314',
  '520',
  'iloveyou',
  'mima',
  'nihao',
  'zhongguo',
  'china',
  'beijing',
  'shanghai',
  'henan',
  'zhengzhou',
  'pingdingshan',
  'wugang',
  'yinhang',
  'qiye',
  'zhengfu',
  'jinrong',
  'gongsi',
  'admin',
  'root',
  'qwe',
  'asd',
  'zxc',
  '888888',
  '666666',
  '168168',
  '518518',
  '147258369',
  '159357',
  '123qwe',
  'qwe123',
  'a123456',
  'aa123456',
  'wang',
  'li',
  'zhang',
  'liu',
  'chen',
  'yang',
  'huang',
  'zhao',
  'wu',
  'zhou',
  'xu',
  'sun',
  'ma',
  'zhu',
  'hu',
  'guo',
  'he',
  'gao',
  'lin',
  'luo',
  'zheng',
  'liang',
  'xie',
  'song',
  'tang',
  'han',
  'feng',
  'deng',
  'cao',
  'peng',
  'zeng',
  'xiao',
  'tian',
  'dong',
  'yuan',
  'pan',
  'cai',
  'jiang',
  'yu',
  'du',
  'ye',
  'cheng',
  'wei',
  'su',
  'lu',
  'ding',
  'ren',
  'shen',
  'yao',
  'jin',
  'fang',
  'na',
  'min',
  'jing',
  'qiang',
  'lei',
  'jun',
  'yong',
  'yan',
  'jie',
  'juan',
  'tao',
  'ming',
  'chao',
  'xiuying',
  'hua',
  'ping',
  'gang',
  'guiying',
  'xiaoming',
  'xiaohong',
  'zhangwei',
  'wangwei',
  'wangfang',
  'liwei',
  'lina',
  'zhangmin',
  'lijing',
  'wangjing',
  'liuwei',
  'wangxiuying',
  'finmatch',
  'zhengyinqi',
  'duijie',
  'zyq',
];

let factory: ZxcvbnFactory | null = null;
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, chinese: CHINESE_COMMON },
    graphs: common.adjacencyGraphs,
    maxLength: MAX_CHECKED_LENGTH,
  });
  return factory;
}

/** Why a password was refused; each reason has the message `v.passwordStrength.<reason>`. */
export type WeakReason = 'common' | 'similarToCommon' | 'keyboard' | 'repeat' | 'sequence' | 'dates' | 'word' | 'userInputs' | 'guessable';

const REASON_BY_WARNING: Record<string, WeakReason> = {
  topTen: 'common',
  topHundred: 'common',
  common: 'common',
  pwned: 'common',
  similarToCommon: 'similarToCommon',
  straightRow: 'keyboard',
  keyPattern: 'keyboard',
  simpleRepeat: 'repeat',
  extendedRepeat: 'repeat',
  sequences: 'sequence',
  recentYears: 'dates',
  dates: 'dates',
  wordByItself: 'word',
  namesByThemselves: 'word',
  commonNames: 'word',
  userInputs: 'userInputs',
};

/** A rating, not a refusal: the score, and for a weak password the reason and its message key. */
export type PasswordStrength = { strong: true; score: number } | { strong: false; score: number; reason: WeakReason; message: string };

/**
 * Scores `password` (0–4); below MIN_PASSWORD_SCORE it is refused with the reason
 * and its i18n message key. `userInputs`: words of this person (email, name,
 * organization) that must not make up the password.
 */
export function passwordStrength(password: string, userInputs: string[] = []): PasswordStrength {
  const inputs = userInputs.flatMap((s) => [s, ...s.split(/[@.\s_-]+/)]).filter((s) => s.length >= 3);
  const result = estimator().check(password, inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return { strong: true, score: result.score };
  // A password made of the person's own words is named as such even when the estimator's warning says otherwise.
  const own = result.sequence.some((m) => m.pattern === 'dictionary' && m.dictionaryName === 'userInputs');
  const reason = own
    ? 'userInputs'
    : (REASON_BY_WARNING[result.feedback.warning ?? ''] ??
      (result.sequence.some((m) => m.pattern === 'dictionary') ? 'word' : 'guessable'));
  return { strong: false, score: result.score, reason, message: `v.passwordStrength.${reason}` };
}
