// Decoding an imported file: UTF-8, UTF-8 and UTF-16 by their byte order mark, a named encoding; invalid bytes
// refused with their line, whatever the chunks the bytes arrive in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { LineDecoder, encodingNamed } from '../../../src/core/text-encoding.js';

/** Decodes bytes fed in the chunks given by the cut points. */
function decode(bytes: Uint8Array, encoding?: string, cuts: number[] = []): string {
  const decoder = new LineDecoder(encoding);
  let text = '';
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    text += decoder.push(bytes.subarray(from, cut));
    from = cut;
  }
  return text + decoder.push(bytes.subarray(from)) + decoder.end();
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : p)));
function utf16(text: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out[2 * i + (bigEndian ? 1 : 0)] = unit & 0xff;
    out[2 * i + (bigEndian ? 0 : 1)] = unit >> 8;
  }
  return out;
}
const errorOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an input error');
};

const TEXT = 'name,company\r\nZoë Ärger,Söhne 😀\nJürgen,"multi\nline"\n株式会社,x';

describe('LineDecoder', () => {
  it('reads UTF-8, and drops a UTF-8 byte order mark', () => {
    expect(decode(utf8(TEXT))).toBe(TEXT);
    expect(decode(bytes([0xef, 0xbb, 0xbf], TEXT))).toBe(TEXT);
  });

  it('recognises UTF-16 LE and BE by their byte order mark', () => {
    const le = new LineDecoder();
    expect(le.push(bytes([0xff, 0xfe], [...utf16(TEXT, false)])) + le.end()).toBe(TEXT);
    expect(le.encoding).toBe('utf-16le');
    expect(decode(bytes([0xfe, 0xff], [...utf16(TEXT, true)]))).toBe(TEXT);
  });

  it('keeps a U+FEFF that is not at the start of the file: it is text', () => {
    expect(decode(utf8('a\n\ufeffb\n'))).toBe('a\n\ufeffb\n');
  });

  it('gives the same text wherever the chunks are cut', () => {
    const inputs: [Uint8Array, string | undefined][] = [
      [utf8(TEXT), undefined],
      [bytes([0xff, 0xfe], [...utf16(TEXT, false)]), undefined],
      [bytes([0xfe, 0xff], [...utf16(TEXT, true)]), undefined],
      [Uint8Array.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x0a, 0x80, 0x0a]), 'windows-1252'],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...inputs), fc.array(fc.nat(), { maxLength: 6 }), ([input, encoding], cuts) => {
        const whole = decode(input, encoding);
        expect(decode(input, encoding, cuts.map((c) => c % (input.length + 1)))).toBe(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses Windows-1252 read as UTF-8 with the line and the byte, and reads it when named', () => {
    const file = bytes('name,company\nAcme,x\nM', [0xfc], 'ller GmbH,x\n');
    expect(errorOf(() => decode(file))).toBe(
      'line 3: bytes that are not valid utf-8 (0xFC at byte 2 of the line): if the file is in another encoding, name it, e.g. --encoding windows-1252',
    );
    expect(decode(file, encodingNamed('latin1'))).toBe('name,company\nAcme,x\nMüller GmbH,x\n');
    // ä (0xE4) opens a three-byte sequence that the next byte breaks: the error points at the ä, not after it.
    expect(errorOf(() => decode(bytes('é\nB', [0xe4], 'r\n')))).toMatch(/^line 2: .*\(0xE4 at byte 2 of the line\)/);
  });

  it('names the line of an invalid byte, wherever it is and however the file arrives', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/[\n\r\0]/g, '')), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.nat(),
        fc.array(fc.nat(), { maxLength: 4 }),
        (lines, badLine, badAt, cuts) => {
          const line = badLine % lines.length;
          const before = utf8(lines[line]!);
          const at = badAt % (before.length + 1);
          // Cut at a character boundary of the line, then a lone continuation byte.
          const prefix = utf8(new TextDecoder().decode(before.subarray(0, at)).replace(/\ufffd$/, ''));
          const broken = bytes([...prefix], [0x80], [...before.subarray(prefix.length)]);
          const file = bytes(...lines.slice(0, line).map((l) => `${l}\n`), [...broken], ...lines.slice(line + 1).map((l) => `\n${l}`));
          expect(errorOf(() => decode(file, undefined, cuts.map((c) => c % (file.length + 1))))).toMatch(
            new RegExp(`^line ${line + 1}: .*\\(0x80 at byte ${prefix.length + 1} of the line\\)`),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('takes a NUL for UTF-16 without a byte order mark', () => {
    expect(errorOf(() => decode(utf16('name\nAcme\n', false)))).toMatch(/^line 1: a NUL character.*--encoding utf-16le/);
  });

  it('refuses a UTF-16 file cut in the middle of a character, and invalid UTF-16', () => {
    expect(errorOf(() => decode(bytes([0xff, 0xfe, 0x41, 0x00, 0x42])))).toMatch(/^line 1: the file ends in the middle of a utf-16le character/);
    // a lone low surrogate
    expect(errorOf(() => decode(bytes([0xff, 0xfe, 0x41, 0x00, 0x0a, 0x00, 0x00, 0xdc, 0x0a, 0x00])))).toMatch(/^line 2: bytes that are not valid utf-16le \(0x00 0xDC at byte 1/);
  });

  it('refuses a byte order mark that contradicts --encoding, and unknown encodings', () => {
    expect(errorOf(() => decode(bytes([0xff, 0xfe], [...utf16('a', false)]), 'windows-1252'))).toMatch(/UTF-16LE byte order mark, but --encoding says windows-1252/);
    expect(decode(bytes([0xef, 0xbb, 0xbf], 'a'), 'utf-8')).toBe('a');
    expect(encodingNamed('UTF-16')).toBe('utf-16le');
    expect(errorOf(() => encodingNamed('klingon'))).toMatch(/--encoding "klingon" is not an encoding crm knows/);
    expect(errorOf(() => encodingNamed('iso-2022-kr'))).toMatch(/not an encoding crm knows/);
  });

  it('reads an empty file and a file of fewer bytes than a byte order mark', () => {
    expect(decode(new Uint8Array())).toBe('');
    expect(decode(utf8('a'))).toBe('a');
  });
});
