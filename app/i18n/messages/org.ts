// Organizations, sign-up, verification and administration. Extended by their routes.
export const zh = {
  'org.kind.enterprise': '企业',
  'org.kind.bank': '金融机构',
  'org.kind.government': '政府部门',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'org.kind.enterprise': 'Enterprise',
  'org.kind.bank': 'Financial institution',
  'org.kind.government': 'Government department',
};
