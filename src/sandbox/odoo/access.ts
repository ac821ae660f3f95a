// Groups and per-model access rights (ir.model.access) as on Odoo 18, with the AccessError texts.
import type { Env } from './types.js';
import { accessError } from './faults.js';

export const G = {
  internal: 'User types/Internal User',
  settings: 'Administration/Settings',
  accessRights: 'Administration/Access Rights',
  purchaseUser: 'Purchase/User',
  purchaseAdmin: 'Purchase/Administrator',
  stockUser: 'Inventory/User',
  stockAdmin: 'Inventory/Administrator',
  salesAdmin: 'Sales/Administrator',
  invoicingAdmin: 'Invoicing/Administrator',
  contactCreation: 'Extra Rights/Contact Creation',
  productCreation: 'Extra Rights/Product Creation',
} as const;

/** Groups implied by a group (Odoo's implied_ids, flattened). */
const IMPLIED: Record<string, string[]> = {
  [G.settings]: [G.accessRights, G.internal],
  [G.accessRights]: [G.internal],
  [G.purchaseAdmin]: [G.purchaseUser, G.internal],
  [G.purchaseUser]: [G.internal],
  [G.stockAdmin]: [G.stockUser, G.internal],
  [G.stockUser]: [G.internal],
};

export const ADMIN_GROUPS: string[] = Object.values(G);
export const INTEGRATION_GROUPS: string[] = [
  G.internal, G.purchaseUser, G.stockUser, G.productCreation, G.contactCreation,
];

export function expandGroups(groups: readonly string[]): Set<string> {
  const out = new Set<string>();
  const visit = (g: string): void => {
    if (out.has(g)) return;
    out.add(g);
    (IMPLIED[g] ?? []).forEach(visit);
  };
  groups.forEach(visit);
  return out;
}

type Op = 'read' | 'write' | 'create' | 'unlink';
interface Acl { read: string[]; write: string[] }

const MANAGE_PRODUCTS = [G.productCreation, G.stockAdmin, G.purchaseAdmin, G.salesAdmin];
const CONFIG = [G.settings, G.invoicingAdmin];
const ir = { read: [G.accessRights], write: [G.accessRights] };

/** read: groups that may read; write: groups that may write/create/unlink. */
const ACL: Record<string, Acl> = {
  'res.partner': { read: [G.internal], write: [G.contactCreation, G.stockAdmin, G.purchaseAdmin, G.salesAdmin] },
  'res.users': { read: [G.internal], write: [G.accessRights] },
  'res.groups': { read: [G.internal], write: [G.accessRights] },
  'res.company': { read: [G.internal], write: [G.settings] },
  'res.currency': { read: [G.internal], write: CONFIG },
  'res.currency.rate': { read: [G.internal], write: CONFIG },
  'res.country': { read: [G.internal], write: [G.settings] },
  'res.country.state': { read: [G.internal], write: [G.settings] },
  'product.template': { read: [G.internal], write: MANAGE_PRODUCTS },
  'product.product': { read: [G.internal], write: MANAGE_PRODUCTS },
  'product.attribute': { read: [G.internal], write: MANAGE_PRODUCTS },
  'product.attribute.value': { read: [G.internal], write: MANAGE_PRODUCTS },
  'product.template.attribute.line': { read: [G.internal], write: MANAGE_PRODUCTS },
  'product.template.attribute.value': { read: [G.internal], write: MANAGE_PRODUCTS },
  'product.supplierinfo': { read: [G.internal], write: [G.purchaseUser, ...MANAGE_PRODUCTS] },
  'product.category': { read: [G.internal], write: MANAGE_PRODUCTS },
  'uom.category': { read: [G.internal], write: [G.stockAdmin, G.purchaseAdmin] },
  'uom.uom': { read: [G.internal], write: [G.stockAdmin, G.purchaseAdmin] },
  'purchase.order': { read: [G.purchaseUser, G.stockUser], write: [G.purchaseUser] },
  'purchase.order.line': { read: [G.purchaseUser, G.stockUser], write: [G.purchaseUser] },
  'account.tax': { read: [G.internal], write: [G.invoicingAdmin] },
  'stock.picking': { read: [G.stockUser, G.purchaseUser], write: [G.stockUser] },
  'stock.move': { read: [G.stockUser, G.purchaseUser], write: [G.stockUser] },
  'stock.picking.type': { read: [G.internal], write: [G.stockAdmin] },
  'stock.warehouse': { read: [G.internal], write: [G.stockAdmin] },
  'stock.location': { read: [G.internal], write: [G.stockAdmin] },
  'delivery.carrier': { read: [G.internal], write: [G.stockAdmin] },
  'ir.model': ir,
  'ir.model.fields': ir,
  'ir.module.module': { read: [G.internal], write: [G.settings] },
  'mail.message': { read: [G.internal], write: [G.internal] },
  'mail.message.subtype': { read: [G.internal], write: [G.settings] },
};

export function allowedGroups(model: string, op: Op): string[] {
  const acl = ACL[model];
  if (!acl) return [G.settings];
  return op === 'read' ? acl.read : acl.write;
}

export function hasAccess(env: Env, model: string, op: Op): boolean {
  if (env.sudo) return true;
  return allowedGroups(model, op).some((g) => env.groups.has(g));
}

export function checkAccess(env: Env, model: string, op: Op): void {
  // Changing fields first checks the models they belong to (the fault names ir.model).
  if (model === 'ir.model.fields' && op !== 'read') checkAccess(env, 'ir.model', 'read');
  if (hasAccess(env, model, op)) return;
  const desc = env.registry.model(model)?.description ?? model;
  throw accessError(op, desc, model, allowedGroups(model, op));
}

/** Fields a user may write on their own res.users record (SELF_WRITEABLE_FIELDS, subset). */
export const SELF_WRITEABLE = new Set([
  'signature', 'action_id', 'company_id', 'email', 'name', 'image_1920', 'lang', 'tz', 'password',
]);
