// Client stories as an experienced account manager tells them, each with the band they would give it and
// the causes an explanation must name. Written before the model that scores them (DESIGN.md section 4):
// they are the specification the health score is held to, not a record of what it happens to print.
import type { Band } from '../../src/core/score/index.js';
import type { ClientFacts } from '../../src/core/types.js';
import { story } from './story.js';

export interface Scenario {
  id: string;
  /** The story, in the account manager's words. */
  told: string;
  facts: () => ClientFacts;
  /** The client's share of revenue (for the dependency story); default none. */
  revenueShare?: number;
  band: Band;
  /** Each must match what the user reads first: the caps, "what costs the most" and "what would help". */
  names?: RegExp[];
  /** Each must match somewhere in the scorecard (summaries and lines included). */
  says?: RegExp[];
  /** None may match the caps, reasons or actions. */
  never?: RegExp[];
  confidence?: 'low' | 'medium' | 'high';
}

/** A warm, long-standing client: the background most stories change one thing against. */
function warmClient(name: string, options: { sinceDays?: number; cadenceDays?: number; lastCallDays?: number } = {}) {
  const cadence = options.cadenceDays ?? 30;
  const since = options.sinceDays ?? 700;
  const s = story({ name, sinceDays: since, cadenceDays: cadence });
  const last = options.lastCallDays ?? 5;
  for (let d = last; d < since; d += cadence) s.talk(d, { channel: 'video', tone: 1 });
  for (let d = last + 6; d < Math.min(since, 400); d += 45) s.bid(d, 'can you send the status report?', { answeredAfterHours: 4 });
  for (let d = 40; d < Math.min(since, 400); d += 30) s.invoice(d + 25, 2000, { terms: 30, paidAfterDays: 25 });
  s.appreciation(Math.max(last + 20, 60), 'to-client', 'gift');
  s.appreciation(Math.max(last + 10, 100), 'from-client', 'referral');
  return s;
}

export const SCENARIOS: Scenario[] = [
  {
    id: 'warm-perpetual-topic',
    told:
      'Northwind: three years together, fortnightly video calls that are always warm, requests answered the same ' +
      'morning, every invoice paid on time. Pricing comes up every spring and autumn and we talk it through calmly. ' +
      'That is a perpetual topic handled well: healthy.',
    facts: () => {
      const s = warmClient('Northwind', { sinceDays: 1100, cadenceDays: 14, lastCallDays: 3 });
      for (const d of [700, 520, 340, 160, 20]) s.conflict(d, 'pricing', { tone: 0 });
      return s.build();
    },
    band: 'healthy',
    never: [/repair.*pricing/i, /gridlock/i, /pricing.*not (yet )?repaired/i],
  },
  {
    id: 'ignored-bids-perfect-payment',
    told:
      'Soylent pays every invoice on time and our monthly calls are friendly, but five of their last seven requests ' +
      'got no answer, the oldest three weeks ago. Money does not make up for turning away: watch, and answer them.',
    facts: () => {
      const s = warmClient('Soylent', { lastCallDays: 10 });
      for (const d of [24, 18]) s.bid(d, 'please check the invoice address', { answeredAfterHours: 3 });
      for (const [d, text] of [[21, 'can you send the Q3 numbers?'], [15, 'update the logo on the site'], [10, 'when is the next release?'], [6, 'add Jo to the project'], [3, 'send the contract draft']] as const) {
        s.bid(d, text);
      }
      return s.build();
    },
    band: 'watch',
    names: [/answer/i, /5 (requests|bids|messages)|waiting/i],
  },
  {
    id: 'large-invoice-45-days',
    told:
      'Initech is lovely to work with, but the EUR 12,000 invoice for the migration is 45 days overdue. That is ' +
      'serious money and my own need not being met: watch, and the invoice must be named.',
    facts: () => warmClient('Initech').invoice(75, 12000, { terms: 30, number: 'INV-MIG' }).build(),
    band: 'watch',
    names: [/INV-MIG/, /45 days/],
  },
  {
    id: 'large-invoice-90-days',
    told: 'The same, at 90 days overdue: still watch at the edge of at-risk, and named first.',
    facts: () => warmClient('Initech').invoice(120, 12000, { terms: 30, number: 'INV-MIG' }).build(),
    band: 'watch',
    names: [/INV-MIG/, /90 days/],
  },
  {
    id: 'large-invoice-120-days',
    told: 'Four months overdue on a big invoice: whatever else is good, the relationship is at risk.',
    facts: () => warmClient('Initech').invoice(150, 12000, { terms: 30, number: 'INV-MIG' }).build(),
    band: 'at-risk',
    names: [/INV-MIG/, /120 days/],
  },
  {
    id: 'new-client-good-call',
    told: 'Stark Studio signed three weeks ago; one warm kick-off call today. A good start, but early days.',
    facts: () => {
      const s = story({ name: 'Stark Studio', sinceDays: 21 });
      s.talk(0, { tone: 1 });
      return s.build();
    },
    band: 'healthy',
    says: [/early days/i],
    confidence: 'low',
  },
  {
    id: 'new-client-sour-call',
    told: 'Same start, but the kick-off call was a bit sour. One call is not a verdict: watch, early days.',
    facts: () => {
      const s = story({ name: 'Stark Studio', sinceDays: 21 });
      s.talk(0, { tone: -1 });
      return s.build();
    },
    band: 'watch',
    says: [/early days/i],
    confidence: 'low',
  },
  {
    id: 'back-dated-added-today',
    told:
      'Old Co has been my client since January 2025; I added them to crm today and logged nothing yet. crm knows ' +
      'nothing about them: no score, and certainly not "698 days without contact".',
    facts: () => story({ name: 'Old Co', sinceDays: 698, enteredDays: 0 }).build(),
    band: 'no-data',
    never: [/698/, /no contact/i, /appreciation/i],
  },
  {
    id: 'back-dated-one-good-call',
    told: 'Old Co again, added today, and one good call logged today: a fine start, judged on what crm has seen.',
    facts: () => {
      const s = story({ name: 'Old Co', sinceDays: 698, enteredDays: 0 });
      s.talk(0, { tone: 1 });
      return s.build();
    },
    band: 'healthy',
    never: [/698/, /no appreciation/i, /contact/i],
  },
  {
    id: 'dormant-two-cadences',
    told:
      'Hooli, monthly rhythm, everything fine, but we have not spoken for two months. Still healthy, yet the one ' +
      'thing to do is to get in touch.',
    facts: () => warmClient('Hooli', { lastCallDays: 60 }).build(),
    band: 'healthy',
    names: [/touch|contact/i],
  },
  {
    id: 'dormant-four-cadences',
    told: 'Hooli, four months of silence on a monthly rhythm. Silence is not health: watch, get in touch.',
    facts: () => warmClient('Hooli', { lastCallDays: 120 }).build(),
    band: 'watch',
    names: [/touch|contact/i],
  },
  {
    id: 'turn-to-contempt',
    told:
      'Pied Piper was a joy for two years; in the last three weeks two calls turned contemptuous (eye-rolling, ' +
      '"your code is garbage"). Contempt is the strongest predictor of a breakup: at least watch, and name it.',
    facts: () => {
      const s = warmClient('Pied Piper', { lastCallDays: 25 });
      s.talk(20, { tone: -2, horsemen: ['contempt'] });
      s.talk(12, { tone: 0 });
      s.talk(5, { tone: -2, horsemen: ['contempt'] });
      return s.build();
    },
    band: 'watch',
    names: [/contempt/i],
  },
  {
    id: 'gridlock',
    told:
      'Globex raises scope creep in every meeting, four times in a row now, always heated, never repaired. The ' +
      'rest is fine. A gridlocked topic: watch, and say which.',
    facts: () => {
      const s = warmClient('Globex');
      for (const d of [95, 65, 35, 9]) s.conflict(d, 'scope creep', { tone: -1 });
      return s.build();
    },
    band: 'watch',
    names: [/scope creep/, /gridlock/i],
  },
  {
    id: 'gridlock-talked-through',
    told:
      'Globex again, but last week we sat down and repaired it: agreed a change-request process. The topic is ' +
      'managed now; nobody should tell me to repair it.',
    facts: () => {
      const s = warmClient('Globex');
      for (const d of [95, 65, 35, 9]) s.conflict(d, 'scope creep', { tone: -1 });
      s.conflict(4, 'scope creep', { tone: 1, repaired: true });
      return s.build();
    },
    band: 'healthy',
    never: [/repair.*scope creep/i, /gridlock/i],
  },
  {
    id: 'recovering',
    told:
      'Umbrella paid two months late all last year and we fought about deadlines. Since the summer they pay on time, ' +
      'calls are warm, and we repaired the deadline fight. They have recovered: healthy.',
    facts: () => {
      const s = story({ name: 'Umbrella', sinceDays: 800, cadenceDays: 14 });
      for (let d = 420; d >= 220; d -= 30) s.invoice(d, 3000, { terms: 30, paidAfterDays: 90 });
      s.conflict(330, 'deadlines', { tone: -2, horsemen: ['criticism'] });
      s.conflict(280, 'deadlines', { tone: -1, horsemen: ['defensiveness'] });
      s.conflict(160, 'deadlines', { tone: 1, repaired: true });
      for (let d = 190; d >= 10; d -= 30) s.invoice(d, 3000, { terms: 30, paidAfterDays: 28 });
      for (let d = 2; d < 160; d += 14) s.talk(d, { channel: 'video', tone: 1 });
      for (let d = 8; d < 160; d += 20) s.bid(d, 'can we add a sprint review?', { answeredAfterHours: 5 });
      return s.build();
    },
    band: 'healthy',
    never: [/repair.*deadlines/i],
  },
  {
    id: 'dependency',
    told: 'Umbrella is healthy, and brings 70% of my revenue. Healthy, but the scorecard must warn me about the dependency.',
    facts: () => warmClient('Umbrella').build(),
    revenueShare: 0.7,
    band: 'healthy',
    says: [/70%/, /dependen/i],
  },
  {
    id: 'voice-heard',
    told:
      'I told Wayne that invoices have to be paid within 14 days; they heard it and pay on time since, and they ' +
      'give me feedback on my work. An equal partnership: healthy.',
    facts: () => {
      const s = warmClient('Wayne');
      s.voice(80, 'pay within 14 days', 'heard', 75);
      s.talk(30, { tone: 1, feedback: true });
      s.talk(12, { tone: 1, feedback: true });
      return s.build();
    },
    band: 'healthy',
    says: [/heard/i],
  },
  {
    id: 'voice-ignored-twice',
    told:
      'I asked Cyberdyne twice to stop calling me at weekends; both times ignored. The rest is fine, so still ' +
      'healthy, but crm should say that my need goes unheard.',
    facts: () => {
      const s = warmClient('Cyberdyne');
      s.voice(50, 'no calls at weekends', 'ignored', 40);
      s.voice(20, 'no calls at weekends', 'ignored', 14);
      return s.build();
    },
    band: 'healthy',
    names: [/weekends/, /not heard|unheard|ignored/i],
  },
  {
    id: 'broken-promises',
    told:
      'With Tyrell I keep missing my promises: the revised quote is 20 days overdue, the test report 35 days, and the ' +
      'call-back I promised 10 days ago never happened. They complained about it last week. Trust is eroding: watch.',
    facts: () => {
      const s = warmClient('Tyrell');
      s.promise(40, 20, null, 'the revised quote');
      s.promise(60, 35, null, 'the test report');
      s.promise(14, 10, null, 'call them back about the launch');
      s.bid(7, 'we are still waiting for the quote', { kind: 'complaint', answeredAfterHours: 2 });
      return s.build();
    },
    band: 'watch',
    names: [/revised quote|test report/],
  },
  {
    id: 'one-sided-appreciation',
    told:
      'I thank Acme, compliment their team and send gifts at every milestone; they never show any appreciation back. ' +
      'Fine otherwise, so healthy, but it is not an equal partnership and crm should say so.',
    facts: () => {
      const s = story({ name: 'Acme', sinceDays: 500 });
      for (let d = 5; d < 500; d += 30) s.talk(d, { channel: 'video', tone: 1 });
      for (let d = 11; d < 400; d += 45) s.bid(d, 'can you send the status report?', { answeredAfterHours: 4 });
      for (let d = 40; d < 400; d += 30) s.invoice(d + 25, 2000, { terms: 30, paidAfterDays: 25 });
      for (const d of [15, 60, 120, 200]) s.appreciation(d, 'to-client', 'gift');
      return s.build();
    },
    band: 'healthy',
    says: [/equal|one-sided|only you|never (show|return)/i],
  },
  {
    id: 'hostile-payer',
    told:
      'Massive Dynamic pays on time, but most calls are critical and defensive: four hard calls with criticism to ' +
      'two friendly ones in the last two months. Far below the 5:1 that stable relationships keep: watch.',
    facts: () => {
      const s = story({ name: 'Massive Dynamic', sinceDays: 300 });
      for (const d of [55, 40, 28, 9]) s.talk(d, { tone: -1, horsemen: ['criticism'] });
      for (const d of [48, 15]) s.talk(d, { tone: 1 });
      for (let d = 40; d < 300; d += 30) s.invoice(d + 25, 2000, { terms: 30, paidAfterDays: 20 });
      return s.build();
    },
    band: 'watch',
    names: [/criticism|tone|negative|hard/i],
  },
  {
    id: 'everything-wrong',
    told:
      'Vandelay: complaints unanswered for two weeks, contempt in the last two calls, an invoice 100 days overdue. At risk.',
    facts: () => {
      const s = story({ name: 'Vandelay', sinceDays: 400 });
      for (let d = 60; d < 400; d += 30) s.talk(d, { tone: 1 });
      s.bid(16, 'the export is broken', { kind: 'complaint' });
      s.bid(13, 'nobody answers us', { kind: 'complaint' });
      s.talk(10, { tone: -2, horsemen: ['contempt'] });
      s.talk(4, { tone: -2, horsemen: ['contempt', 'stonewalling'] });
      s.invoice(130, 5000, { terms: 30, number: 'INV-OLD' });
      return s.build();
    },
    band: 'at-risk',
    names: [/contempt/i, /INV-OLD/, /answer/i],
  },
  {
    id: 'complaint-then-silence',
    told:
      'Kramerica complained 20 days ago that the shop lost orders; I never answered and we have not spoken since, on ' +
      'a fortnightly rhythm. Everything before was good. Watch, and answer that complaint first.',
    facts: () => {
      const s = warmClient('Kramerica', { cadenceDays: 14, lastCallDays: 22 });
      s.bid(20, 'the shop lost three orders', { kind: 'complaint' });
      return s.build();
    },
    band: 'watch',
    names: [/lost three orders|complaint/i],
  },
  {
    id: 'calm-mailer',
    told: 'Bluth: email only, a monthly status mail from me, no requests, no drama, pays on time. Quietly healthy.',
    facts: () => {
      const s = story({ name: 'Bluth', sinceDays: 400 });
      for (let d = 8; d < 400; d += 30) s.talk(d, { channel: 'email', tone: 0 });
      for (let d = 40; d < 400; d += 30) s.invoice(d + 25, 1500, { terms: 30, paidAfterDays: 26 });
      return s.build();
    },
    band: 'healthy',
  },
  {
    id: 'inside-cadence',
    told: 'Wonka, every two weeks by design; we spoke 12 days ago and all is well. Nothing about contact should worry me.',
    facts: () => warmClient('Wonka', { cadenceDays: 14, lastCallDays: 12 }).build(),
    band: 'healthy',
    never: [/touch|contact/i],
  },
  {
    id: 'new-client-late-first-invoice',
    told: 'Dunder signed 40 days ago: one neutral call, and their first invoice is 10 days late. Too early to call: watch, early days.',
    facts: () => {
      const s = story({ name: 'Dunder', sinceDays: 40, cadenceDays: 30 });
      s.talk(30, { tone: 0 });
      s.invoice(40, 900, { terms: 30 });
      return s.build();
    },
    band: 'watch',
    confidence: 'low',
  },
  {
    id: 'heated-but-repaired',
    told:
      'Yesterday a heated call with Cyberdyne about code ownership (tone -2), and we repaired it before hanging up. A ' +
      'repaired fight in a good relationship is not a wound: healthy, and nothing left to repair.',
    facts: () => {
      const s = warmClient('Cyberdyne');
      s.conflict(1, 'code ownership', { tone: -2, repaired: true });
      return s.build();
    },
    band: 'healthy',
    never: [/repair/i],
  },
];
