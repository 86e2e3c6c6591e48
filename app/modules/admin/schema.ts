/** zod schemas of the administrator's organizer-account forms (messages are i18n keys). */
import { z } from 'zod';
import { regionCode, type OrgSchemaContext } from '~/modules/organizations/schema';
import { email, mobile, newPassword, refinePasswordStrength, text } from '~/utils/zod-helpers';

export function organizerCreateSchema(ctx: OrgSchemaContext = {}) {
  return z
    .object({
      name: text(50),
      email,
      phone: mobile,
      password: newPassword,
      departmentName: text(100, 2),
      regionCode: regionCode(ctx),
    })
    .superRefine((v, c) => refinePasswordStrength(c, ctx.passwordCheck, v.password, [v.email, v.name, v.departmentName], 'password'));
}

export function organizerUpdateSchema(ctx: OrgSchemaContext = {}) {
  return z.object({
    departmentName: text(100, 2),
    regionCode: regionCode(ctx),
  });
}

export type OrganizerCreateInput = z.output<ReturnType<typeof organizerCreateSchema>>;
export type OrganizerUpdateInput = z.output<ReturnType<typeof organizerUpdateSchema>>;

export const OrganizerCreateSchema = organizerCreateSchema();
export const OrganizerUpdateSchema = organizerUpdateSchema();
