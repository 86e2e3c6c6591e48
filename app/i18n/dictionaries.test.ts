import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dictionaries } from './dictionaries';
import { makeTranslator, msg } from './translate';

// English may take a parameter in its own form (`amountYuan` for `amount` in 万元,
// `categoryEn` for a Chinese label): compare the base names.
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1].replace(/(Yuan|En)$/, '')))].sort();

describe('dictionaries', () => {
  it('registers every namespace file', () => {
    const files = fs.readdirSync(path.join(__dirname, 'messages')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const source = fs.readFileSync(path.join(__dirname, 'dictionaries.ts'), 'utf8');
    for (const f of files) expect(source, f).toContain(`./messages/${f.replace(/\.ts$/, '')}'`);
  });

  it('has the same keys in Chinese and English, none empty, English carrying every Chinese placeholder', () => {
    const zh = dictionaries['zh-CN'];
    const en = dictionaries.en;
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const [key, text] of Object.entries(zh)) {
      expect(text.trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(expect.arrayContaining(placeholders(text)));
    }
  });

  it('translates keys with parameters and passes unknown text through', () => {
    const zh = makeTranslator('zh-CN');
    const en = makeTranslator('en');
    expect(zh(msg('v.tooLong', { max: 50 }))).toBe('不能超过 50 个字符');
    expect(en(msg('v.tooLong', { max: 50 }))).toBe('At most 50 characters');
    expect(zh('舞钢市龙山纺织科技有限公司')).toBe('舞钢市龙山纺织科技有限公司');
    expect(en('login.invalid')).toBe('Wrong email or password');
  });
});
