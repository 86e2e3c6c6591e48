/**
 * Authorization cases of issue 14's routes (mobile numbers; documents; resubmission).
 * Merged into AUTHORIZATION_TABLE (see the how-to at the top of ../authorization-table.ts).
 */
import { HOME, ORG_MEMBERS, everyone, onlyActors, signedIn } from '../authorization-helpers';
import type { Case } from '../authorization-table';

export const ADOPTION_CASES: Record<string, Case[]> = {
  // one's own mobile number; a POST without a number changes nothing
  'account.phone': [{ get: signedIn(200), post: { expect: signedIn(400) } }],
  // sign-in by number (password or SMS code) and reset by SMS code: for the signed-out only
  'login_.phone': [{ get: everyone(HOME, { anonymous: 200 }), post: { expect: everyone(HOME, { anonymous: 400 }) } }],
  'forgot-password_.sms': [{ get: everyone(HOME, { anonymous: 200 }), post: { expect: everyone(HOME, { anonymous: 400 }) } }],
  // the organization's own documents for verification; a POST that is neither an upload nor a delete changes nothing
  'org.documents': [{ get: onlyActors(ORG_MEMBERS, 200), post: { expect: onlyActors(ORG_MEMBERS, 400) } }],
  // one document inline: who may see a real one (owner, the region's organizers, admins; others 404) is checked
  // in documents.test.ts, which stores real files; here an unknown id is 404 for everyone signed in
  'documents.$documentId': [{ label: 'no such document', params: () => ({ documentId: 'nosuchdocument00' }), get: signedIn(404) }],
};
