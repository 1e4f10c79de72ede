// A synthetic book of any size, deterministic for a seed: for benchmarks, and for trying crm at scale.
// Rows are generated lazily and handed to the store's bulk loader, so a million interactions never sit
// in memory at once.
import { addDays, DAY_MS, HOUR_MS, localInstant } from '../core/dates.js';
import { APPRECIATION_FROM_CLIENT, APPRECIATION_TO_CLIENT, CHANNELS, HORSEMEN, type Moment } from '../core/types.js';
import type { BulkSource } from '../store/bulk.js';

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

export function syntheticBook(size: SyntheticSize, now: Moment): BulkSource {
  const rnd = random(size.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const years = 4;
  const clients = Array.from({ length: size.clients }, (_, i) => {
    const sinceDays = Math.floor(rnd() * years * 365);
    return {
      id: i + 1,
      name: `${pick(FIRST)} ${pick(SECOND)} ${i + 1}`,
      sinceDays,
      since: addDays(now.today, -sinceDays),
      cadenceHours: pick([7, 14, 30, 30, 60]) * 24,
      replyWithinHours: pick([4, 8, 24, 24, 48]),
      // Some clients are much busier than others.
      weight: rnd() ** 3 + 0.05,
    };
  });
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
      createdAt: localInstant(c.since, 9),
      tags: rnd() < 0.3 ? ['retainer'] : ['project'],
    })),
    *interactions() {
      const counts = shareOf(size.interactions);
      let made = 0;
      for (let i = 0; i < clients.length && made < size.interactions; i++) {
        const client = clients[i]!;
        const count = i === clients.length - 1 ? size.interactions - made : Math.min(counts[i]!, size.interactions - made);
        const span = Math.max(1, client.sinceDays) * DAY_MS;
        const start = now.at - span;
        for (let k = 0; k < count; k++) {
          made++;
          const at = Math.floor(start + (span * (k + rnd())) / count);
          const roll = rnd();
          const tone = roll < 0.55 ? 0 : roll < 0.85 ? 1 : roll < 0.9 ? 2 : roll < 0.98 ? -1 : -2;
          const bid = rnd() < 0.12;
          const answered = bid && rnd() < 0.85;
          const answerDelay = (rnd() < 0.8 ? rnd() * client.replyWithinHours : client.replyWithinHours * (1 + rnd() * 4)) * HOUR_MS;
          const conflict = rnd() < 0.03;
          const appreciation = rnd() < 0.05;
          yield {
            clientId: client.id,
            at,
            channel: pick(CHANNELS),
            fromClient: rnd() < 0.4,
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
            conflict: conflict ? { topic: pick(TOPICS), repaired: rnd() < 0.6 } : null,
            appreciation: appreciation
              ? rnd() < 0.5
                ? { direction: 'to-client', kind: pick(APPRECIATION_TO_CLIENT) }
                : { direction: 'from-client', kind: pick(APPRECIATION_FROM_CLIENT) }
              : null,
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
          const issuedDays = Math.floor(rnd() * Math.min(client.sinceDays + 1, 730));
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
