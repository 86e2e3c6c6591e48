/** The 口径说明 of the monthly ranking: the same list on the page, in the PDF / DOCX 通报 and in the XLSX (decisions 019, 030a). */
export const RANKING_NOTES = [
  'ranking.notes.signed',
  'ranking.notes.rank',
  'ranking.notes.change',
  'ranking.notes.fulfilment',
  'ranking.notes.timeliness',
  'ranking.notes.satisfaction',
  'ranking.notes.amount',
] as const;
