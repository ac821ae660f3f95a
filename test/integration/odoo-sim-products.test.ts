// Odoo simulator product variants (ODOO18.md section 4) and the purchase -> receipt flow (section 7).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOdooSimulator, type OdooSimulator } from '../../src/sandbox/odoo/index.js';
import { executor, faultOf, type Exec, type Row } from './odoo-sim-helpers.js';

let sim: OdooSimulator;
let sync: Exec;
let tid: number;
let red: number, blue: number, s: number, m: number;
let color: number;

beforeAll(async () => {
  sim = await startOdooSimulator({ customFields: true });
  sync = executor(sim);
  color = await sync('product.attribute', 'create', [{ name: 'Color', create_variant: 'always', value_ids: [[0, 0, { name: 'Red' }], [0, 0, { name: 'Blue' }]] }]) as number;
  const size = await sync('product.attribute', 'create', [{ name: 'Size', create_variant: 'always', value_ids: [[0, 0, { name: 'S' }], [0, 0, { name: 'M' }]] }]) as number;
  const values = await sync('product.attribute.value', 'search_read', [[['attribute_id', 'in', [color, size]]]], { fields: ['name'], order: 'id' }) as Row[];
  [red, blue, s, m] = values.map((v) => v.id as number) as [number, number, number, number];
  tid = await sync('product.template', 'create', [{
    name: 'Alibaba T-Shirt 233751', is_storable: true, purchase_ok: true, standard_price: 3.5,
    attribute_line_ids: [[0, 0, { attribute_id: color, value_ids: [[6, 0, [red, blue]]] }], [0, 0, { attribute_id: size, value_ids: [[6, 0, [s, m]]] }]],
  }]) as number;
});
afterAll(() => sim.close());

const variants = async (): Promise<Row[]> => await sync('product.product', 'search_read', [[['product_tmpl_id', '=', tid]]],
  { fields: ['display_name', 'product_template_attribute_value_ids', 'combination_indices'], order: 'id' }) as Row[];

describe('variant generation', () => {
  it('creates the cartesian product with sorted PTAV combination indices and display names', async () => {
    const rows = await variants();
    expect(rows.map((r) => [r.display_name, r.product_template_attribute_value_ids, r.combination_indices])).toEqual([
      ['Alibaba T-Shirt 233751 (Red, S)', [1, 3], '1,3'],
      ['Alibaba T-Shirt 233751 (Red, M)', [1, 4], '1,4'],
      ['Alibaba T-Shirt 233751 (Blue, S)', [2, 3], '2,3'],
      ['Alibaba T-Shirt 233751 (Blue, M)', [2, 4], '2,4'],
    ]);
  });

  it('summarises the template like Odoo', async () => {
    const [t] = await sync('product.template', 'read', [[tid], ['product_variant_count', 'attribute_line_ids', 'type', 'is_storable', 'default_code', 'barcode']]) as Row[];
    expect(t).toMatchObject({ product_variant_count: 4, attribute_line_ids: [1, 2], type: 'consu', is_storable: true, default_code: false, barcode: false });
  });

  it('describes PTAVs with attribute-qualified names and their variants', async () => {
    const rows = await variants();
    const [ptav] = await sync('product.template.attribute.value', 'read', [[1], ['name', 'display_name', 'attribute_id', 'product_attribute_value_id', 'ptav_product_variant_ids']]) as Row[];
    expect(ptav).toMatchObject({ name: 'Red', display_name: 'Color: Red', product_attribute_value_id: [red, 'Color: Red'],
      ptav_product_variant_ids: [rows[0]?.id, rows[1]?.id] });
  });

  it('finds a variant by global attribute values through a dotted path', async () => {
    const found = await sync('product.product', 'search_read', [[['product_tmpl_id', '=', tid],
      ['product_template_attribute_value_ids.product_attribute_value_id', '=', blue],
      ['product_template_attribute_value_ids.product_attribute_value_id', '=', m]]], { fields: ['combination_indices'] }) as Row[];
    expect(found.map((r) => r.combination_indices)).toEqual(['2,4']);
  });

  it('puts the internal reference in the display name and name_search finds it', async () => {
    const first = (await variants())[0]?.id as number;
    await sync('product.product', 'write', [[first], { default_code: 'TS-233751-0', barcode: '8823375100' }]);
    expect(await sync('product.product', 'name_search', ['TS-233751-0'])).toEqual([[first, '[TS-233751-0] Alibaba T-Shirt 233751 (Red, S)']]);
  });

  it('creates new variants and archives removed combinations when lines change', async () => {
    const green = await sync('product.attribute.value', 'create', [{ name: 'Green', attribute_id: color }]) as number;
    const [colorLine] = await sync('product.template.attribute.line', 'search', [[['product_tmpl_id', '=', tid], ['attribute_id.name', '=', 'Color']]]) as number[];
    await sync('product.template', 'write', [[tid], { attribute_line_ids: [[1, colorLine, { value_ids: [[6, 0, [blue, green]]] }]] }]);
    const names = (await variants()).map((r) => r.display_name);
    expect(names).toEqual(['Alibaba T-Shirt 233751 (Blue, S)', 'Alibaba T-Shirt 233751 (Blue, M)',
      'Alibaba T-Shirt 233751 (Green, S)', 'Alibaba T-Shirt 233751 (Green, M)']);
    const archived = await sync('product.product', 'search_count', [[['product_tmpl_id', '=', tid], ['active', '=', false]]]);
    expect(archived).toBe(2);
  });

  it('shares default_code and barcode between a single-variant template and its variant', async () => {
    const single = await sync('product.template', 'create', [{ name: 'Single', default_code: 'SGL-233751', barcode: '77233751' }]) as number;
    const [v] = await sync('product.product', 'search_read', [[['product_tmpl_id', '=', single]]], { fields: ['default_code', 'barcode', 'display_name'] }) as Row[];
    expect(v).toMatchObject({ default_code: 'SGL-233751', barcode: '77233751', display_name: '[SGL-233751] Single' });
  });
});

describe('purchase order to receipt', () => {
  let vendor: number;
  let po: number;
  let v1: number, v2: number;

  beforeAll(async () => {
    vendor = await sync('res.partner', 'create', [{ name: 'Shenzhen Supplier 233751', is_company: true, country_id: 48, state_id: 890, email: 'v@example.cn' }]) as number;
    [v1, v2] = (await variants()).map((r) => r.id as number) as [number, number];
    po = await sync('purchase.order', 'create', [{
      partner_id: vendor, partner_ref: 'ALI-ORDER-233751', origin: 'Alibaba 233751', x_alibaba_order_id: 'ALI-ORDER-233751',
      notes: 'Imported from Alibaba', date_planned: '2026-12-20 10:00:00',
      order_line: [[0, 0, { product_id: v1, product_qty: 10, price_unit: 3.2, date_planned: '2026-12-21 10:00:00' }],
        [0, 0, { product_id: v2, product_qty: 5, price_unit: 3.4, date_planned: '2026-12-22 10:00:00' }]],
    }]) as number;
  });

  it('creates a draft with a P-sequence name, html notes, USD and 15 % tax', async () => {
    const [row] = await sync('purchase.order', 'read', [[po], ['name', 'state', 'notes', 'currency_id', 'amount_total', 'picking_ids', 'display_name', 'x_alibaba_order_id']]) as Row[];
    expect(row).toMatchObject({ name: 'P00001', state: 'draft', notes: '<p>Imported from Alibaba</p>', currency_id: [1, 'USD'],
      amount_total: 56.35, picking_ids: [], display_name: 'P00001 (ALI-ORDER-233751)', x_alibaba_order_id: 'ALI-ORDER-233751' });
  });

  it('confirms into an assigned WH/IN receipt with pre-filled moves, once', async () => {
    expect(await sync('purchase.order', 'button_confirm', [[po]])).toBe(true);
    expect(await sync('purchase.order', 'button_confirm', [[po]])).toBe(true);
    const [row] = await sync('purchase.order', 'read', [[po], ['state', 'date_approve', 'picking_ids', 'incoming_picking_count', 'receipt_status']]) as Row[];
    expect(row).toMatchObject({ state: 'purchase', incoming_picking_count: 1, receipt_status: 'pending' });
    expect(row?.date_approve).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const [picking] = await sync('stock.picking', 'search_read', [[['purchase_id', '=', po]]], { fields: ['name', 'state', 'origin', 'picking_type_id', 'partner_id', 'purchase_id', 'location_id', 'location_dest_id', 'move_ids', 'scheduled_date'] }) as Row[];
    expect(picking).toMatchObject({ name: 'WH/IN/00001', state: 'assigned', origin: 'P00001', picking_type_id: [1, 'My Company: Receipts'],
      partner_id: [vendor, 'Shenzhen Supplier 233751'], purchase_id: [po, 'P00001 (ALI-ORDER-233751)'],
      location_id: [4, 'Partners/Vendors'], location_dest_id: [8, 'WH/Stock'], scheduled_date: '2026-12-21 10:00:00' });
    const moves = await sync('stock.move', 'read', [picking?.move_ids, ['product_uom_qty', 'quantity', 'state']]) as Row[];
    expect(moves.map((mv) => [mv.product_uom_qty, mv.quantity, mv.state])).toEqual([[10, 10, 'assigned'], [5, 5, 'assigned']]);
  });

  it('records the vendor on the product template', async () => {
    const sellers = await sync('product.supplierinfo', 'search_read', [[['partner_id', '=', vendor]]], { fields: ['product_tmpl_id', 'product_id', 'price', 'min_qty'] }) as Row[];
    expect(sellers).toEqual([expect.objectContaining({ product_tmpl_id: [tid, 'Alibaba T-Shirt 233751'], product_id: false, price: 3.2, min_qty: 1 })]);
  });

  it('stores a tracking reference and validates the receipt to full', async () => {
    const [pid] = await sync('stock.picking', 'search', [[['purchase_id', '=', po]]]) as number[];
    await sync('stock.picking', 'write', [[pid], { carrier_tracking_ref: 'SF1234567890' }]);
    expect(await sync('stock.picking', 'button_validate', [[pid]])).toBe(true);
    const [pick] = await sync('stock.picking', 'read', [[pid], ['state', 'carrier_tracking_ref', 'carrier_tracking_url']]) as Row[];
    expect(pick).toMatchObject({ state: 'done', carrier_tracking_ref: 'SF1234567890', carrier_tracking_url: false });
    const [row] = await sync('purchase.order', 'read', [[po], ['receipt_status', 'order_line']]) as Row[];
    expect(row?.receipt_status).toBe('full');
    const lines = await sync('purchase.order.line', 'read', [row?.order_line, ['qty_received']]) as Row[];
    expect(lines.map((l) => l.qty_received)).toEqual([10, 5]);
  });

  it('refuses to cancel an order whose receipt is done', async () => {
    const f = await faultOf(sync('purchase.order', 'button_cancel', [[po]]));
    expect([f.faultCode, f.faultString]).toEqual([2, 'Unable to cancel purchase order P00001 as some receptions have already been done.']);
  });

  it('marks a partially received order as partial with a backorder', async () => {
    const other = sim.seedPurchaseOrder({ partnerId: vendor, lines: [{ productId: v1, qty: 4, price: 1 }] });
    const [pid] = sim.confirmPurchaseOrder(other);
    const [move] = sim.store.search('stock.move', [['picking_id', '=', pid as number]]);
    await sync('stock.move', 'write', [[move], { quantity: 1 }]);
    const wizard = await sync('stock.picking', 'button_validate', [[pid]]) as Row;
    expect(wizard.res_model).toBe('stock.backorder.confirmation');
    await sync('stock.picking', 'button_validate', [[pid]], { context: { skip_backorder: true } });
    expect(sim.store.get('purchase.order', other, ['receipt_status'])?.receipt_status).toBe('partial');
  });
});
