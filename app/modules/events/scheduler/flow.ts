// Maximum flow by Dinic's algorithm on an array-backed residual graph.
// Edge e and its reverse are stored at e and e ^ 1.

export class FlowNetwork {
  readonly nodeCount: number;
  private head: Int32Array;
  private next: number[] = [];
  private to: number[] = [];
  private cap: number[] = [];
  private level: Int32Array;
  private iter: Int32Array;
  private queue: Int32Array;

  constructor(nodeCount: number) {
    this.nodeCount = nodeCount;
    this.head = new Int32Array(nodeCount).fill(-1);
    this.level = new Int32Array(nodeCount);
    this.iter = new Int32Array(nodeCount);
    this.queue = new Int32Array(nodeCount);
  }

  /** Adds an edge and returns its index (use with `flowOn`, `addCapacity`). */
  addEdge(from: number, to: number, capacity: number): number {
    const e = this.to.length;
    this.to.push(to, from);
    this.cap.push(capacity, 0);
    this.next.push(this.head[from], this.head[to]);
    this.head[from] = e;
    this.head[to] = e + 1;
    return e;
  }

  /** Flow currently on edge e (the residual capacity of its reverse). */
  flowOn(e: number): number {
    return this.cap[e ^ 1];
  }

  /** Raises the capacity of edge e; the current flow stays valid. */
  addCapacity(e: number, delta: number): void {
    this.cap[e] += delta;
  }

  /** Removes `amount` units of flow along edge e (the caller keeps conservation). */
  cancelFlow(e: number, amount: number): void {
    this.cap[e] += amount;
    this.cap[e ^ 1] -= amount;
  }

  private bfs(s: number, t: number): boolean {
    const level = this.level;
    level.fill(-1);
    let qh = 0;
    let qt = 0;
    this.queue[qt++] = s;
    level[s] = 0;
    while (qh < qt) {
      const v = this.queue[qh++];
      for (let e = this.head[v]; e !== -1; e = this.next[e]) {
        const w = this.to[e];
        if (this.cap[e] > 0 && level[w] < 0) {
          level[w] = level[v] + 1;
          this.queue[qt++] = w;
        }
      }
    }
    return level[t] >= 0;
  }

  private dfs(v: number, t: number, pushed: number): number {
    if (v === t) return pushed;
    for (let e = this.iter[v]; e !== -1; e = this.next[e], this.iter[v] = e) {
      const w = this.to[e];
      if (this.cap[e] > 0 && this.level[w] === this.level[v] + 1) {
        const d = this.dfs(w, t, Math.min(pushed, this.cap[e]));
        if (d > 0) {
          this.cap[e] -= d;
          this.cap[e ^ 1] += d;
          return d;
        }
      }
    }
    return 0;
  }

  /** Augments from s to t until no augmenting path is left; returns the flow added. */
  maxFlow(s: number, t: number): number {
    let total = 0;
    while (this.bfs(s, t)) {
      this.iter.set(this.head);
      for (;;) {
        const f = this.dfs(s, t, Number.MAX_SAFE_INTEGER);
        if (f === 0) break;
        total += f;
      }
    }
    return total;
  }
}

/**
 * Size of a maximum matching of a bipartite graph with `left` and `right` vertices
 * and the given edges (pairs of left index, right index).
 */
export function maxBipartiteMatching(left: number, right: number, edges: readonly (readonly [number, number])[]): number {
  const net = new FlowNetwork(left + right + 2);
  const s = left + right;
  const t = s + 1;
  for (let i = 0; i < left; i++) net.addEdge(s, i, 1);
  for (let j = 0; j < right; j++) net.addEdge(left + j, t, 1);
  for (const [i, j] of edges) net.addEdge(i, left + j, 1);
  return net.maxFlow(s, t);
}
