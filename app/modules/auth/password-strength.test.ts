import { describe, expect, it } from 'vitest';
import { zh } from '~/i18n/messages/validation';
import { passwordWeakness } from './password-policy';
import { MIN_PASSWORD_SCORE, passwordStrength } from './password-strength.server';

describe('password strength (issue 13, point 4)', () => {
  it('refuses the weak passwords that passed before, each with a Chinese reason', () => {
    for (const [password, reason] of [
      ['password12', 'common'],
      ['qwerty1234', 'common'],
      ['Password1!', 'similarToCommon'],
      ['woaini1314', 'word'],
      ['zhangwei123', 'word'],
    ] as const) {
      const r = passwordStrength(password);
      expect(r, password).toMatchObject({ strong: false, reason });
      expect(r.score).toBeLessThan(MIN_PASSWORD_SCORE);
      const key = passwordWeakness(password)!;
      expect(zh[key as keyof typeof zh], key).toMatch(/^密码太容易被猜到：/);
    }
  });

  it('refuses a password made of the person’s own email or organization', () => {
    expect(passwordStrength('longshan-2026', ['longshan@test.cn'])).toMatchObject({ strong: false, reason: 'userInputs' });
  });

  it('accepts long passwords of unrelated parts', () => {
    for (const password of ['Finmatch-demo-2026', 'tP9#kd82!qL', 'Mima-2026-chun-feng', 'blue-tractor-77-kite']) {
      expect(passwordStrength(password), password).toMatchObject({ strong: true });
    }
  });

  it('takes bounded time on a very long password', () => {
    const t = performance.now();
    passwordStrength('aB3$'.repeat(50));
    expect(performance.now() - t).toBeLessThan(1000);
  });
});
