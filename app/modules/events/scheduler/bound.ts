// The proven upper bound and the b-matching it comes from.
//
// Every schedule places each still-free request in a slot where both participants are
// usable, and no participant meets twice in a slot, so the placed free requests form a
// b-matching with b(v) = number of usable slots of v. Hence
//   placed ≤ manual + min(maxflow, free cells, free requests, Σ_s min(free tables_s, ν(G_s)))
// where G_s is the graph of free requests possible in slot s (each slot holds a matching).
import { FlowNetwork, maxBipartiteMatching } from './flow';
import type { Model } from './model';

export interface FlowSolution {
  /** Max-flow value of the b-matching relaxation. */
  readonly flow: number;
  /** min(flow, cells, requests, slotMatching). */
  readonly cap: number;
  readonly cells: number;
  readonly requests: number;
  readonly slotMatching: number;
  /** Indices into model.free of a b-matching of size min(flow, cells, requests). */
  readonly chosen: readonly number[];
}

export function solveRelaxation(model: Model): FlowSolution {
  const { S, enterprises: E, banks: B, free, usable, cap } = model;
  const capacityOf = (p: number) => {
    let c = 0;
    for (let s = 0; s < S; s++) c += usable[p * S + s];
    return c;
  };
  const source = E + B;
  const sink = source + 1;
  const net = new FlowNetwork(E + B + 2);
  const cE = new Int32Array(E);
  const srcEdge = new Int32Array(E);
  for (let e = 0; e < E; e++) {
    cE[e] = capacityOf(e);
    srcEdge[e] = net.addEdge(source, e, 0);
  }
  for (let b = 0; b < B; b++) net.addEdge(E + b, sink, capacityOf(E + b));
  const reqEdge = new Int32Array(free.length).fill(-1);
  let requests = 0;
  for (let i = 0; i < free.length; i++) {
    const r = free[i];
    if (r.allowed.length === 0) continue;
    requests++;
    reqEdge[i] = net.addEdge(r.e, E + r.b, 1);
  }
  // Levelled: raise every enterprise's capacity one unit at a time, so the flow first gives
  // as many enterprises as possible one meeting, then two, … The last level is the max flow.
  let flow = 0;
  let maxC = 0;
  for (let e = 0; e < E; e++) maxC = Math.max(maxC, cE[e]);
  for (let k = 1; k <= maxC; k++) {
    for (let e = 0; e < E; e++) if (cE[e] >= k) net.addCapacity(srcEdge[e], 1);
    flow += net.maxFlow(source, sink);
  }

  let cells = 0;
  for (let s = 0; s < S; s++) cells += cap[s];

  // Per-slot matchings.
  let slotMatching = 0;
  for (let s = 0; s < S; s++) {
    if (cap[s] === 0) continue;
    const edges: [number, number][] = [];
    for (const r of free) if (r.allowed.includes(s)) edges.push([r.e, r.b]);
    if (edges.length === 0) continue;
    slotMatching += Math.min(cap[s], maxBipartiteMatching(E, B, edges));
  }

  const chosen: number[] = [];
  const load = new Int32Array(E);
  for (let i = 0; i < free.length; i++) {
    if (reqEdge[i] >= 0 && net.flowOn(reqEdge[i]) > 0) {
      chosen.push(i);
      load[free[i].e]++;
    }
  }
  // Trim to the cells and keep the spread: drop from the enterprises with the most meetings.
  const limit = Math.min(flow, cells, requests);
  if (chosen.length > limit) {
    const drop = new Set<number>();
    let excess = chosen.length - limit;
    while (excess > 0) {
      let top = -1;
      for (let e = 0; e < E; e++) if (top < 0 || load[e] >= load[top]) top = e;
      for (let j = chosen.length - 1; j >= 0; j--) {
        const i = chosen[j];
        if (free[i].e === top && !drop.has(i)) {
          drop.add(i);
          break;
        }
      }
      load[top]--;
      excess--;
    }
    const kept = chosen.filter((i) => !drop.has(i));
    chosen.length = 0;
    chosen.push(...kept);
  }

  return { flow, cap: Math.min(limit, slotMatching), cells, requests, slotMatching, chosen };
}
