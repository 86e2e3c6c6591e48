/**
 * Which message shows a notification (no server code: the page uses it). The
 * text is `notifications.kind.<kind>`; letters of intent that carry a document
 * number use the `.withNo` variant so that both languages can place it.
 */
export function notificationMessageKey(kind: string, payload: Record<string, string | number>): string {
  const base = `notifications.kind.${kind}`;
  return kind.startsWith('agreement.') && String(payload.documentNo ?? '') !== '' ? `${base}.withNo` : base;
}

/**
 * The text of a request to act that has been settled since (issue 16): the same
 * letter, with its state instead of "请确认或婉拒".
 */
export function settledMessageKey(kind: string, payload: Record<string, string | number>): string {
  return String(payload.documentNo ?? '') !== '' ? `notifications.kind.${kind}.settled.withNo` : `notifications.kind.${kind}.settled`;
}
