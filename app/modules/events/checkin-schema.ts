/** Forms of the badge scanner and the self check-in page (issue 16), shared by server and browser. */
import { z } from 'zod';
import { msg } from '~/i18n/translate';

/** What the scanner decoded, or what staff typed or pasted: a badge token or the URL in its QR code. */
export const ScanFormSchema = z.object({
  code: z
    .string({ required_error: 'v.required' })
    .trim()
    .min(1, 'v.required')
    .max(500, msg('v.tooLong', { max: 500 })),
});

/** The mobile number a representative registered with (spaces and dashes ignored). */
export const SelfCheckinSchema = z.object({
  phone: z
    .string({ required_error: 'v.required' })
    .trim()
    .transform((v) => v.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^1[3-9]\d{9}$/, 'v.phone')),
});
