import { describe, expect, it } from 'vitest';
import { dictionaries } from '~/i18n/dictionaries';
import { TODO_DATE_KINDS } from './todo-list';

// cards whose entries carry no date
const DATELESS = new Set(['regions']);

describe('to-do dates', () => {
  it('says what the date of every card with dated entries is, in both languages', () => {
    const zh = dictionaries['zh-CN'] as Record<string, string>;
    const en = dictionaries.en as Record<string, string>;
    const cards = Object.keys(zh)
      .map((k) => /^home\.todo\.([a-zA-Z]+)\.empty$/.exec(k)?.[1])
      .filter((k): k is string => Boolean(k));
    expect(cards.length).toBeGreaterThan(20);
    for (const card of cards) {
      if (DATELESS.has(card)) continue;
      const kind = TODO_DATE_KINDS[card];
      expect(kind, card).toBeDefined();
      expect(zh[`home.date.${kind}`], card).toBeTruthy();
      expect(en[`home.date.${kind}`], card).toBeTruthy();
    }
    // no stale entries for cards that are gone
    for (const card of Object.keys(TODO_DATE_KINDS)) expect(cards, card).toContain(card);
  });
});
