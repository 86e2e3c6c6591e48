/**
 * Navigation per role, grouped by task (decision 034a): at most seven top
 * entries, a group opens a menu. Account items sit under the user's name
 * (ACCOUNT_ITEMS), notifications beside it. Later features add their entries here.
 */
import type { Role } from '#db/schema';

export interface NavItem {
  to: string;
  labelKey: string;
  /** match nested paths too */
  prefix?: boolean;
}

export interface NavGroup {
  labelKey: string;
  items: NavItem[];
}

export type NavEntry = NavItem | NavGroup;

export const isGroup = (e: NavEntry): e is NavGroup => 'items' in e;

const home: NavItem = { to: '/', labelKey: 'nav.home' };
const products: NavItem = { to: '/products', labelKey: 'nav.productDirectory', prefix: true };
const agreements: NavItem = { to: '/agreements', labelKey: 'nav.agreements', prefix: true };
const dashboard: NavItem = { to: '/dashboard', labelKey: 'nav.dashboard' };

export const NAV_BY_ROLE: Record<Role | 'anonymous', NavEntry[]> = {
  anonymous: [home, products],
  enterprise: [
    home,
    {
      labelKey: 'nav.group.financing',
      items: [
        { to: '/enterprise/needs', labelKey: 'nav.myNeeds', prefix: true },
        { to: '/enterprise/interests', labelKey: 'nav.enterpriseInterests', prefix: true },
        { to: '/enterprise/applications', labelKey: 'nav.enterpriseApplications', prefix: true },
        { to: '/ratings', labelKey: 'nav.ratings' },
        { to: '/enterprise/problems', labelKey: 'nav.problems', prefix: true },
      ],
    },
    products,
    { to: '/events', labelKey: 'nav.myEvents', prefix: true },
    agreements,
  ],
  bank: [
    home,
    {
      labelKey: 'nav.group.business',
      items: [
        { to: '/needs', labelKey: 'nav.needsDirectory', prefix: true },
        { to: '/bank/interests', labelKey: 'nav.bankInterests', prefix: true },
        { to: '/bank/applications', labelKey: 'nav.bankApplications', prefix: true },
        { to: '/bank/lists', labelKey: 'nav.bankLists', prefix: true },
        { to: '/bank/dispatches', labelKey: 'nav.bankDispatches', prefix: true },
        { to: '/ratings', labelKey: 'nav.ratings' },
        { to: '/bank/problems', labelKey: 'nav.bankProblems', prefix: true },
        { to: '/bank/advisor', labelKey: 'nav.bankAdvisor', prefix: true },
      ],
    },
    { labelKey: 'nav.group.products', items: [{ to: '/bank/products', labelKey: 'nav.bankProducts', prefix: true }, products] },
    { to: '/events', labelKey: 'nav.myEvents', prefix: true },
    agreements,
    dashboard,
  ],
  organizer: [
    home,
    { to: '/organizer/verifications', labelKey: 'nav.verifications', prefix: true },
    {
      labelKey: 'nav.group.needs',
      items: [
        { to: '/organizer/needs', labelKey: 'nav.needTracking', prefix: true },
        { to: '/needs', labelKey: 'nav.needsDirectory', prefix: true },
        { to: '/organizer/lists', labelKey: 'nav.lists', prefix: true },
        { to: '/organizer/dispatches', labelKey: 'nav.dispatches', prefix: true },
        { to: '/organizer/problems', labelKey: 'nav.problems', prefix: true },
        { to: '/organizer/advisors', labelKey: 'nav.advisors', prefix: true },
      ],
    },
    { to: '/organizer/events', labelKey: 'nav.organizerEvents', prefix: true },
    agreements,
    dashboard,
    {
      labelKey: 'nav.group.more',
      items: [
        { to: '/organizer/rankings', labelKey: 'nav.rankings', prefix: true },
        { to: '/organizer/targets', labelKey: 'nav.targets', prefix: true },
        { to: '/organizer/results', labelKey: 'nav.publicResults', prefix: true },
        { to: '/organizer/imports', labelKey: 'nav.imports', prefix: true },
        products,
      ],
    },
  ],
  admin: [
    home,
    { to: '/admin/organizers', labelKey: 'nav.organizers', prefix: true },
    { to: '/admin/outbox', labelKey: 'nav.outbox', prefix: true },
    products,
  ],
};

/** Under the user's name. */
export function accountItems(role: Role): NavItem[] {
  const items: NavItem[] = [];
  if (role === 'enterprise' || role === 'bank')
    items.push({ to: '/org/profile', labelKey: 'nav.orgProfile' }, { to: '/org/documents', labelKey: 'nav.documents' });
  items.push(
    { to: '/account/password', labelKey: 'nav.password' },
    { to: '/account/phone', labelKey: 'nav.phone' },
    { to: '/account/sessions', labelKey: 'nav.sessions' },
    { to: '/account/notifications', labelKey: 'nav.notificationPrefs' },
  );
  return items;
}

/** The path is this item's page (or below it, for prefix items). */
export function isActive(item: NavItem, pathname: string): boolean {
  if (pathname === item.to) return true;
  return !!item.prefix && item.to !== '/' && pathname.startsWith(`${item.to}/`);
}
