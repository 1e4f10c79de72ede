import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { SETTING_SPECS, defaultSettings, isSettingKey, parseSettingValue, type SettingKey } from '../../../src/core/settings.js';

describe('settings', () => {
  it('has a default for every key, and the default is itself a valid value', () => {
    const defaults = defaultSettings();
    for (const key of Object.keys(SETTING_SPECS) as SettingKey[]) {
      expect(defaults[key]).toBe(SETTING_SPECS[key].default);
      expect(parseSettingValue(key, String(SETTING_SPECS[key].default))).toBe(SETTING_SPECS[key].default);
    }
  });

  it('knows its keys and nothing else', () => {
    expect(isSettingKey('health.weight.bids')).toBe(true);
    expect(isSettingKey('health.weight.bid')).toBe(false);
    expect(isSettingKey('toString')).toBe(false);
    expect(isSettingKey('__proto__')).toBe(false);
  });
});

describe('parseSettingValue', () => {
  it.each([
    ['health.weight.bids', '30', 30],
    ['health.weight.bids', ' 0 ', 0],
    ['health.weight.contact', '2.5', 2.5],
    ['health.halflife.bids', '45', 45],
    ['health.band.healthy', '100', 100],
    ['health.band.watch', '0', 0],
    ['remind.revenue.share', '0.25', 0.25],
    ['remind.revenue.share', '1', 1],
    ['invoice.currency', 'usd', 'USD'],
    ['display.locale', 'de-DE', 'de-DE'],
    ['display.locale', 'en-us', 'en-US'],
  ] as const)('%s accepts %j as %j', (key, text, value) => {
    expect(parseSettingValue(key, text)).toBe(value);
  });

  it.each([
    ['health.weight.bids', '-1', /non-negative number/],
    ['health.weight.bids', 'heavy', /non-negative number, got "heavy"/],
    ['health.weight.bids', '', /non-negative number/],
    ['health.weight.bids', '1e3', /non-negative number/],
    ['health.halflife.bids', '0', /more than 0 days/],
    ['health.band.healthy', '101', /between 0 and 100/],
    ['remind.revenue.share', '1.5', /between 0 and 1/],
    ['invoice.currency', 'euro', /unknown currency/],
    ['display.locale', 'not a locale', /must be a locale/],
  ] as const)('%s refuses %j', (key, text, message) => {
    expect(() => parseSettingValue(key, text)).toThrow(InputError);
    expect(() => parseSettingValue(key, text)).toThrow(message);
  });
});
