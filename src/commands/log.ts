// crm log: record an interaction right after it happened, with everything said in it.
import { Option, type Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { formatLocalTime, localDateOf } from '../core/dates.js';
import { InputError } from '../core/errors.js';
import {
  APPRECIATION_FROM_CLIENT, APPRECIATION_TO_CLIENT, CHANNELS, HORSEMEN,
  type AppreciationKind, type BidKind, type Channel, type Client, type Horseman, type LocalDate, type NeedKind,
} from '../core/types.js';
import { checkOutcome } from '../core/standing.js';
import { quoted } from '../core/words.js';
import { appreciationJson, bidJson, followUpJson, interactionJson, needJson, topicJson, voicesJson } from '../render/json.js';
import { formatOf } from '../render/output.js';
import { appreciationsOf } from '../store/appreciations.js';
import { getBid } from '../store/bids.js';
import { getFollowUp } from '../store/followups.js';
import { getInteraction, logInteraction, type LoggedInteraction, type NewInteraction } from '../store/interactions.js';
import { listNeeds } from '../store/needs.js';
import type { Db } from '../store/open.js';
import { getVoice, latestOpenVoice, listVoices } from '../store/voices.js';
import { checkFollowUpDue, parseText, parseTone } from '../core/validate.js';
import { clientCandidates } from '../store/clients.js';
import { collect, endedNote, findClient, parseChoice, parseId, topicsWithStandings, withExamples } from './shared.js';
import { registerLogEdit } from './log/edit.js';
import { registerLogList } from './log/list.js';
import { registerLogRemove } from './log/remove.js';

export interface LogFlags {
  at?: string;
  channel?: string;
  summary?: string;
  fromClient?: boolean;
  tone?: string;
  bid: string[];
  complaint: string[];
  answer?: string | boolean;
  conflict?: string;
  repair?: boolean;
  appreciation?: string;
  clientAppreciation?: string;
  feedback?: boolean;
  horseman: string[];
  need: string[];
  goal: string[];
  preference: string[];
  followUp?: string;
  followUpText?: string;
  voice: string[];
  heard?: string | boolean;
  json?: boolean;
}

export function registerLog(program: Command, ctx: Context): void {
  const command = program
    .command('log')
    .description('log an interaction with a client (on a terminal, asks what the flags do not say); list, correct or remove one')
    .argument('[client]', 'id, name or unique prefix')
    .option('--at <time>', 'when it happened (default now): YYYY-MM-DD [HH:MM], a date as your display.locale writes it (31-12-2026), or words: yesterday 14:00, last friday')
    .addOption(new Option('--channel <channel>', 'how you talked (default call)').choices(CHANNELS))
    .option('-m, --summary <text>', 'what it was about')
    .option('--from-client', 'the client reached out (default: you did)')
    .option('--tone <n>', 'how it felt, from -2 (very negative) to 2 (very positive); default 0, or -1 with --complaint or an unrepaired --conflict')
    .option('--bid <text>', 'the client asked for attention: a request or question, open until answered (repeatable)', collect, [] as string[])
    .option('--complaint <text>', 'a complaint: a bid with negative tone (repeatable)', collect, [] as string[])
    .option('--answer [bidId]', 'this answers the oldest open bid (or the bid given); with --bid, the new bid is answered on the spot')
    .option('--conflict <topic>', 'a conflict on a named topic (heated unless --tone 0 or --repair: a calm talk); the same topic again makes it recurring')
    .option('--repair', 'a repair attempt was made (on --conflict, else on the latest unrepaired conflict)')
    .addOption(new Option('--appreciation <kind>', 'you showed appreciation').choices(APPRECIATION_TO_CLIENT))
    .addOption(new Option('--client-appreciation <kind>', 'the client showed appreciation').choices(APPRECIATION_FROM_CLIENT))
    .option('--feedback', 'the client gave feedback on your work')
    .addOption(new Option('--horseman <kind>', 'one of the four horsemen showed up (repeatable)').choices(HORSEMEN).argParser(collect).default([] as string[]))
    .option('--need <text>', 'something the client needs (repeatable)', collect, [] as string[])
    .option('--goal <text>', 'a goal the client has (repeatable)', collect, [] as string[])
    .option('--preference <text>', 'how the client likes things done (repeatable)', collect, [] as string[])
    .option('--follow-up <when>', 'promise to follow up: a date, a duration (3d, 2w) or words (next friday)')
    .option('--follow-up-text <text>', 'what you promised (default: the summary)')
    .option('--voice <text>', 'you raised a need of your own with the client: payment terms, feedback, your time (repeatable)', collect, [] as string[])
    .option('--heard [id]', 'the client heard a need of yours (the one raised here, else the latest open one, or ID)')
    .option('--json', 'print what was logged as JSON')
    .action(async (query, flags) => {
      if (query === undefined && !ctx.interactive) {
        throw new InputError('missing argument <client>: name the client (crm log acme ...) or run on a terminal to be asked');
      }
      // On a terminal, `crm log` and `crm log acme` (with at most --at or --json) ask what happened rather than log an
      // empty call; a flag that says what happened logs at once, as a script would.
      if (ctx.interactive && (query === undefined || !saysWhatHappened(flags))) {
        const { askLog } = await import('../prompts/log.js');
        const asked = await askLog(ctx, query, flags);
        return recordLog(ctx, asked.client, asked.flags);
      }
      return recordLog(ctx, query!, flags);
    });
  withExamples(command, [
    'crm log acme -m "weekly call" --tone 1',
    'crm log acme --from-client --channel email --bid "send the Q3 numbers?"',
    'crm log acme --answer -m "sent the numbers"',
    'crm log acme --complaint "the report was late" --conflict deadlines --repair',
    'crm log acme --appreciation gift -m "a book for their launch" --follow-up 2w',
    'crm log acme --voice "pay within 14 days"      # a need of your own, raised',
    'crm log acme --heard -m "agreed to 14 days"    # ...and later heard',
    'crm log acme --follow-up friday --follow-up-text "send the quote"',
    'crm log acme --at "yesterday 14:00" -m "lunch"',
    'crm log acme     # on a terminal: asks what happened, shows it to confirm',
    'crm log list acme                              # the timeline, with ids',
  ]);
  registerLogList(command, ctx);
  registerLogEdit(command, ctx);
  registerLogRemove(command, ctx);
  // A word right after `crm log` that names a subcommand runs it (cli.ts); any other word is a client.
  command.hook('preSubcommand', (log, subcommand) => refuseLoggingFlags(ctx, log as unknown as Command, subcommand as unknown as Command));
}

/**
 * A flag of crm log given with a subcommand. Before its name (`crm log -m "..." list`) it would be dropped: refused.
 * After it (`crm log list -m "..."`) it is the subcommand's unknown flag, unless a client bears the subcommand's
 * name: then it was most likely meant for that client, and the refusal says how to log with it.
 */
function refuseLoggingFlags(ctx: Context, log: Command, subcommand: Command): void {
  const name = subcommand.name();
  const before = log.options.find((o) => log.getOptionValueSource(o.attributeName()) === 'cli')?.long;
  const named = () => clientCandidates(ctx.book('read'), name).exact;
  if (before === undefined) {
    const raw = (log.parent as unknown as { rawArgs?: string[] } | null)?.rawArgs ?? [];
    const after = raw.slice(raw.indexOf(name) + 1);
    const known = (flag: string, command: Command) => command.options.some((o) => o.long === flag || o.short === flag);
    const misplaced = after
      .slice(0, after.includes('--') ? after.indexOf('--') : after.length)
      .filter((word) => word.startsWith('-') && word !== '-')
      .map((word) => (word.startsWith('--') ? word.split('=')[0]! : word.slice(0, 2)))
      .find((flag) => !known(flag, subcommand) && known(flag, log));
    const client = misplaced === undefined ? undefined : named();
    if (client) throw new InputError(`${misplaced} is a flag of "crm log", not of "crm log ${name}": to log with the client "${client.name}", give its id (crm log ${client.id} ${misplaced} ...)`);
    return;
  }
  const client = named();
  throw new InputError(
    client
      ? `${before} is a flag of "crm log", not of "crm log ${name}": to log with the client "${client.name}", give its id (crm log ${client.id} ${before} ...)`
      : `${before} is a flag of "crm log", not of "crm log ${name}": the flags of crm log ${name} come after its name (crm log ${name} ... ${before} ...)`,
  );
}

/** Whether the flags describe the interaction (anything but --at and --json): then nothing is asked. */
function saysWhatHappened(flags: LogFlags): boolean {
  return Object.entries(flags).some(
    ([key, value]) => key !== 'at' && key !== 'json' && value !== undefined && !(Array.isArray(value) && value.length === 0),
  );
}

export async function recordLog(ctx: Context, query: string, flags: LogFlags): Promise<void> {
  const format = formatOf(flags);
  const input = await parseLogFlags(ctx, flags);
  const db = ctx.book('update');
  const client = findClient(db, query);
  checkHeard(db, client, input);
  const logged = logInteraction(db, { ...input, clientId: client.id });
  const report = describeLogged(db, client, logged, ctx);
  ctx.done(report.text, format, () => report.json);
  // Logged all the same (a last call, a late payment chased): an ended client is out of health and reminders.
  if (client.status === 'ended' && (client.endedOn === null || localDateOf(input.at) > client.endedOn)) ctx.info(endedNote(client));
}

/** --heard on a need of yours heard already, or raised after this interaction, is refused before anything is written. */
function checkHeard(db: Db, client: Client, input: Omit<NewInteraction, 'clientId'>): void {
  if (input.heard === null || input.heard === undefined || (input.heard === 'latest' && input.voices?.length)) return;
  const voice = input.heard === 'latest' ? latestOpenVoice(db, client.id) : getVoice(db, input.heard);
  // An unknown id, or one of another client's, is refused by logInteraction with its own message.
  if (voice && voice.clientId === client.id) checkOutcome(voice, 'heard', input.at, '--heard');
}

async function parseLogFlags(ctx: Context, flags: LogFlags): Promise<Omit<NewInteraction, 'clientId'>> {
  const now = ctx.now();
  const at = flags.at === undefined ? now.at : await ctx.readPastTime(flags.at, '--at', 'log what has happened');
  const channel = parseChoice(flags.channel ?? 'call', CHANNELS, '--channel') as Channel;
  const complaints = flags.complaint.map((t) => parseText('bid', t, '--complaint'));
  // A complaint, or a conflict that was not repaired, is a hard moment unless --tone says otherwise
  // (a conflict talked through calmly is logged with --tone 0 or better).
  let tone = complaints.length || (flags.conflict !== undefined && !flags.repair) ? -1 : 0;
  if (flags.tone !== undefined) tone = parseTone(flags.tone, '--tone');
  const bids: { text: string; kind: BidKind }[] = [
    ...flags.bid.map((t) => {
      const text = parseText('bid', t, '--bid');
      return { text, kind: (text.endsWith('?') ? 'question' : 'request') as BidKind };
    }),
    ...complaints.map((text) => ({ text, kind: 'complaint' as BidKind })),
  ];
  let answer: NewInteraction['answer'] = null;
  if (flags.answer === true) answer = 'oldest';
  else if (typeof flags.answer === 'string') answer = parseId(flags.answer, '--answer');
  const appreciations: NewInteraction['appreciations'] = [];
  if (flags.appreciation) {
    appreciations.push({ direction: 'to-client', kind: parseChoice(flags.appreciation, APPRECIATION_TO_CLIENT, '--appreciation') as AppreciationKind });
  }
  if (flags.clientAppreciation) {
    appreciations.push({
      direction: 'from-client',
      kind: parseChoice(flags.clientAppreciation, APPRECIATION_FROM_CLIENT, '--client-appreciation') as AppreciationKind,
    });
  }
  const needs = (
    [
      ['need', flags.need],
      ['goal', flags.goal],
      ['preference', flags.preference],
    ] as [NeedKind, string[]][]
  ).flatMap(([kind, texts]) => texts.map((t) => ({ kind, text: parseText('need', t, `--${kind}`) })));
  const voices = flags.voice.map((t) => parseText('voice', t, '--voice'));
  let heard: NewInteraction['heard'] = null;
  if (flags.heard === true) heard = 'latest';
  else if (typeof flags.heard === 'string') heard = parseId(flags.heard, '--heard');
  const summary = flags.summary === undefined ? null : parseText('summary', flags.summary, '--summary');
  if (flags.followUpText !== undefined && flags.followUp === undefined) {
    throw new InputError('--follow-up-text needs --follow-up WHEN: when will you follow up?');
  }
  const promised = flags.followUpText === undefined ? undefined : parseText('followUp', flags.followUpText, '--follow-up-text');
  const followUp =
    flags.followUp === undefined
      ? null
      : {
          due: await followUpDue(flags.followUp, at, ctx),
          text: promised ?? (summary ? `Follow up: ${summary}` : `Follow up on the ${channel} of ${localDateOf(at)}`),
        };
  return {
    at,
    channel,
    fromClient: Boolean(flags.fromClient),
    tone,
    summary,
    horsemen: flags.horseman.map((h) => parseChoice(h, HORSEMEN, '--horseman') as Horseman),
    feedback: Boolean(flags.feedback),
    bids,
    answer,
    conflictTopic: flags.conflict === undefined ? null : parseText('topic', flags.conflict, '--conflict'),
    repair: Boolean(flags.repair),
    appreciations,
    needs,
    followUp,
    voices,
    heard,
    now: now.at,
  };
}

/**
 * --follow-up: a date or a duration from today, not before the day of the interaction that made the promise (the
 * interactive flow asks with the same rule, `what` naming the question).
 */
export async function followUpDue(text: string, at: number, ctx: Context, what = '--follow-up'): Promise<LocalDate> {
  const due = await ctx.readDueDate(text, what);
  checkFollowUpDue(due, localDateOf(at), what, 'the interaction');
  return due;
}

function describeLogged(db: Db, client: Client, logged: LoggedInteraction, ctx: Context) {
  const now = ctx.now();
  const interaction = getInteraction(db, logged.interactionId)!;
  const bids = logged.bidIds.map((id) => bidJson(getBid(db, id)!, client, now));
  const answered = logged.answeredBidId === null ? null : bidJson(getBid(db, logged.answeredBidId)!, client, now);
  // Topics and needs are read only when this log touched them: most logs do not, and crm log should stay quick.
  const touchedTopics = logged.conflictEventId !== null || logged.repairedEventId !== null;
  const topics = touchedTopics ? topicsWithStandings(db, now.at, client.id) : [];
  const topicOf = (eventId: number | null) => {
    const found = eventId === null ? undefined : topics.find((t) => t.topic.events.some((e) => e.id === eventId));
    return found ? topicJson(found.topic, client, found.standing) : null;
  };
  const conflict = topicOf(logged.conflictEventId);
  const repaired = topicOf(logged.repairedEventId);
  const touchedVoices = logged.voiceIds.length > 0 || logged.heardVoiceId !== null;
  const voices = touchedVoices ? voicesJson(listVoices(db, client.id), () => client, now.at) : [];
  const raised = voices.filter((v) => logged.voiceIds.includes(v.id));
  const heardVoice = voices.find((v) => v.id === logged.heardVoiceId) ?? null;
  const needs = listNeeds(db, client.id).filter((n) => logged.needIds.includes(n.id)).map(needJson);
  const followUp = logged.followUpId === null ? null : followUpJson(getFollowUp(db, logged.followUpId)!, client, now.today);
  const appreciations = appreciationsOf(db, logged.interactionId);
  const json = {
    ...interactionJson(interaction, client),
    bids,
    answeredBid: answered,
    conflict,
    repairedTopic: repaired,
    appreciations: appreciations.map(appreciationJson),
    needs,
    followUp,
    voices: raised,
    heardVoice,
  };
  const parts = [`Logged ${interaction.channel} with ${client.name} (interaction #${interaction.id})`];
  for (const bid of bids) {
    parts.push(bid.status === 'answered' ? `bid #${bid.id} answered on the spot` : `bid #${bid.id} open, reply by ${formatLocalTime(Date.parse(bid.replyBy))}`);
  }
  if (answered && !logged.bidIds.includes(answered.id)) parts.push(`answered bid #${answered.id} ${answered.status === 'answered' ? 'in time' : 'late'}`);
  if (conflict) {
    const note =
      conflict.state === 'gridlocked'
        ? ` (gridlocked: ${conflict.raisedInARow}× in a row without a repair or a calm talk)`
        : conflict.recurring ? ' (recurring: talk it through, it is normal)' : '';
    const repair = logged.repairedEventId === logged.conflictEventId && logged.repairedEventId !== null ? ', repair noted' : '';
    parts.push(`conflict "${conflict.topic}" raised ${conflict.timesRaised}×${note}${repair}`);
  } else if (repaired) parts.push(`repair noted on "${repaired.topic}"`);
  for (const a of json.appreciations) parts.push(a.direction === 'to-client' ? `appreciation shown (${a.kind})` : `appreciation received (${a.kind})`);
  if (followUp) parts.push(`follow-up #${followUp.id} on ${followUp.due}`);
  for (const v of raised) parts.push(v.timesRaised > 1 ? `raised ${quoted(v.text)} again (need of yours #${v.id}, ${v.timesRaised}× in all)` : `raised ${quoted(v.text)} (need of yours #${v.id})`);
  if (heardVoice) parts.push(`heard: ${quoted(heardVoice.text)} (need of yours #${heardVoice.id})`);
  return { json, text: `${parts.join('; ')}.` };
}
