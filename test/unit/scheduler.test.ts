import { describe, expect, it } from 'vitest';
import { dueParts, worstExit } from '../../src/sync/scheduler.js';

const intervals = { products: 86_400_000, orders: 900_000, shipments: 900_000 };
const now = new Date('2026-11-28T10:15:00Z');
const due = (lastRun: Record<string, string>, extra: object = {}): Record<string, boolean> =>
  Object.fromEntries(dueParts({ intervals, lastRun, now, ...extra }).map((d) => [d.part, d.due]));

describe('dueParts', () => {
  it('runs every part on the first run', () => {
    expect(due({})).toEqual({ products: true, orders: true, shipments: true });
  });

  it('runs a 15-minute part again at the next quarter hour even when the last run started a few seconds late', () => {
    expect(due({ orders: '2026-11-28T10:00:07Z', shipments: '2026-11-28T10:00:07Z', products: '2026-11-28T03:00:00Z' })).toEqual({
      products: false,
      orders: true,
      shipments: true,
    });
  });

  it('skips a part whose interval has not passed and says when it is next due', () => {
    const [, orders] = dueParts({ intervals, lastRun: { orders: '2026-11-28T10:10:00Z' }, now });
    expect(orders).toMatchObject({ due: false, reason: 'next in 9m' });
  });

  it('runs the daily part once a day', () => {
    expect(due({ products: '2026-11-27T10:14:30Z' }).products).toBe(true);
    expect(due({ products: '2026-11-27T11:20:00Z' }).products).toBe(false);
  });

  it('runs only the parts asked for, whatever their schedule', () => {
    expect(due({ orders: '2026-11-28T10:14:00Z' }, { only: ['orders'] })).toEqual({ products: false, orders: true, shipments: false });
  });

  it('runs everything with force', () => {
    expect(due({ products: now.toISOString(), orders: now.toISOString(), shipments: now.toISOString() }, { force: true })).toEqual({
      products: true,
      orders: true,
      shipments: true,
    });
  });
});

describe('worstExit', () => {
  it('ranks an authentication problem above a remote outage above dead letters above success', () => {
    expect(worstExit([0, 5, 4, 3])).toBe(3);
    expect(worstExit([0, 5])).toBe(5);
    expect(worstExit([0, 0])).toBe(0);
    expect(worstExit([4, 1])).toBe(1);
  });
});
