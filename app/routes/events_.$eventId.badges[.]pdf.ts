import type { LoaderFunctionArgs } from '@remix-run/node';
import { badgesDownload } from '~/modules/events/badges-download.server';

/** The own organization's badges (参会证) as a PDF; `?rep=` for one representative. */
export const loader = (args: LoaderFunctionArgs) => badgesDownload(args, 'member');
