// The encrypted backup format, byte by byte as the README documents it. One key is derived at the real parameters
// (scrypt N = 2^17, r = 8, p = 1: above Node's default memory limit, which crm raises); the rest at N = 2^10.
import { createDecipheriv, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SCRYPT_PARAMS, scryptParamsFrom, startDecryption, startEncryption } from '../../../src/core/backup-crypto.js';

const CHEAP = { logN: 10, r: 8, p: 1 };

describe('encrypted backup format', () => {
  it('a new backup: CRMENC1, scrypt N=2^17 r=8 p=1, a random salt and nonce', () => {
    const { header } = startEncryption('pässphrase', SCRYPT_PARAMS);
    expect(header.subarray(0, 7).toString('ascii')).toBe('CRMENC1');
    expect([header[7], header[8], header.readUInt32BE(9), header.readUInt32BE(13)]).toEqual([1, 17, 8, 1]);
    expect(header).toHaveLength(45);
    expect(scryptParamsFrom({})).toEqual({ logN: 17, r: 8, p: 1 });
    expect(() => scryptParamsFrom({ CRM_TEST_SCRYPT_LOG_N: '4' })).toThrow(/from 10 to 17/);
  });

  it('AES-256-GCM of the bytes, the header authenticated: decrypted by hand from the layout; a changed header refused', () => {
    const plain = Buffer.from('SQLite format 3\0 and the rest of a book');
    const encryption = startEncryption('pässphrase', CHEAP);
    const file = Buffer.concat([encryption.header, encryption.update(plain), encryption.final()]);
    expect(file.length).toBe(45 + plain.length + 16);
    const key = scryptSync(Buffer.from('pässphrase'.normalize('NFC')), file.subarray(17, 33), 32, { N: 2 ** 10, r: 8, p: 1 });
    const decipher = createDecipheriv('aes-256-gcm', key, file.subarray(33, 45));
    decipher.setAAD(file.subarray(0, 45));
    decipher.setAuthTag(file.subarray(-16));
    expect(Buffer.concat([decipher.update(file.subarray(45, -16)), decipher.final()])).toEqual(plain);

    const decrypt = (bytes: Buffer, passphrase: string) => {
      const decryption = startDecryption(bytes.subarray(0, 45), bytes.length, passphrase, 'b.enc');
      return Buffer.concat([decryption.update(bytes.subarray(45, -16)), decryption.final(bytes.subarray(-16))]);
    };
    expect(decrypt(file, 'pa\u0308ssphrase')).toEqual(plain); // the same passphrase typed decomposed
    const refusal = 'cannot decrypt b.enc: wrong passphrase, or the file was changed; nothing was changed';
    expect(() => decrypt(file, 'passphrase')).toThrow(refusal);
    const changed = Buffer.from(file);
    changed[14]! ^= 2; // p: 1 -> 3, an authenticated header byte
    expect(() => decrypt(changed, 'pässphrase')).toThrow(refusal);
    changed[14]! ^= 2;
    changed[8] = 30; // N = 2^30 (128 GiB): refused before deriving anything
    expect(() => decrypt(changed, 'pässphrase')).toThrow(refusal);
  });
});
