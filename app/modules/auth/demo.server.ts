import { isProduction } from '~/utils/env.server';

/**
 * Demo accounts are listed on the login page outside production, and in the
 * production build that `npm run demo` serves (FINMATCH_DEMO=1, scripts/demo.mjs).
 */
export const DEMO_PASSWORD = 'Finmatch-demo-2026';
export const DEMO_ACCOUNT_LIST = [
  { email: 'admin@demo.finmatch.cn', role: 'admin' },
  { email: 'organizer@demo.finmatch.cn', role: 'organizer' },
  { email: 'bank@demo.finmatch.cn', role: 'bank' },
  { email: 'enterprise@demo.finmatch.cn', role: 'enterprise' },
] as const;

export function demoMode(): boolean {
  return (!isProduction() || process.env.FINMATCH_DEMO === '1') && process.env.DEMO_SEED !== 'off';
}
