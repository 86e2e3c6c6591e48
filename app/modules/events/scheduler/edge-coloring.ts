// Edge colouring of a bipartite graph with Δ colours (König's theorem) by alternating-path
// recolouring, followed by equitable balancing of the colour classes.

/**
 * Colours the edges (left[i], right[i]) with colours 0 … k−1 so that no two edges sharing a
 * vertex get the same colour. Requires every vertex degree ≤ k. Runs in O(|E|·|V|).
 */
export function colorBipartiteEdges(
  leftCount: number,
  rightCount: number,
  left: readonly number[],
  right: readonly number[],
  k: number,
): Int32Array {
  const m = left.length;
  const V = leftCount + rightCount;
  // at[v·k + c] = edge of colour c at vertex v, or −1. Right vertices are offset by leftCount.
  const at = new Int32Array(V * k).fill(-1);
  const color = new Int32Array(m).fill(-1);
  const paint: Paint = { leftCount, left, right, k, color, at };
  const freeColor = (v: number) => {
    for (let c = 0; c < k; c++) if (at[v * k + c] < 0) return c;
    throw new RangeError('edge colouring: a vertex has degree above the number of colours');
  };
  const path: number[] = [];
  for (let i = 0; i < m; i++) {
    const u = left[i];
    const v = leftCount + right[i];
    const a = freeColor(u);
    const b = freeColor(v);
    if (at[v * k + a] >= 0) {
      // Swap a and b along the a/b alternating path from v; it cannot reach u (parity),
      // afterwards a is free at both ends.
      swapColors(paint, alternatingPath(paint, v, a, b, path), a, b);
    }
    color[i] = a;
    at[u * k + a] = i;
    at[v * k + a] = i;
  }
  balanceColors(paint, V);
  return color;
}

/** A colouring in progress: the edges, the colours and, per vertex and colour, the edge that has it. */
interface Paint {
  leftCount: number;
  left: readonly number[];
  right: readonly number[];
  k: number;
  color: Int32Array;
  at: Int32Array;
}

/** The a/b alternating path from vertex v (edges coloured a, b, a, …), into `path`. */
function alternatingPath({ leftCount, left, right, k, at }: Paint, v: number, a: number, b: number, path: number[]): number[] {
  path.length = 0;
  let w = v;
  let c = a;
  for (;;) {
    const edge = at[w * k + c];
    if (edge < 0) return path;
    path.push(edge);
    w = w === left[edge] ? leftCount + right[edge] : left[edge];
    c = c === a ? b : a;
  }
}

/** Swaps colours a and b on the edges of an alternating path. */
function swapColors({ leftCount, left, right, k, color, at }: Paint, path: readonly number[], a: number, b: number): void {
  for (const edge of path) {
    at[left[edge] * k + color[edge]] = -1;
    at[(leftCount + right[edge]) * k + color[edge]] = -1;
  }
  for (const edge of path) {
    const c = color[edge] === a ? b : a;
    color[edge] = c;
    at[left[edge] * k + c] = edge;
    at[(leftCount + right[edge]) * k + c] = edge;
  }
}

/**
 * Makes colour class sizes differ by at most one. The edges of two colours a, b form
 * alternating paths and even cycles; when |a| > |b| + 1 some path has one more a-edge than
 * b-edges, and swapping its colours moves one edge from a to b.
 */
function balanceColors(paint: Paint, V: number): void {
  const { k, color, at } = paint;
  const size = new Int32Array(k);
  for (const c of color) size[c]++;
  const path: number[] = [];
  for (;;) {
    let a = 0;
    let b = 0;
    for (let c = 1; c < k; c++) {
      if (size[c] > size[a]) a = c;
      if (size[c] < size[b]) b = c;
    }
    if (size[a] - size[b] <= 1) return;
    let found = false;
    for (let v = 0; v < V && !found; v++) {
      if (at[v * k + a] < 0 || at[v * k + b] >= 0) continue;
      if (alternatingPath(paint, v, a, b, path).length % 2 === 0) continue;
      swapColors(paint, path, a, b);
      size[a]--;
      size[b]++;
      found = true;
    }
    if (!found) throw new Error('edge colouring: no balancing path (unreachable)');
  }
}
