// Words for bash: a word typed with any quoting is read as bash reads it, and a completion inserted after what
// was typed gives back exactly the candidate, in every quoting context; checked against a real bash, which
// reads all the words in one run (it never evaluates them: they are printed with printf).
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bashCompletion, readBashWord, shellWord, type BashWord } from '../../../src/render/shell.js';

const HOSTILE = [
  'Acme GmbH',
  'Dq $(touch /tmp/crm-pwned)',
  'Bt `touch /tmp/crm-pwned`',
  "Sq O'Brien; touch /tmp/crm-pwned; echo 'x",
  'Nl line1\nline2',
  'Se; touch /tmp/crm-pwned',
  'St *',
  '-rf --dash',
  'Bn !! !-1 x',
  'Dl $HOME ${PATH} ~',
  'Bs back\\slash "dq" \\$(x) \\',
  'Es \x1b]0;T\x07 C1 \u009b bidi \u202e',
  'Tb tab\there',
  'Qe ends with a quote "',
  "Qs ends with a quote '",
  'Family 👨‍👩‍👧 株式会社',
  '',
];

/** What readline leaves on the line: the word as typed up to its open quote, the completion, then the closing quote readline adds after a single match unless the text already ends with it. */
function completedWord(typed: string, candidate: string): string | undefined {
  const word = readBashWord(typed);
  const completion = bashCompletion(candidate, word);
  if (completion === undefined) return undefined;
  if (!word.open) return completion;
  const openAt = typed.lastIndexOf(word.open === "$'" ? "$'" : word.open);
  const close = word.open === '"' ? '"' : "'";
  return typed.slice(0, openAt + word.open.length) + completion + (completion.endsWith(close) ? '' : close);
}

/** How a real bash reads each word (printed, never run). */
function bashReads(words: string[]): string[] {
  const script = words.map((word) => `printf '%s\\0' ${word}`).join('\n');
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', script], { encoding: 'utf8', cwd: '/' });
  expect(result.stderr).toBe('');
  return result.stdout.split('\0').slice(0, -1);
}

describe('readBashWord', () => {
  it('reads quotes, backslashes and $\'...\' as bash does, and expands nothing', () => {
    const cases: [string, Partial<BashWord>][] = [
      ['Acme\\ GmbH', { value: 'Acme GmbH', open: '' }],
      ['"Acme G"mb\\H', { value: 'Acme GmbH', open: '' }],
      ['"Acme G', { value: 'Acme G', open: '"', kept: '' }],
      ["O'Br", { value: 'OBr', open: "'", kept: 'O' }],
      ["$'a\\nb\\x41\\u00e9'", { value: 'a\nbAé', open: '' }],
      ["$'Ac", { value: 'Ac', open: "$'", kept: '' }],
      ['"$HOME `x` \\$y \\a"', { value: '$HOME `x` $y \\a', open: '' }],
      ['~/x*', { value: '~/x*', open: '' }],
    ];
    for (const [typed, expected] of cases) expect(readBashWord(typed), typed).toMatchObject(expected);
  });
});

describe('bashCompletion', () => {
  const contexts = ['', '"', "'", "$'", 'x"', "Dq'"];

  it('gives back exactly each hostile name, in every quoting context, as a real bash reads it', () => {
    const words: string[] = [];
    const expected: string[] = [];
    for (const candidate of HOSTILE) {
      for (const typed of contexts) {
        const word = completedWord(typed, candidate);
        if (word === undefined) {
          // Only when the text before a quote opened mid-word is not where the name starts.
          expect(candidate.startsWith(readBashWord(typed).kept)).toBe(false);
          continue;
        }
        words.push(word);
        expected.push(candidate);
      }
    }
    expect(words.length).toBeGreaterThan(HOSTILE.length * 4);
    expect(bashReads(words)).toEqual(expected);
  });

  it('gives back any text, in every quoting context', () => {
    const samples = fc.sample(fc.string({ unit: fc.oneof(fc.constantFrom(...'$`"\'\\!;*?~#&|<>(){}[] \n\t\x1b\u009b\u202e'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 12 }), { numRuns: 150, seed: 9 });
    const words: string[] = [];
    const expected: string[] = [];
    for (const candidate of samples) {
      for (const typed of ['', '"', "'", "$'"]) {
        words.push(completedWord(typed, candidate)!);
        expected.push(candidate);
      }
    }
    expect(bashReads(words)).toEqual(expected);
  });

  it('writes nothing raw that a terminal or the line editor would act on', () => {
    for (const typed of ['', '"', "'", "$'"]) {
      const quoted = bashCompletion('Es \x1b]0;T\x07 C1 \u009b bidi \u202e\nline', readBashWord(typed))!;
      expect(quoted).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202e]/);
    }
  });

  it('escapes a name outside quotes as bash users expect', () => {
    expect(bashCompletion('Acme GmbH', readBashWord('Ac'))).toBe('Acme\\ GmbH');
    expect(bashCompletion('Dq $(x)', readBashWord('Dq'))).toBe('Dq\\ \\$\\(x\\)');
    expect(bashCompletion('Acme GmbH', readBashWord('"Ac'))).toBe('Acme GmbH'); // readline adds the closing quote
    expect(bashCompletion('Nl a\nb', readBashWord('N'))).toBe("$'Nl a\\x0ab'");
  });
});

describe('shellWord', () => {
  it('quotes a path for a command to copy, and a real bash reads it back', () => {
    const paths = ['/tmp/crm-demo-x/crm.db', "/tmp/it's here/$(x)/crm.db", '/tmp/a b/`c`'];
    expect(shellWord(paths[0]!)).toBe(paths[0]);
    expect(bashReads(paths.map(shellWord))).toEqual(paths);
  });

  it('leaves a plain word of any script bare, quotes the rest; bash and zsh read every one back exactly', () => {
    const plain = ['Acme', 'Müller', 'Zoë', '株式会社', 'INV-7', 'a@b.example', '50%'];
    for (const word of plain) expect(shellWord(word)).toBe(word);
    // zsh expands =cmd to a path, and a leading dash reads as an option: quoted.
    for (const word of ['=ls', '-x', 'O\'Brien', 'a b', '~root']) expect(shellWord(word)).toBe(`'${word.replaceAll("'", `'\\''`)}'`);
    const words = [...plain, ...HOSTILE, '=ls', '~root'];
    expect(bashReads(words.map(shellWord))).toEqual(words);
    const script = words.map((word) => `printf '%s\\0' ${shellWord(word)}`).join('\n');
    const zsh = spawnSync('zsh', ['-f', '-c', script], { encoding: 'utf8', cwd: '/' });
    expect(zsh.stderr).toBe('');
    expect(zsh.stdout.split('\0').slice(0, -1)).toEqual(words);
  });
});
