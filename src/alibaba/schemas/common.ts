// Tolerant zod building blocks for 1688 payloads: ids, numbers and dates in either JSON type, and error helpers.
import { z } from 'zod';

/** An id that may arrive as a number, a string or (after parseJsonPreservingBigInts) a digit string. */
export const Id = z.union([z.string(), z.number(), z.bigint()]).transform((v) => String(v));
export type Id = z.infer<typeof Id>;

/** A text field that is sometimes sent as a number. */
export const Text = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));
export type Text = z.infer<typeof Text>;

/** A numeric field that is sometimes sent as a string (prices in yuan, quantities, amounts in fen). */
export const Num = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = typeof v === 'number' ? v : v.trim() === '' ? Number.NaN : Number(v.trim());
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `expected a number, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return n;
});
export type Num = z.infer<typeof Num>;

/** A boolean sometimes sent as "true"/"false". */
export const Bool = z.union([z.boolean(), z.string()]).transform((v) => v === true || String(v).toLowerCase() === 'true');
export type Bool = z.infer<typeof Bool>;

const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})?([+-])(\d{2})(\d{2})$/;
const SPACED_DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;
const CHINA_OFFSET_MINUTES = 8 * 60;

/**
 * Parses the platform's date spellings: `yyyyMMddHHmmssSSS+0800` (any offset), `yyyyMMddHHmmss+0800`
 * (token timeouts), `yyyy-MM-dd HH:mm:ss` (China time, push messages), epoch milliseconds (number or
 * string). A blank or unrecognised value (the docs show `" "`) gives undefined rather than a failure.
 */
export function parseAlibabaDate(value: string | number | null | undefined): Date | undefined {
  const date = parseDateValue(value);
  // Out-of-range epochs (1e20) give an Invalid Date, whose toISOString() throws far from here.
  return date && Number.isFinite(date.getTime()) ? date : undefined;
}

function parseDateValue(value: string | number | null | undefined): Date | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(value) : undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d{12,13}$/.test(text)) return new Date(Number(text));
  const compact = COMPACT_DATE.exec(text);
  if (compact) {
    const [, y, mo, d, h, mi, s, ms, sign, oh, om] = compact;
    const offset = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
    const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms ?? 0));
    return new Date(utc - offset * 60_000);
  }
  const spaced = SPACED_DATE.exec(text);
  if (spaced) {
    const [, y, mo, d, h, mi, s] = spaced;
    const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    return new Date(utc - CHINA_OFFSET_MINUTES * 60_000);
  }
  return undefined;
}

/** A date field in any of the platform's spellings; absent, null or blank gives undefined. */
export const AliDate = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => parseAlibabaDate(v));
export type AliDate = z.infer<typeof AliDate>;

/** Splits a comma-separated id list (`"1,2"`), also accepting an array or a single number. */
export const IdList = z
  .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))])
  .transform((v) =>
    (Array.isArray(v) ? v.map(String) : String(v).split(','))
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
export type IdList = z.infer<typeof IdList>;

/** Formats one zod issue with its field path, e.g. `productInfo.skuInfos[2].specId: expected string`. */
export function formatZodIssue(issue: z.core.$ZodIssue): string {
  let path = '';
  for (const key of issue.path) {
    if (typeof key === 'number') path += `[${key}]`;
    else path += path === '' ? String(key) : `.${String(key)}`;
  }
  const message = issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.message;
  return path === '' ? message : `${path}: ${message}`;
}

/** All issues of a zod error, one `path: problem` each, joined for an error message. */
export function formatZodError(error: z.ZodError): string {
  return error.issues.map((issue) => formatZodIssue(issue)).join('; ');
}

/** Gateway error body (non-2xx): `error_code`/`error_message`, with the SDKs' camelCase fallback. */
export const GatewayError = z
  .object({
    error_code: Text.optional(),
    error_message: Text.optional(),
    errorCode: Text.optional(),
    errorMessage: Text.optional(),
    exception: Text.optional(),
    request_id: Text.optional(),
  })
  .refine((v) => (v.error_code ?? v.errorCode) !== undefined, { message: 'no error_code' })
  .transform((v) => ({
    code: (v.error_code ?? v.errorCode)!,
    message: v.error_message ?? v.errorMessage ?? '',
    exception: v.exception,
    requestId: v.request_id,
  }));
export type GatewayError = z.infer<typeof GatewayError>;

export interface BusinessError {
  code: string;
  message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function present(value: unknown): value is string | number {
  return (typeof value === 'string' && value.trim() !== '') || typeof value === 'number';
}

function businessErrorOf(body: Record<string, unknown>): BusinessError | undefined {
  const success = body['success'];
  const failed = success === false || success === 'false';
  const codeValue = [body['errorCode'], body['code']].find(present);
  const messageValue = [body['errorMessage'], body['errorMsg'], body['message']].find(present);
  const succeeded = success === true || success === 'true';
  // `code` alone is also sent on success ("200"), so only an explicit failure or an errorCode counts.
  if (!failed && !(present(body['errorCode']) && !succeeded)) return undefined;
  return { code: codeValue === undefined ? 'unknown' : String(codeValue), message: messageValue === undefined ? '' : String(messageValue) };
}

/**
 * Recognises the three HTTP-200 business-error shapes: `{success:false, errorCode, errorMessage}`,
 * `{success, code, message}` (also inside `result`) and `{success, errorCode, errorMsg}`.
 * An answer that carries an `orderId` is not an error: the order exists even if `success` is false.
 */
export function normaliseBusinessError(body: unknown): BusinessError | undefined {
  if (!isRecord(body)) return undefined;
  const result = isRecord(body['result']) ? body['result'] : undefined;
  if (present(body['orderId']) || (result !== undefined && present(result['orderId']))) return undefined;
  return businessErrorOf(body) ?? (result === undefined ? undefined : businessErrorOf(result));
}
