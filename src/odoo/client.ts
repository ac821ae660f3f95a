// OdooClient: batched helpers over execute_kw (paged search_read, chunked read/create/write/unlink, fields_get cache, chatter).
import { AppError, ExitCode, RemoteUnavailableError } from '../errors.js';
import type { Domain, FieldsGet, OdooRecord, OdooVals } from './models.js';
import { FieldsGet as FieldsGetSchema } from './models.js';
import { OdooRpc, type OdooClientOptions } from './rpc.js';

export { cmd, type X2ManyCommand } from './commands.js';
export type { OdooClientConfig, OdooClientOptions, CallPolicy, KwOptions } from './rpc.js';

export interface PageOptions {
  /** Records per call (default and cap: odoo.pageSize). */
  pageSize?: number | undefined;
  /** Odoo order clause; the default `id` pages by id (stable while records are added or removed). */
  order?: string | undefined;
  /** Stops with an error instead of reading more pages than this (default 1000). */
  maxPages?: number | undefined;
  context?: Record<string, unknown> | undefined;
}

/**
 * Finds the records of a create chunk that may have been applied before the connection failed.
 * Either a domain plus the key field that identifies each row, or a function returning one id (or
 * undefined) per row. Without one, a create is never sent twice.
 */
export type CreateLookup =
  | { domain: (chunk: readonly OdooVals[]) => Domain; key: string }
  | ((chunk: readonly OdooVals[]) => Promise<readonly (number | undefined)[]>);

const DEFAULT_MAX_PAGES = 1_000;
const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

export class OdooClient extends OdooRpc {
  private readonly fieldsCache = new Map<string, Promise<FieldsGet>>();

  constructor(options: OdooClientOptions) {
    super(options);
  }

  /** Pages of `search_read` as an async generator: memory stays flat, one round trip per page. */
  async *searchReadPages<R extends OdooRecord = OdooRecord>(model: string, domain: Domain, fields: readonly string[], options: PageOptions = {}): AsyncGenerator<R[]> {
    const pageSize = Math.min(options.pageSize ?? this.config.pageSize, this.config.pageSize);
    const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    const order = options.order ?? 'id';
    // Keyset paging by id asks one row more than a page: a short answer means the end, without an extra empty call.
    const byId = order === 'id' || order === 'id asc';
    const kw = (offset: number, after: number): Record<string, unknown> => ({
      domain: byId && after > 0 ? [...domain, ['id', '>', after]] : [...domain],
      fields: [...fields],
      limit: pageSize + 1,
      order,
      ...(byId ? {} : { offset }),
      ...(options.context ? { context: options.context } : {}),
    });
    let offset = 0;
    let after = 0;
    for (let page = 1; ; page++) {
      if (page > maxPages) {
        throw new AppError('odoo_too_many_pages', ExitCode.Internal, `${model}: more than ${maxPages} pages of ${pageSize} records`, {
          hint: 'narrow the domain, or raise maxPages for this read',
        });
      }
      const rows = await this.executeKw<R[]>(model, 'search_read', [], kw(offset, after));
      const more = rows.length > pageSize;
      const pageRows = more ? rows.slice(0, pageSize) : rows;
      if (pageRows.length > 0) yield pageRows;
      if (!more) return;
      offset += pageSize;
      after = pageRows[pageRows.length - 1]!.id;
    }
  }

  /** Every matching record (for small result sets; use searchReadPages for large ones). */
  async searchReadAll<R extends OdooRecord = OdooRecord>(model: string, domain: Domain, fields: readonly string[], options: PageOptions = {}): Promise<R[]> {
    const out: R[] = [];
    for await (const page of this.searchReadPages<R>(model, domain, fields, options)) out.push(...page);
    return out;
  }

  /** Ids matching a domain, in one call (bounded by `limit`). */
  search(model: string, domain: Domain, options: { limit?: number; order?: string; context?: Record<string, unknown> } = {}): Promise<number[]> {
    return this.executeKw<number[]>(model, 'search', [[...domain]], {
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
      ...(options.order ? { order: options.order } : {}),
      ...(options.context ? { context: options.context } : {}),
    });
  }

  searchCount(model: string, domain: Domain, context?: Record<string, unknown>): Promise<number> {
    return this.executeKw<number>(model, 'search_count', [[...domain]], context ? { context } : {});
  }

  /** Records by id in chunks of odoo.pageSize, in the order asked; missing ids are left out (Odoo does not fault). */
  async read<R extends OdooRecord = OdooRecord>(model: string, ids: readonly number[], fields: readonly string[]): Promise<R[]> {
    const out: R[] = [];
    for (const part of chunks(ids, this.config.pageSize)) {
      out.push(...(await this.executeKw<R[]>(model, 'read', [part], { fields: [...fields] })));
    }
    return out;
  }

  /**
   * Batch create in chunks of odoo.batchSize, one round trip per chunk; ids come back in input order.
   * Each chunk is atomic in Odoo (one bad row creates nothing of that chunk, earlier chunks stay).
   */
  async create(model: string, valsList: readonly OdooVals[], options: { lookup?: CreateLookup | undefined } = {}): Promise<number[]> {
    const out: number[] = [];
    for (const part of chunks(valsList, this.config.batchSize)) {
      const recover = options.lookup ? () => this.findCreated(model, part, options.lookup!) : undefined;
      const ids = await this.executeKw<number[] | number>(model, 'create', [part], {}, { recover });
      out.push(...(Array.isArray(ids) ? ids : [ids]));
    }
    return out;
  }

  /** Looks up a chunk after a failed create: all found -> their ids; none -> undefined (send again). */
  private async findCreated(model: string, chunk: readonly OdooVals[], lookup: CreateLookup): Promise<number[] | undefined> {
    let found: readonly (number | undefined)[];
    if (typeof lookup === 'function') {
      found = await lookup(chunk);
    } else {
      const rows = await this.searchReadAll(model, lookup.domain(chunk), [lookup.key]);
      const byKey = new Map(rows.map((r) => [JSON.stringify(r[lookup.key]), r.id]));
      found = chunk.map((vals) => byKey.get(JSON.stringify(vals[lookup.key])));
    }
    const hits = found.filter((id): id is number => id !== undefined);
    if (hits.length === 0) return undefined;
    if (hits.length === chunk.length) {
      this.logger.info('a create whose reply was lost had been applied; using the records found', { model, count: hits.length });
      return hits;
    }
    throw new RemoteUnavailableError('odoo', `${model}.create: the reply was lost and only ${hits.length} of ${chunk.length} records were found`, {
      hint: 'check these records in Odoo before running again',
      details: { found: hits },
    });
  }

  /** Same values on many records; repeated on failure (the same write twice changes nothing). */
  async write(model: string, ids: readonly number[], vals: OdooVals): Promise<true> {
    for (const part of chunks(ids, this.config.pageSize)) await this.executeKw(model, 'write', [part, vals]);
    return true;
  }

  async unlink(model: string, ids: readonly number[]): Promise<true> {
    for (const part of chunks(ids, this.config.pageSize)) await this.executeKw(model, 'unlink', [part]);
    return true;
  }

  /** A button/action method on records (button_confirm, button_cancel...); None-returning ones resolve to null. */
  callMethod<T = unknown>(model: string, method: string, ids: readonly number[], kwargs: Record<string, unknown> = {}): Promise<T> {
    return this.executeKw<T>(model, method, [[...ids]], kwargs);
  }

  /** `fields_get` as this user, cached per client (one run); custom fields appear here as soon as they exist. */
  fieldsGet(model: string): Promise<FieldsGet> {
    let cached = this.fieldsCache.get(model);
    if (!cached) {
      cached = this.executeKw(model, 'fields_get', [], { attributes: ['string', 'type', 'required', 'relation', 'readonly'] }).then((raw) => FieldsGetSchema.parse(raw));
      cached.catch(() => this.fieldsCache.delete(model));
      this.fieldsCache.set(model, cached);
    }
    return cached;
  }

  /** Forgets cached field lists (after fields were added). */
  clearCache(): void {
    this.fieldsCache.clear();
  }

  /**
   * Posts to a purchase order's chatter; returns the mail.message id. Keyword arguments only and one id
   * (ODOO18.md 5); the body is plain text (Odoo escapes it). Default subtype `mail.mt_note`: no email to
   * the vendor, who follows the order after confirmation. Never sent twice.
   */
  messagePost(poId: number, body: string, options: { subtypeXmlid?: string } = {}): Promise<number> {
    return this.executeKw<number>('purchase.order', 'message_post', [[poId]], {
      body,
      message_type: 'comment',
      subtype_xmlid: options.subtypeXmlid ?? 'mail.mt_note',
    });
  }
}

/** Builds a client from the `odoo` config section (used by the CLI context and `doctor --fix`). */
export function createOdooClient(options: OdooClientOptions): OdooClient {
  return new OdooClient(options);
}
