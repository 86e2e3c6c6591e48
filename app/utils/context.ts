/** What the HTTP server hands every loader and action (see scripts/server.ts). */
export interface RequestContext {
  requestId: string;
  cspNonce: string;
  clientIp: string | null;
}

declare module '@remix-run/node' {
  interface AppLoadContext extends RequestContext {}
}

export function clientIp(context: unknown): string | null {
  const c = context as Partial<RequestContext> | undefined;
  return c?.clientIp ?? null;
}
