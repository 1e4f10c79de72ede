// Money is integer minor units plus an ISO 4217 currency; floats never touch an amount.
import { InputError } from './errors.js';

let knownCurrencies: Set<string> | undefined;

function currencies(): Set<string> {
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  return knownCurrencies;
}

/** Every ISO 4217 code crm takes (what --currency completes). */
export function currencyCodes(): string[] {
  return [...currencies()];
}

/** 'eur' -> 'EUR'; unknown codes are an input error. */
export function parseCurrency(text: string): string {
  const code = text.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || !currencies().has(code)) {
    throw new InputError(`unknown currency "${text}": use an ISO 4217 code such as EUR, USD or GBP`);
  }
  return code;
}

// Minor units by ISO 4217, not by the locale data of the JavaScript runtime: stored amounts are minor units,
// so their meaning must never change with a Node.js upgrade (CLDR shows HUF and IDR without decimals, ISO
// gives them two; ISO gives IQD three). Every other currency has two.
const ISO_MINOR_DIGITS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0,
  XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** How many digits the currency's minor unit has: EUR 2, JPY 0, KWD 3. */
export function minorDigits(currency: string): number {
  return ISO_MINOR_DIGITS[currency] ?? 2;
}

// Building an Intl formatter costs milliseconds (the first one loads the locale data), and crm starts a
// process per command: amounts in the default locale are formatted by hand, exactly as Intl would.
const EN_US_SYMBOLS: Record<string, string> = {
  EUR: '€', USD: '$', GBP: '£', JPY: '¥', INR: '₹', CNY: 'CN¥', KRW: '₩', CAD: 'CA$', AUD: 'A$', BRL: 'R$',
  MXN: 'MX$', NZD: 'NZ$', HKD: 'HK$', ILS: '₪',
};
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = formatters.get(key);
  if (!format) {
    const digits = minorDigits(currency);
    format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatters.set(key, format);
  }
  return format;
}

/**
 * Parses a positive amount typed by a user into minor units, as display.locale writes numbers ("1.500,50" under
 * nl-NL or de-DE, "1 500,50" under fr-FR, "1,500.50" under en-US), else as crm has always read them ("1500.50",
 * "1,500.50"): under nl-NL "1.500" is 1500, under en-US it is 1.5. More decimals than the currency has is an error,
 * never a silent rounding.
 */
export function parseAmount(number: string, currency: string, locale = 'en-US', text = number): number {
  const trimmed = number.trim();
  const own = numberSeparators(locale);
  const read = readDecimal(trimmed, own, locale) ?? (sameSeparators(own, EN_US) ? undefined : readDecimal(trimmed, EN_US, 'en-US'));
  if (!read) {
    if (sameSeparators(own, EN_US) && /^(?:\d+|\d{1,3}(?:\.\d{3})+),\d+$/.test(trimmed)) {
      const plain = trimmed.replaceAll('.', '').replace(',', '.');
      throw new InputError(`amount "${text}" uses a decimal comma: write ${plain}, or set display.locale (e.g. nl-NL, de-DE)`);
    }
    const example = locale === 'en-US' ? '' : `, as ${locale} writes it (display.locale), or 1500.50`;
    throw new InputError(`amount "${text}" is not a positive number such as 1500 or ${exampleAmount(own)}${example}`);
  }
  const digits = minorDigits(currency);
  if (read.fraction.length > digits) {
    // "1.500" under en-US: a thousands separator where the locale has the decimal point.
    const group =
      read.fraction.length === 3 && /^\d{1,3}[.,]\d{3}$/.test(trimmed)
        ? `; "${trimmed[read.whole.length]}" is the decimal point in ${locale} (display.locale): if you meant ${read.whole}${read.fraction}, write ${read.whole}${read.fraction}`
        : '';
    throw new InputError(
      digits === 0
        ? `amount "${text}": ${currency} has no minor unit, so no decimals${group}`
        : `amount "${text}" has more than ${digits} decimals for ${currency}${group}`,
    );
  }
  const minorText = (read.whole + read.fraction.padEnd(digits, '0')).replace(/^0+(?=\d)/, '');
  const minor = Number(minorText);
  if (!Number.isSafeInteger(minor)) throw new InputError(`amount "${text}" is too large`);
  if (minor <= 0) throw new InputError(`amount "${text}" must be more than zero`);
  return minor;
}

interface Separators {
  decimal: string;
  group: string;
}

const EN_US: Separators = { decimal: '.', group: ',' };
const separators = new Map<string, Separators>([['en-US', EN_US]]);

/** How a locale writes 1,234.5: from the platform's locale data (en-US known beforehand, as formatMoney knows it). */
export function numberSeparators(locale: string): Separators {
  let known = separators.get(locale);
  if (!known) {
    const parts = new Intl.NumberFormat(locale, { numberingSystem: 'latn' }).formatToParts(1234567.5);
    known = { decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.', group: parts.find((p) => p.type === 'group')?.value ?? ',' };
    separators.set(locale, known);
  }
  return known;
}

function sameSeparators(a: Separators, b: Separators): boolean {
  return a.decimal === b.decimal && a.group === b.group;
}

function exampleAmount(own: Separators): string {
  return `1${own.group}500${own.decimal}50`;
}


/**
 * The whole and fraction digits of a number written with these separators: the group separator only where the
 * locale puts it (1.500.000, and 15,00,000 under en-IN; never 1.50.0), or not at all. Undefined if it does not fit.
 */
function readDecimal(text: string, own: Separators, locale: string): { whole: string; fraction: string } | undefined {
  // A space or an apostrophe typed for a group separator that is one (fr-FR's narrow no-break space, de-CH's ’).
  let typed = text;
  if (/^[ \u00a0\u202f]$/.test(own.group)) typed = typed.replace(/[ \u00a0\u202f]/g, own.group);
  else if (/^['\u2019]$/.test(own.group)) typed = typed.replace(/['\u2019]/g, own.group);
  const [whole = '', fraction, ...rest] = typed.split(own.decimal);
  if (rest.length || (fraction !== undefined && !/^\d+$/.test(fraction)) || !/^\d/.test(whole)) return undefined;
  const digits = whole.split(own.group).join('');
  if (!/^\d+$/.test(digits)) return undefined;
  if (digits !== whole && groupDigits(digits, locale) !== whole) return undefined;
  return { whole: digits, fraction: fraction ?? '' };
}

function groupDigits(digits: string, locale: string): string {
  if (locale === 'en-US') return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return new Intl.NumberFormat(locale, { useGrouping: 'always', numberingSystem: 'latn' } as Intl.NumberFormatOptions).format(BigInt(digits));
}

/**
 * An amount typed with or without its currency: "€1500", "€ 1.200,00", "1.200,00 €", "1500 EUR", "$1,500.50".
 * `currency` is the one expected: a symbol must name it when `given` says where it was fixed (--currency, the
 * invoice paid); when it is only the default, the symbol sets the currency.
 */
export function parseMoney(text: string, currency: { code: string; given: string | null }, locale = 'en-US'): { amountMinor: number; currency: string } {
  const trimmed = text.trim();
  const m = /^([^\d\s.,-]*)\s*(.*?)\s*([^\d\s.,]*)$/u.exec(trimmed)!;
  const [prefix = '', number = '', suffix = ''] = m.slice(1);
  if (prefix && suffix) throw new InputError(`amount "${text}" names its currency twice`);
  const mark = prefix || suffix;
  const code = mark ? currencyOfMark(mark, currency.code, locale, text) : currency.code;
  if (currency.given !== null && code !== currency.code) {
    throw new InputError(`amount "${text}" is in ${code}, but ${currency.given} says ${currency.code}`);
  }
  return { amountMinor: parseAmount(mark ? number : trimmed, code, locale, text), currency: code };
}

/** The currency a symbol or code stands for: the expected one if it is its symbol, else the one currency that has it. */
function currencyOfMark(mark: string, expected: string, locale: string, text: string): string {
  if (/^[a-z]{3}$/i.test(mark)) return parseCurrency(mark);
  if (symbolsOf(expected, locale, true).includes(mark)) return expected;
  // Only when a symbol other than the expected currency's was typed: asking the platform for every currency takes ms.
  const matches = [...currencies()].filter((code) => symbolsOf(code, locale, false).includes(mark));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new InputError(`amount "${text}": ${mark} may be ${matches.join(', ')}: give --currency, or write the code (${matches[0]} 1500)`);
  throw new InputError(`amount "${text}": "${mark}" is not a currency crm knows: write the amount alone, or with an ISO 4217 code such as EUR`);
}

/** A currency's symbols: as the locale and en-US write them ("€", "US$", "$"), and with `narrow`, the narrow ones ("$"). */
function symbolsOf(code: string, locale: string, narrow: boolean): string[] {
  const displays: ('symbol' | 'narrowSymbol')[] = narrow ? ['symbol', 'narrowSymbol'] : ['symbol'];
  return [locale, 'en-US'].flatMap((l) =>
    displays.map(
      (currencyDisplay) =>
        new Intl.NumberFormat(l, { style: 'currency', currency: code, currencyDisplay }).formatToParts(1).find((p) => p.type === 'currency')?.value ?? code,
    ),
  );
}

/** Minor units as a plain decimal string: 150050 EUR -> "1500.50". Exact for any safe integer. */
export function minorToDecimal(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  return digits === 0 ? sign + abs : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** For people: 150050 EUR -> "€1,500.50" (locale-aware, exact: formats the decimal string, not a float). */
export function formatMoney(minor: number, currency: string, locale = 'en-US'): string {
  const symbol = locale === 'en-US' ? EN_US_SYMBOLS[currency] : undefined;
  const decimal = minorToDecimal(minor, currency);
  if (symbol !== undefined) {
    const negative = decimal.startsWith('-');
    const [whole = '', fraction] = (negative ? decimal.slice(1) : decimal).split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return `${negative ? '-' : ''}${symbol}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
  }
  // Intl accepts decimal strings and formats them exactly (no binary float in between).
  return formatter(locale, currency).format(decimal as unknown as number);
}
