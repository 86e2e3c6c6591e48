import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventStatus, ParticipantStatus } from '#db/schema';
import {
  answerError,
  answerTransition,
  canTransition,
  EVENT_STATUSES,
  gridEndMinutes,
  hhmm,
  isEditable,
  minutesOf,
  nextStatuses,
  registrationError,
  representativesError,
  slotStart,
  transitionError,
} from './lifecycle';

const ctx = { today: '2026-11-26', eventDate: '2026-12-10' };

describe('event life cycle', () => {
  it('goes draft → open → scheduled → held → closed and nowhere else', () => {
    const allowed: [EventStatus, EventStatus][] = [
      ['draft', 'open'],
      ['open', 'scheduled'],
      ['scheduled', 'held'],
      ['held', 'closed'],
    ];
    for (const from of EVENT_STATUSES) {
      for (const to of EVENT_STATUSES) {
        const expected = allowed.some(([f, t]) => f === from && t === to);
        expect(canTransition(from, to), `${from} → ${to}`).toBe(expected);
      }
    }
    expect(nextStatuses('closed')).toEqual([]);
  });

  it('reaches closed from draft in exactly four steps along nextStatuses', () => {
    let s: EventStatus = 'draft';
    const path: EventStatus[] = [s];
    while (nextStatuses(s).length) {
      expect(nextStatuses(s)).toHaveLength(1);
      s = nextStatuses(s)[0];
      path.push(s);
    }
    expect(path).toEqual(['draft', 'open', 'scheduled', 'held', 'closed']);
  });

  it('explains refused transitions, including the calendar rules', () => {
    expect(transitionError('draft', 'scheduled', ctx)).toBe('events.transition.notAllowed');
    expect(transitionError('closed', 'open', ctx)).toBe('events.transition.notAllowed');
    expect(transitionError('draft', 'open', ctx)).toBeNull();
    expect(transitionError('draft', 'open', { today: '2026-12-11', eventDate: '2026-12-10' })).toBe('events.transition.datePassed');
    expect(transitionError('draft', 'open', { today: '2026-12-10', eventDate: '2026-12-10' })).toBeNull();
    expect(transitionError('scheduled', 'held', ctx)).toBe('events.transition.notYet');
    expect(transitionError('scheduled', 'held', { today: '2026-12-10', eventDate: '2026-12-10' })).toBeNull();
    expect(transitionError('held', 'closed', ctx)).toBeNull();
  });

  it('never allows a transition the table does not list (property)', () => {
    const status = fc.constantFrom(...EVENT_STATUSES);
    const day = fc.integer({ min: 0, max: 60 }).map((d) => new Date(Date.UTC(2026, 10, 1 + d)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(status, status, day, day, (from, to, today, eventDate) => {
        const err = transitionError(from, to, { today, eventDate });
        if (!canTransition(from, to)) expect(err).toBe('events.transition.notAllowed');
        else expect(err === null || err === 'events.transition.datePassed' || err === 'events.transition.notYet').toBe(true);
      }),
    );
  });

  it('lets organizers edit until the event is held', () => {
    expect(EVENT_STATUSES.filter(isEditable)).toEqual(['draft', 'open', 'scheduled']);
  });
});

describe('answers, registration and representatives', () => {
  it('takes answers while open or scheduled, up to and including the deadline day', () => {
    expect(answerError('open', '2026-12-05', '2026-12-05')).toBeNull();
    expect(answerError('scheduled', '2026-12-05', '2026-12-01')).toBeNull();
    expect(answerError('open', '2026-12-05', '2026-12-06')).toBe('events.deadlinePassed');
    expect(answerError('draft', '2026-12-05', '2026-12-01')).toBe('events.answer.closed');
    expect(answerError('held', '2026-12-05', '2026-12-01')).toBe('events.answer.closed');
  });

  it('lets organizations register only on open events with open registration', () => {
    expect(registrationError('open', true, '2026-12-05', '2026-12-05')).toBeNull();
    expect(registrationError('open', false, '2026-12-05', '2026-12-01')).toBe('events.register.closed');
    expect(registrationError('scheduled', true, '2026-12-05', '2026-12-01')).toBe('events.register.closed');
    expect(registrationError('open', true, '2026-12-05', '2026-12-06')).toBe('events.deadlinePassed');
  });

  it('moves answers along the participant table', () => {
    const cases: [ParticipantStatus, 'accept' | 'decline', ParticipantStatus | null][] = [
      ['invited', 'accept', 'accepted'],
      ['invited', 'decline', 'declined'],
      ['accepted', 'decline', 'declined'],
      ['registered', 'decline', 'declined'],
      ['declined', 'accept', 'accepted'],
      ['accepted', 'accept', null],
      ['registered', 'accept', null],
      ['declined', 'decline', null],
    ];
    for (const [from, answer, next] of cases) {
      const r = answerTransition(from, answer);
      if (next) expect(r, `${from} ${answer}`).toEqual({ ok: true, next });
      else expect(r, `${from} ${answer}`).toEqual({ ok: false, error: 'events.answer.already' });
    }
  });

  it('lets participants change representatives until the deadline, the organizer until closed', () => {
    expect(representativesError('open', '2026-12-05', '2026-12-06', 'participant')).toBe('events.deadlinePassed');
    expect(representativesError('held', '2026-12-05', '2026-12-01', 'participant')).toBe('events.reps.closed');
    expect(representativesError('held', '2026-12-05', '2026-12-20', 'organizer')).toBeNull();
    expect(representativesError('closed', '2026-12-05', '2026-12-01', 'organizer')).toBe('events.reps.closed');
  });
});

describe('times of the meeting grid', () => {
  it('converts HH:MM both ways and computes slot starts', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1439 }), (m) => minutesOf(hhmm(m)) === m));
    expect(minutesOf('24:00')).toBeNaN();
    expect(slotStart('10:00', 20, 0)).toBe('10:00');
    expect(slotStart('10:00', 20, 4)).toBe('11:20');
    expect(gridEndMinutes({ firstSlotTime: '10:00', slotCount: 6, slotMinutes: 20 })).toBe(12 * 60);
  });
});
