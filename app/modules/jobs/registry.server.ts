/**
 * Every background job of the app, in one list: the runner of each app process
 * works on these (see docs/CONTRIBUTING.md, "Background jobs"). A module adds its
 * `defineJob(...)` values here; a job that is not listed is never run.
 */
import { dispatchSweepJob } from '~/modules/dispatch/dispatch.server';
import { askFollowUpsJob } from '~/modules/events/outcomes.server';
import { escalateOverdueProblemsJob } from '~/modules/followup/problems.server';
import { announceOverdueNeedsJob } from '~/modules/interests/overdue.server';
import { eventRemindersJob } from '~/modules/events/reminders.server';
import { OUTBOX_JOBS } from '~/modules/outbox/outbox.server';
import type { JobDefinition } from './jobs.server';

export const JOBS: JobDefinition<any>[] = [
  ...OUTBOX_JOBS,
  announceOverdueNeedsJob,
  escalateOverdueProblemsJob,
  dispatchSweepJob,
  eventRemindersJob,
  askFollowUpsJob,
];
