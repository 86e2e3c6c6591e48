/** Navigation per role. Later features add their entries here. */
import type { Role } from '#db/schema';

export interface NavItem {
  to: string;
  labelKey: string;
  /** match nested paths too */
  prefix?: boolean;
}

export const NAV_BY_ROLE: Record<Role | 'anonymous', NavItem[]> = {
  anonymous: [
    { to: '/', labelKey: 'nav.home' },
    { to: '/products', labelKey: 'nav.productDirectory', prefix: true },
  ],
  enterprise: [
    { to: '/', labelKey: 'nav.home' },
    { to: '/org/profile', labelKey: 'nav.orgProfile' },
    { to: '/enterprise/needs', labelKey: 'nav.myNeeds', prefix: true },
    { to: '/enterprise/interests', labelKey: 'nav.enterpriseInterests', prefix: true },
    { to: '/enterprise/applications', labelKey: 'nav.enterpriseApplications', prefix: true },
    { to: '/events', labelKey: 'nav.myEvents', prefix: true },
    { to: '/agreements', labelKey: 'nav.agreements', prefix: true },
    { to: '/products', labelKey: 'nav.productDirectory', prefix: true },
    { to: '/notifications', labelKey: 'nav.notifications' },
  ],
  bank: [
    { to: '/', labelKey: 'nav.home' },
    { to: '/org/profile', labelKey: 'nav.orgProfile' },
    { to: '/needs', labelKey: 'nav.needsDirectory', prefix: true },
    { to: '/bank/products', labelKey: 'nav.bankProducts', prefix: true },
    { to: '/bank/interests', labelKey: 'nav.bankInterests', prefix: true },
    { to: '/bank/applications', labelKey: 'nav.bankApplications', prefix: true },
    { to: '/events', labelKey: 'nav.myEvents', prefix: true },
    { to: '/agreements', labelKey: 'nav.agreements', prefix: true },
    { to: '/dashboard', labelKey: 'nav.dashboard' },
    { to: '/products', labelKey: 'nav.productDirectory', prefix: true },
    { to: '/notifications', labelKey: 'nav.notifications' },
  ],
  organizer: [
    { to: '/', labelKey: 'nav.home' },
    { to: '/needs', labelKey: 'nav.needsDirectory', prefix: true },
    { to: '/organizer/verifications', labelKey: 'nav.verifications', prefix: true },
    { to: '/organizer/needs', labelKey: 'nav.needTracking', prefix: true },
    { to: '/organizer/events', labelKey: 'nav.organizerEvents', prefix: true },
    { to: '/agreements', labelKey: 'nav.agreements', prefix: true },
    { to: '/dashboard', labelKey: 'nav.dashboard' },
    { to: '/organizer/rankings', labelKey: 'nav.rankings', prefix: true },
    { to: '/organizer/imports', labelKey: 'nav.imports', prefix: true },
    { to: '/products', labelKey: 'nav.productDirectory', prefix: true },
    { to: '/notifications', labelKey: 'nav.notifications' },
  ],
  admin: [
    { to: '/', labelKey: 'nav.home' },
    { to: '/admin/organizers', labelKey: 'nav.organizers', prefix: true },
    { to: '/admin/outbox', labelKey: 'nav.outbox', prefix: true },
    { to: '/products', labelKey: 'nav.productDirectory', prefix: true },
    { to: '/notifications', labelKey: 'nav.notifications' },
  ],
};
