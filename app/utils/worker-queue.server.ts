/**
 * One worker thread that serves jobs one after another, for work that must not hold
 * up other requests (roster exports, decision 016; import checks, decision 031a).
 *
 * The worker starts on first use and exits after `idleMs` without work; a job that
 * runs longer than `jobTimeoutMs` ends the worker and fails that job, and the next
 * job starts a new one. The server runs from the Remix build, so a worker cannot be
 * a file next to the bundle: it starts as a small ES module that imports the
 * TypeScript source through tsx (a runtime dependency, the loader `npm start` uses).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface QueuedJob {
  job: { id: number };
  reject: (e: Error) => void;
}

export interface WorkerQueueOptions<P extends QueuedJob, M> {
  /** the worker's source, relative to the repository root */
  entry: string;
  /** names the worker in errors ("roster worker exited (1)") */
  name: string;
  idleMs: number;
  jobTimeoutMs: number;
  timeoutMessage: (job: P) => string;
  /** hands the job to the worker */
  send: (worker: Worker, job: P) => void;
  /** a message from the worker while `queue.active` is the job it is on; call `queue.done()` when that job has its answer */
  receive: (message: M, queue: WorkerQueue<P, M>) => void;
}

/** The source file: from the working directory, else upwards from this module (or the bundle). */
export function workerSourcePath(entry: string): string {
  const candidates = [path.join(process.cwd(), entry)];
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    candidates.push(path.join(dir, entry));
    dir = path.dirname(dir);
  }
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`worker source not found (looked for ${entry} from ${process.cwd()})`);
  return found;
}

export class WorkerQueue<P extends QueuedJob, M> {
  private worker: Worker | null = null;
  private ready: Promise<Worker> | null = null;
  private current: (P & { timer: NodeJS.Timeout }) | null = null;
  private readonly queue: P[] = [];
  private idleTimer: NodeJS.Timeout | null = null;
  private lastId = 0;

  constructor(private readonly opts: WorkerQueueOptions<P, M>) {}

  nextId(): number {
    return ++this.lastId;
  }

  /** The job the worker is on. */
  get active(): P | null {
    return this.current;
  }

  /** Whether the worker is starting or busy, or jobs wait. */
  get busy(): boolean {
    return this.ready !== null || this.current !== null || this.queue.length > 0;
  }

  enqueue(job: P): void {
    this.queue.push(job);
    this.pump();
  }

  /** A message to the running worker (e.g. "send the next slice"). */
  post(message: unknown): void {
    this.worker?.postMessage(message);
  }

  /** The active job has its answer (the caller resolved or rejected it): the next one starts. */
  done(): void {
    if (!this.current) return;
    clearTimeout(this.current.timer);
    this.current = null;
    this.pump();
  }

  /** Starts the worker ahead of a likely job; never throws. */
  warm(): void {
    if (this.busy) return;
    try {
      this.start().then(
        () => this.pump(),
        () => {},
      );
    } catch {
      // the source file missing: the first job reports it
    }
  }

  private stop(reason: Error) {
    const w = this.worker;
    this.worker = null;
    this.ready = null;
    if (this.current) {
      clearTimeout(this.current.timer);
      this.current.reject(reason);
      this.current = null;
    }
    if (w) void w.terminate();
  }

  private start(): Promise<Worker> {
    if (this.ready !== null) return this.ready;
    const entry = pathToFileURL(workerSourcePath(this.opts.entry)).href;
    const code = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)})).catch((e) => { console.error(e); process.exit(1); })`;
    this.ready = new Promise<Worker>((resolve, reject) => {
      const w = new Worker(code, { eval: true });
      this.worker = w;
      w.unref();
      const onFirst = (m: unknown) => {
        if (m === 'ready') {
          w.off('message', onFirst);
          w.on('message', (message: M) => {
            if (this.current) this.opts.receive(message, this);
          });
          resolve(w);
        }
      };
      w.on('message', onFirst);
      const fail = (err: Error) => {
        reject(err);
        if (this.worker === w) this.stop(err);
        this.pump();
      };
      w.on('error', (e: unknown) => fail(e instanceof Error ? e : new Error(String(e))));
      w.on('exit', (code) => fail(new Error(`${this.opts.name} exited (${code})`)));
    });
    return this.ready;
  }

  private pump() {
    if (this.current) return;
    const next = this.queue.shift();
    if (!next) {
      if (this.worker && !this.idleTimer) {
        this.idleTimer = setTimeout(() => {
          this.idleTimer = null;
          if (!this.current && this.queue.length === 0) this.stop(new Error('idle'));
        }, this.opts.idleMs);
        this.idleTimer.unref();
      }
      return;
    }
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
    const timer = setTimeout(() => this.stop(new Error(this.opts.timeoutMessage(next))), this.opts.jobTimeoutMs);
    timer.unref();
    this.current = { ...next, timer };
    const isCurrent = () => this.current?.job.id === next.job.id;
    this.start().then(
      (w) => {
        if (isCurrent()) this.opts.send(w, next);
      },
      (err: Error) => {
        if (!isCurrent()) return;
        clearTimeout(timer);
        this.current = null;
        next.reject(err);
        this.pump();
      },
    );
  }
}
