/**
 * Runtime environment. The Remix compiler inlines `process.env.NODE_ENV` at
 * build time, so the runtime value is read through an alias here.
 */
const env = process.env;

export function isProduction(): boolean {
  return env.NODE_ENV === 'production';
}
