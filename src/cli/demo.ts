// The guided demo: both simulators in-process, a temporary config and state, and a whole cycle run as a user would.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAlibabaSimulator, type AlibabaSimulator } from '../sandbox/alibaba/index.js';
import { startOdooSimulator, type OdooSimulator } from '../sandbox/odoo/index.js';
import { ExitCode } from '../errors.js';
import type { Io } from './io.js';

/** Runs one CLI invocation in-process; the demo passes `main` in to keep this module below the program. */
export type RunCli = (argv: string[], io: Io) => Promise<number>;

interface Demo {
  odoo: OdooSimulator;
  alibaba: AlibabaSimulator;
  dir: string;
  env: Record<string, string>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function setUp(): Promise<Demo> {
  const odoo = await startOdooSimulator({ cnyActive: false, cnyRate: 7.2 });
  const alibaba = await startAlibabaSimulator({ offers: 6, seed: 2026, absoluteImageUrls: true });
  // What the company's Odoo administrator already has: today's CNY rate and the forwarder warehouse in Shenzhen.
  odoo.store.create('res.currency.rate', { currency_id: 6, rate: 7.2, name: new Date().toISOString().slice(0, 10) });
  odoo.store.write('res.partner', [1], {
    name: 'Shenzhen Forwarding Warehouse', street: '南山区粤海街道科技南路18号', street2: '3栋501室', city: '深圳市',
    zip: '518057', state_id: 890, country_id: 48, mobile: '+86 138 0013 8000',
  });
  odoo.store.write('res.users', [odoo.integration.uid], { email: 'sync@example.com' });
  const dir = mkdtempSync(path.join(tmpdir(), 'alibaba-odoo-sync-demo-'));
  const redirectPort = await freePort();
  const offers = alibaba.listOffers().map((o) => `    - "${o.productId}"`).join('\n');
  writeFileSync(
    path.join(dir, 'sync.config.yaml'),
    `odoo:\n  url: ${odoo.url}\n  database: ${odoo.db}\n  login: ${odoo.integration.login}\n  password: \${ODOO_PASSWORD}\n` +
      `alibaba:\n  appKey: "${alibaba.appKey}"\n  appSecret: \${ALIBABA_APP_SECRET}\n  redirectUri: http://127.0.0.1:${redirectPort}/callback\n` +
      `  gatewayUrl: ${alibaba.url}\n  authorizeUrl: ${alibaba.authorizeUrl}\n  imageBaseUrl: ${alibaba.imageBaseUrl}\n  rateLimit: 50\n` +
      `sync:\n  trackedOffers:\n${offers}\n  unitMap: { 件: Units, 个: Units, 套: Units, 双: Units, 条: Units }\n  carrierMap: { 顺丰速运: Standard delivery }\n` +
      `state:\n  path: ./state.sqlite\n`,
  );
  const env = {
    ODOO_PASSWORD: odoo.integration.password,
    ALIBABA_APP_SECRET: alibaba.appSecret,
    ODOO_ADMIN_LOGIN: odoo.admin.login,
    ODOO_ADMIN_PASSWORD: odoo.admin.password,
  };
  return { odoo, alibaba, dir, env };
}

export async function runDemo(io: Io, runCli: RunCli): Promise<ExitCode> {
  const demo = await setUp();
  const say = (text: string): void => io.stdout(`${text}\n`);
  let seen = '';
  const step = async (n: number, title: string, args: string[], expect: number[] = [0]): Promise<void> => {
    say(`\n── ${n}. ${title}\n$ alibaba-odoo-sync ${args.join(' ')}`);
    const code = await runCli(['node', 'alibaba-odoo-sync', '--config', path.join(demo.dir, 'sync.config.yaml'), '--log-format', 'pretty', ...args], {
      ...io,
      env: { ...io.env, ...demo.env },
      cwd: demo.dir,
      stdout: (t) => {
        seen += t;
        io.stdout(indent(t));
      },
      stderr: (t) => io.stderr(indent(t)),
    });
    if (!expect.includes(code)) throw new Error(`step ${n} (${args.join(' ')}) exited ${code}`);
  };
  try {
    say(`Demo: a 1688 simulator at ${demo.alibaba.url} and an Odoo 18 simulator at ${demo.odoo.url}, state in ${demo.dir}`);
    await step(1, 'Check the setup: the custom fields are missing and CNY is not active yet', ['doctor'], [2]);
    await step(2, 'Fix it with an administrator login (given once, never stored)', ['doctor', '--fix']);
    const login = step(3, 'Log in to 1688 (the demo clicks "approve" in the browser for you)', ['auth', 'login', '--timeout', '30s']);
    await approveInBrowser(() => seen);
    await login;
    await step(4, 'Import the tracked offers into Odoo', ['pull-products']);
    await step(5, 'Run it again: nothing changed, so nothing is written', ['pull-products']);
    const pos = confirmPurchaseOrders(demo);
    say(`\n── 6. In Odoo, the buyer confirms ${pos.length} purchase orders for the 1688 suppliers`);
    await step(7, 'Send them to 1688, exactly once', ['push-orders']);
    const shipped = shipEverything(demo);
    say(`\n── 8. On 1688, the suppliers are paid and ship ${shipped} orders`);
    await step(9, 'Bring status and tracking back onto the purchase orders and receipts', ['pull-shipments']);
    await step(10, 'Compare both sides', ['reconcile'], [0, 6]);
    await step(11, 'What ran, and what is waiting', ['status']);
    say('\nDemo finished: every step above ran against the simulators; nothing was left running.');
    return ExitCode.Ok;
  } finally {
    await Promise.all([demo.odoo.close(), demo.alibaba.close()]);
    rmSync(demo.dir, { recursive: true, force: true });
  }
}

const indent = (text: string): string => text.replace(/^(?=.)/gm, '   ');

/** Plays the user's browser: opens the authorize URL the CLI printed, which redirects to its listener. */
async function approveInBrowser(output: () => string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const url = /(https?:\/\/\S+\/oauth\/authorize\?\S+)/.exec(output())?.[1];
    if (url) {
      // The listener starts right after the URL is printed; a refused first try is retried.
      for (let attempt = 0; attempt < 20; attempt += 1) {
        const ok = await fetch(url, { redirect: 'follow' }).then((r) => r.ok).catch(() => false);
        if (ok) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

function confirmPurchaseOrders(demo: Demo): number[] {
  const { store } = demo.odoo;
  const vendors = store.searchRead('res.partner', [['x_alibaba_supplier_id', '!=', false]], ['x_alibaba_supplier_id']);
  const ids: number[] = [];
  for (const vendor of vendors) {
    const variants = store.searchRead('product.product', [['seller_ids.partner_id', '=', vendor.id as number], ['x_alibaba_spec_id', '!=', false]], ['id']);
    const singles = store.searchRead('product.product', [['product_tmpl_id.seller_ids.partner_id', '=', vendor.id as number]], ['id']);
    // The buyer keeps Odoo's proposed price: the vendor's CNY price in the company currency (USD at 7.2).
    const lines = (variants.length > 0 ? variants : singles).slice(0, 2).map((v) => ({ productId: v.id as number, qty: 2, price: vendorPrice(demo, v.id as number) / 7.2 }));
    if (lines.length === 0) continue;
    const po = demo.odoo.seedPurchaseOrder({ partnerId: vendor.id as number, lines });
    demo.odoo.confirmPurchaseOrder(po);
    ids.push(po);
  }
  return ids;
}

function vendorPrice(demo: Demo, variantId: number): number {
  const [variant] = demo.odoo.store.read('product.product', [variantId], ['product_tmpl_id']);
  const tmpl = Array.isArray(variant?.product_tmpl_id) ? (variant.product_tmpl_id[0] as number) : 0;
  const rows = demo.odoo.store.searchRead('product.supplierinfo', [['product_tmpl_id', '=', tmpl], '|', ['product_id', '=', variantId], ['product_id', '=', false], ['min_qty', '<=', 2]], ['price']);
  return rows.length > 0 ? Math.max(...rows.map((r) => Number(r.price))) : 10;
}

function shipEverything(demo: Demo): number {
  const orders = demo.alibaba.listOrders();
  orders.forEach((o, i) => {
    demo.alibaba.payOrder(o.orderId);
    demo.alibaba.shipOrder(o.orderId, { trackingNumber: `SF10${String(i).padStart(8, '0')}`, carrier: 'SF' });
  });
  return orders.length;
}
