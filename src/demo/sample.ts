// The demo book: a dozen clients, each showing a different side of relationship health,
// dated relative to "now" so the demo reads the same whatever day it runs.
import { addDays, localInstant, DAY_MS } from '../core/dates.js';
import type { Moment } from '../core/types.js';
import { answerBid } from '../store/bids.js';
import { addClient, endClient, type NewClient } from '../store/clients.js';
import { addFollowUp, completeFollowUp } from '../store/followups.js';
import { logInteraction, type NewInteraction } from '../store/interactions.js';
import { addInvoice, payInvoice } from '../store/invoices.js';
import type { Db } from '../store/open.js';
import { setVoiceOutcome } from '../store/voices.js';

type Log = Partial<Omit<NewInteraction, 'clientId' | 'at' | 'now'>>;

export function fillSampleBook(db: Db, now: Moment): number {
  const day = (offset: number) => addDays(now.today, offset);
  const at = (offset: number, hour = 10) => Math.min(localInstant(day(offset), hour), now.at);
  let count = 0;

  const client = (name: string, sinceDays: number, extra: Partial<NewClient> = {}) => {
    count++;
    return addClient(db, { name, since: day(-sinceDays), createdAt: now.at - sinceDays * DAY_MS, ...extra }).id;
  };
  const log = (clientId: number, offset: number, entry: Log, hour = 10) =>
    logInteraction(db, {
      clientId, at: at(offset, hour), channel: 'call', fromClient: false, tone: 0, summary: null, horsemen: [],
      feedback: false, bids: [], answer: null, conflictTopic: null, repair: false, appreciations: [], needs: [],
      followUp: null, voices: [], heard: null, now: now.at, ...entry,
    });
  const invoice = (clientId: number, amount: number, issuedDays: number, termsDays: number, paidAfterDays: number | null, currency = 'EUR') => {
    const issued = day(-issuedDays);
    const created = addInvoice(db, { clientId, number: null, amountMinor: amount * 100, currency, issued, due: addDays(issued, termsDays), note: null });
    if (paidAfterDays !== null && paidAfterDays <= issuedDays) payInvoice(db, created.number, null, addDays(issued, paidAfterDays));
    return created.number;
  };

  db.transaction(() => {
    // Thriving: answered in time, appreciated both ways, pays on time. Anniversary coming up.
    const northwind = client('Northwind Traders', 3 * 365 - 9, { company: 'Northwind Traders Ltd', email: 'anna@northwind.example', tags: ['retainer'], cadenceHours: 14 * 24 });
    for (const offset of [-80, -66, -52, -38, -24, -10]) {
      const bid = log(northwind, offset, { fromClient: true, channel: 'email', bids: [{ text: 'quick question on the roadmap?', kind: 'question' }] }, 9);
      answerBid(db, bid.bidIds[0]!, { at: at(offset, 15), response: 'toward', interactionId: null });
      log(northwind, offset + 2, { channel: 'video', tone: 1, summary: 'fortnightly review' });
    }
    log(northwind, -45, { appreciations: [{ direction: 'to-client', kind: 'gift' }], tone: 2, summary: 'sent flowers for their 10th anniversary' });
    log(northwind, -20, { fromClient: true, appreciations: [{ direction: 'from-client', kind: 'referral' }], feedback: true, tone: 2, summary: 'referred us to Pied Piper' });
    log(northwind, -5, { channel: 'in-person', tone: 2, summary: 'lunch with Anna', needs: [{ kind: 'goal', text: 'open a Berlin office next year' }] });
    for (const months of [5, 4, 3, 2, 1]) invoice(northwind, 4000, months * 30, 30, 20);

    // In trouble: unanswered bids, complaints, a gridlocked conflict, an invoice 65 days overdue.
    const globex = client('Globex Corporation', 500, { company: 'Globex', email: 'hank@globex.example', tags: ['project'], replyWithinHours: 8 });
    log(globex, -110, { conflictTopic: 'scope creep', tone: -1, summary: 'extra screens "included"?' });
    log(globex, -75, { conflictTopic: 'scope creep', tone: -1, horsemen: ['criticism'], summary: 'again: more screens, same budget' });
    log(globex, -12, { fromClient: true, channel: 'email', bids: [{ text: 'the staging site is down', kind: 'complaint' }], tone: -1 });
    log(globex, -9, { fromClient: true, channel: 'email', bids: [{ text: 'when do we get the new estimate?', kind: 'question' }], tone: -1, horsemen: ['criticism'] });
    log(globex, -4, { fromClient: true, channel: 'call', bids: [{ text: 'call us back today', kind: 'request' }], tone: -2, horsemen: ['contempt'] });
    invoice(globex, 6500, 95, 30, null);
    invoice(globex, 2200, 20, 30, null);

    // Drifting: silence past the cadence, a late answer.
    const initech = client('Initech', 400, { company: 'Initech', tags: ['project'] });
    const late = log(initech, -70, { fromClient: true, channel: 'email', bids: [{ text: 'can you review the TPS spec?', kind: 'question' }] });
    answerBid(db, late.bidIds[0]!, { at: at(-66), response: 'toward', interactionId: null });
    log(initech, -52, { tone: 1, summary: 'spec review call' });
    addFollowUp(db, initech, day(-40), 'send the TPS review notes', at(-52));
    invoice(initech, 1800, 80, 30, 41);

    // The big one: healthy, but most of the revenue comes from here.
    const umbrella = client('Umbrella Health', 700, { company: 'Umbrella Health AG', tags: ['retainer', 'key'], cadenceHours: 7 * 24 });
    for (const offset of [-60, -46, -32, -18, -4]) {
      const bid = log(umbrella, offset, { fromClient: true, bids: [{ text: 'priority change for the sprint', kind: 'request' }], tone: 1 });
      answerBid(db, bid.bidIds[0]!, { at: at(offset, 13), response: 'toward', interactionId: null });
    }
    log(umbrella, -30, { appreciations: [{ direction: 'to-client', kind: 'milestone' }], tone: 2, summary: 'celebrated the launch' });
    log(umbrella, -3, { feedback: true, tone: 1, summary: 'quarterly feedback: happy with pace' });
    for (const months of [10, 8, 6, 4, 2]) invoice(umbrella, 18000, months * 30, 30, 25);

    // Brand new: one warm kick-off call. Early days: the score leans on the starting point.
    const stark = client('Stark Studio', 6, { company: 'Stark Studio', email: 'pepper@stark.example', tags: ['lead'] });
    log(stark, -1, { channel: 'video', tone: 1, summary: 'kick-off: brand refresh' });
    // Added today, nothing logged: crm knows nothing yet (no-data), whatever happened before.
    client('Oscorp', 0, { company: 'Oscorp Industries', since: day(-400), tags: ['lead'] });

    // A perpetual conflict, handled well: raised again and again, repaired each time.
    const wayne = client('Wayne Foundation', 900, { company: 'Wayne Foundation', tags: ['retainer'] });
    for (const offset of [-150, -90, -35]) log(wayne, offset, { conflictTopic: 'pricing', repair: true, tone: 0, summary: 'annual rate talk, agreed a middle ground' });
    const terms = log(wayne, -70, { tone: 1, voices: ['invoices paid within 14 days'], summary: 'asked for 14-day payment terms' });
    setVoiceOutcome(db, terms.voiceIds[0]!, 'heard', at(-63));
    log(wayne, -15, { tone: 1, appreciations: [{ direction: 'from-client', kind: 'thanks' }], feedback: true, summary: 'thank-you note for the gala site' });
    log(wayne, -8, { tone: 1, appreciations: [{ direction: 'to-client', kind: 'thanks' }], summary: 'thanked Alfred for the quick sign-off' });
    invoice(wayne, 3000, 40, 30, 28);

    // Watch: money waiting, a partial payment, some defensiveness.
    const acme = client('Acme GmbH', 240, { company: 'Acme GmbH', email: 'ops@acme.example', tags: ['project'] });
    log(acme, -25, { tone: -1, horsemen: ['defensiveness'], summary: 'pushed back on the QA findings' });
    log(acme, -14, { tone: 1, summary: 'sprint demo went well' });
    for (const offset of [-60, -21]) {
      const raised = log(acme, offset, { voices: ['scope changes in writing, not by phone'], summary: 'asked for change requests in writing' });
      setVoiceOutcome(db, raised.voiceIds[0]!, 'ignored', at(offset + 7));
    }
    const acmeInvoice = invoice(acme, 5000, 40, 30, null);
    payInvoice(db, acmeInvoice, 200000, day(-5));
    invoice(acme, 2400, 25, 30, null);

    // Was healthy a month ago; contempt and stonewalling since.
    const hooli = client('Hooli', 300, { company: 'Hooli', tags: ['project'] });
    for (const offset of [-70, -60, -50, -40]) log(hooli, offset, { tone: 2, feedback: true, summary: 'great collaboration' });
    log(hooli, -45, { appreciations: [{ direction: 'from-client', kind: 'testimonial' }], tone: 2 });
    log(hooli, -20, { tone: -2, horsemen: ['contempt'], conflictTopic: 'ownership of the code', summary: '"your code is garbage"' });
    log(hooli, -12, { tone: -2, horsemen: ['stonewalling'], conflictTopic: 'ownership of the code', summary: 'no answer to three mails' });
    log(hooli, -6, { fromClient: true, channel: 'email', bids: [{ text: 'we need the repo handed over', kind: 'request' }], tone: -1 });

    // Steady but taken for granted: no appreciation, feedback or goals talk in months.
    const soylent = client('Soylent Foods', 800, { company: 'Soylent Foods', tags: ['retainer'] });
    log(soylent, -200, { needs: [{ kind: 'goal', text: 'cut delivery time in half' }], tone: 1 });
    log(soylent, -130, { appreciations: [{ direction: 'to-client', kind: 'discount' }], tone: 1 });
    for (const offset of [-60, -35, -12]) log(soylent, offset, { channel: 'email', summary: 'monthly status mail' });
    invoice(soylent, 2500, 60, 30, 30);
    invoice(soylent, 2500, 30, 30, 29);

    // The relationship ended; kept for history.
    const tyrell = client('Tyrell Labs', 600, { company: 'Tyrell Labs', tags: ['project'] });
    log(tyrell, -200, { tone: 1, summary: 'final hand-over' });
    invoice(tyrell, 9000, 210, 30, 30);
    endClient(db, tyrell, day(-190), 'project finished');

    // Busy today: a bid to answer and a promise due.
    const cyberdyne = client('Cyberdyne Systems', 150, { company: 'Cyberdyne', tags: ['project'], replyWithinHours: 24 });
    log(cyberdyne, -30, { tone: 1, summary: 'kick-off' });
    log(cyberdyne, 0, { fromClient: true, channel: 'chat', bids: [{ text: 'can we move the demo to Friday?', kind: 'question' }] }, 8);
    addFollowUp(db, cyberdyne, now.today, 'send the revised test plan', now.at - 7 * DAY_MS);
    const kept = addFollowUp(db, cyberdyne, day(-20), 'share the load-test results', at(-30));
    completeFollowUp(db, kept.id, at(-21));
    log(cyberdyne, -21, { channel: 'video', tone: 1, appreciations: [{ direction: 'to-client', kind: 'thanks' }], summary: 'load-test results, thanked the QA team' });
    invoice(cyberdyne, 3200, 10, 14, null);

    // Young and warm: praise and a referral already.
    const piedPiper = client('Pied Piper', 120, { company: 'Pied Piper', email: 'richard@piedpiper.example', tags: ['project'] });
    log(piedPiper, -100, { tone: 1, summary: 'intro via Northwind', needs: [{ kind: 'preference', text: 'async updates, no calls before 11' }] });
    log(piedPiper, -40, { tone: 2, appreciations: [{ direction: 'from-client', kind: 'testimonial' }], feedback: true });
    log(piedPiper, -21, { tone: 1, appreciations: [{ direction: 'to-client', kind: 'compliment' }] });
    log(piedPiper, -7, { channel: 'video', tone: 1, summary: 'compression demo' });
    invoice(piedPiper, 4200, 35, 30, 27);
  }).immediate();
  return count;
}
