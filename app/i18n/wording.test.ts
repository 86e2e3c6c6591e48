/**
 * One name per role and one way to write amounts in the Chinese interface
 * (decision 028a, issue 15): the organizer is 政府部门 — never 组织者, 组织方 or
 * 主办方 — and an amount has no space before 万元/亿元 ("300万元", "{amount}万元").
 * The PDFs and workbooks take their words from the same messages.
 */
import { describe, expect, it } from 'vitest';
import { dictionaries } from './dictionaries';

const zh = Object.entries(dictionaries['zh-CN']);

describe('Chinese wording', () => {
  it('calls the organizer 政府部门 everywhere', () => {
    const leftovers = zh.filter(([, text]) => /组织者|组织方|主办方/.test(text)).map(([key, text]) => `${key}: ${text}`);
    expect(leftovers).toEqual([]);
  });

  it('writes amounts with no space before 万元 or 亿元', () => {
    const spaced = zh.filter(([, text]) => /[\d}]\s+[万亿]元/.test(text)).map(([key, text]) => `${key}: ${text}`);
    expect(spaced).toEqual([]);
  });

  it('gives rate differences in 个百分点, not as a percentage', () => {
    const pct = zh.filter(([, text]) => /(低|高|相差|差)\s*\{?\w*\}?\s*%/.test(text)).map(([key, text]) => `${key}: ${text}`);
    expect(pct).toEqual([]);
  });
});

describe('page titles', () => {
  it('come from the messages in every route (pageTitle / recordTitle), never a literal in one language', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const dir = path.join(__dirname, '../routes');
    const literal = fs
      .readdirSync(dir)
      .filter((f) => /\.tsx?$/.test(f) && !f.includes('.test.'))
      .filter((f) => /title:\s*['`"][^'`"]*[\u4e00-\u9fff]/.test(fs.readFileSync(path.join(dir, f), 'utf8')));
    expect(literal).toEqual([]);
  });
});
