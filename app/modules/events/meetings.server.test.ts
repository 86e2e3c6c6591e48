import { describe, expect, it } from 'vitest';
import type { Criterion } from '~/modules/matching';
import { attends, meetingsOpen, parseReasons, reasonsOf } from './meetings.server';

const soft = (key: string, points: number, met = true): Criterion => ({
  key: key as Criterion['key'],
  hard: false,
  met,
  messageKey: `matching.fit.${key}`,
  params: { points, weight: 20 },
});
const hard = (key: string): Criterion => ({
  key: key as Criterion['key'],
  hard: true,
  met: true,
  messageKey: `matching.${key}.within`,
  params: {},
});

describe('reasonsOf', () => {
  it('lists the best pairs first, counts the rest, then the best pair’s strongest favourable criteria', () => {
    const reasons = reasonsOf([
      { needTitle: '需求乙', productName: '产品B', score: 60, criteria: [soft('credit', 5)] },
      {
        needTitle: '需求甲',
        productName: '产品A',
        score: 80,
        criteria: [hard('amount'), soft('credit', 20), soft('county', 15), soft('termEdge', 18, false), soft('amountCentred', 10)],
      },
      { needTitle: '需求丙', productName: '产品C', score: 40, criteria: [] },
      { needTitle: '需求丁', productName: '产品D', score: 30, criteria: [] },
    ]);
    expect(reasons).toEqual([
      { key: 'meetings.reason.pair', params: { product: '产品A', need: '需求甲', score: 80 } },
      { key: 'meetings.reason.pair', params: { product: '产品B', need: '需求乙', score: 60 } },
      { key: 'meetings.reason.pair', params: { product: '产品C', need: '需求丙', score: 40 } },
      { key: 'meetings.reason.more', params: { n: 1 } },
      { key: 'matching.fit.credit', params: { points: 20, weight: 20 } },
      { key: 'matching.fit.county', params: { points: 15, weight: 20 } },
    ]);
    expect(reasonsOf([])).toEqual([]);
  });
});

describe('parseReasons', () => {
  it('reads back what reasonsOf stored', () => {
    const stored = reasonsOf([{ needTitle: '需求', productName: '产品', score: 70, criteria: [soft('credit', 20)] }]);
    expect(parseReasons(JSON.stringify(stored))).toEqual(stored);
  });

  it('drops anything malformed instead of failing the page', () => {
    expect(parseReasons(null)).toEqual([]);
    expect(parseReasons('not json')).toEqual([]);
    expect(parseReasons('{"key":"meetings.reason.pair"}')).toEqual([]);
    expect(
      parseReasons(
        JSON.stringify([
          { key: 'meetings.reason.more', params: { n: 2, bad: { x: 1 } } },
          { key: 'error.server' },
          { key: 42 },
          null,
          { key: 'matching.fit.credit' },
        ]),
      ),
    ).toEqual([
      { key: 'meetings.reason.more', params: { n: 2 } },
      { key: 'matching.fit.credit', params: {} },
    ]);
  });
});

describe('status rules', () => {
  it('takes requests while the event is open or scheduled, from attending organizations', () => {
    expect(['draft', 'open', 'scheduled', 'held', 'closed'].filter((s) => meetingsOpen(s as never))).toEqual(['open', 'scheduled']);
    expect(['invited', 'accepted', 'declined', 'registered', null].filter((s) => attends(s))).toEqual(['accepted', 'registered']);
  });
});
