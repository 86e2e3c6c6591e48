// Letters of intent 合作意向书: record, confirm, follow through, audit.
export const zh = {
  'nav.agreements': '合作意向书',
};

export const en: Record<keyof typeof zh, string> = {
  'nav.agreements': 'Agreements',
};
