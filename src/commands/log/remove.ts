// crm log remove ID: an interaction logged by mistake goes, with what was said in it (store/interaction-parts.ts
// says which rows those are, and why); what it answered or heard is open again.
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Context } from '../../context.js';
import type { Client } from '../../core/types.js';
import { quoted } from '../../core/words.js';
import { carriedWords, interactionLabel, interactionPartsJson, listed, reopenedWords } from '../../render/interaction-parts.js';
import { formatOf } from '../../render/output.js';
import { interactionPartsOf, removeInteraction, type InteractionParts } from '../../store/interaction-parts.js';
import type { Db } from '../../store/open.js';
import { listVoices } from '../../store/voices.js';
import { parseId, removalConfirmed, ownerOf, withExamples } from '../shared.js';

export function registerLogRemove(log: CommandUnknownOpts, ctx: Context): void {
  const command = log
    .command('remove')
    .alias('rm')
    .description('remove an interaction logged by mistake, with the bids, conflict, appreciation, needs, follow-ups and needs of yours logged in it')
    .argument('<id>', 'the interaction id (crm log prints it; crm log list shows them)')
    .option('-y, --yes', 'do not ask (needed when not on a terminal)')
    .option('--json', 'print the removed interaction, with what went with it, as JSON')
    .action(async (idText, flags) => {
      const format = formatOf(flags);
      const id = parseId(idText, 'interaction');
      const asked = await removalConfirmed(ctx, flags.yes, (db) => {
        const { parts, client } = found(db, id);
        const summary = parts.interaction.summary ? `: ${quoted(parts.interaction.summary, 40)}` : '';
        const what = `interaction #${id} (${interactionLabel(parts.interaction, client)}${summary})`;
        const carried = listed(carriedWords(parts));
        const reopened = reopenedWords(parts);
        const open = reopened.length ? `; open again: ${listed(reopened)}` : '';
        return {
          question: `Remove ${what}${carried ? ` with ${carried}` : ''}${open}?`,
          removes: `removing ${what}${carried ? ` also removes ${carried}` : ''}${open}`,
        };
      });
      if (!asked) return;
      const db = ctx.book('update');
      const { client } = found(db, id);
      const voices = listVoices(db, client.id); // to judge the needs of yours it carried, before they go
      const removed = removeInteraction(db, id);
      const carried = carriedWords(removed.parts);
      const reopened = reopenedWords(removed.parts);
      const topics = removed.removedTopics.length
        ? ` (topic ${listed(removed.removedTopics.map((t) => quoted(t.topic)))} removed: raised nowhere else)`
        : '';
      const stays = removed.parts.repairedElsewhere ? '; the conflict it noted a repair on stays repaired (the book does not record which one)' : '';
      ctx.done(
        `Removed interaction #${id} (${interactionLabel(removed.parts.interaction, client)})` +
          `${carried.length ? ` with ${listed(carried)}${topics}` : ''}` +
          `${reopened.length ? `; open again: ${listed(reopened)}` : ''}${stays}.`,
        format,
        () => ({
          ...interactionPartsJson({ ...removed.parts, answeredBids: removed.reopenedBids, heardVoices: removed.reopenedVoices }, client, ctx.now(), voices),
          removed: true,
          removedTopics: removed.removedTopics,
        }),
      );
    });
  withExamples(command, ['crm log remove 17', 'crm log remove 17 --yes --json']);
}

function found(db: Db, id: number): { parts: InteractionParts; client: Client } {
  const parts = interactionPartsOf(db, id);
  return { parts, client: ownerOf(db, parts.interaction.clientId) };
}
