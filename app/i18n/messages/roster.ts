// Check-in on the day and the roster (page, PDF, XLSX, CSV).
export const zh = {
  'roster.title': '参会名册',
};

export const en: Record<keyof typeof zh, string> = {
  'roster.title': 'Roster',
};
