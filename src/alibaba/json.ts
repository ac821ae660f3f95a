// JSON parsing that keeps integers above 2^53 exact by turning long integer literals into strings.

const MAX_SAFE_DIGITS = 15;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Parses JSON like JSON.parse, except that every integer literal with more than 15 digits (outside
 * strings) becomes a string. 1688 order, item and logistics ids exceed 2^53, and Node 20's JSON.parse
 * gives no access to the source text, so they would be rounded.
 */
export function parseJsonPreservingBigInts(text: string): unknown {
  let out = '';
  let copiedUpTo = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < n) {
        const s = text.charCodeAt(i);
        if (s === 92 /* \ */) i += 2;
        else if (s === 34) break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === 45 /* - */ || isDigit(c)) {
      const start = i;
      if (c === 45) i++;
      const digitsStart = i;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      const digits = i - digitsStart;
      let integer = true;
      if (i < n && text.charCodeAt(i) === 46 /* . */) {
        integer = false;
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      const e = text.charCodeAt(i);
      if (i < n && (e === 101 || e === 69) /* e E */) {
        integer = false;
        i++;
        const sign = text.charCodeAt(i);
        if (sign === 43 || sign === 45) i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      if (integer && digits > MAX_SAFE_DIGITS) {
        out += text.slice(copiedUpTo, start) + '"' + text.slice(start, i) + '"';
        copiedUpTo = i;
      }
      continue;
    }
    i++;
  }
  return JSON.parse(copiedUpTo === 0 ? text : out + text.slice(copiedUpTo)) as unknown;
}

/** Marker used by stringifyWithBigInts; chosen so it cannot occur in real data by accident. */
const BIGINT_MARKER = '__aos_bigint__:';

/**
 * JSON.stringify that writes bigint values as bare integer literals, the way the 1688 gateway emits
 * ids above 2^53 (used by the simulator to reproduce that quirk).
 */
export function stringifyWithBigInts(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'bigint' ? `${BIGINT_MARKER}${v.toString()}` : v,
  );
  return text.replace(/"__aos_bigint__:(-?\d+)"/g, '$1');
}
