/**
 * Lets other requests in during long work on the request thread.
 *
 * `breathe()` resolves at once, unless the thread has been running without a turn
 * of the event loop for more than SLICE_MS: then it waits for one (setImmediate),
 * so timers and sockets get served in between. Awaiting promises alone never gives
 * the event loop a turn (better-sqlite3 answers synchronously, a loop over 100,000
 * rows has no I/O), which is why a long import could hold up /healthz for seconds.
 * Whether a turn happened is known exactly: each slice schedules an immediate that
 * marks it.
 */
export const SLICE_MS = 20;

let sliceStart = 0;
let turned = true;

const markTurn = () => {
  turned = true;
};

/** Resolves at once, or after a turn of the event loop when the current slice is used up. */
export function breathe(): Promise<void> | void {
  const now = performance.now();
  if (turned) {
    turned = false;
    sliceStart = now;
    setImmediate(markTurn);
    return;
  }
  if (now - sliceStart > SLICE_MS) return new Promise<void>((resolve) => setImmediate(resolve));
}
