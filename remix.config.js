/** Remix v2 classic compiler (esbuild). Tailwind is built separately by
 * scripts/build-css.mjs so the repo top level stays as the brief fixes it. */
// FINMATCH_BUILD_DIR (optional) puts the server build and the browser assets
// under one other directory, so parallel work trees never overwrite each other's build.
const buildDir = process.env.FINMATCH_BUILD_DIR;

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ...(buildDir ? { serverBuildPath: `${buildDir}/index.js`, assetsBuildDirectory: `${buildDir}/assets` } : {}),
  ignoredRouteFiles: ['**/.*', '**/*.test.{ts,tsx}'],
  serverModuleFormat: 'esm',
  tailwind: false,
  postcss: false,
  serverDependenciesToBundle: [],
  future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true },
};
