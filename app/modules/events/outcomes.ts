/** Pure helpers of the after-the-meeting figures (decision 036c), for pages and documents. */

/** The average rating ×100 shown with two decimals: 425 → "4.25"; none → "—". */
export function formatAverage(x100: number | null): string {
  return x100 === null ? '—' : (x100 / 100).toFixed(2);
}
