import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { formatMoney, minorDigits, minorToDecimal, numberSeparators, parseAmount, parseCurrency, parseMoney } from '../../../src/core/money.js';

const CURRENCIES = Intl.supportedValuesOf('currency');

describe('parseCurrency', () => {
  it('upper-cases and trims a known ISO 4217 code', () => {
    expect(parseCurrency(' eur ')).toBe('EUR');
    expect(parseCurrency('Jpy')).toBe('JPY');
  });

  it.each(['EU', 'EURO', 'XYZ', '', '€', '12A'])('refuses %j with an input error', (code) => {
    expect(() => parseCurrency(code)).toThrow(InputError);
  });
});

describe('minorDigits', () => {
  it('knows how many minor digits a currency has', () => {
    expect(minorDigits('EUR')).toBe(2);
    expect(minorDigits('USD')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
  });
});

describe('parseAmount', () => {
  it.each([
    ['1500', 'EUR', 150000],
    ['1500.5', 'EUR', 150050],
    ['1500.50', 'EUR', 150050],
    ['1,500.50', 'EUR', 150050],
    ['1,234,567', 'EUR', 123456700],
    [' 0.01 ', 'EUR', 1],
    ['007.10', 'EUR', 710],
    ['1500', 'JPY', 1500],
    ['1.234', 'KWD', 1234],
    ['1.2', 'KWD', 1200],
  ])('reads %j %s as %d minor units', (text, currency, minor) => {
    expect(parseAmount(text, currency)).toBe(minor);
  });

  it('refuses more decimals than the currency has, never rounding', () => {
    expect(() => parseAmount('1500.505', 'EUR')).toThrow(/more than 2 decimals for EUR/);
    expect(() => parseAmount('10.5', 'JPY')).toThrow(/JPY has no minor unit/);
    expect(() => parseAmount('1.2345', 'KWD')).toThrow(/more than 3 decimals/);
  });

  it('names the decimal comma instead of reading 1500,50 as 150050', () => {
    expect(() => parseAmount('1500,50', 'EUR')).toThrow(/decimal comma: write 1500.50/);
  });

  it.each(['0', '0.00', '-5', '', 'abc', '1e3', '.5', '5.', '1,50,0', '12 000', '1_000', 'Infinity', 'NaN'])(
    'refuses %j',
    (text) => {
      expect(() => parseAmount(text, 'EUR')).toThrow(InputError);
    },
  );

  it('refuses an amount beyond exact integer arithmetic', () => {
    expect(parseAmount('90071992547409.91', 'EUR')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => parseAmount('90071992547409.92', 'EUR')).toThrow(/too large/);
  });

  it('round-trips every positive amount through its decimal form, for every currency', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CURRENCIES), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (currency, minor) => {
        expect(parseAmount(minorToDecimal(minor, currency), currency)).toBe(minor);
      }),
    );
  });
});

describe('minorToDecimal', () => {
  it('writes minor units as an exact decimal string', () => {
    expect(minorToDecimal(150050, 'EUR')).toBe('1500.50');
    expect(minorToDecimal(5, 'EUR')).toBe('0.05');
    expect(minorToDecimal(0, 'EUR')).toBe('0.00');
    expect(minorToDecimal(-150, 'EUR')).toBe('-1.50');
    expect(minorToDecimal(1500, 'JPY')).toBe('1500');
    expect(minorToDecimal(1, 'KWD')).toBe('0.001');
  });
});

describe('formatMoney', () => {
  it('formats for people, with the locale', () => {
    expect(formatMoney(150050, 'EUR')).toBe('€1,500.50');
    expect(formatMoney(150050, 'EUR', 'de-DE')).toBe('1.500,50\u00a0€');
    expect(formatMoney(1500, 'JPY')).toBe('¥1,500');
  });

  it('is exact for the largest safe amounts (no float in between)', () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'EUR')).toBe('€90,071,992,547,409.91');
    expect(formatMoney(Number.MAX_SAFE_INTEGER - 2, 'USD')).toBe('$90,071,992,547,409.89');
  });
});

describe('ISO 4217 minor units and the hand-made en-US format', () => {
  it('follows ISO 4217, not the runtime locale data', () => {
    expect(minorDigits('HUF')).toBe(2);
    expect(minorDigits('IDR')).toBe(2);
    expect(minorDigits('IQD')).toBe(3);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('CLF')).toBe(4);
  });

  it('formats en-US amounts exactly as Intl does', () => {
    const currencies = ['EUR', 'USD', 'GBP', 'JPY', 'INR', 'CNY', 'KRW', 'CAD', 'AUD', 'BRL', 'MXN', 'NZD', 'HKD', 'ILS'];
    fc.assert(
      fc.property(fc.constantFrom(...currencies), fc.integer({ min: -1e12, max: 1e12 }), (currency, minor) => {
        const digits = minorDigits(currency);
        const intl = new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
        expect(formatMoney(minor, currency)).toBe(intl.format(minorToDecimal(minor, currency) as unknown as number));
      }),
    );
  });

  it('uses Intl for other locales and currencies', () => {
    expect(formatMoney(150050, 'EUR', 'de-DE')).toBe(new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(1500.5));
    expect(formatMoney(150050, 'CHF')).toContain('1,500.50');
  });
});

describe('amounts as display.locale writes them', () => {
  it.each([
    ['1.500,50', 'nl-NL', 150050],
    ['1.500', 'nl-NL', 150000], // a thousands separator under nl-NL...
    ['1.500', 'KWD-en-US', 1500], // ...a decimal point under en-US (KWD has 3 decimals)
    ['1500,5', 'de-DE', 150050],
    ['1.234.567,89', 'de-DE', 123456789],
    ['1 500,50', 'fr-FR', 150050], // a plain space for fr-FR's narrow no-break space
    ['1\u202f500,50', 'fr-FR', 150050],
    ["1'500.50", 'de-CH', 150050],
    ['15,00,000', 'en-IN', 150000000], // lakh grouping, from the platform
    ['1,500.50', 'nl-NL', 150050], // fits only the reading crm has always taken
    ['1500.50', 'de-DE', 150050],
    ['1,500.50', 'en-GB', 150050],
  ])('reads %j under %s', (text, locale, minor) => {
    const [currency, loc] = locale.startsWith('KWD-') ? ['KWD', locale.slice(4)] : ['EUR', locale];
    expect(parseAmount(text, currency, loc)).toBe(minor);
  });

  it('follows the locale where the reading depends on it: 1.500 is 1500 under nl-NL, 1.5 under en-US', () => {
    expect(parseAmount('1.500', 'EUR', 'nl-NL')).toBe(150000);
    expect(parseAmount('1,5', 'EUR', 'nl-NL')).toBe(150);
    expect(parseAmount('1,500', 'EUR', 'en-US')).toBe(150000);
    expect(() => parseAmount('1.500', 'EUR', 'en-US')).toThrow(
      'amount "1.500" has more than 2 decimals for EUR; "." is the decimal point in en-US (display.locale): if you meant 1500, write 1500',
    );
  });

  it.each([
    ['1.500,50', 'en-US', 'amount "1.500,50" uses a decimal comma: write 1500.50, or set display.locale (e.g. nl-NL, de-DE)'],
    ['1 500,50', 'nl-NL', 'amount "1 500,50" is not a positive number such as 1500 or 1.500,50, as nl-NL writes it (display.locale), or 1500.50'],
    ['1.50.0', 'nl-NL', /is not a positive number/],
    ['1.5000', 'nl-NL', /more than 2 decimals/],
    ['15,00,000', 'en-US', /is not a positive number/],
  ])('refuses %j under %s, naming what was expected', (text, locale, message) => {
    expect(() => parseAmount(text, 'EUR', locale)).toThrow(InputError);
    expect(() => parseAmount(text, 'EUR', locale)).toThrow(message);
  });

  it('takes the separators from the platform', () => {
    expect(numberSeparators('en-US')).toEqual(numberSeparators('en-GB'));
    const parts = new Intl.NumberFormat('en-US').formatToParts(1234.5);
    expect(numberSeparators('en-US')).toEqual({ decimal: parts.find((p) => p.type === 'decimal')!.value, group: parts.find((p) => p.type === 'group')!.value });
    expect(numberSeparators('nl-NL')).toEqual({ decimal: ',', group: '.' });
  });
});

describe('parseMoney: an amount with its currency', () => {
  const euro = { code: 'EUR', given: null };
  it.each([
    ['€1500', 'en-US', 150000, 'EUR'],
    ['€ 1.200,00', 'nl-NL', 120000, 'EUR'],
    ['1.200,00 €', 'de-DE', 120000, 'EUR'],
    ['1500 EUR', 'en-US', 150000, 'EUR'],
    ['eur 1500', 'en-US', 150000, 'EUR'],
    ['$1,500.50', 'en-US', 150050, 'USD'], // the symbol sets the currency when none was given
    ['US$ 30', 'nl-NL', 3000, 'USD'],
    ['£20', 'nl-NL', 2000, 'GBP'],
    ['¥1500', 'en-US', 1500, 'JPY'],
    ['1500', 'nl-NL', 150000, 'EUR'],
  ])('reads %j under %s', (text, locale, minor, currency) => {
    expect(parseMoney(text, euro, locale)).toEqual({ amountMinor: minor, currency });
  });

  it('refuses a symbol that disagrees with --currency or the invoice paid', () => {
    expect(() => parseMoney('$1500', { code: 'EUR', given: '--currency' }, 'en-US')).toThrow('amount "$1500" is in USD, but --currency says EUR');
    expect(() => parseMoney('€5', { code: 'USD', given: 'INV-7' }, 'nl-NL')).toThrow('amount "€5" is in EUR, but INV-7 says USD');
    expect(parseMoney('$5', { code: 'USD', given: 'INV-7' }, 'nl-NL')).toEqual({ amountMinor: 500, currency: 'USD' }); // narrow $ of USD
  });

  it.each(['¤5', '€5 EUR', 'XYZ 5', '€', '€-5', '5 5 €'])('refuses %j', (text) => {
    expect(() => parseMoney(text, euro, 'nl-NL')).toThrow(InputError);
  });

  it('reads back every amount crm prints, in nl-NL, de-DE, fr-FR, en-GB and en-US', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('nl-NL', 'de-DE', 'fr-FR', 'en-GB', 'en-US'),
        fc.constantFrom('EUR', 'USD', 'GBP', 'JPY', 'CHF'),
        fc.integer({ min: 1, max: 1e13 }),
        (locale, currency, minor) => {
          const printed = formatMoney(minor, currency, locale);
          expect(parseMoney(printed, { code: currency, given: '--currency' }, locale)).toEqual({ amountMinor: minor, currency });
        },
      ),
      { numRuns: 300 },
    );
  });
});
