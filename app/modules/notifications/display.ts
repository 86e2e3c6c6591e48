/**
 * Which message shows a notification (no server code: the page uses it). The
 * text is `notifications.kind.<kind>`; letters of intent that carry a document
 * number use the `.withNo` variant so that both languages can place it.
 */
export function notificationMessageKey(kind: string, payload: Record<string, string | number>): string {
  const base = `notifications.kind.${kind}`;
  return kind.startsWith('agreement.') && String(payload.documentNo ?? '') !== '' ? `${base}.withNo` : base;
}
