/**
 * Ranks that cannot mislead (decision 030a). Pure: used by the monthly ranking,
 * its page, PDF, XLSX and the 通报, and tested with properties.
 *
 * - Only units with a non-zero figure in the month are ranked, by standard
 *   competition ranking (1, 2, 2, 4): equal figures share a rank, marked 并列, and
 *   the next rank skips the places they take.
 * - A unit with nothing in the month is not ranked: it is listed apart
 *   (本月无签约), with last month's rank when it had one.
 * - The change against last month is given only where the unit was ranked then
 *   (a non-zero figure last month, ranked by the same rule): previous rank − rank,
 *   positive = moved up. Ranked now but not then: 新上榜. Otherwise: no change.
 */

export type RankChange =
  /** ranked in both months: previous rank − rank (0 = same place) */
  | { kind: 'moved'; places: number }
  /** ranked this month, nothing last month */
  | { kind: 'new' }
  /** not ranked this month */
  | { kind: 'none' };

export interface Placing {
  /** competition rank among units with a non-zero figure; null = not ranked (nothing this month) */
  rank: number | null;
  /** another unit shares the rank (并列) */
  tied: boolean;
  /** last month's rank by the same rule; null = nothing last month */
  prevRank: number | null;
  prevTied: boolean;
  change: RankChange;
}

/** Competition ranks (1, 2, 2, 4) of the positive values, larger first; 0 (or less) → null. */
export function competitionRanks(values: readonly number[]): { rank: number | null; tied: boolean }[] {
  const order = values
    .map((v, i) => ({ v, i }))
    .filter((e) => e.v > 0)
    .sort((a, b) => b.v - a.v);
  const out: { rank: number | null; tied: boolean }[] = values.map(() => ({ rank: null, tied: false }));
  const count = new Map<number, number>();
  order.forEach((e, pos) => {
    const rank = pos > 0 && order[pos - 1].v === e.v ? out[order[pos - 1].i].rank! : pos + 1;
    out[e.i] = { rank, tied: false };
    count.set(rank, (count.get(rank) ?? 0) + 1);
  });
  for (const o of out) if (o.rank !== null) o.tied = (count.get(o.rank) ?? 0) > 1;
  return out;
}

/** Places every unit by its figure this month and last month (same order as the input). */
export function placeUnits(units: readonly { value: number; prevValue: number }[]): Placing[] {
  const now = competitionRanks(units.map((u) => u.value));
  const before = competitionRanks(units.map((u) => u.prevValue));
  return units.map((_, i) => {
    const { rank, tied } = now[i];
    const { rank: prevRank, tied: prevTied } = before[i];
    const change: RankChange =
      rank === null ? { kind: 'none' } : prevRank === null ? { kind: 'new' } : { kind: 'moved', places: prevRank - rank };
    return { rank, tied, prevRank, prevTied, change };
  });
}

/** "并列2" for a shared rank, "2" otherwise, "—" when not ranked (the label is the i18n text for 并列). */
export function rankText(p: Pick<Placing, 'rank' | 'tied'>, tiedLabel = '并列'): string {
  if (p.rank === null) return '—';
  return p.tied ? `${tiedLabel}${p.rank}` : String(p.rank);
}

/** "↑2", "↓1", "持平" (same place), "新上榜", "—" (labels from i18n). */
export function changeText(c: RankChange, labels: { same: string; new: string } = { same: '持平', new: '新上榜' }): string {
  if (c.kind === 'new') return labels.new;
  if (c.kind === 'none') return '—';
  if (c.places > 0) return `↑${c.places}`;
  if (c.places < 0) return `↓${-c.places}`;
  return labels.same;
}
