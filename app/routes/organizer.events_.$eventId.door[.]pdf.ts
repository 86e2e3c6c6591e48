import { doorSignDownload } from '~/modules/events/badges-download.server';

/** The door sign with the session's self check-in QR code. */
export const loader = doorSignDownload;
