/**
 * All message namespaces, merged. Each namespace file exports `zh` and `en`,
 * where `en` must have exactly the keys of `zh` (checked by the compiler and by
 * app/i18n/dictionaries.test.ts).
 */
import * as common from './messages/common';
import * as auth from './messages/auth';
import * as org from './messages/org';
import * as validation from './messages/validation';
import * as admin from './messages/admin';
import * as matching from './messages/matching';
import * as needs from './messages/needs';
import * as products from './messages/products';
import * as interests from './messages/interests';
import * as notifications from './messages/notifications';
import * as events from './messages/events';
import * as meetings from './messages/meetings';
import * as roster from './messages/roster';
import * as agreements from './messages/agreements';
import * as reports from './messages/reports';
import * as imports from './messages/imports';
import * as adoption from './messages/adoption';
import * as home from './messages/home';
import * as phone from './messages/phone';
import * as followup from './messages/followup';
import * as dispatch from './messages/dispatch';
import * as agenda from './messages/agenda';
import * as checkin from './messages/checkin';
import * as ratings from './messages/ratings';
import * as policy from './messages/policy';
import * as stage from './messages/stage';
import * as problems from './messages/problems';
import * as advisors from './messages/advisors';
import * as followThrough from './messages/follow-through';

const namespaces = [
  common,
  auth,
  org,
  validation,
  admin,
  matching,
  needs,
  products,
  interests,
  notifications,
  events,
  meetings,
  roster,
  agreements,
  reports,
  imports,
  adoption,
  home,
  phone,
  followup,
  dispatch,
  agenda,
  checkin,
  ratings,
  policy,
  stage,
  problems,
  advisors,
  followThrough,
];

const zh = Object.assign({}, ...namespaces.map((n) => n.zh)) as Record<string, string>;
const en = Object.assign({}, ...namespaces.map((n) => n.en)) as Record<string, string>;

export type MessageKey = keyof (typeof common.zh &
  typeof auth.zh &
  typeof org.zh &
  typeof validation.zh &
  typeof admin.zh &
  typeof matching.zh &
  typeof needs.zh &
  typeof products.zh &
  typeof interests.zh &
  typeof notifications.zh &
  typeof events.zh &
  typeof meetings.zh &
  typeof roster.zh &
  typeof agreements.zh &
  typeof reports.zh &
  typeof imports.zh &
  typeof adoption.zh &
  typeof home.zh &
  typeof phone.zh &
  typeof followup.zh &
  typeof agenda.zh &
  typeof checkin.zh &
  typeof ratings.zh &
  typeof stage.zh &
  typeof problems.zh &
  typeof advisors.zh &
  typeof followThrough.zh);

export const dictionaries = { 'zh-CN': zh, en } as const;
