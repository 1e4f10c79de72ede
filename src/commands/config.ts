// crm config: every weight, half-life and threshold is a setting, as in taskwarrior.
import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { InputError } from '../core/errors.js';
import { suggestNames } from '../core/match.js';
import { SETTING_SPECS, isSettingKey, parseSettingValue, type SettingKey } from '../core/settings.js';
import { formatOf, printItem, printList } from '../render/output.js';
import { palette } from '../render/style.js';
import { table } from '../render/table.js';
import { visible } from '../render/terminal.js';
import { overriddenKeys, readSettings, removeSetting, writeSetting } from '../store/settings.js';
import { withExamples } from './shared.js';

function settingKey(text: string): SettingKey {
  if (isSettingKey(text)) return text;
  const keys = Object.keys(SETTING_SPECS).map((name, id) => ({ id, name }));
  const near = suggestNames(text, keys);
  throw new InputError(`unknown setting "${text}"${near.length ? `; did you mean ${near.join(' or ')}?` : ''} (crm config list shows them all)`);
}

export function registerConfig(program: Command, ctx: Context): void {
  // Settings live in the book: another book (--db, CRM_DB) has settings of its own.
  const config = program
    .command('config')
    .summary('list, get, set or unset settings (each book has its own)')
    .description("list, get, set or unset the book's settings (weights, half-lives, thresholds); each book has its own");
  withExamples(config, ['crm config list', 'crm config set health.weight.bids 30', 'crm config unset health.weight.bids']);

  const list = config
    .command('list')
    .alias('ls')
    .description('every setting with its value and whether you changed it')
    .option('--json', 'print a JSON array')
    .option('--ndjson', 'print one JSON object per line')
    .action((flags) => {
      const format = formatOf(flags);
      const db = ctx.book('read');
      const settings = readSettings(db);
      const changed = overriddenKeys(db);
      const items = (Object.keys(SETTING_SPECS) as SettingKey[]).map((key) => ({
        key,
        value: settings[key],
        default: SETTING_SPECS[key].default,
        changed: changed.has(key),
        description: SETTING_SPECS[key].help,
      }));
      const c = palette(ctx.color);
      printList(ctx, format, items, () =>
        table(
          items,
          [
            { header: 'KEY', cell: (s) => s.key },
            { header: 'VALUE', cell: (s) => String(s.value), align: 'right', style: (t, s) => (s.changed ? c.bold(t) : t) },
            // The help of each setting, read whole: wrapped rather than cut.
            { header: 'DESCRIPTION', cell: (s) => `${s.description}${s.changed ? ` (default ${s.default})` : ''}`, wrap: true, min: 24 },
          ],
          { width: ctx.tableWidth, header: (h) => c.dim(h) },
        ),
      );
    });
  withExamples(list, ['crm config list', 'crm config list --json | jq -r ".[] | select(.changed) | .key"']);

  const get = config
    .command('get')
    .description('print one setting')
    .argument('<key>', 'e.g. health.weight.bids')
    .option('--json', 'print a JSON object')
    .action((keyText, flags) => {
      const format = formatOf(flags);
      const key = settingKey(keyText);
      const value = readSettings(ctx.book('read'))[key];
      printItem(ctx, format, { key, value }, () => visible(String(value)));
    });
  withExamples(get, ['crm config get health.weight.bids']);

  const set = config
    .command('set')
    .description('change a setting')
    .argument('<key>', 'e.g. health.weight.bids')
    .argument('<value>', 'a number (weights, days, scores) or a code (currency, locale)')
    .option('--json', 'print the setting as JSON')
    .action((keyText, valueText, flags) => {
      const key = settingKey(keyText);
      const value = parseSettingValue(key, valueText);
      writeSetting(ctx.book('write'), key, value);
      if (flags.json) printItem(ctx, 'json', { key, value, default: SETTING_SPECS[key].default, changed: true }, () => '');
      else ctx.info(`${key} = ${value}`);
    });
  withExamples(set, ['crm config set health.weight.bids 30', 'crm config set invoice.currency USD', 'crm config set health.halflife.positivity 90']);

  const unset = config
    .command('unset')
    .description('back to the default')
    .argument('<key>', 'e.g. health.weight.bids')
    .option('--json', 'print the setting as JSON')
    .action((keyText, flags) => {
      const key = settingKey(keyText);
      removeSetting(ctx.book('update'), key);
      const value = SETTING_SPECS[key].default;
      if (flags.json) printItem(ctx, 'json', { key, value, default: value, changed: false }, () => '');
      else ctx.info(`${key} = ${value} (default)`);
    });
  withExamples(unset, ['crm config unset health.weight.bids']);
}
