/**
 * The regions under a scope (`?scope=410400`; the platform's scope by default) as
 * the directories' region filter offers them: code, label, group (decision 038c).
 * Public reference data (GB/T 2260 names), the same for everyone: cacheable.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { json } from '@remix-run/node';
import { isKnownRegion, platformScope, regionOptions } from '~/modules/regions/regions.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const scope = new URL(request.url).searchParams.get('scope') ?? '';
  const options = regionOptions(isKnownRegion(scope) ? scope : platformScope());
  return json(
    options.map((r) => ({ code: r.code, label: r.label, group: r.group })),
    { headers: { 'Cache-Control': 'public, max-age=3600' } },
  );
}
