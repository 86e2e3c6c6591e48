import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** 80 random bits as 16 base32 characters: ids that cannot be enumerated. */
export function newId(): string {
  const bytes = new Uint8Array(10);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function nowIso(): string {
  return new Date().toISOString();
}
