/**
 * Starts this process's job runner on the app's database (called by the server
 * start script through the server build). `JOBS_WORKER=off` runs no jobs in this
 * process (web-only processes next to dedicated ones); enqueuing still works.
 */
import { getDatabase } from '~/utils/db.server';
import { startJobRunner, type JobRunner, type RunnerOptions } from './jobs.server';
import { JOBS } from './registry.server';

export async function startBackgroundJobs(opts: { log?: RunnerOptions['log'] } = {}): Promise<JobRunner | null> {
  if (process.env.JOBS_WORKER === 'off') return null;
  const handle = await getDatabase();
  return startJobRunner({ db: handle.db, jobs: JOBS, databaseUrl: process.env.DATABASE_URL, log: opts.log });
}
