/** The pure parts of publishing: what counts as a change, and the .ics of an agenda. */
import { describe, expect, it } from 'vitest';
import { makeTranslator } from '~/i18n/translate';
import { agendaIcs } from './agenda-ics';
import { scheduleChanges } from './publish.server';

describe('scheduleChanges', () => {
  const published = [
    { requestId: 'a', startsAt: '2026-12-20 10:00', table: 0 },
    { requestId: 'b', startsAt: '2026-12-20 10:20', table: 1 },
    { requestId: 'c', startsAt: '2026-12-20 10:40', table: 0 },
  ];
  it('finds moved (time or table), added and removed meetings, and nothing else', () => {
    const current = [
      { requestId: 'a', startsAt: '2026-12-20 10:00', table: 0 },
      { requestId: 'b', startsAt: '2026-12-20 10:20', table: 2 },
      { requestId: 'd', startsAt: '2026-12-20 10:00', table: 1 },
    ];
    expect(scheduleChanges(published, current)).toEqual([
      { requestId: 'b', kind: 'moved' },
      { requestId: 'd', kind: 'added' },
      { requestId: 'c', kind: 'removed' },
    ]);
    expect(scheduleChanges(published, published)).toEqual([]);
    // a new date moves every meeting
    expect(
      scheduleChanges(
        published,
        published.map((p) => ({ ...p, startsAt: p.startsAt.replace('12-20', '12-21') })),
      ).length,
    ).toBe(3);
  });
});

describe('agendaIcs', () => {
  it('writes the session and each meeting in UTC with table and counterpart, one stable UID per meeting', () => {
    const text = agendaIcs({
      event: { id: 'evt1', title: '舞钢市政银企对接会', event_date: '2026-12-20', start_time: '09:00', venue: '舞钢市会议中心' },
      items: [
        { requestId: 'r1', slot: 0, start: '10:00', end: '10:20', tableNumber: 3, counterpartId: 'b1', counterpartName: '平顶山银行' },
        {
          requestId: 'r2',
          slot: 2,
          start: '10:40',
          end: '11:00',
          tableNumber: 1,
          counterpartId: 'b2',
          counterpartName: '中国农业发展银行舞钢市支行',
        },
      ],
      t: makeTranslator('zh-CN'),
    }).replace(/\r\n[ \t]/g, '');
    const events = text.split('BEGIN:VEVENT').slice(1);
    expect(events).toHaveLength(3);
    expect(events[0]).toContain('UID:evt1@finmatch');
    expect(events[0]).toContain('DTSTART:20261220T010000Z');
    expect(events[0]).toContain('DTEND:20261220T030000Z');
    expect(events[1]).toContain('UID:r1@finmatch');
    expect(events[1]).toContain('DTSTART:20261220T020000Z');
    expect(events[1]).toContain('DTEND:20261220T022000Z');
    expect(events[1]).toContain('SUMMARY:洽谈：平顶山银行（3号桌）');
    expect(events[1]).toContain('LOCATION:舞钢市会议中心 3号桌');
    expect(events[2]).toContain('DTSTART:20261220T024000Z');
    expect(events[2]).toContain('中国农业发展银行舞钢市支行');
  });
});
