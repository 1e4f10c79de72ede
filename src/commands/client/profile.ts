// The profile flags shared by `client add` and `client edit`, parsed into store fields.
import type { Context } from '../../context.js';
import { checkLastContact } from '../../core/dates.js';
import {
  parseCadenceHours, parseEmail, parseReplyWithinHours, parseSince, parseTags, parseText,
} from '../../core/validate.js';
import type { ClientPatch } from '../../store/clients.js';

export interface ProfileFlags {
  email?: string;
  company?: string;
  tag?: string[];
  since?: string;
  cadence?: string;
  replyWithin?: string;
  note?: string;
  lastContact?: string;
}

/** What each profile flag means. `client add` adds the default a new client gets; `client edit` keeps what is there. */
export const PROFILE_HELP = {
  email: 'email address',
  company: 'company or organisation',
  tag: 'a tag (repeatable, or comma-separated)',
  since: 'when the relationship began (YYYY-MM-DD)',
  cadence: 'keep in touch every DAYS (or 2w, 3d)',
  replyWithin: 'the client expects a reply within HOURS (or 12h, 2d)',
  note: 'a free-text note',
  lastContact: 'when you were last in touch before adding the client to crm (YYYY-MM-DD): contact is judged from then',
};

/** Dates are read as the user types them (ctx.readDate); a last contact cannot be in the future. */
export async function parseProfile(flags: ProfileFlags, ctx: Context): Promise<ClientPatch> {
  const patch: ClientPatch = {};
  if (flags.email !== undefined) patch.email = flags.email === '' ? null : parseEmail(flags.email, '--email');
  if (flags.company !== undefined) patch.company = flags.company === '' ? null : parseText('company', flags.company, '--company');
  if (flags.tag?.length) patch.tags = parseTags(flags.tag, '--tag');
  if (flags.since !== undefined) patch.since = parseSince(await ctx.readDate(flags.since, '--since'), ctx.now().today, '--since');
  if (flags.cadence !== undefined) patch.cadenceHours = parseCadenceHours(flags.cadence, '--cadence');
  if (flags.replyWithin !== undefined) patch.replyWithinHours = parseReplyWithinHours(flags.replyWithin, '--reply-within');
  if (flags.note !== undefined) patch.note = flags.note === '' ? null : parseText('note', flags.note, '--note');
  if (flags.lastContact !== undefined) {
    patch.lastContact =
      flags.lastContact === '' ? null : checkLastContact(await ctx.readDate(flags.lastContact, '--last-contact'), ctx.now().today, '--last-contact');
  }
  return patch;
}
