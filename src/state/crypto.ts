// AES-256-GCM for values kept at rest in the state file (tokens, payloads), when a key is configured.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { StateError } from '../errors.js';

const PREFIX = 'enc:v1:';

/** Encrypts and decrypts strings; without a key it passes values through unchanged. */
export class Sealer {
  private readonly key: Buffer | undefined;

  constructor(secret: string | undefined) {
    this.key = secret
      ? Buffer.from(hkdfSync('sha256', secret, 'alibaba-odoo-sync', 'state-at-rest v1', 32))
      : undefined;
  }

  get enabled(): boolean {
    return this.key !== undefined;
  }

  seal(plain: string): string {
    if (!this.key) return plain;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  open(stored: string): string {
    if (!stored.startsWith(PREFIX)) return stored;
    if (!this.key) {
      throw new StateError('the state file holds encrypted values but no encryption key is configured', {
        hint: 'set state.encryptionKey (or state.encryptionKeyFile) to the key used when they were written',
      });
    }
    const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch (err) {
      throw new StateError('an encrypted value in the state file cannot be decrypted with the configured key', {
        hint: 'set state.encryptionKey to the key used when the value was written',
        cause: err,
      });
    }
  }

  /** Seals a nullable value. */
  sealOpt(plain: string | null | undefined): string | null {
    return plain === null || plain === undefined ? null : this.seal(plain);
  }

  openOpt(stored: string | null | undefined): string | null {
    return stored === null || stored === undefined ? null : this.open(stored);
  }
}
