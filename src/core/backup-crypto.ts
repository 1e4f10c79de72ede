// The format of an encrypted backup (crm backup --encrypt), and encrypting and decrypting it with node:crypto.
//
//   offset  size  field
//        0     7  magic "CRMENC1" (ASCII): the format and its version
//        7     1  KDF: 1 = scrypt
//        8     1  log2 of scrypt's N (17: N = 131072)
//        9     4  scrypt r, unsigned big-endian (8)
//       13     4  scrypt p, unsigned big-endian (1)
//       17    16  salt, random for each backup
//       33    12  nonce (AES-GCM IV), random for each backup
//       45     …  AES-256-GCM ciphertext of the SQLite backup file
//    end-16   16  GCM authentication tag
//
// The 45 header bytes are the cipher's additional authenticated data: a changed parameter fails like a changed byte
// of the ciphertext. The key is scrypt(passphrase as UTF-8 in NFC, salt, N, r, p, 32 bytes).
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { InputError } from './errors.js';

export const ENCRYPTED_MAGIC = Buffer.from('CRMENC1', 'ascii');
const KDF_SCRYPT = 1;
export const HEADER_BYTES = 45;
export const TAG_BYTES = 16;
const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const KEY_BYTES = 32;

export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}

/** scrypt's parameters for a new backup: about 0.3 s and 128 MiB to derive the key. */
export const SCRYPT_PARAMS: ScryptParams = { logN: 17, r: 8, p: 1 };

/**
 * What a backup's header may ask for: a changed header must not make crm spend gigabytes before the tag says it
 * was changed. log2 N from 10 (the tests' CRM_TEST_SCRYPT_LOG_N) to 20, r up to 16, p up to 4: at most 2 GiB.
 */
const ACCEPTED = { logN: [10, 20], r: [1, 16], p: [1, 4] } as const;

/** The parameters for a new backup: CRM_TEST_SCRYPT_LOG_N (tests only: a cheaper N) or SCRYPT_PARAMS. */
export function scryptParamsFrom(env: NodeJS.ProcessEnv): ScryptParams {
  const test = env.CRM_TEST_SCRYPT_LOG_N;
  if (test === undefined) return SCRYPT_PARAMS;
  const logN = Number(test);
  if (!Number.isInteger(logN) || logN < ACCEPTED.logN[0] || logN > SCRYPT_PARAMS.logN) {
    throw new InputError(`CRM_TEST_SCRYPT_LOG_N must be a whole number from ${ACCEPTED.logN[0]} to ${SCRYPT_PARAMS.logN} (it is for tests)`);
  }
  return { ...SCRYPT_PARAMS, logN };
}

export function isEncryptedBackup(head: Uint8Array): boolean {
  return head.length >= ENCRYPTED_MAGIC.length && Buffer.from(head.subarray(0, ENCRYPTED_MAGIC.length)).equals(ENCRYPTED_MAGIC);
}

function deriveKey(passphrase: string, salt: Uint8Array, { logN, r, p }: ScryptParams): Buffer {
  const N = 2 ** logN;
  // Node refuses more than 32 MiB by default; scrypt needs 128 * N * r bytes (128 MiB at N = 2^17, r = 8).
  return scryptSync(Buffer.from(passphrase.normalize('NFC'), 'utf8'), salt, KEY_BYTES, { N, r, p, maxmem: 129 * N * r + (1 << 20) });
}

/** Encrypts a backup as it streams: the header first, then what update returns, then final (the rest and the tag). */
export function startEncryption(passphrase: string, params: ScryptParams) {
  const salt = randomBytes(SALT_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  const header = Buffer.alloc(HEADER_BYTES);
  ENCRYPTED_MAGIC.copy(header, 0);
  header.writeUInt8(KDF_SCRYPT, 7);
  header.writeUInt8(params.logN, 8);
  header.writeUInt32BE(params.r, 9);
  header.writeUInt32BE(params.p, 13);
  salt.copy(header, 17);
  nonce.copy(header, 33);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(passphrase, salt, params), nonce);
  cipher.setAAD(header);
  return {
    header,
    update: (chunk: Uint8Array): Buffer => cipher.update(chunk),
    final: (): Buffer => Buffer.concat([cipher.final(), cipher.getAuthTag()]),
  };
}

/** A wrong passphrase and a changed file cannot be told apart: AES-GCM only says the tag does not match. */
export function cannotDecrypt(source: string): InputError {
  return new InputError(`cannot decrypt ${source}: wrong passphrase, or the file was changed; nothing was changed`);
}

/**
 * Decrypts a backup of `size` bytes whose first HEADER_BYTES are `header`: update takes the ciphertext (the bytes
 * after the header, without the last TAG_BYTES), final the tag, and throws cannotDecrypt when it does not match.
 * What update returned before is not authenticated until final returns: it goes only to a private temporary file.
 */
export function startDecryption(header: Buffer, size: number, passphrase: string, source: string) {
  if (header.length < HEADER_BYTES || size < HEADER_BYTES + TAG_BYTES || !isEncryptedBackup(header) || header.readUInt8(7) !== KDF_SCRYPT) {
    throw cannotDecrypt(source);
  }
  const params: ScryptParams = { logN: header.readUInt8(8), r: header.readUInt32BE(9), p: header.readUInt32BE(13) };
  const inRange = (value: number, [low, high]: readonly [number, number]) => value >= low && value <= high;
  if (!inRange(params.logN, ACCEPTED.logN) || !inRange(params.r, ACCEPTED.r) || !inRange(params.p, ACCEPTED.p)) throw cannotDecrypt(source);
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(passphrase, header.subarray(17, 33), params), header.subarray(33, 45));
  decipher.setAAD(header.subarray(0, HEADER_BYTES));
  return {
    update: (chunk: Uint8Array): Buffer => decipher.update(chunk),
    final: (tag: Buffer): Buffer => {
      try {
        decipher.setAuthTag(tag);
        return decipher.final();
      } catch {
        throw cannotDecrypt(source);
      }
    },
  };
}
