// 1688 request and push-message signatures: HMAC-SHA1 over the url path and the sorted key+value strings.
import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_PARAM = '_aop_signature';

/** The signed url path of an API: `param2/{version}/{namespace}/{apiName}/{appKey}` (no leading slash). */
export function urlPathFor(version: string | number, namespace: string, apiName: string, appKey: string): string {
  return `param2/${version}/${namespace}/${apiName}/${appKey}`;
}

function signatureBase(params: Record<string, string>): string {
  // The platform sorts the concatenated strings, not the keys: `a`+`b1` vs `ab`+`0` sort differently.
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (key !== SIGNATURE_PARAM) parts.push(key + value);
  }
  return parts.sort().join('');
}

function hmacHex(message: string, appSecret: string): string {
  return createHmac('sha1', Buffer.from(appSecret, 'utf8')).update(message, 'utf8').digest('hex').toUpperCase();
}

/** `_aop_signature` of an API call; `params` are the values exactly as sent, before URL-encoding. */
export function signAop(urlPath: string, params: Record<string, string>, appSecret: string): string {
  return hmacHex(urlPath + signatureBase(params), appSecret);
}

/** Signature 1688 puts on a push message: the same scheme without a url path. */
export function signPushMessage(params: Record<string, string>, appSecret: string): string {
  return hmacHex(signatureBase(params), appSecret);
}

/** Checks a received push signature, case-insensitively and in constant time. */
export function verifyPushSignature(params: Record<string, string>, signature: string, appSecret: string): boolean {
  const expected = Buffer.from(signPushMessage(params, appSecret), 'utf8');
  const received = Buffer.from(signature.toUpperCase(), 'utf8');
  if (expected.length !== received.length) return false;
  return timingSafeEqual(expected, received);
}

/** Checks an API call's signature (used by the simulator), case-insensitively and in constant time. */
export function verifyAopSignature(
  urlPath: string,
  params: Record<string, string>,
  signature: string,
  appSecret: string,
): boolean {
  const expected = Buffer.from(signAop(urlPath, params, appSecret), 'utf8');
  const received = Buffer.from(signature.toUpperCase(), 'utf8');
  if (expected.length !== received.length) return false;
  return timingSafeEqual(expected, received);
}
