// Which Odoo variant a stock reading is about, and what open purchase orders not yet sent to 1688 need of it.
import { AppError, ExitCode } from '../../errors.js';
import type { OdooClient } from '../../odoo/client.js';
import { fieldText, m2oId, MODELS } from '../../odoo/models.js';
import type { StockReading } from '../../mapping/stock.js';
import type { Store } from '../../state/store.js';

export type { StockReading };

export interface ResolvedReading {
  reading: StockReading;
  offerId: string;
  specId: string;
  skuId: string | null;
  productId: number;
  supplierId: string | null;
}

export const STOCK_FIELD = 'x_alibaba_supplier_stock';
export const READ_AT_FIELD = 'x_alibaba_stock_read_at';

/** Whether Odoo has both stock fields (the cached fields_get of product.product). */
export async function hasStockFields(odoo: OdooClient): Promise<boolean> {
  const fields = await odoo.fieldsGet(MODELS.product);
  return Boolean(fields[STOCK_FIELD] && fields[READ_AT_FIELD]);
}

/** Throws a setup error when `doctor --fix` has not created the stock fields yet (one cached call). */
export async function requireStockFields(odoo: OdooClient): Promise<void> {
  const fields = await odoo.fieldsGet(MODELS.product);
  const missing = [STOCK_FIELD, READ_AT_FIELD].filter((f) => !fields[f]);
  if (missing.length > 0) {
    throw new AppError('stock_fields_missing', ExitCode.Usage, `Odoo has no custom field ${missing.join(', ')} on product.product to keep the supplier's stock in`, {
      hint: 'run `alibaba-odoo-sync doctor --fix` with an administrator login',
    });
  }
}

/**
 * Readings -> variants: by the sku link (offer:spec), by SKU id from the stock table, then one Odoo search
 * for SKU ids seen for the first time. Readings of offers not in Odoo, or an offer-wide figure for an offer
 * with SKUs, are returned as unknown.
 */
export async function resolveReadings(odoo: OdooClient, store: Store, readings: readonly StockReading[]): Promise<{ resolved: ResolvedReading[]; unknown: StockReading[] }> {
  const resolved: ResolvedReading[] = [];
  const unknown: StockReading[] = [];
  const bySku = store.stock.bySkuIds([...new Set(readings.filter((r) => r.specId === undefined && r.skuId).map((r) => r.skuId!))]);
  const searchSkus = readings.filter((r) => r.specId === undefined && r.skuId && !bySku.has(r.skuId)).map((r) => r.skuId!);
  const specOfSku = new Map<string, string>();
  if (searchSkus.length > 0) {
    const rows = await odoo.searchReadAll(MODELS.product, [['x_alibaba_sku_id', 'in', [...new Set(searchSkus)]]], ['x_alibaba_sku_id', 'x_alibaba_spec_id'], { context: { active_test: false } });
    for (const r of rows) specOfSku.set(fieldText(r.x_alibaba_sku_id), fieldText(r.x_alibaba_spec_id));
  }
  for (const reading of readings) {
    const offer = store.links.get('offer', reading.offerId);
    const specId = reading.specId ?? (reading.skuId ? (bySku.get(reading.skuId)?.specId ?? specOfSku.get(reading.skuId)) : '');
    const link = offer && specId !== undefined ? store.links.get('sku', `${reading.offerId}:${specId}`) : undefined;
    if (!offer || specId === undefined || !link) {
      unknown.push(reading);
      continue;
    }
    const supplierId = typeof offer.extra?.supplierId === 'string' ? offer.extra.supplierId : null;
    const skuId = reading.skuId ?? (typeof link.extra?.skuId === 'string' ? link.extra.skuId : null);
    resolved.push({ reading, offerId: reading.offerId, specId, skuId, productId: link.odooId, supplierId });
  }
  return { resolved, unknown };
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Purchase orders that still need supplier stock: not cancelled or done, and not sent to 1688 yet. */
export const OPEN_PO_DOMAIN = [
  ['order_id.state', 'in', ['draft', 'sent', 'to approve', 'purchase']],
  ['order_id.x_alibaba_order_id', '=', false],
] as const;

export interface OpenNeed {
  need: number;
  poIds: number[];
}

/** Per variant id: units open purchase orders still need, and which orders; one search_read. */
export async function openOrderNeeds(odoo: OdooClient, productIds: readonly number[]): Promise<Map<number, OpenNeed>> {
  const out = new Map<number, OpenNeed>();
  if (productIds.length === 0) return out;
  const lines = await odoo.searchReadAll(MODELS.purchaseOrderLine, [['product_id', 'in', [...new Set(productIds)]], ...OPEN_PO_DOMAIN] as never, ['order_id', 'product_id', 'product_qty', 'product_uom_qty', 'qty_received']);
  for (const line of lines) {
    const productId = m2oId(line.product_id);
    const poId = m2oId(line.order_id);
    if (productId === undefined || poId === undefined) continue;
    const entry = out.get(productId) ?? { need: 0, poIds: [] };
    // What is still to come, in the product's unit: received quantities no longer need supplier stock.
    const ordered = num(line.product_qty);
    const open = ordered > 0 ? num(line.product_uom_qty) * Math.max(0, 1 - num(line.qty_received) / ordered) : 0;
    if (open <= 0) continue;
    entry.need += Math.round(open * 1000) / 1000;
    if (!entry.poIds.includes(poId)) entry.poIds.push(poId);
    out.set(productId, entry);
  }
  return out;
}
