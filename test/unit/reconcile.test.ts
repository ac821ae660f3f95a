import { describe, expect, it } from 'vitest';
import type { PurchaseOrderLine, VariantLink } from '../../src/mapping/order.js';
import {
  STATUS_FIT, allowedAmountDifference, atOrAbove, compareAmount, comparePair, compareQuantities, compareStatus, compareTracking,
  duplicateOrder, only1688, onlyOdoo, poIdFromOutOrderId, type Fit, type PairFacts,
} from '../../src/mapping/reconcile.js';
import type { Uom } from '../../src/mapping/units.js';

const units: Uom = { id: 1, name: 'Units', categoryId: 1, factor: 1 };
const dozens: Uom = { id: 2, name: 'Dozens', categoryId: 1, factor: 1 / 12 };
const links = new Map<number, VariantLink>([
  [11, { offerId: '610', specId: 'red', supplierId: 's', uom: units }],
  [12, { offerId: '610', specId: 'blue', supplierId: 's', uom: units }],
  [13, { offerId: '620', supplierId: 's', uom: units }],
]);
const line = (productId: number | false, quantity: number, uom: Uom = units, description = `line ${String(productId)}`): PurchaseOrderLine => ({ id: 1, productId, description, quantity, uom });
const severity = (fit: Fit | undefined): string | undefined => (fit === undefined ? undefined : fit === 'fits' ? 'fits' : fit.severity);

describe('STATUS_FIT', () => {
  it('lets every open or shipped 1688 status fit a confirmed PO', () => {
    for (const s of ['waitbuyerpay', 'waitsellersend', 'waitbuyerreceive', 'confirm_goods', 'confirm_goods_and_has_subsidy', 'success']) expect(STATUS_FIT[s]!.confirmed).toBe('fits');
  });

  it('makes a closed 1688 order under a confirmed PO an error, and fit a cancelled PO', () => {
    for (const s of ['cancel', 'terminated']) {
      expect(severity(STATUS_FIT[s]!.confirmed)).toBe('error');
      expect(STATUS_FIT[s]!.cancelled).toBe('fits');
    }
  });

  it('makes a cancelled PO with a live 1688 order an error', () => {
    for (const s of ['waitbuyerpay', 'waitsellersend', 'waitbuyerreceive', 'success']) expect(severity(STATUS_FIT[s]!.cancelled)).toBe('error');
  });
});

describe('compareStatus', () => {
  it('finds nothing when the state fits and x_alibaba_status is current', () => {
    expect(compareStatus('1', 'waitsellersend', 'purchase', 'waitsellersend')).toEqual([]);
  });

  it('warns about a stale x_alibaba_status and suggests pull-shipments for that order', () => {
    expect(compareStatus('77', 'waitbuyerreceive', 'purchase', 'waitbuyerpay')).toEqual([
      { severity: 'warning', detail: "the PO's 1688 status is waitbuyerpay, 1688 says waitbuyerreceive", fix: 'run pull-shipments --order 77' },
    ]);
  });

  it('says "cancel the PO or re-order" for a 1688 cancel under a confirmed PO, with pull-shipments when the status is stale', () => {
    const [f] = compareStatus('77', 'cancel', 'purchase', 'waitbuyerpay');
    expect(f).toMatchObject({ severity: 'error', fix: 'cancel the PO or re-order; run pull-shipments --order 77 to record the 1688 status' });
    expect(compareStatus('77', 'cancel', 'purchase', 'cancel')[0]!.fix).toBe('cancel the PO or re-order');
  });

  it('says "cancel on 1688" for a PO cancelled in Odoo while 1688 waits for payment', () => {
    expect(compareStatus('77', 'waitbuyerpay', 'cancel', 'waitbuyerpay')[0]).toMatchObject({ severity: 'error', fix: expect.stringContaining('cancel on 1688') as string });
  });

  it('warns about a status the table does not know', () => {
    expect(compareStatus('77', 'mystery', 'purchase', 'mystery')[0]!.severity).toBe('warning');
  });
});

describe('compareQuantities', () => {
  const items = [{ offerId: '610', specId: 'red', quantity: 24 }, { offerId: '620', quantity: 5 }];

  it('finds nothing when the converted PO quantities equal the 1688 items', () => {
    expect(compareQuantities([line(11, 2, dozens), line(13, 5)], links, items)).toEqual([]);
  });

  it('sums two PO lines of one SKU before comparing', () => {
    expect(compareQuantities([line(11, 20), line(11, 4), line(13, 5)], links, items)).toEqual([]);
  });

  it('warns when the PO asks for more than 1688 has', () => {
    const [f] = compareQuantities([line(11, 30, units, 'Red'), line(13, 5)], links, items);
    expect(f).toMatchObject({ severity: 'warning', detail: '"Red": 24 on 1688, 30 on the PO', fix: 'set the PO line to 24, or order the rest on 1688' });
  });

  it('makes more on 1688 than on the PO an error (paid for, never received)', () => {
    expect(compareQuantities([line(11, 20), line(13, 5)], links, items)[0]).toMatchObject({ severity: 'error', detail: expect.stringContaining('24 on 1688, 20 on the PO') as string });
  });

  it('makes a 1688 item on no PO line an error and a PO line missing on 1688 a warning', () => {
    const found = compareQuantities([line(11, 24), line(12, 3)], links, items);
    expect(found.map((f) => [f.severity, f.detail])).toEqual([
      ['warning', '"line 12": 3 on the PO, not in the 1688 order'],
      ['error', 'offer 620: 5 on 1688, on no PO line'],
    ]);
  });

  it('notes a line that is not a 1688 product, and warns about one that is not whole in the 1688 unit', () => {
    const found = compareQuantities([line(11, 24), line(13, 0.05, dozens), line(99, 1), line(false, 1)], links, [items[0]!]);
    expect(found.map((f) => f.severity)).toEqual(['warning', 'info', 'info']);
    expect(found[0]!.detail).toContain('whole');
  });
});

describe('compareAmount', () => {
  it('allows the configured absolute tolerance or 0.5% of the PO, whichever is larger', () => {
    expect(allowedAmountDifference(100, 1)).toBe(1);
    expect(allowedAmountDifference(1000, 1)).toBe(5);
  });

  it('accepts a difference exactly at the tolerance and warns one fen above it', () => {
    expect(compareAmount(1005, 1000, 0.01)).toBeUndefined();
    expect(compareAmount(1005.01, 1000, 0.01)).toMatchObject({ severity: 'warning', detail: '1688 goods total ¥1005.01, PO ¥1000.00 untaxed (difference ¥5.01)' });
    expect(compareAmount(9.95, 10, 0.01)).toBeUndefined();
    expect(compareAmount(9.94, 10, 0.01)?.severity).toBe('warning');
    expect(compareAmount(101, 100, 1)).toBeUndefined();
    expect(compareAmount(98.99, 100, 1)?.severity).toBe('warning');
  });

  it('notes that amounts cannot be compared without a CNY rate', () => {
    expect(compareAmount(10, undefined, 0.01)?.severity).toBe('info');
  });
});

describe('compareTracking', () => {
  const open = { open: true, text: 'SF1, YT2' };

  it('ignores orders not shipped yet and waybills already on a receipt', () => {
    expect(compareTracking('1', 'waitsellersend', ['SF9'], [])).toBeUndefined();
    expect(compareTracking('1', 'waitbuyerreceive', ['SF1', ' YT2 '], [open])).toBeUndefined();
  });

  it('warns about a waybill missing from an open receipt and suggests pull-shipments', () => {
    expect(compareTracking('1', 'success', ['SF1', 'ZT3'], [open])).toEqual({ severity: 'warning', detail: "shipped with tracking ZT3, not on the PO's receipt", fix: 'run pull-shipments --order 1' });
  });

  it('only notes a missing waybill when the goods were already received', () => {
    expect(compareTracking('1', 'confirm_goods', ['ZT3'], [{ open: false, text: '' }])?.severity).toBe('info');
  });

  it('warns when the PO has no receipt at all', () => {
    expect(compareTracking('1', 'waitbuyerreceive', ['ZT3'], [])?.detail).toContain('no incoming receipt');
  });
});

describe('existence', () => {
  it('reads the PO id out of our own outOrderIds only', () => {
    expect(poIdFromOutOrderId('odoo', 'aos-odoo-po42')).toBe(42);
    expect(poIdFromOutOrderId('odoo', 'aos-other-po42')).toBeUndefined();
    expect(poIdFromOutOrderId('odoo', 'aos-odoo-pox')).toBeUndefined();
    expect(poIdFromOutOrderId('odoo', undefined)).toBeUndefined();
  });

  it('makes an open 1688 order with our prefix or no external id an error, a closed one info, another database info', () => {
    expect(only1688({ orderId: '1', status: 'waitbuyerpay', outOrderId: 'aos-odoo-po9' }, 'odoo').severity).toBe('error');
    expect(only1688({ orderId: '1', status: 'waitsellersend' }, 'odoo').severity).toBe('error');
    expect(only1688({ orderId: '1', status: 'cancel', outOrderId: 'aos-odoo-po9' }, 'odoo').severity).toBe('info');
    expect(only1688({ orderId: '1', status: 'waitbuyerpay', outOrderId: 'aos-prod-po9' }, 'odoo').severity).toBe('info');
  });

  const po = { name: 'P00042', state: 'purchase', missingOrderId: undefined, confirmedAt: new Date('2025-03-01T10:00:00Z'), deadLettered: false };
  const now = new Date('2025-03-01T11:00:00Z');

  it('asks to push a confirmed PO older than the grace period, and only notes a younger one', () => {
    expect(onlyOdoo(po, now, 30 * 60_000)).toEqual({ severity: 'error', detail: 'confirmed for a 1688 vendor but not on 1688', fix: 'run push-orders --po P00042' });
    expect(onlyOdoo(po, now, 2 * 3_600_000)?.severity).toBe('info');
  });

  it('points a dead-lettered PO to the dead letters instead', () => {
    expect(onlyOdoo({ ...po, deadLettered: true }, now, 0)?.fix).toContain('dlq');
  });

  it('expects nothing of a cancelled PO that was never ordered', () => {
    expect(onlyOdoo({ ...po, state: 'cancel' }, now, 0)).toBeUndefined();
  });

  it('makes a confirmed PO naming an unknown 1688 order an error, and one naming another PO\'s order an error naming it', () => {
    expect(onlyOdoo({ ...po, missingOrderId: '301' }, now, 0)?.severity).toBe('error');
    expect(onlyOdoo({ ...po, missingOrderId: '301', claimedBy: 'P00007' }, now, 0)?.detail).toContain('belongs to P00007');
  });

  it('makes a second open order for one PO an error and a closed one info', () => {
    expect(duplicateOrder('waitbuyerpay', 'P1', '301').severity).toBe('error');
    expect(duplicateOrder('cancel', 'P1', '301').severity).toBe('info');
  });
});

describe('comparePair', () => {
  const pair = (over: Partial<PairFacts> = {}, po: Partial<PairFacts['po']> = {}): PairFacts => ({
    orderId: '301',
    status: 'waitbuyerpay',
    goodsYuan: 240,
    items: [{ offerId: '610', specId: 'red', quantity: 24 }],
    billNos: [],
    ...over,
    po: { name: 'P1', state: 'purchase', alibabaStatus: 'waitbuyerpay', amountCny: 240, lines: [line(11, 24)], links, pickings: [], ...po },
  });

  it('finds nothing in a matching pair', () => {
    expect(comparePair(pair(), 0.01)).toEqual([]);
  });

  it('tags each finding with its kind, the PO and the order', () => {
    expect(comparePair(pair({ goodsYuan: 300 }), 0.01)).toEqual([expect.objectContaining({ kind: 'amount', po: 'P1', orderId: '301', severity: 'warning' })]);
  });

  it('checks only the status of a closed order', () => {
    expect(comparePair(pair({ status: 'cancel', goodsYuan: 1 }, { state: 'cancel', alibabaStatus: 'cancel' }), 0.01)).toEqual([]);
  });

  it('reports a quantity difference without a second finding for the amount it explains', () => {
    expect(comparePair(pair({ goodsYuan: 200 }, { lines: [line(11, 20)], amountCny: 200 }), 0.01).map((d) => d.kind)).toEqual(['quantity']);
    expect(comparePair(pair({}, { lines: [line(11, 20)], amountCny: 200 }), 0.01).map((d) => d.kind)).toEqual(['quantity']);
  });
});

describe('atOrAbove', () => {
  it('ranks severities error > warning > info for --fail-on', () => {
    expect(atOrAbove('error', 'warning')).toBe(true);
    expect(atOrAbove('info', 'warning')).toBe(false);
    expect(atOrAbove('warning', 'warning')).toBe(true);
  });
});
