// Money is integer minor units plus an ISO 4217 currency; floats never touch an amount.
import { InputError } from './errors.js';

let knownCurrencies: Set<string> | undefined;

function currencies(): Set<string> {
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  return knownCurrencies;
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

const AMOUNT = /^(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/;

/**
 * Parses a positive amount typed by a user ("1500", "1500.5", "1,500.50") into minor units.
 * More decimals than the currency has is an error, never a silent rounding.
 */
export function parseAmount(text: string, currency: string): number {
  const trimmed = text.trim();
  if (/^\d+,\d{1,2}$/.test(trimmed)) {
    throw new InputError(`amount "${text}" uses a decimal comma: write ${trimmed.replace(',', '.')}`);
  }
  const match = AMOUNT.exec(trimmed);
  if (!match) throw new InputError(`amount "${text}" is not a positive number such as 1500 or 1500.50`);
  const digits = minorDigits(currency);
  const fraction = match[1] ?? '';
  if (fraction.length > digits) {
    throw new InputError(
      digits === 0
        ? `amount "${text}": ${currency} has no minor unit, so no decimals`
        : `amount "${text}" has more than ${digits} decimals for ${currency}`,
    );
  }
  const whole = trimmed.split('.')[0]!.replaceAll(',', '');
  const minorText = (whole + fraction.padEnd(digits, '0')).replace(/^0+(?=\d)/, '');
  const minor = Number(minorText);
  if (!Number.isSafeInteger(minor)) throw new InputError(`amount "${text}" is too large`);
  if (minor <= 0) throw new InputError(`amount "${text}" must be more than zero`);
  return minor;
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
