// Downloads an offer's main image, bounded in time and size and checked to be an image, for `image_1920`.
import { createHash } from 'node:crypto';
import got from 'got';
import { RecordError } from '../../errors.js';

export interface ImageFetchOptions {
  timeoutMs: number;
  maxBytes: number;
}

export interface FetchedImage {
  base64: string;
  sha: string;
  bytes: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageFetchOptions = { timeoutMs: 15_000, maxBytes: 8 * 1024 * 1024 };

const ACCEPTED = /^image\/(jpeg|png|gif|webp|bmp)\b/i;

/** Fetches one image; any problem is a RecordError naming the URL (the offer is imported without it). */
export async function fetchImage(url: string, options: ImageFetchOptions = DEFAULT_IMAGE_LIMITS): Promise<FetchedImage> {
  const fail = (why: string): RecordError =>
    new RecordError(url, `image ${url}: ${why}`, { permanent: false, hint: 'the product is kept without a new image; it is tried again on the next change' });
  let tooLarge = false;
  const request = got(url, {
    responseType: 'buffer',
    timeout: { request: options.timeoutMs },
    retry: { limit: 0 },
    followRedirect: true,
    maxRedirects: 3,
    throwHttpErrors: false,
    headers: { accept: 'image/*' },
    hooks: {
      beforeRedirect: [
        (opts) => {
          // Never carry credentials to whatever host an image redirect names.
          delete opts.headers.authorization;
          delete opts.headers.cookie;
        },
      ],
    },
  });
  void request.on('downloadProgress', (progress) => {
    if (progress.transferred > options.maxBytes && !tooLarge) {
      tooLarge = true;
      request.cancel();
    }
  });
  let response;
  try {
    response = await request;
  } catch (err) {
    throw fail(tooLarge ? `larger than ${options.maxBytes} bytes` : (err as Error).message);
  }
  if (response.statusCode !== 200) throw fail(`HTTP ${response.statusCode}`);
  const type = String(response.headers['content-type'] ?? '');
  if (!ACCEPTED.test(type)) throw fail(`not an image (content type "${type || 'none'}")`);
  const body = response.body;
  if (body.length > options.maxBytes) throw fail(`larger than ${options.maxBytes} bytes`);
  if (body.length === 0) throw fail('empty body');
  return { base64: body.toString('base64'), sha: createHash('sha256').update(body).digest('hex').slice(0, 32), bytes: body.length };
}
