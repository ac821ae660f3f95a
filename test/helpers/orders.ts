// Seeds confirmed purchase orders in the Odoo simulator for offers pull-products has imported.
import { Store } from '../../src/state/store.js';
import { startSims, type Sims, type SimsOptions } from './sims.js';

/** Gives the warehouse (company partner) a Chinese address, as a forwarder's warehouse would have. */
export function chineseWarehouse(sims: Sims): void {
  sims.odoo.store.write('res.partner', [1], {
    street: '南山区粤海街道科技南路18号',
    street2: '3栋501室',
    city: '深圳市',
    zip: '518057',
    state_id: 890,
    country_id: 48,
    mobile: '+86 138 0013 8000',
  });
}

export interface SkuLink {
  variantId: number;
  offerId: string;
  specId: string;
  supplierId: string;
}

export function skuLinks(sims: Sims): SkuLink[] {
  const store = new Store(sims.state);
  const out = store.links.list('sku').map((l) => ({
    variantId: l.odooId,
    offerId: typeof l.extra?.offerId === 'string' ? l.extra.offerId : '',
    specId: typeof l.extra?.specId === 'string' ? l.extra.specId : '',
    supplierId: typeof l.extra?.supplierId === 'string' ? l.extra.supplierId : '',
  }));
  store.close();
  return out;
}

export function supplierPartner(sims: Sims, supplierId: string): number {
  const [id] = sims.odoo.store.search('res.partner', [['x_alibaba_supplier_id', '=', supplierId]]);
  if (id === undefined) throw new Error(`no vendor for ${supplierId}`);
  return id;
}

/** One confirmed PO per call, with `qty` of each of the given variants; returns its id. */
export function confirmedPo(sims: Sims, skus: readonly SkuLink[], qty = 10): number {
  const partnerId = supplierPartner(sims, skus[0]!.supplierId);
  const poId = sims.odoo.seedPurchaseOrder({ partnerId, lines: skus.map((s) => ({ productId: s.variantId, qty, price: 5 })) });
  sims.odoo.confirmPurchaseOrder(poId);
  return poId;
}

/** Offers' SKUs grouped by supplier, suppliers with the most SKUs first. */
export function skusBySupplier(sims: Sims): SkuLink[][] {
  const groups = new Map<string, SkuLink[]>();
  for (const s of skuLinks(sims)) groups.set(s.supplierId, [...(groups.get(s.supplierId) ?? []), s]);
  return [...groups.values()].sort((a, b) => b.length - a.length);
}

/**
 * Both simulators with the whole 1688 catalog imported by pull-products, a Chinese warehouse address and
 * a stored token: the starting point of every order and shipment test.
 */
export async function startWithCatalog(dir: string, options: SimsOptions): Promise<{ sims: Sims; skus: SkuLink[] }> {
  const sims = await startSims(dir, { ...options, sync: `  orderLookupSettle: 0s\n${options.sync ?? ''}` });
  sims.seedToken();
  const offers = sims.alibaba.listOffers().map((o) => o.productId);
  const r = await sims.cli(['pull-products', ...offers.flatMap((o) => ['--offer', o])]);
  if (r.code !== 0) throw new Error(r.stdout + r.stderr);
  chineseWarehouse(sims);
  return { sims, skus: skusBySupplier(sims)[0]! };
}
