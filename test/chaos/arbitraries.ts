// fast-check arbitraries for hostile input: odd Unicode, huge strings, mistyped fields, and fixtures mutated at one spot.
import fc from 'fast-check';

/** Characters that break naive code: RTL override, zero-width, BOM, lone surrogates, NUL, emoji sequences. */
const ODD = ['\u202e', '\u200b', '\u200d', '\ufeff', '\ud800', '\udfff', '\u0000', '👨‍👩‍👧', '🇨🇳', '广东省', '深圳市', 'ß', 'İ', ' ', '\t', '\n', '\r\n', '"', '\\', '${X}', '<b>', '&amp;', '%s', '١٢٣'];

export const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.array(fc.oneof(fc.constantFrom(...ODD), fc.string({ maxLength: 3 })), { maxLength: 12 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(100_000), '广'.repeat(5_000), '\u200b'.repeat(10_000)) },
);

/** A JSON-ish value of the wrong type for almost any field. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 0, -0, 1e308, Number.MAX_SAFE_INTEGER + 2),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** Mostly the right kind of value, sometimes junk. */
export const loose = <T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 4, arbitrary: good }, { weight: 1, arbitrary: junk });

/** A quantity: whole, negative, NaN, infinite, or text. */
export const quantity: fc.Arbitrary<unknown> = fc.oneof(fc.integer({ min: -5, max: 1_000_000 }), fc.constantFrom(Number.NaN, -Infinity, 0.5), fc.integer({ min: 1, max: 500 }).map(String), oddString);

/** A price: a number, a number as text, or text that is no number at all. */
export const price: fc.Arbitrary<unknown> = fc.oneof(
  fc.double({ min: -10, max: 100_000 }),
  fc.integer({ min: 1, max: 99_999 }).map((n) => (n / 100).toFixed(2)),
  fc.constantFrom('12.5', ' 3 ', '', 'NaN', '-1', '1e400', '0x10', '¥5', '５'),
  oddString,
);

export const id: fc.Arbitrary<unknown> = fc.oneof(fc.bigInt({ min: 1n, max: 10n ** 20n }).map(String), fc.integer({ min: 1 }), fc.bigInt({ min: 10n ** 16n, max: 10n ** 20n }));

/** Every path (object keys and array indexes) to a node of a JSON value. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (prefix.length > 0) out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

/** A copy of `fixture` with one node replaced by junk or removed. */
export function mutated(fixture: unknown): fc.Arbitrary<unknown> {
  const all = paths(fixture);
  return fc.tuple(fc.nat({ max: Math.max(0, all.length - 1) }), junk, fc.boolean()).map(([i, value, remove]) => {
    const copy = structuredClone(fixture) as Record<string | number, unknown>;
    const path = all[i];
    if (!path) return copy;
    let node = copy;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    const last = path.at(-1)!;
    if (remove && !Array.isArray(node)) delete node[last];
    else node[last] = value;
    return copy;
  });
}
