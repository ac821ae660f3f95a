// Writes 1688 status and tracking onto purchase orders and their open incoming pickings, batched per group of orders.
import { carrierNames, carrierNote, statusChangeMessage, trackingRef, type PackageInfo } from '../../mapping/shipment.js';
import { htmlToText } from '../../mapping/order.js';
import type { OdooClient } from '../../odoo/client.js';
import { m2oId, MODELS, type OdooRecord, type OdooVals } from '../../odoo/models.js';

export interface OrderUpdate {
  orderId: string;
  poId: number;
  status: string;
  closeReason: string | undefined;
  packages: PackageInfo[];
}

export interface AppliedUpdate {
  orderId: string;
  statusChanged: boolean;
  pickingsUpdated: number;
}

/** Per run: whether pickings have tracking fields (stock_delivery) and the carrier ids by name. */
export class PickingContext {
  private tracking: Promise<boolean> | undefined;
  private readonly carriers = new Map<string, Promise<number | undefined>>();

  constructor(private readonly odoo: OdooClient, private readonly carrierMap: Readonly<Record<string, string>>) {}

  hasTracking(): Promise<boolean> {
    this.tracking ??= this.odoo.fieldsGet(MODELS.picking).then((f) => 'carrier_tracking_ref' in f);
    return this.tracking;
  }

  /** The Odoo delivery carrier mapped from a 1688 logistics company name, if any. */
  carrierId(company: string): Promise<number | undefined> {
    const odooName = this.carrierMap[company];
    if (!odooName) return Promise.resolve(undefined);
    let found = this.carriers.get(odooName);
    if (!found) {
      found = this.odoo.search(MODELS.carrier, [['name', '=', odooName]], { limit: 1 }).then((ids) => ids[0]);
      this.carriers.set(odooName, found);
    }
    return found;
  }
}

/** Applies each update; one order's failure is its own result, the others' writes stand. */
export async function applyUpdates(odoo: OdooClient, pickings: PickingContext, updates: readonly OrderUpdate[]): Promise<PromiseSettledResult<AppliedUpdate>[]> {
  if (updates.length === 0) return [];
  const pos = new Map((await odoo.read(MODELS.purchaseOrder, updates.map((u) => u.poId), ['name', 'x_alibaba_status', 'picking_ids'])).map((p) => [p.id, p]));
  const pickingIds = [...pos.values()].flatMap((p) => (Array.isArray(p.picking_ids) ? (p.picking_ids as number[]) : []));
  const tracking = await pickings.hasTracking();
  const pickingFields = ['state', 'picking_type_code', 'note', ...(tracking ? ['carrier_tracking_ref', 'carrier_id'] : [])];
  const pickingRows = new Map((pickingIds.length > 0 ? await odoo.read(MODELS.picking, pickingIds, pickingFields) : []).map((p) => [p.id, p]));
  // Orders are independent: their writes run side by side within odoo.concurrency.
  return Promise.allSettled(updates.map(async (u): Promise<AppliedUpdate> => {
    const po = pos.get(u.poId);
    if (!po) throw new Error(`purchase order ${u.poId} linked to 1688 order ${u.orderId} no longer exists`);
    const previous = typeof po.x_alibaba_status === 'string' && po.x_alibaba_status ? po.x_alibaba_status : false;
    const message = statusChangeMessage(u.orderId, previous, u.status, u.closeReason);
    if (message) {
      await odoo.write(MODELS.purchaseOrder, [u.poId], { x_alibaba_status: u.status });
      await odoo.messagePost(u.poId, message);
    }
    let pickingsUpdated = 0;
    const open = ((po.picking_ids as number[] | undefined) ?? [])
      .map((id) => pickingRows.get(id))
      .filter((p): p is OdooRecord => !!p && p.picking_type_code === 'incoming' && p.state !== 'done' && p.state !== 'cancel');
    for (const picking of open) {
      const vals = await pickingVals(pickings, picking, u.packages, tracking);
      if (Object.keys(vals).length > 0) {
        await odoo.write(MODELS.picking, [picking.id], vals);
        pickingsUpdated += 1;
      }
    }
    return { orderId: u.orderId, statusChanged: message !== undefined, pickingsUpdated };
  }));
}

async function pickingVals(ctx: PickingContext, picking: OdooRecord, packages: readonly PackageInfo[], tracking: boolean): Promise<OdooVals> {
  const vals: Record<string, string | number> = {};
  const ref = trackingRef(packages);
  let needsNote = !tracking;
  if (tracking && ref && picking.carrier_tracking_ref !== ref) vals.carrier_tracking_ref = ref;
  const [company] = carrierNames(packages);
  if (tracking && company) {
    const carrierId = await ctx.carrierId(company);
    if (carrierId === undefined) needsNote = true;
    else if (m2oId(picking.carrier_id) !== carrierId) vals.carrier_id = carrierId;
  }
  const note = needsNote ? carrierNote(packages) : undefined;
  const current = typeof picking.note === 'string' ? picking.note : '';
  if (note && !htmlToText(current).includes(note)) vals.note = `${current}<p>${escapeHtml(note)}</p>`;
  return vals;
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
