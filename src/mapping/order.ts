// Pure: a confirmed Odoo purchase order -> the 1688 fastCreateOrder parameters (cargo, message, outOrderId).
import { convertToWhole, type Uom } from './units.js';

export interface PurchaseOrderLine {
  id: number;
  productId: number | false;
  description: string;
  quantity: number;
  uom: Uom;
  /** Section and note lines carry no product. */
  displayType?: string | false;
}

export interface PurchaseOrderInput {
  id: number;
  name: string;
  vendorSupplierId: string | false;
  notes?: string | false;
  origin?: string | false;
  lines: PurchaseOrderLine[];
}

/** What pull-products recorded for a variant: its 1688 identity and the unit 1688 sells it in. */
export interface VariantLink {
  offerId: string;
  /** Absent for an offer sold without SKUs. */
  specId?: string | undefined;
  supplierId: string;
  /** The Odoo UoM matching the offer's 1688 unit (usually the product's own UoM). */
  uom: Uom;
}

export interface CargoParam {
  offerId: string;
  specId?: string;
  quantity: number;
}

export interface OrderPlan {
  outOrderId: string;
  supplierId: string;
  cargo: CargoParam[];
  message: string;
}

export type OrderPlanResult = { ok: true; value: OrderPlan } | { ok: false; problems: string[] };

/** 1688's documented limit on the message to the supplier. */
export const MESSAGE_MAX = 500;

/** A stable idempotency key for a PO: the same database and PO always give the same key. */
export function outOrderIdFor(database: string, poId: number): string {
  const slug = database.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 24) || 'odoo';
  return `aos-${slug}-po${poId}`;
}

/** Odoo's html `notes` as plain text. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

export function supplierMessage(po: Pick<PurchaseOrderInput, 'name' | 'notes' | 'origin'>): string {
  const notes = po.notes ? htmlToText(po.notes) : '';
  const head = `PO ${po.name}${po.origin ? ` (${po.origin})` : ''}`;
  const full = notes ? `${head}: ${notes}` : head;
  const chars = [...full];
  return chars.length <= MESSAGE_MAX ? full : `${chars.slice(0, MESSAGE_MAX - 1).join('')}…`;
}

/**
 * Maps a PO to the 1688 order it becomes. Every problem is a reason this PO cannot be sent; they are
 * reported together so one look at the PO fixes them all.
 */
export function planOrder(po: PurchaseOrderInput, database: string, links: ReadonlyMap<number, VariantLink>): OrderPlanResult {
  const problems: string[] = [];
  const cargo = new Map<string, CargoParam>();
  const suppliers = new Set<string>();
  const productLines = po.lines.filter((l) => !l.displayType);
  if (productLines.length === 0) problems.push(`${po.name} has no product lines`);
  for (const line of productLines) {
    const link = line.productId === false ? undefined : links.get(line.productId);
    if (!link) {
      problems.push(`line "${line.description}": the product is not linked to a 1688 offer (run pull-products, or remove the line)`);
      continue;
    }
    suppliers.add(link.supplierId);
    const converted = convertToWhole(line.quantity, line.uom, link.uom);
    if (!converted.ok) {
      problems.push(`line "${line.description}": ${converted.problem}`);
      continue;
    }
    const key = `${link.offerId}:${link.specId ?? ''}`;
    const existing = cargo.get(key);
    if (existing) existing.quantity += converted.quantity;
    else cargo.set(key, { offerId: link.offerId, ...(link.specId ? { specId: link.specId } : {}), quantity: converted.quantity });
  }
  if (suppliers.size > 1) {
    problems.push(`lines come from ${suppliers.size} 1688 suppliers (${[...suppliers].sort().join(', ')}); a 1688 order has one supplier, split the PO`);
  }
  const [supplierId] = [...suppliers];
  if (po.vendorSupplierId && supplierId && po.vendorSupplierId !== supplierId && suppliers.size === 1) {
    problems.push(`the vendor's 1688 supplier id ${po.vendorSupplierId} differs from the offers' supplier ${supplierId}`);
  }
  if (problems.length > 0 || !supplierId) return { ok: false, problems };
  return {
    ok: true,
    value: { outOrderId: outOrderIdFor(database, po.id), supplierId, cargo: [...cargo.values()], message: supplierMessage(po) },
  };
}
