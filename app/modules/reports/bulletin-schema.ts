/** The issuing office's settings of the formal 通报 (decision 030c): one zod schema for the form and the server. */
import { z } from 'zod';

const text = (max: number, required = true) => {
  const s = z.string({ required_error: 'v.required' }).trim().max(max, 'bulletin.v.tooLong');
  return required ? s.min(1, 'v.required') : s;
};

export const BulletinSettingsSchema = z.object({
  intent: z.literal('bulletinSettings'),
  issuer: text(60),
  numberPattern: text(40).refine((p) => p.includes('{no}'), 'bulletin.v.pattern'),
  mainTo: text(200),
  cc: z.string().trim().max(200, 'bulletin.v.tooLong').optional().default(''),
  signature: text(200),
  redHeader: z.preprocess((v) => v === 'on' || v === '1' || v === true, z.boolean()),
});
export type BulletinSettingsInput = z.infer<typeof BulletinSettingsSchema>;

export const IssueBulletinSchema = z.object({
  intent: z.literal('issueBulletin'),
  month: z.string({ required_error: 'ranking.month.invalid' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'ranking.month.invalid'),
});

/** 平金融〔{year}〕{no}号 → 平金融〔2026〕12号 */
export function formatDocumentNo(pattern: string, year: number, no: number): string {
  return pattern.replaceAll('{year}', String(year)).replaceAll('{no}', String(no));
}

/** '2026-12-05' → '2026年12月5日' (成文日期 of the 落款) */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
