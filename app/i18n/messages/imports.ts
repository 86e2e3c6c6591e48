// Bulk import of enterprises, banks, products and agreements.
export const zh = {
  'nav.imports': '批量导入',
};

export const en: Record<keyof typeof zh, string> = {
  'nav.imports': 'Bulk import',
};
