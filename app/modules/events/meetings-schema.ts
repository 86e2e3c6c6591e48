/**
 * Form schemas of 1:1 meeting requests, availability and the organizer's schedule
 * page. Messages are i18n keys (app/i18n/messages/meetings.ts, validation.ts).
 */
import { z } from 'zod';
import { int, longText } from '~/utils/zod-helpers';

const id = z.string({ required_error: 'v.required', invalid_type_error: 'v.required' }).trim().min(1, 'v.required').max(40, 'v.choice');

export const MESSAGE_MAX = 300;

/* ---------- participant page (/events/:eventId/meetings) ---------- */

export const RequestMeetingSchema = z.object({
  intent: z.literal('request'),
  /** the organization of the other side to meet */
  counterpartId: z
    .string({ required_error: 'meetings.error.chooseCounterpart', invalid_type_error: 'meetings.error.chooseCounterpart' })
    .trim()
    .min(1, 'meetings.error.chooseCounterpart')
    .max(40, 'meetings.error.notAttending'),
  message: longText(MESSAGE_MAX),
});

export const RespondMeetingSchema = z.object({
  intent: z.enum(['accept', 'decline'], { errorMap: () => ({ message: 'v.choice' }) }),
  requestId: id,
});

export const WithdrawMeetingSchema = z.object({
  intent: z.literal('withdraw'),
  requestId: id,
});

/** The slots (1-based, as shown) in which the organization cannot meet; none checked = available throughout. */
export const AvailabilitySchema = z.object({
  intent: z.literal('availability'),
  unavailable: z.array(int(1, 200)).max(200, 'v.choice').default([]),
});

export const MeetingsPageSchema = z.discriminatedUnion('intent', [
  RequestMeetingSchema,
  RespondMeetingSchema,
  WithdrawMeetingSchema,
  AvailabilitySchema,
]);

/* ---------- organizer page (/organizer/events/:eventId/schedule) ---------- */

/** Fingerprint of the grid the organizer was looking at (agenda.ts scheduleStamp). */
const stamp = z
  .string({ required_error: 'meetings.schedule.stale' })
  .trim()
  .min(1, 'meetings.schedule.stale')
  .max(40, 'meetings.schedule.stale');

export const RunScheduleSchema = z.object({ intent: z.literal('run') });

export const MoveMeetingSchema = z.object({
  intent: z.literal('move'),
  requestId: z.string({ required_error: 'meetings.move.chooseMeeting' }).trim().min(1, 'meetings.move.chooseMeeting').max(40, 'v.choice'),
  /** 1-based, as shown */
  slot: int(1, 200),
  /** 1-based table number */
  table: int(1, 1000),
  stamp,
});

export const SwapMeetingsSchema = z
  .object({
    intent: z.literal('swap'),
    requestA: z.string({ required_error: 'meetings.move.chooseMeeting' }).trim().min(1, 'meetings.move.chooseMeeting').max(40, 'v.choice'),
    requestB: z.string({ required_error: 'meetings.move.chooseMeeting' }).trim().min(1, 'meetings.move.chooseMeeting').max(40, 'v.choice'),
    stamp,
  })
  .refine((v) => v.requestA !== v.requestB, { message: 'meetings.swap.same', path: ['requestB'] });

export const ReleaseMeetingSchema = z.object({
  intent: z.literal('release'),
  requestId: id,
  stamp,
});

/** Fixed desks: the organizer moves a bank to desk `desk` (1-based as shown). */
export const SetDeskSchema = z.object({
  intent: z.literal('desk'),
  participantId: id,
  desk: int(1, 500),
});

/** Publishing the schedule to the participants (issue 16). */
export const PublishScheduleSchema = z.object({ intent: z.literal('publish') });

/** The schema of the organizer's action named by `intent` (an unknown intent fails as a run without fields would not). */
export function scheduleSchemaFor(intent: unknown) {
  switch (intent) {
    case 'move':
      return MoveMeetingSchema;
    case 'swap':
      return SwapMeetingsSchema;
    case 'release':
      return ReleaseMeetingSchema;
    case 'desk':
      return SetDeskSchema;
    case 'publish':
      return PublishScheduleSchema;
    default:
      return RunScheduleSchema;
  }
}
