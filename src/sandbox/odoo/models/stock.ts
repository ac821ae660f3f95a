// stock.picking, stock.move, picking types, warehouses, locations and delivery carriers.
import type { Env, ModelDef, Rec } from '../types.js';
import { bool, char, datetime, float, html, m2o, o2m, sel } from '../fields.js';
import { validatePickings } from '../purchase.js';
import { nameOf, num, str } from '../values.js';

const picking: ModelDef = {
  name: 'stock.picking', description: 'Transfer', module: 'stock', order: 'priority desc, scheduled_date asc, id desc',
  className: 'Picking', mailThread: true,
  fields: {
    name: char('Reference', { readonly: true, default: '/' }),
    priority: sel([['0', 'Normal'], ['1', 'Urgent']], 'Priority', { default: '0' }),
    origin: char('Source Document'),
    state: sel([['draft', 'Draft'], ['waiting', 'Waiting Another Operation'], ['confirmed', 'Waiting'], ['assigned', 'Ready'], ['done', 'Done'], ['cancel', 'Cancelled']], 'Status', { readonly: true, default: 'draft' }),
    picking_type_id: m2o('stock.picking.type', 'Operation Type', { required: true }),
    partner_id: m2o('res.partner', 'Contact'),
    purchase_id: m2o('purchase.order', 'Purchase Orders', { readonly: true, module: 'purchase_stock' }),
    carrier_id: m2o('delivery.carrier', 'Carrier', { module: 'stock_delivery' }),
    carrier_tracking_ref: char('Tracking Reference', { module: 'stock_delivery' }),
    carrier_tracking_url: char('Tracking URL', { readonly: true, module: 'stock_delivery', compute: (env, r) => trackingUrl(env, r) }),
    weight: float('Weight', { readonly: true, module: 'stock_delivery', compute: (env, r) => moves(env, r).reduce((s, m) => s + num(m.product_uom_qty) * num(env.store.get('product.product', m.product_id as number)?.weight), 0) }),
    scheduled_date: datetime('Scheduled Date', { default: (env) => env.now() }),
    date_done: datetime('Date of Transfer', { readonly: true }),
    date_deadline: datetime('Deadline', { readonly: true }),
    move_ids: o2m('stock.move', 'picking_id', 'Stock Moves'),
    move_line_ids: o2m('stock.move.line', 'picking_id', 'Operations'),
    location_id: m2o('stock.location', 'Source Location', { required: true, default: (env, v) => typeDefault(env, v.picking_type_id, 'default_location_src_id') }),
    location_dest_id: m2o('stock.location', 'Destination Location', { required: true, default: (env, v) => typeDefault(env, v.picking_type_id, 'default_location_dest_id') }),
    note: html('Notes'),
    picking_type_code: sel([['incoming', 'Receipt'], ['outgoing', 'Delivery'], ['internal', 'Internal Transfer']], 'Type of Operation', { readonly: true,
      compute: (env, r) => env.store.get('stock.picking.type', r.picking_type_id as number)?.code ?? false }),
    backorder_id: m2o('stock.picking', 'Back Order of'),
    company_id: m2o('res.company', 'Company', { default: 1 }),
    user_id: m2o('res.users', 'Responsible'),
  },
  prepareCreate: (env, vals) => {
    if (vals.name && vals.name !== '/') return;
    const type = typeof vals.picking_type_id === 'number' ? env.store.get('stock.picking.type', vals.picking_type_id) : undefined;
    const wh = type && env.store.get('stock.warehouse', type.warehouse_id as number);
    const prefix = `${str(wh?.code) || 'WH'}/${str(type?.sequence_code) || 'IN'}/`;
    vals.name = `${prefix}${String(env.store.nextSequence(`stock.picking.type.${type?.id ?? 0}`)).padStart(5, '0')}`;
  },
  methods: {
    button_validate: (env, ids) => validatePickings(env, ids),
    action_assign: () => true,
  },
};

function typeDefault(env: Env, typeId: unknown, field: string): number | false {
  const t = typeof typeId === 'number' ? env.store.get('stock.picking.type', typeId) : undefined;
  return typeof t?.[field] === 'number' ? t[field] : false;
}

function moves(env: Env, r: Rec): Rec[] {
  return env.store.referencing('stock.move', 'picking_id', r.id).map((m) => env.store.get('stock.move', m) as Rec);
}

function trackingUrl(env: Env, r: Rec): string | false {
  const carrier = typeof r.carrier_id === 'number' ? env.store.get('delivery.carrier', r.carrier_id) : undefined;
  const url = str(carrier?.tracking_url);
  return url && str(r.carrier_tracking_ref) ? url.replace('<shipmenttrackingnumber>', str(r.carrier_tracking_ref)) : false;
}

const move: ModelDef = {
  name: 'stock.move', description: 'Stock Move', module: 'stock', order: 'sequence, id', className: 'StockMove',
  fields: {
    name: char('Description', { required: true }),
    sequence: float('Sequence', { default: 10 }),
    product_id: m2o('product.product', 'Product', { required: true }),
    product_uom_qty: float('Demand', { required: true, default: 1 }),
    quantity: float('Quantity', { default: 0 }),
    product_uom: m2o('uom.uom', 'UoM', { required: true, default: 1 }),
    state: sel([['draft', 'New'], ['waiting', 'Waiting Another Move'], ['confirmed', 'Waiting Availability'], ['partially_available', 'Partially Available'], ['assigned', 'Available'], ['done', 'Done'], ['cancel', 'Cancelled']], 'Status', { readonly: true, default: 'draft' }),
    picking_id: m2o('stock.picking', 'Transfer'),
    purchase_line_id: m2o('purchase.order.line', 'Purchase Order Line', { readonly: true, module: 'purchase_stock' }),
    origin: char('Source Document'),
    location_id: m2o('stock.location', 'Source Location', { required: true }),
    location_dest_id: m2o('stock.location', 'Intermediate Location', { required: true }),
    date: datetime('Date Scheduled', { required: true, default: (env) => env.now() }),
    picked: bool('Picked', { default: false }),
    partner_id: m2o('res.partner', 'Destination Address'),
    picking_type_id: m2o('stock.picking.type', 'Operation Type'),
    company_id: m2o('res.company', 'Company', { default: 1 }),
  },
};

const pickingType: ModelDef = {
  name: 'stock.picking.type', description: 'Picking Type', module: 'stock', order: 'sequence, id',
  fields: {
    name: char('Operation Type', { required: true }),
    code: sel([['incoming', 'Receipt'], ['outgoing', 'Delivery'], ['internal', 'Internal Transfer']], 'Type of Operation', { required: true }),
    sequence_code: char('Sequence Prefix', { required: true }),
    sequence: float('Sequence', { default: 1 }),
    warehouse_id: m2o('stock.warehouse', 'Warehouse'),
    default_location_src_id: m2o('stock.location', 'Default Source Location'),
    default_location_dest_id: m2o('stock.location', 'Default Destination Location'),
    active: bool('Active', { default: true }),
    company_id: m2o('res.company', 'Company', { default: 1 }),
  },
  displayName: (env, r) => (typeof r.warehouse_id === 'number' ? `${nameOf(env, 'stock.warehouse', r.warehouse_id)}: ${str(r.name)}` : str(r.name)),
};

const warehouse: ModelDef = {
  name: 'stock.warehouse', description: 'Warehouse', module: 'stock', order: 'sequence, id',
  fields: {
    name: char('Warehouse', { required: true }),
    code: char('Short Name', { required: true }),
    partner_id: m2o('res.partner', 'Address'),
    company_id: m2o('res.company', 'Company', { default: 1 }),
    lot_stock_id: m2o('stock.location', 'Location Stock'),
    in_type_id: m2o('stock.picking.type', 'In Type'),
    sequence: float('Sequence', { default: 10 }),
    active: bool('Active', { default: true }),
  },
};

function locationName(env: Env, r: Rec): string {
  const parent = typeof r.location_id === 'number' ? env.store.get('stock.location', r.location_id) : undefined;
  return parent && r.usage !== 'view' ? `${locationName(env, parent)}/${str(r.name)}` : str(r.name);
}

const location: ModelDef = {
  name: 'stock.location', description: 'Inventory Locations', module: 'stock', order: 'complete_name, id', parentName: 'location_id',
  fields: {
    name: char('Location Name', { required: true }),
    complete_name: char('Full Location Name', { readonly: true, compute: (env, r) => locationName(env, r) }),
    location_id: m2o('stock.location', 'Parent Location'),
    usage: sel([['supplier', 'Vendor Location'], ['view', 'View'], ['internal', 'Internal Location'], ['customer', 'Customer Location'], ['inventory', 'Inventory Loss'], ['production', 'Production'], ['transit', 'Transit Location']], 'Location Type', { required: true, default: 'internal' }),
    active: bool('Active', { default: true }),
    company_id: m2o('res.company', 'Company'),
  },
  displayName: (env, r) => locationName(env, r),
};

const carrier: ModelDef = {
  name: 'delivery.carrier', description: 'Shipping Methods', module: 'stock_delivery', order: 'sequence, id',
  fields: {
    name: char('Delivery Method', { required: true }),
    delivery_type: sel([['base_on_rule', 'Based on Rules'], ['fixed', 'Fixed Price']], 'Provider', { required: true, default: 'fixed' }),
    product_id: m2o('product.product', 'Delivery Product', { required: true }),
    tracking_url: char('Tracking Link'),
    fixed_price: float('Fixed Price', { default: 0 }),
    sequence: float('Sequence', { default: 10 }),
    active: bool('Active', { default: true }),
  },
};

export const stockModels: ModelDef[] = [picking, move, pickingType, warehouse, location, carrier];
