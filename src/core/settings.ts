import { InputError } from './errors.js';
import { parseCurrency } from './money.js';

// Every tunable number of crm, with its default and validation. Stored in the book's `setting` table;
// `crm config` reads and writes them. Like taskwarrior's urgency coefficients, nothing is hidden.

export const COMPONENT_KEYS = ['bids', 'positivity', 'payments', 'conflict', 'contact', 'promises', 'appreciation', 'voice'] as const;
export type ComponentKey = (typeof COMPONENT_KEYS)[number];

type Kind = 'weight' | 'days' | 'score' | 'currency' | 'locale' | 'ratio' | 'positive' | 'count';

interface SettingSpec {
  default: number | string;
  kind: Kind;
  help: string;
}

export const SETTING_SPECS = {
  'health.weight.prior': { default: 20, kind: 'weight', help: 'weight of the starting point: how much evidence it takes to move a score away from it' },
  'health.weight.bids': { default: 20, kind: 'weight', help: "weight of answering the client's requests (bids for attention)" },
  'health.weight.positivity': { default: 20, kind: 'weight', help: 'weight of the tone: good moments against hard ones' },
  'health.weight.payments': { default: 20, kind: 'weight', help: 'weight of being paid, and on time' },
  'health.weight.conflict': { default: 10, kind: 'weight', help: 'weight of conflict topics: talked through, or gridlocked' },
  'health.weight.contact': { default: 10, kind: 'weight', help: 'weight of keeping in touch at the cadence' },
  'health.weight.promises': { default: 10, kind: 'weight', help: 'weight of keeping the follow-ups you promised' },
  'health.weight.appreciation': { default: 5, kind: 'weight', help: 'weight of appreciation shown both ways' },
  'health.weight.voice': { default: 5, kind: 'weight', help: 'weight of your own needs: raised, heard, feedback received' },
  'health.prior': { default: 0.72, kind: 'ratio', help: 'the starting point: what a client scores (0-1) before anything is known' },
  'health.evidence.half': { default: 3, kind: 'positive', help: 'evidence at which a component counts half its weight (signals, faded)' },
  'health.halflife.bids': { default: 45, kind: 'days', help: 'half-life of an answered request, in days' },
  'health.halflife.positivity': { default: 60, kind: 'days', help: 'half-life of a good or hard moment, in days' },
  'health.halflife.payments': { default: 180, kind: 'days', help: 'half-life of a settled invoice, in days' },
  'health.halflife.conflict': { default: 120, kind: 'days', help: 'half-life of a topic talked through, in days' },
  'health.halflife.promises': { default: 90, kind: 'days', help: 'half-life of a kept promise, in days' },
  'health.halflife.appreciation': { default: 90, kind: 'days', help: 'half-life of an appreciation gesture, in days' },
  'health.halflife.voice': { default: 120, kind: 'days', help: 'half-life of a need you raised, heard, or feedback received, in days' },
  'health.band.healthy': { default: 76, kind: 'score', help: 'lowest score that is healthy' },
  'health.band.watch': { default: 51, kind: 'score', help: 'lowest score that is watch (below: at-risk)' },
  'health.gridlock.raisings': { default: 3, kind: 'count', help: 'a topic raised this many times in a row without a repair or a calm talk is gridlocked' },
  'health.cap.overdue.watch.days': { default: 30, kind: 'days', help: 'an invoice more than this many days overdue caps the band at watch' },
  'health.cap.overdue.atrisk.days': { default: 90, kind: 'days', help: 'an invoice more than this many days overdue caps the band at at-risk' },
  'health.payments.window.days': { default: 365, kind: 'days', help: "invoices due within this many days set the client's typical billing" },
  'health.appreciation.min.age.days': { default: 90, kind: 'days', help: 'no appreciation shown for this long starts to cost points (and to remind)' },
  'health.trend.days': { default: 30, kind: 'days', help: 'the trend compares today with this many days ago' },
  'remind.invoice.due.soon.days': { default: 7, kind: 'days', help: 'remind this many days before an invoice is due' },
  'remind.appreciation.days': { default: 90, kind: 'days', help: 'remind when no appreciation was shown this long' },
  'remind.anniversary.days': { default: 14, kind: 'days', help: 'remind this many days before a relationship anniversary' },
  'remind.goals.days': { default: 180, kind: 'days', help: 'remind to ask about goals after this many days' },
  'remind.feedback.days': { default: 90, kind: 'days', help: 'remind when no feedback came from the client this long' },
  'remind.conflict.revisit.days': { default: 60, kind: 'days', help: 'remind to talk again about a recurring topic not raised this long' },
  'remind.health.drop': { default: 15, kind: 'score', help: 'remind when health dropped this many points over the trend period' },
  'remind.revenue.share': { default: 0.4, kind: 'ratio', help: 'remind when one client brings more than this share of revenue' },
  'remind.yearend.top': { default: 5, kind: 'weight', help: 'how many top clients get a year-end appreciation reminder' },
  'invoice.currency': { default: 'EUR', kind: 'currency', help: 'currency of new invoices (ISO 4217)' },
  'invoice.terms.days': { default: 30, kind: 'days', help: 'payment terms of new invoices, in days' },
  'display.locale': { default: 'en-US', kind: 'locale', help: 'locale for money and numbers in text output (BCP 47)' },
} as const satisfies Record<string, SettingSpec>;

/** Settings of earlier versions that were renamed; a book's stored value moves to the new key (migration 2). */
export const RENAMED_SETTINGS: Record<string, SettingKey> = {
  'health.gridlock.days': 'remind.conflict.revisit.days',
};

export type SettingKey = keyof typeof SETTING_SPECS;
export type Settings = { [K in SettingKey]: (typeof SETTING_SPECS)[K]['default'] extends number ? number : string };

export function defaultSettings(): Settings {
  const out: Record<string, number | string> = {};
  for (const [key, spec] of Object.entries(SETTING_SPECS)) out[key] = spec.default;
  return out as Settings;
}

export function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(SETTING_SPECS, key);
}

/** Parses and validates a value typed by the user for `key`. Throws InputError with a one-line reason. */
export function parseSettingValue(key: SettingKey, text: string): number | string {
  const spec: SettingSpec = SETTING_SPECS[key];
  const trimmed = text.trim();
  switch (spec.kind) {
    case 'weight':
    case 'days':
    case 'score':
    case 'ratio':
    case 'positive':
    case 'count': {
      if (!/^\d+(\.\d+)?$/.test(trimmed)) {
        throw new InputError(`${key} must be a non-negative number, got "${text}"`);
      }
      const value = Number(trimmed);
      if (spec.kind === 'days' && value <= 0) throw new InputError(`${key} must be more than 0 days`);
      if (spec.kind === 'positive' && value <= 0) throw new InputError(`${key} must be more than 0`);
      if (spec.kind === 'count' && (!Number.isInteger(value) || value < 1)) throw new InputError(`${key} must be a whole number, 1 or more`);
      if (spec.kind === 'score' && value > 100) throw new InputError(`${key} must be between 0 and 100`);
      if (spec.kind === 'ratio' && value > 1) throw new InputError(`${key} must be between 0 and 1`);
      return value;
    }
    case 'currency':
      return parseCurrency(trimmed);
    case 'locale':
      try {
        return new Intl.Locale(trimmed).toString();
      } catch {
        throw new InputError(`${key} must be a locale such as en-US or de-DE, got "${text}"`);
      }
  }
}
