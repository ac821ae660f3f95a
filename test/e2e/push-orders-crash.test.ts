import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER_FAILPOINTS } from '../../src/sync/failpoints.js';
import { runChild } from '../helpers/cli.js';
import { confirmedPo, startWithCatalog, type SkuLink } from '../helpers/orders.js';
import type { Sims } from '../helpers/sims.js';
import { tempDir } from '../helpers/temp.js';

let sims: Sims;
let skus: SkuLink[];

beforeAll(async () => {
  ({ sims, skus } = await startWithCatalog(tempDir('aos-crash-'), { alibaba: { offers: 3, seed: 5 } }));
});
afterAll(async () => sims.close());

const push = (failpoint?: string): ReturnType<typeof runChild> =>
  runChild(['--config', sims.config, 'push-orders', '--quiet'], { cwd: sims.dir, env: { ...sims.env, ...(failpoint ? { AOS_FAILPOINT: failpoint } : {}) } });

describe('push-orders killed with SIGKILL', () => {
  it.each(ORDER_FAILPOINTS)('ends with exactly one 1688 order per purchase order when killed %s', async (point) => {
    const id = confirmedPo(sims, skus.slice(0, 1));
    const crashed = await push(point);
    expect(crashed.code).toBe(-1);
    const recovered = await push();
    expect(recovered.code).toBe(0);
    expect(sims.alibaba.listOrders().filter((o) => o.outOrderId === `aos-odoo-po${id}`)).toHaveLength(1);
    const [written] = sims.odoo.store.read('purchase.order', [id], ['x_alibaba_order_id']);
    expect(written?.x_alibaba_order_id).toBeTruthy();
  });
});
