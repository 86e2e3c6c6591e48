/**
 * Worker of `npm run bench:match`: says "ready" once the matching module is loaded;
 * then, for a job, opens the database itself, loads the products and its own part
 * of the needs (an id range), and ranks them. Nothing large crosses threads.
 */
import { parentPort } from 'node:worker_threads';
import { createDatabase } from '../../db/connection';
import { createProductIndex, rankProductsForNeed } from '../../app/modules/matching';
import { loadMatchContext, loadPublishedNeeds, loadPublishedProducts } from '../../app/modules/matching/queries.server';

export interface MatchJob {
  url: string;
  today: string;
  idFrom?: string;
  idTo?: string;
  limit: number;
}

export interface MatchJobResult {
  needs: number;
  matched: number;
  results: number;
  loadMs: number;
  rankMs: number;
}

parentPort!.on('message', async (job: MatchJob) => {
  const t0 = performance.now();
  const { db } = await createDatabase(job.url);
  try {
    const ctx = await loadMatchContext(db, job.today);
    const products = await loadPublishedProducts(db);
    const needs = await loadPublishedNeeds(db, { idFrom: job.idFrom, idTo: job.idTo });
    const t1 = performance.now();
    const index = createProductIndex(products, ctx);
    let matched = 0;
    let results = 0;
    for (const need of needs) {
      const top = rankProductsForNeed(need, index, ctx, { limit: job.limit, explain: false });
      if (top.length) matched++;
      results += top.length;
    }
    const result: MatchJobResult = { needs: needs.length, matched, results, loadMs: t1 - t0, rankMs: performance.now() - t1 };
    parentPort!.postMessage(result);
  } finally {
    await db.destroy();
  }
});
parentPort!.postMessage('ready');
