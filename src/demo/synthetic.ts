// A synthetic book of any size, deterministic for a seed: for benchmarks, and for trying crm at scale.
// Rows are generated lazily and handed to the store's bulk loader, so a million interactions never sit
// in memory at once.
import { addDays, DAY_MS, HOUR_MS, localDateOf, localInstant } from '../core/dates.js';
import { APPRECIATION_FROM_CLIENT, APPRECIATION_TO_CLIENT, CHANNELS, HORSEMEN, NEED_KINDS, type Instant, type Moment } from '../core/types.js';
import type { BulkInteraction, BulkSource } from '../store/bulk.js';

export interface SyntheticSize {
  clients: number;
  interactions: number;
  invoices: number;
  seed: number;
}

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Soylent', 'Tyrell', 'Cyberdyne', 'Pied', 'Wonka', 'Gringotts', 'Aperture', 'Black Mesa', 'Oscorp', 'Vandelay', 'Prestige', 'Monarch', 'Nakatomi'];
const SECOND = ['Labs', 'Studio', 'Systems', 'Foods', 'Health', 'Traders', 'Works', 'Digital', 'Partners', 'Media', 'Logistics', 'Capital', 'Design', 'Foundation', 'Group'];
const TOPICS = ['scope creep', 'pricing', 'deadlines', 'ownership of the code', 'meeting times', 'payment terms'];
const SUMMARIES = ['weekly call', 'status update', 'sprint demo', 'planning session', 'quick question', 'review of the draft', 'kick-off', 'retro'];
const BIDS = ['can you send the numbers?', 'please review the draft', 'can we move the meeting?', 'send the quote', 'need help with the deploy'];
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'EUR', 'USD', 'GBP'];
const PROMISES = ['send the revised quote', 'share the meeting notes', 'deliver the first draft', 'call back about the budget', 'send the test plan'];
const VOICES = ['payment within 14 days', 'feedback on drafts within a week', 'scope changes in writing', 'meetings booked a day ahead', 'no calls after 6 pm'];
const NEEDS = ['a written summary every week', 'fast replies on launch days', 'enter the Nordic market', 'calls rather than mail', 'one invoice a month'];

export function syntheticBook(size: SyntheticSize, now: Moment): BulkSource {
  const rnd = random(size.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const years = 4;
  const clients = Array.from({ length: size.clients }, (_, i) => {
    const sinceDays = Math.floor(rnd() * years * 365);
    // Some relationships began before the book: it follows them from a later day, and may know their last contact.
    const backDated = rnd() < 0.15;
    const trackedDays = backDated ? Math.floor(rnd() * sinceDays) : sinceDays;
    const since = addDays(now.today, -sinceDays);
    const lastContact = backDated && trackedDays < sinceDays && rnd() < 0.5 ? addDays(since, Math.floor(rnd() * (sinceDays - trackedDays))) : null;
    return {
      id: i + 1,
      name: `${pick(FIRST)} ${pick(SECOND)} ${i + 1}`,
      since,
      trackedDays,
      trackedFrom: Math.min(localInstant(addDays(now.today, -trackedDays), 9), now.at),
      lastContact,
      cadenceHours: pick([7, 14, 30, 30, 60]) * 24,
      replyWithinHours: pick([4, 8, 24, 24, 48]),
      // Some clients are much busier than others.
      weight: rnd() ** 3 + 0.05,
    };
  });
  /** A follow-up promised at `at`, due within two weeks: most kept by the due date, some late, some overdue. */
  const promise = (at: Instant): BulkInteraction['followUp'] => {
    const due = addDays(localDateOf(at), 1 + Math.floor(rnd() * 14));
    const dueEnd = localInstant(due, 18);
    const roll = rnd();
    let doneAt: Instant | null = null;
    if (roll < 0.7) doneAt = Math.floor(at + rnd() * (dueEnd - at));
    else if (roll < 0.85) doneAt = dueEnd + (1 + Math.floor(rnd() * 10)) * DAY_MS;
    return { due, text: pick(PROMISES), doneAt: doneAt !== null && doneAt <= now.at ? doneAt : null };
  };
  /** A need of the user's own raised at `at`: heard, ignored or still open. */
  const raising = (at: Instant): BulkInteraction['voice'] => {
    const text = pick(VOICES);
    const roll = rnd();
    const outcomeAt = Math.floor(at + (1 + rnd() * 20) * DAY_MS);
    if (roll >= 0.7 || outcomeAt > now.at) return { text, outcome: 'open', outcomeAt: null };
    return { text, outcome: roll < 0.5 ? 'heard' : 'ignored', outcomeAt };
  };
  const totalWeight = clients.reduce((sum, c) => sum + c.weight, 0);
  const shareOf = (count: number) => clients.map((c) => Math.round((count * c.weight) / totalWeight));

  return {
    clients: clients.map((c) => ({
      id: c.id,
      name: c.name,
      email: `contact${c.id}@client${c.id}.example`,
      company: c.name,
      since: c.since,
      cadenceHours: c.cadenceHours,
      replyWithinHours: c.replyWithinHours,
      createdAt: c.trackedFrom,
      lastContact: c.lastContact,
      tags: rnd() < 0.3 ? ['retainer'] : ['project'],
    })),
    *interactions() {
      const counts = shareOf(size.interactions);
      let made = 0;
      for (let i = 0; i < clients.length && made < size.interactions; i++) {
        const client = clients[i]!;
        const count = i === clients.length - 1 ? size.interactions - made : Math.min(counts[i]!, size.interactions - made);
        // History starts when the book started following the client: no row before it.
        const start = client.trackedFrom;
        const span = Math.max(HOUR_MS, now.at - start);
        for (let k = 0; k < count; k++) {
          made++;
          const at = Math.floor(start + (span * (k + rnd())) / count);
          const roll = rnd();
          const tone = roll < 0.55 ? 0 : roll < 0.85 ? 1 : roll < 0.9 ? 2 : roll < 0.98 ? -1 : -2;
          const fromClient = rnd() < 0.4;
          const bid = rnd() < 0.12;
          const answered = bid && rnd() < 0.85;
          const answerDelay = (rnd() < 0.8 ? rnd() * client.replyWithinHours : client.replyWithinHours * (1 + rnd() * 4)) * HOUR_MS;
          const conflict = rnd() < 0.03;
          const appreciation = rnd() < 0.05;
          yield {
            clientId: client.id,
            at,
            channel: pick(CHANNELS),
            fromClient,
            tone,
            summary: pick(SUMMARIES),
            horsemen: rnd() < 0.01 ? [pick(HORSEMEN)] : [],
            feedback: rnd() < 0.05,
            bid: bid
              ? {
                  text: pick(BIDS),
                  kind: tone < 0 ? 'complaint' : 'request',
                  answeredAt: answered && at + answerDelay < now.at ? Math.floor(at + answerDelay) : null,
                }
              : null,
            conflict: conflict ? { topic: pick(TOPICS), repaired: rnd() < 0.6, resolved: rnd() < 0.1 } : null,
            appreciation: appreciation
              ? rnd() < 0.5
                ? { direction: 'to-client', kind: pick(APPRECIATION_TO_CLIENT) }
                : { direction: 'from-client', kind: pick(APPRECIATION_FROM_CLIENT) }
              : null,
            need: rnd() < 0.01 ? { text: pick(NEEDS), kind: pick(NEED_KINDS) } : null,
            followUp: rnd() < 0.025 ? promise(at) : null,
            voice: !fromClient && rnd() < 0.02 ? raising(at) : null,
          } as const;
        }
      }
    },
    *invoices() {
      const counts = shareOf(size.invoices);
      let made = 0;
      for (let i = 0; i < clients.length && made < size.invoices; i++) {
        const client = clients[i]!;
        const count = i === clients.length - 1 ? size.invoices - made : Math.min(counts[i]!, size.invoices - made);
        const currency = pick(CURRENCIES);
        for (let k = 0; k < count; k++) {
          made++;
          const issuedDays = Math.floor(rnd() * Math.min(client.trackedDays + 1, 730));
          const issued = addDays(now.today, -issuedDays);
          const due = addDays(issued, pick([14, 30, 30, 45]));
          const amountMinor = (5 + Math.floor(rnd() * 200)) * 10_000;
          const paidAfter = rnd() < 0.7 ? Math.floor(rnd() * 35) : rnd() < 0.5 ? 30 + Math.floor(rnd() * 60) : null;
          const paidOn = paidAfter === null ? null : addDays(issued, paidAfter);
          yield {
            clientId: client.id,
            number: `INV-${made}`,
            amountMinor,
            currency,
            issued,
            due,
            paidOn: paidOn !== null && paidOn <= now.today ? paidOn : null,
          };
        }
      }
    },
  };
}
