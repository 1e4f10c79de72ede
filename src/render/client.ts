// The text of `crm client show`: a profile card a person reads before a meeting.
import type { Context } from '../context.js';
import { localDateOf } from '../core/dates.js';
import { formatMoney } from '../core/money.js';
import { voiceKey, type TopicState } from '../core/relationship.js';
import type { bidJson, clientJson, followUpJson, interactionJson, invoiceJson, needJson, topicJson, voiceJson } from './json.js';
import { palette } from './style.js';
import { truncate } from './table.js';

export type ClientCard = ReturnType<typeof clientJson> & {
  needs: ReturnType<typeof needJson>[];
  openBids: ReturnType<typeof bidJson>[];
  topics: ReturnType<typeof topicJson>[];
  invoices: ReturnType<typeof invoiceJson>[];
  followUps: ReturnType<typeof followUpJson>[];
  latestInteractions: ReturnType<typeof interactionJson>[];
  /** needs of the user's own raised with the client, each raising oldest first */
  voices: ReturnType<typeof voiceJson>[];
};

/** A topic's state in plain words, as `crm health` says it. */
export const TOPIC_STATE_WORDS: Record<TopicState, string> = {
  managed: 'talked through',
  open: 'open',
  gridlocked: 'gridlocked',
  resolved: 'resolved',
};

export function renderClientCard(card: ClientCard, ctx: Context, locale = 'en-US'): string {
  const c = palette(ctx.color);
  const width = Math.max(40, ctx.width);
  const line = (text: string) => truncate(text, width);
  const out: string[] = [];
  out.push(`${c.bold(card.name)} ${c.dim(`#${card.id}`)}${card.status === 'active' ? '' : c.yellow(`  (${card.status}${card.endedOn ? ` ${card.endedOn}` : ''})`)}`);
  const facts = [card.company, card.email, card.tags.length ? card.tags.map((t) => `#${t}`).join(' ') : null].filter(Boolean);
  if (facts.length) out.push(line(facts.join(' · ')));
  out.push(line(`Since ${card.since} · keep in touch every ${card.cadenceDays} days · replies expected within ${card.replyWithinHours} h`));
  if (card.lastContact) out.push(line(`Last in touch before crm: ${card.lastContact}`));
  if (card.endReason) out.push(line(`Ended: ${card.endReason}`));
  if (card.note) out.push(line(`Note: ${card.note}`));

  const section = (title: string, rows: string[]) => {
    if (!rows.length) return;
    out.push('', c.bold(title));
    for (const row of rows) out.push(line(`  ${row}`));
  };
  section('Needs and goals', card.needs.map((n) => `${n.kind}: ${n.text}`));
  section(
    'Open bids',
    card.openBids.map((b) => `#${b.id} ${day(b.at)} ${b.kind}: ${b.text}${b.status === 'overdue' ? c.red(' (past reply window)') : ''}`),
  );
  section(
    'Conflict topics',
    card.topics.map((t) => {
      const state = TOPIC_STATE_WORDS[t.state];
      return `${t.topic}: ${t.state === 'gridlocked' ? c.red(state) : state}, raised ${t.timesRaised}×, last ${t.lastRaised ? day(t.lastRaised) : '-'}`;
    }),
  );
  section('Your own needs', yourNeeds(card.voices).map((need) => {
    const outcome =
      need.needIgnored ? c.red(`ignored (raised ${need.timesRaised}×, not heard)`)
      : need.outcome === 'open' ? `open${need.timesRaised > 1 ? ` (raised ${need.timesRaised}×)` : ''}`
      : need.outcome === 'heard' ? c.green(`heard ${day(need.outcomeAt!)}`)
      : `ignored ${day(need.outcomeAt!)}`;
    return `#${need.id} ${day(need.raisedAt)} ${outcome}: ${need.text}`;
  }));
  section(
    'Invoices',
    card.invoices.map((i) => {
      const money = formatMoney(i.amountMinor, i.currency, locale);
      const state = i.status === 'overdue' ? c.red(`overdue ${i.daysOverdue} d`) : i.status;
      const paid = i.paidMinor && i.status !== 'paid' ? `, paid ${formatMoney(i.paidMinor, i.currency, locale)}` : '';
      return `${i.number} ${money} due ${i.due}: ${state}${paid}`;
    }),
  );
  section('Follow-ups', card.followUps.map((f) => `#${f.id} ${f.due}${f.overdue ? c.red(' (overdue)') : ''}: ${f.text}`));
  section(
    'Latest interactions',
    card.latestInteractions.map((i) => {
      const who = i.fromClient ? 'from client' : 'by you';
      const tone = i.tone > 0 ? c.green(`+${i.tone}`) : i.tone < 0 ? c.red(String(i.tone)) : '';
      return `${day(i.at)} ${i.channel} ${who}${tone ? ` ${tone}` : ''}${i.summary ? `: ${i.summary}` : ''}`;
    }),
  );
  return out.join('\n');
}

/** Each need of the user's once, by its latest raising: the one to mark heard, and what came of it. */
function yourNeeds(voices: ReturnType<typeof voiceJson>[]): ReturnType<typeof voiceJson>[] {
  const latest = new Map<string, ReturnType<typeof voiceJson>>();
  for (const voice of voices) latest.set(voiceKey(voice.text), voice); // oldest first: the last one wins
  return [...latest.values()];
}

/** The user's local date of an ISO instant. */
export function day(iso: string): string {
  return localDateOf(Date.parse(iso));
}
