/** Remix v2 classic compiler (esbuild). Tailwind is built separately by
 * scripts/build-css.mjs so the repo top level stays as the brief fixes it. */
/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ['**/.*', '**/*.test.{ts,tsx}'],
  serverModuleFormat: 'esm',
  tailwind: false,
  postcss: false,
  serverDependenciesToBundle: [],
  future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true },
};
