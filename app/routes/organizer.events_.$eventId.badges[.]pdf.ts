import type { LoaderFunctionArgs } from '@remix-run/node';
import { badgesDownload } from '~/modules/events/badges-download.server';

/** Every badge (参会证) of the session as one PDF, for printing. */
export const loader = (args: LoaderFunctionArgs) => badgesDownload(args, 'organizer');
