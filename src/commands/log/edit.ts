// crm log edit ID: correct an interaction, and the conflict and appreciation logged with it. Its bids, needs,
// follow-ups and needs of yours have their own edit commands (crm bid edit, crm need edit...).
import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Context } from '../../context.js';
import { formatLocalTime } from '../../core/dates.js';
import { InputError } from '../../core/errors.js';
import { APPRECIATION_FROM_CLIENT, APPRECIATION_TO_CLIENT, CHANNELS, HORSEMEN, type Client, type Horseman } from '../../core/types.js';
import { parseText, parseTone } from '../../core/validate.js';
import { quoted } from '../../core/words.js';
import { carriedWords, interactionLabel, interactionPartsJson, listed } from '../../render/interaction-parts.js';
import { formatOf } from '../../render/output.js';
import { editInteraction, type EditedInteraction, type InteractionPatch } from '../../store/interaction-parts.js';
import { listVoices } from '../../store/voices.js';
import { editedLine, parseChoice, parseId, pastTime, ownerOf, withExamples } from '../shared.js';

export function registerLogEdit(log: CommandUnknownOpts, ctx: Context): void {
  const command = log
    .command('edit')
    .description('correct an interaction: when, how, tone, summary, and the conflict, repair and appreciation logged with it')
    .argument('<id>', 'the interaction id (crm log prints it; crm log list shows them)')
    .option('--at <time>', 'when it happened: YYYY-MM-DD [HH:MM], as display.locale writes it, or words (yesterday 14:00); what was said in it moves with it')
    .addOption(new Option('--channel <channel>', 'how you talked').choices(CHANNELS))
    .option('-m, --summary <text>', 'what it was about ("" clears it)')
    .option('--from-client', 'the client reached out')
    .option('--from-me', 'you reached out')
    .option('--tone <n>', 'how it felt, from -2 to 2')
    .addOption(new Option('--horseman <kind>', 'a horseman that showed up (repeatable; replaces those logged)').choices(HORSEMEN).argParser(collectFirst))
    .option('--no-horsemen', 'no horseman showed up')
    .option('--feedback', 'the client gave feedback on your work')
    .option('--no-feedback', 'no feedback was given')
    .option('--conflict <topic>', 'the conflict raised in it was on this topic (or one was raised)')
    .option('--no-conflict', 'no conflict was raised in it')
    .option('--repair', 'a repair attempt was made (on its conflict, else on the latest unrepaired one before it)')
    .option('--no-repair', 'no repair attempt was made')
    .addOption(new Option('--appreciation <kind>', 'you showed appreciation').choices(APPRECIATION_TO_CLIENT))
    .option('--no-appreciation', 'you showed no appreciation')
    .addOption(new Option('--client-appreciation <kind>', 'the client showed appreciation').choices(APPRECIATION_FROM_CLIENT))
    .option('--no-client-appreciation', 'the client showed no appreciation')
    .option('--json', 'print the interaction, with what was logged in it, as JSON')
    .action(async (idText, flags) => {
      const format = formatOf(flags);
      const id = parseId(idText, 'interaction');
      const patch = await parsePatch(ctx, flags);
      const db = ctx.book('update');
      const edited = editInteraction(db, id, patch);
      const client = ownerOf(db, edited.after.interaction.clientId);
      ctx.done(describeEdit(edited, client), format, () => ({
        ...interactionPartsJson(edited.after, client, ctx.now(), listVoices(db, client.id)),
        changed: changedKeys(edited),
      }));
    });
  withExamples(command, [
    'crm log edit 17 --tone 1 -m "went well after all"',
    'crm log edit 17 --at "2026-11-20 14:30" --channel video',
    'crm log edit 17 --from-client --no-conflict',
    'crm log edit 17 --appreciation thanks --no-client-appreciation',
  ]);
}

/** A repeatable flag with no default: absent until given. */
const collectFirst = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

interface EditFlags {
  at?: string;
  channel?: string;
  summary?: string;
  fromClient?: boolean;
  fromMe?: boolean;
  tone?: string;
  horseman?: string[];
  horsemen?: boolean;
  feedback?: boolean;
  conflict?: string | boolean;
  repair?: boolean;
  appreciation?: string | boolean;
  clientAppreciation?: string | boolean;
}

/** Every flag through the validator `crm log` uses for it; nothing given is refused. */
async function parsePatch(ctx: Context, flags: EditFlags): Promise<InteractionPatch> {
  const patch: InteractionPatch = {};
  if (flags.at !== undefined) patch.at = await pastTime(ctx, flags.at, 'log what has happened');
  if (flags.channel !== undefined) patch.channel = parseChoice(flags.channel, CHANNELS, '--channel');
  if (flags.summary !== undefined) patch.summary = flags.summary === '' ? null : parseText('summary', flags.summary, '--summary');
  if (flags.fromClient && flags.fromMe) throw new InputError('--from-client and --from-me cannot be used together');
  if (flags.fromClient || flags.fromMe) patch.fromClient = Boolean(flags.fromClient);
  if (flags.tone !== undefined) patch.tone = parseTone(flags.tone, '--tone');
  if (flags.horsemen === false) {
    if (flags.horseman) throw new InputError('--horseman and --no-horsemen cannot be used together');
    patch.horsemen = [];
  } else if (flags.horseman) patch.horsemen = flags.horseman.map((h) => parseChoice(h, HORSEMEN, '--horseman') as Horseman);
  if (flags.feedback !== undefined) patch.feedback = flags.feedback;
  if (flags.repair !== undefined) patch.repair = flags.repair;
  if (flags.conflict === false) patch.conflictTopic = null;
  else if (typeof flags.conflict === 'string') patch.conflictTopic = parseText('topic', flags.conflict, '--conflict');
  if (flags.appreciation === false) patch.appreciation = null;
  else if (typeof flags.appreciation === 'string') patch.appreciation = parseChoice(flags.appreciation, APPRECIATION_TO_CLIENT, '--appreciation');
  if (flags.clientAppreciation === false) patch.clientAppreciation = null;
  else if (typeof flags.clientAppreciation === 'string') {
    patch.clientAppreciation = parseChoice(flags.clientAppreciation, APPRECIATION_FROM_CLIENT, '--client-appreciation');
  }
  if (!Object.keys(patch).length) throw new InputError('nothing to change: give at least one flag, e.g. --tone 1 or -m "what it was about" (see crm log edit --help)');
  return patch;
}

/** What changed, each as a few words ("tone -1 → 1"), by the JSON key it changed. */
function changes(edited: EditedInteraction): [string, string][] {
  const { before, after, removedTopics, repairedEvent } = edited;
  const [was, is] = [before.interaction, after.interaction];
  const out: [string, string][] = [];
  if (was.at !== is.at) {
    const moved = carriedWords(after);
    out.push(['at', `moved to ${formatLocalTime(is.at)}${moved.length ? ` with ${listed(moved)}` : ''}`]);
  }
  if (was.channel !== is.channel) out.push(['channel', `channel ${was.channel} → ${is.channel}`]);
  if (was.fromClient !== is.fromClient) out.push(['fromClient', is.fromClient ? 'the client reached out' : 'you reached out']);
  if (was.tone !== is.tone) out.push(['tone', `tone ${was.tone} → ${is.tone}`]);
  if (was.summary !== is.summary) out.push(['summary', is.summary === null ? 'summary cleared' : `summary ${quoted(is.summary)}`]);
  if (was.horsemen.join() !== is.horsemen.join()) out.push(['horsemen', is.horsemen.length ? `horsemen: ${is.horsemen.join(', ')}` : 'no horsemen']);
  if (was.feedback !== is.feedback) out.push(['feedback', is.feedback ? 'feedback given' : 'no feedback']);
  if (was.repair !== is.repair) out.push(['repair', is.repair ? 'repair noted' : 'no repair']);
  if (repairedEvent) out.push(['repair', `repair noted on ${quoted(repairedEvent.topic.topic)} (raised ${formatLocalTime(repairedEvent.event.at)})`]);
  const topics = (parts: typeof before) => parts.conflicts.map((c) => c.topic.topic).join(', ');
  if (topics(before) !== topics(after)) {
    const gone = removedTopics.length ? ` (topic ${listed(removedTopics.map((t) => quoted(t.topic)))} removed: raised nowhere else)` : '';
    out.push(['conflicts', after.conflicts.length ? `conflict on ${quoted(topics(after))}${gone}` : `no conflict${gone}`]);
  }
  for (const direction of ['to-client', 'from-client'] as const) {
    const kinds = (parts: typeof before) => parts.appreciations.filter((a) => a.direction === direction).map((a) => a.kind).join(', ');
    if (kinds(before) === kinds(after)) continue;
    const who = direction === 'to-client' ? 'appreciation shown' : 'appreciation received';
    out.push(['appreciations', kinds(after) ? `${who}: ${kinds(after)}` : `no ${who}`]);
  }
  return out;
}

function changedKeys(edited: EditedInteraction): string[] {
  return [...new Set(changes(edited).map(([key]) => key))];
}

function describeEdit(edited: EditedInteraction, client: Client): string {
  const { before, after } = edited;
  const said = changes(edited).map(([, words]) => words);
  if (before.repairedElsewhere && !after.interaction.repair) {
    said.push('the conflict it noted a repair on stays repaired (the book does not record which one)');
  }
  return editedLine(`interaction #${after.interaction.id} (${interactionLabel(after.interaction, client)})`, said);
}
