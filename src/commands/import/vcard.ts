// Clients from an address book (.vcf): one per card. A card without a name is skipped with a line on stderr (an
// Android export holds e-mail-only cards), the named ones import; everything else about a card is checked as
// a spreadsheet row is, and a bad value stops the import whole.
import type { Context } from '../../context.js';
import { InputError } from '../../core/errors.js';
import { parseVCards } from '../../core/vcard.js';
import type { Moment } from '../../core/types.js';
import type { Db } from '../../store/open.js';
import { ClientImporter, type OnConflict, type Tally } from './clients.js';
import type { Input, Progress } from './read.js';

export async function importVCards(
  db: Db,
  ctx: Context,
  now: Moment,
  input: Input,
  encoding: string | undefined,
  onConflict: OnConflict,
  progress: Progress,
): Promise<Tally & { rows: number; unnamed: number }> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of input.bytes) {
    chunks.push(chunk);
    progress.advance(chunk.length, 0);
  }
  const contacts = parseVCards(Buffer.concat(chunks), encoding);
  if (!contacts.length) throw new InputError(`${input.name} holds no vCard (BEGIN:VCARD ... END:VCARD)`);
  const importer = new ClientImporter(db, now, onConflict);
  let unnamed = 0;
  for (const contact of contacts) {
    const where = `card ${contact.index}`;
    if (!contact.name) {
      ctx.info(`crm: ${where}: no name (FN or N); skipped`);
      unnamed++;
      continue;
    }
    const record = new Map<string, string>([['name', contact.name]]);
    if (contact.email) record.set('email', contact.email);
    if (contact.organisation) record.set('company', contact.organisation);
    if (contact.note) record.set('note', contact.note);
    // Tags as a spreadsheet's: split at commas (Thunderbird escapes them, "a\, b"), lower-cased, each once.
    if (contact.categories.length) record.set('tags', contact.categories.join(','));
    importer.import(record, where);
  }
  const { tally } = importer;
  return { ...tally, skipped: tally.skipped + unnamed, rows: contacts.length, unnamed };
}
