// Masks secrets: known secret values anywhere in text, and values under secret-looking keys in objects.

export const MASK = '***';

/** Keys whose values are always masked, whatever they hold. */
const SECRET_KEY =
  /(pass(word)?|secret|token|signature|authorization|api[-_]?key|apikey|routing[-_]?key|webhook[-_]?url|encryption[-_]?key|cookie|client[-_]?secret)/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !/File$/.test(key) && !/(_at|At|expires.*|Expiry|_expiry)$/.test(key);
}

/** Holds every secret value known to the process and masks them in text and structures. */
export class Redactor {
  private readonly values = new Set<string>();
  private pattern: RegExp | undefined;

  constructor(values: Iterable<string> = []) {
    for (const value of values) this.add(value);
  }

  /** Remembers a secret value (and its URL-encoded form); short values are ignored to avoid masking noise. */
  add(value: string | undefined | null): void {
    if (!value || value.length < 4) return;
    const before = this.values.size;
    this.values.add(value);
    const encoded = encodeURIComponent(value);
    if (encoded !== value) this.values.add(encoded);
    if (this.values.size !== before) this.pattern = undefined;
  }

  text(input: string): string {
    if (this.values.size === 0) return input;
    this.pattern ??= new RegExp(
      [...this.values]
        .sort((a, b) => b.length - a.length)
        .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    return input.replace(this.pattern, MASK);
  }

  /** A deep copy with secret keys masked and secret values masked inside strings. */
  value(input: unknown, depth = 0): unknown {
    if (typeof input === 'string') return this.text(input);
    if (depth > 12 || input === null || typeof input !== 'object') return input;
    if (input instanceof Date) return input;
    if (Array.isArray(input)) return input.map((item) => this.value(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, val] of Object.entries(input)) {
      out[key] = isSecretKey(key) && val !== undefined && val !== null && val !== false ? MASK : this.value(val, depth + 1);
    }
    return out;
  }
}
