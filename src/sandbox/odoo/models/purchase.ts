// purchase.order, purchase.order.line and account.tax field definitions and hooks.
import type { Env, ModelDef, Rec, Vals } from '../types.js';
import { char, datetime, float, html, int, m2m, m2o, money, o2m, sel, text, bool } from '../fields.js';
import { userError } from '../faults.js';
import {
  cancelOrders, confirmOrders, createReceipt, lineSubtotal, lineTax, orderAmounts, orderLines, orderPickings,
  qtyReceived, receiptStatus,
} from '../purchase.js';
import { displayName, nameOf, num, str } from '../values.js';

const PO = 'purchase.order';
const order = (env: Env, r: Rec): Rec | undefined => env.store.get(PO, r.order_id as number);

const purchaseOrder: ModelDef = {
  name: PO, description: 'Purchase Order', module: 'purchase', order: 'priority desc, id desc', className: 'PurchaseOrder',
  mailThread: true,
  fields: {
    name: char('Order Reference', { required: true, default: 'New' }),
    priority: sel([['0', 'Normal'], ['1', 'Urgent']], 'Priority', { default: '0' }),
    partner_id: m2o('res.partner', 'Vendor', { required: true }),
    partner_ref: char('Vendor Reference'),
    origin: char('Source Document'),
    notes: html('Terms and Conditions'),
    currency_id: m2o('res.currency', 'Currency', { required: true, default: (env, vals) =>
      (typeof vals.partner_id === 'number' && env.store.get('res.partner', vals.partner_id)?.property_purchase_currency_id) || 1 }),
    state: sel([['draft', 'RFQ'], ['sent', 'RFQ Sent'], ['to approve', 'To Approve'], ['purchase', 'Purchase Order'], ['done', 'Locked'], ['cancel', 'Cancelled']], 'Status', { readonly: true, default: 'draft' }),
    date_order: datetime('Order Deadline', { required: true, default: (env) => env.now() }),
    date_approve: datetime('Confirmation Date', { readonly: true }),
    date_planned: datetime('Expected Arrival'),
    picking_ids: m2m('stock.picking', 'Receptions', { readonly: true, module: 'purchase_stock', compute: (env, r) => orderPickings(env, r.id) }),
    picking_type_id: m2o('stock.picking.type', 'Deliver To', { required: true, default: 1, module: 'purchase_stock' }),
    order_line: o2m('purchase.order.line', 'order_id', 'Order Lines'),
    amount_untaxed: money('Untaxed Amount', { readonly: true, compute: (env, r) => orderAmounts(env, r).untaxed }),
    amount_tax: money('Taxes', { readonly: true, compute: (env, r) => orderAmounts(env, r).tax }),
    amount_total: money('Total', { readonly: true, compute: (env, r) => orderAmounts(env, r).total }),
    user_id: m2o('res.users', 'Buyer', { default: (env) => env.uid }),
    company_id: m2o('res.company', 'Company', { required: true, default: 1 }),
    incoming_picking_count: int('Incoming Shipment count', { readonly: true, module: 'purchase_stock', compute: (env, r) => orderPickings(env, r.id).length }),
    receipt_status: sel([['pending', 'Not Received'], ['partial', 'Partially Received'], ['full', 'Fully Received']], 'Receipt Status', { readonly: true, module: 'purchase_stock', compute: (env, r) => receiptStatus(env, r.id) }),
    invoice_status: sel([['no', 'Nothing to Bill'], ['to invoice', 'Waiting Bills'], ['invoiced', 'Fully Billed']], 'Billing Status', { readonly: true, compute: () => 'no' }),
    fiscal_position_id: m2o('account.fiscal.position', 'Fiscal Position'),
    payment_term_id: m2o('account.payment.term', 'Payment Terms'),
  },
  displayName: (_env, r) => (str(r.partner_ref) ? `${str(r.name)} (${str(r.partner_ref)})` : str(r.name)),
  prepareCreate: (env, vals) => {
    if (!vals.name || vals.name === 'New') vals.name = `P${String(env.store.nextSequence(PO)).padStart(5, '0')}`;
  },
  afterCreate: (env, ids) => {
    for (const id of ids) {
      const r = env.store.get(PO, id) as Rec;
      const partner = env.store.get('res.partner', r.partner_id as number);
      if (partner) env.store.update('res.partner', partner.id, { supplier_rank: num(partner.supplier_rank) + 1 });
      if (!r.date_planned) {
        const first = orderLines(env, id).map((l) => str(l.date_planned)).filter(Boolean).sort()[0];
        if (first) env.store.update(PO, id, { date_planned: first });
      }
    }
  },
  beforeUnlink: (env, ids) => {
    for (const id of ids) {
      const state = env.store.get(PO, id)?.state;
      if (state !== 'draft' && state !== 'cancel') throw userError('In order to delete a purchase order, you must cancel it first.');
    }
  },
  methods: {
    button_confirm: (env, ids) => confirmOrders(env, ids),
    button_cancel: (env, ids) => cancelOrders(env, ids),
    button_draft: (env, ids) => {
      for (const id of ids) if (env.store.get(PO, id)?.state === 'cancel') env.store.update(PO, id, { state: 'draft' });
      return {};
    },
  },
};

function defaultLineName(env: Env, vals: Vals): string {
  if (typeof vals.product_id !== 'number') return '';
  const product = env.store.get('product.product', vals.product_id);
  if (!product) return '';
  const tmpl = env.store.get('product.template', product.product_tmpl_id as number);
  const desc = str(tmpl?.description_purchase);
  return displayName(env, 'product.product', product) + (desc ? `\n${desc}` : '');
}

function defaultPrice(env: Env, vals: Vals): number {
  if (typeof vals.product_id !== 'number') return 0;
  const product = env.store.get('product.product', vals.product_id) as Rec;
  const partnerId = typeof vals.order_id === 'number' ? env.store.get(PO, vals.order_id)?.partner_id : false;
  const qty = typeof vals.product_qty === 'number' ? vals.product_qty : 1;
  const sellers = env.store.referencing('product.supplierinfo', 'product_tmpl_id', product.product_tmpl_id as number)
    .map((s) => env.store.get('product.supplierinfo', s) as Rec)
    .filter((s) => s.partner_id === partnerId && (s.product_id === false || s.product_id === product.id) && num(s.min_qty) <= qty);
  return sellers.length ? num(sellers[0]?.price) : num(product.standard_price);
}

const line: ModelDef = {
  name: 'purchase.order.line', description: 'Purchase Order Line', module: 'purchase', order: 'order_id, sequence, id',
  className: 'PurchaseOrderLine',
  fields: {
    order_id: m2o(PO, 'Order Reference', { required: true }),
    product_id: m2o('product.product', 'Product'),
    name: text('Description', { required: true, default: (env, vals) => defaultLineName(env, vals) || false }),
    product_qty: float('Quantity', { required: true, default: 1 }),
    product_uom_qty: float('Total Quantity', { readonly: true, compute: (_e, r) => num(r.product_qty) }),
    product_uom: m2o('uom.uom', 'Unit of Measure', { default: (env, vals) =>
      typeof vals.product_id === 'number' ? nameToUom(env, vals.product_id) : false }),
    price_unit: float('Unit Price', { required: true, default: (env, vals) => defaultPrice(env, vals) }),
    price_subtotal: money('Subtotal', { readonly: true, compute: (_e, r) => lineSubtotal(r) }),
    price_tax: float('Tax', { readonly: true, compute: (env, r) => lineTax(env, r) }),
    price_total: money('Total', { readonly: true, compute: (env, r) => lineSubtotal(r) + lineTax(env, r) }),
    taxes_id: m2m('account.tax', 'Taxes', { default: (_e, vals) => (typeof vals.product_id === 'number' ? [2] : []) }),
    date_planned: datetime('Expected Arrival', { default: (env) => env.now() }),
    qty_received: float('Received Qty', { compute: (env, r) => qtyReceived(env, r.id) }),
    qty_invoiced: float('Billed Qty', { readonly: true, compute: () => 0 }),
    display_type: sel([['line_section', 'Section'], ['line_note', 'Note']], 'Display Type'),
    sequence: int('Sequence', { default: 10 }),
    move_ids: o2m('stock.move', 'purchase_line_id', 'Reservation', { readonly: true, module: 'purchase_stock' }),
    discount: float('Discount (%)', { default: 0 }),
    partner_id: m2o('res.partner', 'Partner', { readonly: true, compute: (env, r) => order(env, r)?.partner_id ?? false }),
    state: sel(purchaseOrder.fields.state?.selection ?? [], 'Status', { readonly: true, compute: (env, r) => order(env, r)?.state ?? false }),
    currency_id: m2o('res.currency', 'Currency', { readonly: true, compute: (env, r) => order(env, r)?.currency_id ?? false }),
  },
  displayName: (env, r) => `${nameOf(env, PO, r.order_id)}: ${str(r.name)}`,
  afterCreate: (env, ids) => {
    // Lines added to a confirmed order get their own receipt, like Odoo's _create_or_update_picking.
    const byOrder = new Map<number, Rec[]>();
    for (const id of ids) {
      const l = env.store.get('purchase.order.line', id) as Rec;
      const o = order(env, l);
      if (o?.state === 'purchase') byOrder.set(o.id, [...(byOrder.get(o.id) ?? []), l]);
    }
    byOrder.forEach((lines, oid) => createReceipt(env, env.store.get(PO, oid) as Rec, lines));
  },
};

function nameToUom(env: Env, productId: number): number | false {
  const p = env.store.get('product.product', productId);
  const t = p && env.store.get('product.template', p.product_tmpl_id as number);
  return typeof t?.uom_po_id === 'number' ? t.uom_po_id : false;
}

const tax: ModelDef = {
  name: 'account.tax', description: 'Tax', module: 'purchase', order: 'sequence, id',
  fields: {
    name: char('Tax Name', { required: true }),
    amount: float('Amount', { required: true, default: 0 }),
    amount_type: sel([['percent', 'Percentage of Price'], ['fixed', 'Fixed']], 'Tax Computation', { default: 'percent' }),
    type_tax_use: sel([['sale', 'Sales'], ['purchase', 'Purchases'], ['none', 'None']], 'Tax Type', { default: 'sale' }),
    active: bool('Active', { default: true }),
    sequence: int('Sequence', { default: 1 }),
  },
};

export const purchaseModels: ModelDef[] = [purchaseOrder, line, tax];
