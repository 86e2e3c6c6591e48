/** The target form (decision 030d): one zod schema for the form and the server. */
import { z } from 'zod';
import { parseMoney } from '~/utils/money';
import { isAmountMetric, isPeriod, TARGET_METRICS, type TargetMetric } from './targets';

/** Largest count of enterprises a target may name. */
const MAX_ENTERPRISES = 10_000_000;

export const TargetSchema = z
  .object({
    intent: z.literal('setTarget'),
    period: z.string({ required_error: 'v.required' }).trim().refine(isPeriod, 'targets.v.period'),
    unit: z
      .string({ required_error: 'v.required' })
      .trim()
      .regex(/^(region:\d{6}|bank:[A-Za-z0-9_-]{1,64})$/, 'v.choice'),
    metric: z.enum(TARGET_METRICS, { errorMap: () => ({ message: 'v.choice' }) }),
    /** 万元 (or with its own unit, "1.5亿") for amounts; a whole number for enterprises */
    value: z.string({ required_error: 'v.required' }).trim().min(1, 'v.required'),
  })
  .transform((v, ctx) => {
    let value: number;
    if (isAmountMetric(v.metric)) {
      const r = parseMoney(v.value, '万元');
      if (!r.ok) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['value'], message: r.error });
        return z.NEVER;
      }
      value = r.yuan;
    } else {
      const text = v.value
        .normalize('NFKC')
        .replace(/[\s,，]/g, '')
        .replace(/家$/, '');
      if (!/^\d{1,8}$/.test(text) || Number(text) > MAX_ENTERPRISES) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['value'], message: 'targets.v.count' });
        return z.NEVER;
      }
      value = Number(text);
    }
    if (value <= 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['value'], message: 'targets.v.positive' });
      return z.NEVER;
    }
    const [kind, id] = v.unit.split(':') as ['region' | 'bank', string];
    return { period: v.period, metric: v.metric as TargetMetric, unit: { kind, id }, value };
  });

export type TargetInput = z.output<typeof TargetSchema>;

export const DeleteTargetSchema = z.object({
  intent: z.literal('deleteTarget'),
  id: z.string({ required_error: 'v.required' }).trim().min(1).max(64),
});

/** The periods offered: last year, this year and next, each whole and by quarter. */
export function periodChoices(thisYear: number): string[] {
  const out: string[] = [];
  for (const y of [thisYear - 1, thisYear, thisYear + 1]) out.push(String(y), `${y}-Q1`, `${y}-Q2`, `${y}-Q3`, `${y}-Q4`);
  return out;
}
