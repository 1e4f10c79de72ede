// Importing interactions from a spreadsheet: each row one call, mail or meeting of a client in the book.
import { InputError } from '../../core/errors.js';
import { CHANNELS, HORSEMEN, type Channel, type Horseman, type Moment } from '../../core/types.js';
import { clientCandidates } from '../../store/clients.js';
import { logInteraction } from '../../store/interactions.js';
import type { Db } from '../../store/open.js';
import type { Context } from '../../context.js';
import { parseChoice, parseText, parseTone } from '../../core/validate.js';
import type { Tally } from './clients.js';
import { field, parseBoolean } from './fields.js';

export const INTERACTION_ALIASES = {
  client: ['client name', 'name', 'customer'],
  at: ['when', 'date', 'time', 'datetime'],
  channel: ['via', 'medium', 'type'],
  summary: ['notes', 'note', 'subject', 'description'],
  tone: ['mood', 'sentiment'],
  fromClient: ['from client', 'inbound', 'initiated by client'],
  horsemen: ['horseman'],
  feedback: [],
} as const;
/** crm's own CSV export has these; a repair needs a conflict topic, which a spreadsheet row does not carry. */
export const INTERACTION_IGNORED = ['id', 'repair'] as const;

export class InteractionImporter {
  readonly tally: Tally = { added: 0, updated: 0, skipped: 0 };

  constructor(private db: Db, private ctx: Context, private now: Moment) {}

  import(record: Map<string, string>, where: string): void {
    const clientText = record.get('client')?.trim() ?? '';
    if (!clientText) throw new InputError(`${where}, column client: the client is empty`);
    const found = clientCandidates(this.db, clientText);
    const client = found.exact ?? found.byId;
    if (!client) throw new InputError(`${where}, column client: no client "${clientText}" in the book (import the clients first)`);
    const atText = record.get('at')?.trim() ?? '';
    if (!atText) throw new InputError(`${where}, column at: the time is empty`);
    const at = field(where, 'at', () => this.ctx.parseTime(atText, 'noon', 'at'));
    if (at > this.now.at + 60_000) throw new InputError(`${where}, column at: "${atText}" is in the future`);
    const cell = (name: string) => record.get(name)?.trim() ?? '';
    const channel = cell('channel') ? field(where, 'channel', () => parseChoice(cell('channel'), CHANNELS, 'channel') as Channel) : 'other';
    const tone = cell('tone')
      ? field(where, 'tone', () => parseTone(cell('tone'), 'tone'))
      : 0;
    const horsemen = cell('horsemen')
      ? field(where, 'horsemen', () => cell('horsemen').split(/[,;]/).map((h) => parseChoice(h, HORSEMEN, 'horseman') as Horseman))
      : [];
    logInteraction(this.db, {
      clientId: client.id,
      at,
      channel,
      fromClient: field(where, 'fromClient', () => parseBoolean(cell('fromClient'), 'fromClient')),
      tone,
      summary: cell('summary') ? field(where, 'summary', () => parseText('summary', cell('summary'), 'summary')) : null,
      horsemen,
      feedback: field(where, 'feedback', () => parseBoolean(cell('feedback'), 'feedback')),
      repair: false,
      bids: [],
      answer: null,
      conflictTopic: null,
      appreciations: [],
      needs: [],
      followUp: null,
      now: this.now.at,
    });
    this.tally.added++;
  }
}
