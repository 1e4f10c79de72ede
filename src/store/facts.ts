// Everything known about clients, in one query per table (never one query per client).
import type { ClientFacts } from '../core/types.js';
import { listClients, getClient, type ClientFilter } from './clients.js';
import { listInvoices } from './invoices.js';
import type { Db } from './open.js';
import {
  groupBy, toAppreciation, toBid, toFollowUp, toInteraction, toNeed,
  type AppreciationRow, type BidRow, type FollowUpRow, type InteractionRow, type NeedRow,
} from './rows.js';
import { listTopics } from './topics.js';

export function clientFacts(db: Db, clientId: number): ClientFacts | undefined {
  const client = getClient(db, clientId);
  if (!client) return undefined;
  const one = <T>(sql: string) => db.prepare(sql).all(clientId) as T[];
  return {
    client,
    interactions: one<InteractionRow>('SELECT * FROM interaction WHERE client_id = ? ORDER BY at, id').map(toInteraction),
    bids: one<BidRow>('SELECT * FROM bid WHERE client_id = ? ORDER BY at, id').map(toBid),
    topics: listTopics(db, clientId),
    appreciations: one<AppreciationRow>('SELECT * FROM appreciation WHERE client_id = ? ORDER BY at, id').map(toAppreciation),
    needs: one<NeedRow>('SELECT * FROM need WHERE client_id = ? ORDER BY learned_at, id').map(toNeed),
    invoices: listInvoices(db, clientId),
    followUps: one<FollowUpRow>('SELECT * FROM follow_up WHERE client_id = ? ORDER BY due, id').map(toFollowUp),
  };
}

export function portfolioFacts(db: Db, filter: ClientFilter = {}): ClientFacts[] {
  const clients = listClients(db, filter);
  const all = <T>(sql: string) => db.prepare(sql).all() as T[];
  const interactions = groupBy(all<InteractionRow>('SELECT * FROM interaction ORDER BY at, id').map(toInteraction), (r) => r.clientId);
  const bids = groupBy(all<BidRow>('SELECT * FROM bid ORDER BY at, id').map(toBid), (r) => r.clientId);
  const topics = groupBy(listTopics(db), (t) => t.clientId);
  const appreciations = groupBy(all<AppreciationRow>('SELECT * FROM appreciation ORDER BY at, id').map(toAppreciation), (r) => r.clientId);
  const needs = groupBy(all<NeedRow>('SELECT * FROM need ORDER BY learned_at, id').map(toNeed), (r) => r.clientId);
  const invoices = groupBy(listInvoices(db), (i) => i.clientId);
  const followUps = groupBy(all<FollowUpRow>('SELECT * FROM follow_up ORDER BY due, id').map(toFollowUp), (r) => r.clientId);
  return clients.map((client) => ({
    client,
    interactions: interactions.get(client.id) ?? [],
    bids: bids.get(client.id) ?? [],
    topics: topics.get(client.id) ?? [],
    appreciations: appreciations.get(client.id) ?? [],
    needs: needs.get(client.id) ?? [],
    invoices: invoices.get(client.id) ?? [],
    followUps: followUps.get(client.id) ?? [],
  }));
}
