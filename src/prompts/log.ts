// crm log on a terminal with no client: asks step by step what happened, then hands the answers
// to recordLog as if they had been typed as flags. Flags given on the command line are kept and
// their questions skipped. Loaded (with the prompt library) only on this path.
import type { LogFlags } from '../commands/log.js';
import { parseText } from '../commands/shared.js';
import type { Context } from '../context.js';
import { localDateOf, parseDueDate } from '../core/dates.js';
import { CancelledError, InputError } from '../core/errors.js';
import { quoted } from '../core/words.js';
import { messageLine } from '../render/terminal.js';
import { APPRECIATION_FROM_CLIENT, APPRECIATION_TO_CLIENT, CHANNELS, type Channel, type Client } from '../core/types.js';
import { openBidsOf } from '../store/bids.js';
import { listClients } from '../store/clients.js';
import { latestOpenVoice } from '../store/voices.js';

const TONES = [
  { value: '-2', name: 'very negative' },
  { value: '-1', name: 'negative' },
  { value: '0', name: 'neutral' },
  { value: '1', name: 'positive' },
  { value: '2', name: 'very positive' },
] as const;

export async function askLog(ctx: Context, flags: LogFlags): Promise<{ client: string; flags: LogFlags } | null> {
  const clients = listClients(ctx.book('read'), {});
  if (clients.length === 0) throw new InputError('no clients yet: add one with crm client add "Acme GmbH"');

  const { search, select, input, confirm } = await import('@inquirer/prompts');
  // Ctrl+D on an empty line closes readline without settling the prompt; abort it instead.
  const stop = new AbortController();
  const onKeypress = (_: unknown, key: { ctrl?: boolean; name?: string } | undefined) => {
    if (key?.ctrl && key.name === 'd') stop.abort();
  };
  const onEnd = () => stop.abort();
  const stdin = ctx.streams.stdin;
  stdin.on('keypress', onKeypress);
  stdin.on('end', onEnd);
  const on = { input: stdin, output: ctx.streams.stdout, signal: stop.signal };
  // Questions and choices may carry values from the book (names, a bid's text): each is one line, nothing raw.
  const yes = (message: string) => confirm({ message: messageLine(message), default: false }, on);
  const text = (message: string, what: string, max: number) =>
    input({ message, required: true, validate: validText(what, max) }, on);
  const optionalText = async (message: string, what: string, max: number) =>
    (await input({ message, validate: (v) => !v.trim() || validText(what, max)(v) }, on)).trim();

  try {
    const answers: LogFlags = { ...flags, bid: [...flags.bid], complaint: [...flags.complaint], voice: [...flags.voice] };
    const client = await search<Client>(
      {
        message: 'Which client?',
        source: (term) => clientChoices(clients, term),
      },
      on,
    );

    const channel = (CHANNELS as readonly string[]).includes(flags.channel ?? '') ? (flags.channel as Channel) : 'call';
    answers.channel = await select({ message: 'Channel', choices: [...CHANNELS], default: channel }, on);
    if (flags.summary === undefined) {
      const summary = await optionalText('Summary (optional)', 'summary', 10_000);
      if (summary) answers.summary = summary;
    }
    if (flags.tone === undefined) {
      answers.tone = await select({ message: 'How did it feel?', choices: TONES.map((t) => ({ ...t })), default: '0' }, on);
    }
    if (flags.fromClient === undefined) answers.fromClient = await yes('Did they initiate it?');

    if (flags.bid.length === 0 && (await yes('Did they ask for something (a bid)?'))) {
      answers.bid.push(await text('What did they ask for?', 'bid', 2000));
    }
    if (flags.complaint.length === 0 && (await yes('Was it a complaint?'))) {
      answers.complaint.push(await text('What was the complaint?', 'complaint', 2000));
    }
    if (flags.answer === undefined) {
      const oldest = openBidsOf(ctx.book('read'), client.id)[0];
      // The bid's id, not "the oldest": with a new bid in the same log, "the oldest" would answer the new one.
      if (oldest && (await yes(`Their open bid from ${localDateOf(oldest.at)}, ${quoted(oldest.text)}: does this answer it?`))) {
        answers.answer = String(oldest.id);
      }
    }
    if (flags.conflict === undefined && (await yes('Was there a conflict?'))) {
      answers.conflict = await text('What was it about (a topic, e.g. deadlines)?', 'conflict topic', 200);
    }
    if (answers.conflict !== undefined && flags.repair === undefined) {
      answers.repair = await yes('Did you make a repair attempt?');
    }
    if (flags.appreciation === undefined && (await yes('Did you show appreciation?'))) {
      answers.appreciation = await select({ message: 'How?', choices: [...APPRECIATION_TO_CLIENT] }, on);
    }
    if (flags.clientAppreciation === undefined && (await yes('Did they show appreciation?'))) {
      answers.clientAppreciation = await select({ message: 'How?', choices: [...APPRECIATION_FROM_CLIENT] }, on);
    }
    if (flags.feedback === undefined) answers.feedback = await yes('Did they give feedback on your work?');
    // Your side of the relationship. Whether a need was heard is asked only while one waits; a new one is skipped with Enter.
    if (flags.heard === undefined) {
      const open = latestOpenVoice(ctx.book('read'), client.id);
      if (open && (await yes(`You asked for ${quoted(open.text, 40)} on ${localDateOf(open.raisedAt)}: did they hear it?`))) {
        answers.heard = String(open.id);
      }
    }
    if (flags.voice.length === 0) {
      const need = await optionalText('Did you raise a need of your own? (e.g. payment terms; optional)', 'need', 2000);
      if (need) answers.voice.push(need);
    }
    if (flags.followUp === undefined && (await yes('Follow up?'))) {
      const now = ctx.now();
      answers.followUp = await input(
        {
          message: 'When? (a date, or a duration such as 3d, 2w)',
          required: true,
          validate: (when) => failureOf(() => parseDueDate(when, now, 'follow-up')),
        },
        on,
      );
    }
    return { client: String(client.id), flags: answers };
  } catch (error) {
    if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) {
      throw new CancelledError('Nothing logged.');
    }
    throw error;
  } finally {
    stdin.removeListener('keypress', onKeypress);
    stdin.removeListener('end', onEnd);
  }
}

/** Clients whose name or company contains what was typed (any case), or whose id it is. */
function clientChoices(clients: Client[], term: string | undefined) {
  const wanted = term?.trim().toLowerCase() ?? '';
  const byId = /^#?\d+$/.test(wanted) ? Number(wanted.replace('#', '')) : undefined;
  return clients
    .filter(
      (c) =>
        !wanted ||
        c.id === byId ||
        c.name.toLowerCase().includes(wanted) ||
        (c.company ?? '').toLowerCase().includes(wanted),
    )
    .map((c) => ({ value: c, name: messageLine(c.name), ...(c.company ? { description: messageLine(c.company) } : {}) }));
}

function validText(what: string, max: number) {
  return (value: string) => failureOf(() => parseText(value, what, max));
}

/** true when the check passes, else the InputError's message for the prompt to show. */
function failureOf(check: () => unknown): true | string {
  try {
    check();
    return true;
  } catch (error) {
    if (error instanceof InputError) return messageLine(error.message);
    throw error;
  }
}
