// crm log on a terminal: asks what happened, shows it on one screen to confirm, then hands the answers to recordLog
// as if they had been typed as flags. Questions whose flags were given are skipped. Loaded (with the prompt library)
// only on this path.
import { followUpDue, type LogFlags } from '../commands/log.js';
import { findClient } from '../commands/shared.js';
import { parseText, type TextField } from '../core/validate.js';
import type { Context } from '../context.js';
import { formatLocalTime, isoInstant, localDateOf, weekdayOf } from '../core/dates.js';
import { CancelledError, InputError } from '../core/errors.js';
import { quoted } from '../core/words.js';
import { palette, type Palette } from '../render/style.js';
import { messageLine } from '../render/terminal.js';
import {
  APPRECIATION_FROM_CLIENT, APPRECIATION_TO_CLIENT, CHANNELS, HORSEMEN, NEED_KINDS,
  type Bid, type Channel, type Client, type NeedKind, type Voice,
} from '../core/types.js';
import { openBidsOf } from '../store/bids.js';
import { listClients } from '../store/clients.js';
import { listTopics } from '../store/topics.js';
import { latestOpenVoice } from '../store/voices.js';

const TONES = [
  { value: '-2', name: 'very negative' },
  { value: '-1', name: 'negative' },
  { value: '0', name: 'neutral' },
  { value: '1', name: 'positive' },
  { value: '2', name: 'very positive' },
] as const;

/** What else can happen in an interaction, each with the flag it stands for. */
type Extra = 'bid' | 'complaint' | 'answer' | 'conflict' | 'appreciation' | 'clientAppreciation' | 'feedback' | 'need' | 'voice' | 'heard' | 'followUp';

/** The parts of the summary that can be asked again. */
type Part = 'when' | 'channel' | 'initiated' | 'summary' | 'tone' | 'extras' | 'hard';

/** What the book says about the client that the questions offer: a bid waiting for an answer, a need of yours waiting. */
interface Open {
  bid: Bid | undefined;
  voice: Voice | undefined;
  unrepairedConflict: boolean;
}

export async function askLog(ctx: Context, query: string | undefined, flags: LogFlags): Promise<{ client: string; flags: LogFlags }> {
  const db = ctx.book('read');
  // A client named on the command line is found (or refused) before anything is asked.
  const named = query === undefined ? undefined : findClient(db, query);
  const clients = named ? [named] : listClients(db, {});
  if (clients.length === 0) throw new InputError('no clients yet: add one with crm client add "Acme GmbH"');

  const prompts = await import('@inquirer/prompts');
  const { search, select, input, confirm, checkbox, expand } = prompts;
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
  const yes = async (message: string, current = false) => confirm({ message: messageLine(message), default: current }, on);
  const text = (message: string, field: TextField, what: string, current?: string) =>
    input({ message, required: true, validate: validText(field, what), ...(current !== undefined && { default: current }) }, on);
  const optionalText = async (message: string, field: TextField, what: string, current?: string) =>
    (await input({ message, validate: (v) => !v.trim() || validText(field, what)(v), ...(current && { default: current }) }, on)).trim();
  /** A date typed in any form crm reads, shown back as read (Fri 2026-12-04) once answered. */
  const when = async (message: string, current: string | undefined, read: (typed: string) => Promise<string>) => {
    const readings = new Map<string, string>();
    const typed = await input(
      {
        message,
        required: true,
        ...(current !== undefined && { default: current }),
        validate: async (value) => {
          try {
            readings.set(value, await read(value));
            return true;
          } catch (error) {
            if (error instanceof InputError) return messageLine(error.message);
            throw error;
          }
        },
        transformer: (value, { isFinal }) => (isFinal && readings.has(value) ? `${value}  → ${shown(readings.get(value)!)}` : value),
      },
      on,
    );
    return readings.get(typed) ?? (await read(typed));
  };

  try {
    const answers: LogFlags = {
      ...flags,
      bid: [...flags.bid], complaint: [...flags.complaint], voice: [...flags.voice],
      need: [...flags.need], goal: [...flags.goal], preference: [...flags.preference], horseman: [...flags.horseman],
    };
    const client =
      named ??
      (await search<Client>({ message: 'Which client?', source: (term) => clientChoices(clients, term) }, on));
    const open: Open = {
      bid: openBidsOf(db, client.id)[0],
      voice: latestOpenVoice(db, client.id),
      unrepairedConflict: listTopics(db, client.id).some((t) => t.events.some((e) => !e.repaired)),
    };
    // Dates given as flags are read now, to be shown as read (and refused before any question if they cannot be).
    if (flags.at !== undefined) answers.at = isoInstant(await ctx.readPastTime(flags.at, '--at', 'log what has happened'));
    // A follow-up falls due on or after the interaction's day, as crm log checks: refused now, not after the summary.
    const interactionAt = () => (answers.at === undefined ? ctx.now().at : Date.parse(answers.at));
    if (flags.followUp !== undefined) answers.followUp = await followUpDue(flags.followUp, interactionAt(), ctx);

    const ask: Record<Part, (again: boolean) => Promise<void>> = {
      when: async () => {
        answers.at = await when(
          'When? (e.g. yesterday 14:00)',
          answers.at === undefined ? 'now' : formatLocalTime(Date.parse(answers.at)),
          async (typed) => isoInstant(await ctx.readPastTime(typed, 'when', 'log what has happened')),
        );
      },
      channel: async () => {
        const current = (CHANNELS as readonly string[]).includes(answers.channel ?? '') ? (answers.channel as Channel) : 'call';
        answers.channel = await select({ message: 'Channel', choices: [...CHANNELS], default: current }, on);
      },
      initiated: async () => {
        const choices = [
          { value: false, name: 'I did' },
          { value: true, name: 'they did' },
        ];
        answers.fromClient = await select({ message: 'Who started it?', choices, default: Boolean(answers.fromClient) }, on);
      },
      summary: async () => {
        const summary = await optionalText('Summary (optional)', 'summary', 'summary', answers.summary);
        answers.summary = summary || undefined;
      },
      tone: async () => {
        const current = answers.tone ?? (answers.complaint.length ? '-1' : '0');
        answers.tone = await select({ message: 'How did it feel?', choices: TONES.map((t) => ({ value: t.value as string, name: t.name })), default: current }, on);
      },
      extras: async (again) => {
        const offered = extrasOffered(again ? undefined : flags, open);
        const picked = new Set(
          await checkbox(
            {
              message: 'What else happened?',
              choices: offered.map((extra) => ({
                value: extra,
                name: messageLine(extraLabel(extra, open)),
                short: EXTRA_SHORT[extra],
                checked: hasExtra(answers, extra),
              })),
              pageSize: offered.length,
            },
            on,
          ),
        );
        for (const extra of offered) {
          if (!picked.has(extra)) clearExtra(answers, extra);
          else await askExtra(extra);
        }
      },
      hard: async () => {
        // Offered when relevant: a hard moment (a negative tone, a complaint, a conflict).
        if (answers.conflict !== undefined || open.unrepairedConflict) {
          const which = answers.conflict === undefined ? 'the last unrepaired conflict' : quoted(answers.conflict, 30);
          answers.repair = await yes(`Did you make a repair attempt (on ${which})?`, Boolean(answers.repair));
        }
        answers.horseman = await checkbox(
          {
            message: 'Did any of the four horsemen show up? (enter for none)',
            choices: HORSEMEN.map((h) => ({ value: h as string, name: h, description: HORSEMAN_GLOSS[h], checked: answers.horseman.includes(h) })),
          },
          on,
        );
      },
    };

    const askExtra = async (extra: Extra) => {
      switch (extra) {
        case 'bid':
          answers.bid = [await text('What did they ask for?', 'bid', 'bid', answers.bid[0])];
          return;
        case 'complaint':
          answers.complaint = [await text('What was the complaint?', 'bid', 'complaint', answers.complaint[0])];
          return;
        case 'answer':
          // The bid's id, not "the oldest": with a new bid in the same log, "the oldest" would answer the new one.
          answers.answer = String(open.bid!.id);
          return;
        case 'conflict':
          answers.conflict = await text('What was it about (a topic, e.g. deadlines)?', 'topic', 'conflict topic', answers.conflict);
          return;
        case 'appreciation':
          answers.appreciation = await select(
            { message: 'How did you show it?', choices: [...APPRECIATION_TO_CLIENT] as string[], ...(answers.appreciation && { default: answers.appreciation }) },
            on,
          );
          return;
        case 'clientAppreciation':
          answers.clientAppreciation = await select(
            {
              message: 'How did they show it?',
              choices: [...APPRECIATION_FROM_CLIENT] as string[],
              ...(answers.clientAppreciation && { default: answers.clientAppreciation }),
            },
            on,
          );
          return;
        case 'feedback':
          answers.feedback = true;
          return;
        case 'need': {
          const [kind, current] = learned(answers);
          const picked = await select(
            {
              message: 'What did you learn?',
              choices: NEED_KINDS.map((k) => ({ value: k, name: NEED_LABELS[k] })),
              default: kind ?? 'need',
            },
            on,
          );
          const said = await text(`The ${picked}, in a few words`, 'need', picked, current);
          answers.need = [];
          answers.goal = [];
          answers.preference = [];
          answers[picked] = [said];
          return;
        }
        case 'voice':
          answers.voice = [await text('What did you ask for? (e.g. payment terms, notice for calls)', 'voice', 'need', answers.voice[0])];
          return;
        case 'heard':
          answers.heard = String(open.voice!.id);
          return;
        case 'followUp':
          answers.followUp = await when(
            'Follow up when? (e.g. 2w, next friday)',
            answers.followUp,
            (typed) => followUpDue(typed, interactionAt(), ctx, 'follow-up'),
          );
          answers.followUpText = await text('What will you follow up on?', 'followUp', 'follow-up', answers.followUpText);
      }
    };

    const hardMoment = () =>
      Number(answers.tone ?? 0) < 0 || answers.complaint.length > 0 || answers.conflict !== undefined || answers.horseman.length > 0;
    const given = (part: Part) => {
      if (part === 'when') return flags.at !== undefined;
      if (part === 'channel') return flags.channel !== undefined;
      if (part === 'initiated') return flags.fromClient !== undefined;
      if (part === 'summary') return flags.summary !== undefined;
      if (part === 'tone') return flags.tone !== undefined;
      if (part === 'hard') return flags.repair !== undefined || flags.horseman.length > 0;
      return false;
    };
    for (const part of ['when', 'channel', 'initiated', 'summary', 'tone', 'extras'] as const) {
      if (!given(part)) await ask[part](false);
    }
    let askedHard = false;
    if (hardMoment() && !given('hard')) {
      await ask.hard(false);
      askedHard = true;
    }

    for (;;) {
      ctx.out(draftScreen(answers, client, open, ctx.width, palette(ctx.color)));
      const next = await expand(
        {
          message: 'Save it?',
          default: 'y',
          expanded: true,
          choices: [
            { key: 'y', name: 'Yes, save it', value: 'save' },
            { key: 'e', name: 'Edit a part', value: 'edit' },
            { key: 'c', name: 'Cancel: log nothing', value: 'cancel' },
          ],
        },
        on,
      );
      if (next === 'save') break;
      if (next === 'cancel') throw new CancelledError('Nothing logged.');
      const parts: { value: Part; name: string }[] = [
        { value: 'when', name: 'when' },
        { value: 'channel', name: 'channel' },
        { value: 'initiated', name: 'who started it' },
        { value: 'summary', name: 'summary' },
        { value: 'tone', name: 'how it felt' },
        { value: 'extras', name: 'what else happened' },
        ...(hardMoment() ? [{ value: 'hard' as const, name: 'repair and horsemen' }] : []),
      ];
      const part = await select({ message: 'Edit which part?', choices: parts }, on);
      await ask[part](true);
      // A tone or an event that made it a hard moment brings its questions, once.
      if (part !== 'hard' && hardMoment() && !askedHard && !given('hard')) {
        await ask.hard(true);
        askedHard = true;
      }
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

/** How a picked extra is shown once answered. */
const EXTRA_SHORT: Record<Extra, string> = {
  bid: 'a request',
  complaint: 'a complaint',
  answer: 'an answer',
  conflict: 'a conflict',
  appreciation: 'your appreciation',
  clientAppreciation: 'their appreciation',
  feedback: 'feedback',
  need: 'a need learned',
  voice: 'a need of yours',
  heard: 'yours heard',
  followUp: 'a follow-up',
};

/** The four horsemen (Gottman), in plain words: what each looks like with a client. */
const HORSEMAN_GLOSS: Record<(typeof HORSEMEN)[number], string> = {
  criticism: 'an attack on the person rather than the problem',
  contempt: 'mockery, sarcasm, talking down',
  defensiveness: 'excuses and counter-attacks instead of listening',
  stonewalling: 'shutting down, no answer',
};

const NEED_LABELS: Record<NeedKind, string> = {
  need: 'a need (something they need from you)',
  preference: 'a preference (how they like things done)',
  goal: 'a goal (what they aim for)',
};

/** The extras to offer: those whose flags were not given (on the first pass), and those the book makes possible. */
function extrasOffered(flags: LogFlags | undefined, open: Open): Extra[] {
  const all: Extra[] = ['bid', 'complaint', 'answer', 'conflict', 'appreciation', 'clientAppreciation', 'feedback', 'need', 'voice', 'heard', 'followUp'];
  return all.filter((extra) => {
    if (extra === 'answer' && !open.bid) return false;
    if (extra === 'heard' && !open.voice) return false;
    return flags === undefined || !hasExtra(flags, extra);
  });
}

function extraLabel(extra: Extra, open: Open): string {
  switch (extra) {
    case 'bid':
      return 'they asked for something (a request or a question)';
    case 'complaint':
      return 'they complained';
    case 'answer':
      return `this answers their request of ${localDateOf(open.bid!.at)}: ${quoted(open.bid!.text, 40)}`;
    case 'conflict':
      return 'a conflict on a topic (deadlines, scope, pricing...)';
    case 'appreciation':
      return 'you showed appreciation';
    case 'clientAppreciation':
      return 'they showed appreciation';
    case 'feedback':
      return 'they gave feedback on your work';
    case 'need':
      return 'you learned a need, goal or preference of theirs';
    case 'voice':
      return 'you raised a need of your own (payment terms, your time...)';
    case 'heard':
      return `they heard your ${quoted(open.voice!.text, 40)} (asked ${localDateOf(open.voice!.raisedAt)})`;
    case 'followUp':
      return 'you promised to follow up';
  }
}

function hasExtra(flags: LogFlags, extra: Extra): boolean {
  switch (extra) {
    case 'bid':
    case 'complaint':
    case 'voice':
      return flags[extra].length > 0;
    case 'need':
      return flags.need.length + flags.goal.length + flags.preference.length > 0;
    case 'feedback':
      return Boolean(flags.feedback);
    default:
      return flags[extra] !== undefined;
  }
}

function clearExtra(answers: LogFlags, extra: Extra): void {
  switch (extra) {
    case 'bid':
    case 'complaint':
    case 'voice':
      answers[extra] = [];
      return;
    case 'need':
      answers.need = [];
      answers.goal = [];
      answers.preference = [];
      return;
    case 'followUp':
      answers.followUp = undefined;
      answers.followUpText = undefined;
      return;
    default:
      answers[extra] = undefined;
  }
}

/** The need, goal or preference learned in this log, if any. */
function learned(answers: LogFlags): [NeedKind | undefined, string | undefined] {
  for (const kind of NEED_KINDS) if (answers[kind].length) return [kind, answers[kind][0]];
  return [undefined, undefined];
}

/** A date or instant as read back to the user: with its weekday, so that "next friday" can be checked at a glance. */
function shown(read: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(read)) return `${weekdayOf(read)} ${read}`;
  const at = Date.parse(read);
  return `${weekdayOf(localDateOf(at))} ${formatLocalTime(at)}`;
}

/** Everything about to be logged, on one screen: a line each, cut to the terminal's width. */
function draftScreen(answers: LogFlags, client: Client, open: Open, width: number, style: Palette): string {
  const lines: [string, string][] = [];
  const tone = TONES.find((t) => t.value === (answers.tone ?? '0'))?.name ?? answers.tone!;
  lines.push(['Client', client.name]);
  lines.push(['When', answers.at === undefined ? 'now' : shown(answers.at)]);
  lines.push(['Channel', `${answers.channel ?? 'call'}, ${answers.fromClient ? 'they started it' : 'you started it'}`]);
  lines.push(['Summary', answers.summary === undefined ? '(none)' : quoted(answers.summary, 200)]);
  lines.push(['Tone', tone]);
  for (const bid of answers.bid) lines.push(['Request', `${quoted(bid, 200)}, open until answered`]);
  for (const complaint of answers.complaint) lines.push(['Complaint', quoted(complaint, 200)]);
  if (answers.answer !== undefined) {
    const bid = open.bid && String(open.bid.id) === answers.answer ? ` of ${localDateOf(open.bid.at)}: ${quoted(open.bid.text, 200)}` : ` #${answers.answer}`;
    lines.push(['Answers', `their request${bid}`]);
  }
  if (answers.conflict !== undefined) lines.push(['Conflict', `${quoted(answers.conflict, 60)}${answers.repair ? ', repair attempt made' : ''}`]);
  else if (answers.repair) lines.push(['Repair', 'on the last unrepaired conflict']);
  if (answers.horseman.length) lines.push(['Horsemen', answers.horseman.join(', ')]);
  if (answers.appreciation) lines.push(['Appreciation', `you showed it (${answers.appreciation})`]);
  if (answers.clientAppreciation) lines.push(['Appreciation', `they showed it (${answers.clientAppreciation})`]);
  if (answers.feedback) lines.push(['Feedback', 'they gave feedback on your work']);
  for (const kind of NEED_KINDS) for (const said of answers[kind]) lines.push(['Learned', `${kind}: ${quoted(said, 200)}`]);
  for (const need of answers.voice) lines.push(['You asked', quoted(need, 200)]);
  if (answers.heard !== undefined) {
    const voice = open.voice && String(open.voice.id) === answers.heard ? `your ${quoted(open.voice.text, 200)}` : `need of yours #${answers.heard}`;
    lines.push(['Heard', voice]);
  }
  if (answers.followUp !== undefined) {
    const what = answers.followUpText === undefined ? '' : `: ${quoted(answers.followUpText, 200)}`;
    lines.push(['Follow-up', `${shown(answers.followUp)}${what}`]);
  }
  const label = 'Appreciation'.length + 2; // the longest label: the same columns on every screen
  const room = Math.max(20, width - label - 2);
  const body = lines.map(([l, value]) => `  ${style.dim(l.padEnd(label))}${cut(value, room)}`);
  return [style.bold('About to log:'), ...body].join('\n');
}

/** One line of at most `room` characters (the texts were made one line by quoted). */
function cut(text: string, room: number): string {
  const chars = Array.from(text);
  return chars.length <= room ? text : `${chars.slice(0, room - 1).join('')}…`;
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

function validText(field: TextField, what: string) {
  return (value: string) => failureOf(() => parseText(field, value, what));
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
