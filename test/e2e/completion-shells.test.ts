// Shell completion of hostile client names, typed in the real shells on a pseudo-terminal: bash, zsh and fish
// each load `crm completion <shell>`, the test types a few letters (inside double quotes, single quotes or
// none), TAB and Enter, and a stand-in `crm` on the PATH records the arguments the shell ran it with. Every name
// must arrive whole and exact, and nothing in it may run: a name like `Dq $(touch …)` touching its marker file
// would be a command the user never typed (issue 9, case 6).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { completionScript } from '../../src/commands/completion.js';
import type { Streams } from '../../src/context.js';
import { addClient } from '../../src/store/clients.js';
import { addInvoice } from '../../src/store/invoices.js';
import { openBook } from '../../src/store/open.js';
import { BIN, DEFAULT_NOW, TempBook } from '../helpers/cli.js';
import { PtySession } from '../helpers/pty.js';

let book: TempBook;
/** where a name that ran would leave its mark */
let marks: string;

/** Each name starts with its own two letters, so that what is typed completes to it alone. */
const names = (m: string) => ({
  Dq: `Dq $(touch ${m}/dq)`,
  Sq: `Sq O'Brien; touch ${m}/sq; echo 'x`,
  Bt: `Bt \`touch ${m}/bt\``,
  Bn: 'Bn !! !-1 x',
  Nl: `Nl line one\nline two $(touch ${m}/nl)`,
  St: 'St * ?',
  Dash: '-rf --dash',
  Es: 'Es \x1b]0;TITLE\x07 C1 \u009b31m bidi \u202e',
  Tb: 'Tb tab\there', // not typed below: fish would read the tab as the start of a description
});
let hostile: ReturnType<typeof names>;
/** A tag and an invoice number are data too (issue 11): the same care as a name. */
const values = (m: string) => ({
  tag: `Tg "vip" $(touch ${m}/tg) it's`,
  invoice: `Iv "1" $(touch ${m}/iv); x`,
});
let hostileValues: ReturnType<typeof values>;
/** A folder of files for the file-name completion, one name with a space. */
let files: string;

beforeAll(() => {
  book = new TempBook();
  marks = join(book.dir, 'marks');
  mkdirSync(marks);
  hostile = names(marks);
  // Straight into the book, as a file from elsewhere (or an older crm) could have put them: crm refuses control
  // characters in a name it is given, but must still complete safely what a book holds.
  const now = Date.parse(DEFAULT_NOW);
  const { db } = openBook(book.path, { mode: 'write', now });
  try {
    for (const name of Object.values(hostile)) addClient(db, { name, since: '2026-01-01', createdAt: now });
    hostileValues = values(marks);
    const holder = addClient(db, { name: 'Zz values', since: '2026-01-01', createdAt: now, tags: [hostileValues.tag] });
    addInvoice(db, { clientId: holder.id, number: hostileValues.invoice, amountMinor: 100, currency: 'EUR', issued: '2026-11-01', due: '2026-12-01', note: null });
  } finally {
    db.close();
  }
  // The stand-in crm: completion requests go to the real one; any other run records its arguments.
  const bin = join(book.dir, 'bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'crm'),
    `#!/bin/bash
if [[ $1 == __complete ]]; then "${process.execPath}" "${BIN}" "$@"; status=$?; printf . >> "$CRM_TEST_LOG.completed"; exit $status; fi
{ printf '%s\\0' "$@"; printf '\\n'; } >> "$CRM_TEST_LOG"
`,
  );
  chmodSync(join(bin, 'crm'), 0o755);
  files = join(book.dir, 'files');
  mkdirSync(files);
  writeFileSync(join(files, 'we ird.json'), '');
  writeFileSync(join(files, 'file-one.csv'), '');
});
afterAll(() => book.cleanup());

const hasShell = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;
const PROMPT = 'crm-test$ ';

/** How each shell starts, interactive, with nothing of the user's configuration and crm's completion loaded. */
function shellCommand(shell: 'bash' | 'zsh' | 'fish', home: string): string[] {
  const script = join(home, `crm.${shell}`);
  writeFileSync(script, completionScript(shell));
  if (shell === 'bash') {
    writeFileSync(join(home, 'rc'), `PS1='${PROMPT}'\nHISTFILE=/dev/null\nsource '${script}'\n`);
    return ['bash', '--noprofile', '--rcfile', join(home, 'rc'), '-i'];
  }
  if (shell === 'zsh') {
    writeFileSync(join(home, '.zshrc'), `PS1='${PROMPT}'\nautoload -U compinit\ncompinit -D -u\nsource '${script}'\n`);
    return ['zsh', '-i'];
  }
  return ['fish', '-N', '-i', '-C', `function fish_prompt; echo -n '${PROMPT}'; end; set -g fish_greeting; source '${script}'`];
}

/** Types each line, TAB, waits for the completion, then Enter; returns the arguments crm was run with, line by line. */
async function typeInShell(shell: 'bash' | 'zsh' | 'fish', lines: string[]): Promise<{ runs: string[][]; screen: string }> {
  const home = join(book.dir, `home-${shell}`);
  mkdirSync(home);
  const log = join(home, 'runs');
  writeFileSync(log, '');
  writeFileSync(`${log}.completed`, '');
  const session = new PtySession([], {
    command: shellCommand(shell, home),
    columns: 200,
    timeoutMs: 25_000,
    env: {
      PATH: `${join(book.dir, 'bin')}:${process.env.PATH}`,
      HOME: home,
      ZDOTDIR: home,
      XDG_CONFIG_HOME: home,
      XDG_DATA_HOME: home,
      CRM_DB: book.path,
      CRM_TEST_LOG: log,
    },
  });
  const count = (file: string, mark: string) => readFileSync(file, 'utf8').split(mark).length - 1;
  const until = async (done: () => boolean, what: string) => {
    for (let waited = 0; !done(); waited += 20) {
      if (waited > 8000) throw new Error(`${shell}: timed out waiting for ${what}; the terminal showed:\n${session.transcript.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  let screen = '';
  try {
    await session.expect(PROMPT);
    for (const [i, line] of lines.entries()) {
      session.send(`${line}\t`);
      await until(() => count(`${log}.completed`, '.') > i, `the completion of ${JSON.stringify(line)}`);
      session.send('\r');
      await until(() => count(log, '\0\n') > i, `the run of ${JSON.stringify(line)}`);
    }
    session.send('exit\r');
    screen = (await session.exit()).raw;
  } finally {
    session.kill();
  }
  const runs = readFileSync(log, 'utf8').split('\0\n').slice(0, -1).map((run) => run.split('\0'));
  return { runs, screen };
}

/**
 * File names come from each shell's own completion (a name with a space, and after --out=); values from the book.
 * bash alone splits `--channel=em` at the "=" (the in-process tests cover the others).
 */
const valueLines = (shell: string) => [
  `crm restore ${files}/we`,
  `crm export --out=${files}/fi`,
  'crm client list --tag "Tg',
  "crm invoice pay 'Iv",
  ...(shell === 'bash' ? ['crm log list --channel=em'] : []),
];
const valueRuns = (shell: string) => [
  ['restore', `${files}/we ird.json`],
  ['export', `--out=${files}/file-one.csv`],
  ['client', 'list', '--tag', hostileValues.tag],
  ['invoice', 'pay', hostileValues.invoice],
  ...(shell === 'bash' ? [['log', 'list', '--channel=email']] : []),
];

const LINES = ['crm health "Dq', "crm health 'Sq", 'crm health Bt', 'crm health "Bn', 'crm health Nl', "crm health 'St", 'crm health -- -r', 'crm health "Es'];

describe.concurrent('completion of hostile names in the real shells', () => {
  for (const shell of ['bash', 'zsh', 'fish'] as const) {
    // .ci/run installs zsh and fish where apt can; elsewhere only the missing shell is skipped, and said so.
    const missing = !hasShell(shell);
    if (missing) console.warn(`${shell} is not installed: the test of its completion is skipped`);
    it.skipIf(missing)(`${shell} completes each name, tag and invoice number whole, runs nothing in them, and file names its own way`, async () => {
      // fish would put the escape and bidi characters raw on the line: crm leaves that name out for fish (and fish's
      // fuzzy matching would then offer the others), see below.
      const lines = shell === 'fish' ? LINES.slice(0, -1) : LINES;
      const { runs, screen } = await typeInShell(shell, [...lines, ...valueLines(shell)]);
      const h = hostile;
      const expected = [[h.Dq], [h.Sq], [h.Bt], [h.Bn], [h.Nl], [h.St], ['--', h.Dash], [h.Es]];
      expect(runs).toEqual([...expected.slice(0, lines.length).map((args) => ['health', ...args]), ...valueRuns(shell)]);
      expect(readdirSync(marks)).toEqual([]);
      // Nothing the name carried reached the terminal raw (bash gets it quoted as $'\x1b...', zsh shows ^[).
      expect(screen).not.toMatch(/\x1b\]0;TITLE|\u009b|\u202e/);
    });
  }
});

describe('crm __complete --shell', () => {
  it('hands zsh and fish the names as they are, NUL-ended, and bash each one quoted for the word typed', async () => {
    const ask = async (...args: string[]) => {
      let stdout = '';
      const streams = {
        stdout: { write: (chunk: string | Uint8Array) => ((stdout += String(chunk)), true), isTTY: false },
        stderr: { write: () => true, isTTY: false },
        stdin: { isTTY: false },
      } as unknown as Streams;
      expect(await main(['__complete', ...args], streams, { CRM_DB: book.path, CRM_NOW: DEFAULT_NOW })).toBe(0);
      return stdout;
    };
    expect(await ask('--shell=zsh', '--', 'health', 'nl')).toBe(`${hostile.Nl}\0`);
    expect(await ask('--shell=fish', '--', 'health', 'nl')).toBe(`${hostile.Nl}\0`);
    expect(await ask('--shell=fish', '--', 'health', 'es')).toBe('');
    expect(await ask('--shell=bash', '--', 'health', '"Dq')).toBe(`Dq \\$(touch ${marks}/dq)\n`);
    expect(await ask('--shell=bash', '--', 'health', 'Dq')).toBe(`Dq\\ \\$\\(touch\\ ${marks}/dq\\)\n`);
    expect(await ask('--shell=fish', '--', 'health', 'tb')).toBe('');
    expect(await ask('--shell=zsh', '--', 'health', 'tb')).toBe(`${hostile.Tb}\0`);
    expect(await ask('--shell=bash', '--', 'health', 'Tb')).toBe("$'Tb tab\\x09here'\n");
    // A script saved from an older crm put names inside quotes as they were: it gets only the names safe anywhere.
    expect(await ask('--', 'health', 'St')).toBe('St * ?\n');
    expect(await ask('--', 'health', 'Dq')).toBe('');
    expect(await ask('--', 'health', 'Sq')).toBe('');
    expect(existsSync(join(marks, 'dq'))).toBe(false);
  });
});
