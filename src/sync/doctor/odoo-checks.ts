// The Odoo checks of `doctor`: version, login, modules, access rights, least privilege, email, currency, custom fields.
import { OdooFaultError } from '../../errors.js';
import type { OdooClient } from '../../odoo/client.js';
import { CUSTOM_FIELDS, CurrencyRow, MODELS, ModuleRow, RateRow, REQUIRED_ACCESS, UserRow, type AccessOperation, type CustomFieldSpec } from '../../odoo/models.js';
import type { Check, CheckContext, CheckOutcome } from '../doctor.js';

const RATE_MAX_AGE_DAYS = 7;
/** Groups that make a user an administrator (base.group_system, base.group_erp_manager), by their English full names. */
const ADMIN_GROUPS = ['Administration / Settings', 'Administration / Access Rights'];
const MODULES: readonly (readonly [string, 'fail' | 'warn', string])[] = [
  ['purchase', 'fail', 'purchase orders are what the tool syncs'],
  ['stock', 'fail', 'receipts carry the tracking numbers'],
  ['purchase_stock', 'fail', 'confirmed orders must create receipts'],
  ['stock_delivery', 'warn', 'without it pickings have no carrier, so no carrier tracking'],
];
const LOGIN = ['odoo.login'];
const pass = (detail: string): CheckOutcome => ({ status: 'pass', detail });

const odoo = (ctx: CheckContext): OdooClient => ctx.env.odoo();

const modules = (ctx: CheckContext): Promise<Map<string, string>> =>
  ctx.memo('modules', async () => {
    const rows = await odoo(ctx).searchReadAll(MODELS.module, [['name', 'in', MODULES.map(([m]) => m)]], ['name', 'state']);
    return new Map(rows.map((r) => ModuleRow.parse(r)).map((r) => [r.name, r.state]));
  });

const currentUser = (ctx: CheckContext): Promise<UserRow> =>
  ctx.memo('user', async () => {
    const uid = await odoo(ctx).authenticate();
    const [row] = await odoo(ctx).read(MODELS.users, [uid], ['login', 'email', 'groups_id']);
    return UserRow.parse(row);
  });

const versionCheck: Check = {
  id: 'odoo.version',
  title: 'Odoo answers and is version 18',
  requires: ['config'],
  run: async (ctx) => {
    const v = await odoo(ctx).version();
    if (v.server_serie !== '18.0') {
      return { status: 'fail', detail: `Odoo ${v.server_version} (series ${v.server_serie})`, fix: 'this tool is made for Odoo 18.0; point odoo.url at an Odoo 18 server' };
    }
    return pass(`Odoo ${v.server_version}`);
  },
};

const loginCheck: Check = {
  id: 'odoo.login',
  title: 'the integration user can log in',
  requires: ['odoo.version'],
  run: async (ctx) => pass(`uid ${await odoo(ctx).authenticate()} (${odoo(ctx).login})`),
};

const moduleChecks: Check[] = MODULES.map(([name, severity, why]) => ({
  id: `odoo.module.${name}`,
  title: `module ${name} is installed`,
  requires: LOGIN,
  run: async (ctx) => {
    const state = (await modules(ctx)).get(name);
    if (state === 'installed') return pass('installed');
    return { status: severity, detail: state ? `state: ${state}` : 'not available', fix: `install ${name} in Odoo (Apps): ${why}` };
  },
}));

/** check_access_rights(operation, raise_exception=False); where it is not callable, a read probe for reads only. */
async function canDo(client: OdooClient, model: string, op: AccessOperation): Promise<boolean | undefined> {
  try {
    return await client.executeKw<boolean>(model, 'check_access_rights', [op], { raise_exception: false });
  } catch (err) {
    if (!(err instanceof OdooFaultError) || err.kind !== 'unknown_method') throw err;
  }
  if (op !== 'read') return undefined;
  try {
    await client.searchCount(model, []);
    return true;
  } catch (err) {
    if (err instanceof OdooFaultError && err.kind === 'access') return false;
    throw err;
  }
}

const accessCheck: Check = {
  id: 'odoo.access',
  title: 'the integration user can read and write what the sync touches',
  requires: LOGIN,
  run: async (ctx) => {
    const pairs = REQUIRED_ACCESS.flatMap(([model, ops]) => ops.map((op) => [model, op] as const));
    const answers = await Promise.all(
      pairs.map(([model, op]) =>
        canDo(odoo(ctx), model, op).catch((err: unknown) => {
          // A model of a missing module is reported by the module checks.
          if (err instanceof OdooFaultError && err.kind === 'unknown_model') return 'absent' as const;
          throw err;
        }),
      ),
    );
    const denied = pairs.filter((_, i) => answers[i] === false).map(([m, op]) => `${op} ${m}`);
    const unknown = pairs.filter((_, i) => answers[i] === undefined).map(([m, op]) => `${op} ${m}`);
    if (denied.length > 0) {
      return {
        status: 'fail',
        detail: `denied: ${denied.join(', ')}`,
        fix: 'give the integration user Purchase / User, Inventory / User, and the Product Creation and Contact Creation rights',
      };
    }
    if (unknown.length > 0) return { status: 'warn', detail: `could not verify: ${unknown.join(', ')}`, fix: 'check the user rights in Odoo by hand' };
    return pass(`${pairs.length} model rights verified`);
  },
};

const notAdminCheck: Check = {
  id: 'odoo.least-privilege',
  title: 'the integration user is not an administrator',
  requires: LOGIN,
  run: async (ctx) => {
    const user = await currentUser(ctx);
    const groups = await odoo(ctx).read<{ id: number; full_name?: string }>(MODELS.groups, user.groups_id ?? [], ['full_name']);
    const admin = groups.map((g) => g.full_name ?? '').filter((n) => ADMIN_GROUPS.includes(n));
    if (admin.length === 0) return pass(`${user.groups_id?.length ?? 0} groups, none administrative`);
    return {
      status: 'warn',
      detail: `member of ${admin.join(', ')}`,
      fix: 'use a dedicated user with Purchase / User, Inventory / User, Product Creation and Contact Creation only',
    };
  },
};

const emailCheck: Check = {
  id: 'odoo.email',
  title: 'the integration user has an email address',
  requires: LOGIN,
  run: async (ctx) => {
    const user = await currentUser(ctx);
    if (typeof user.email === 'string' && user.email.trim() !== '') return pass(user.email);
    return { status: 'fail', detail: 'no email address', fix: "set an email on the integration user in Odoo (Settings > Users): Odoo refuses to post chatter messages without one" };
  },
};

const currencyCheck: Check = {
  id: 'odoo.currency',
  title: 'the purchase currency is active with a recent rate',
  requires: LOGIN,
  run: async (ctx) => {
    const { pricing } = ctx.env.config().sync;
    if (pricing.rateSource !== 'odoo') return pass(`not needed: sync.pricing.rateSource is ${pricing.rateSource}`);
    const client = odoo(ctx);
    const [row] = await client.searchReadAll(MODELS.currency, [['name', '=', pricing.currency]], ['name', 'active'], { context: { active_test: false } });
    if (!row) return { status: 'fail', detail: `Odoo has no currency ${pricing.currency}`, fix: 'check sync.pricing.currency' };
    const currency = CurrencyRow.parse(row);
    const [rateRaw] = await client.executeKw<unknown[]>(MODELS.currencyRate, 'search_read', [[['currency_id', '=', currency.id]]], {
      fields: ['name', 'rate'],
      order: 'name desc',
      limit: 1,
    });
    const rate = rateRaw === undefined ? undefined : RateRow.parse(rateRaw);
    const problems: string[] = [];
    if (!currency.active) problems.push('inactive');
    if (!rate) problems.push('no exchange rate');
    if (problems.length > 0) {
      return {
        status: 'fail',
        detail: `${currency.name}: ${problems.join(', ')}`,
        fix: `${currency.active ? '' : 'run `doctor --fix` with an administrator login, or activate it in Odoo; '}${rate ? '' : 'add a rate in Odoo (Accounting > Currencies) or set sync.pricing.rateSource: fixed'}`.replace(/; $/, ''),
        repair: currency.active ? undefined : { kind: 'activate_currency', currencyId: currency.id, name: currency.name },
      };
    }
    const ageDays = (ctx.env.now().getTime() - Date.parse(`${rate!.name}T00:00:00Z`)) / 86_400_000;
    const detail = `${currency.name} active, rate ${rate!.rate} of ${rate!.name}`;
    if (ageDays > RATE_MAX_AGE_DAYS) return { status: 'warn', detail: `${detail} (${Math.floor(ageDays)} days old)`, fix: 'update the rate in Odoo, or enable automatic currency rates' };
    return pass(detail);
  },
};

const fieldCheck = (spec: CustomFieldSpec): Check => ({
  id: `odoo.field.${spec.name}`,
  title: `custom field ${spec.name} on ${spec.model}`,
  requires: LOGIN,
  run: async (ctx) => {
    const fields = await odoo(ctx).fieldsGet(spec.model);
    const found = fields[spec.name];
    if (!found) {
      return {
        status: 'fail',
        detail: 'missing',
        fix: 'run `doctor --fix` with an administrator login (--admin-login/--admin-password or ODOO_ADMIN_LOGIN/ODOO_ADMIN_PASSWORD)',
        repair: { kind: 'custom_field', field: spec },
      };
    }
    if (found.type !== spec.type) return { status: 'fail', detail: `type ${found.type}`, fix: `recreate ${spec.name} as a ${spec.type} field in Odoo` };
    return pass(spec.type);
  },
});

export const odooChecks: Check[] = [
  versionCheck,
  loginCheck,
  ...moduleChecks,
  accessCheck,
  notAdminCheck,
  emailCheck,
  currencyCheck,
  ...CUSTOM_FIELDS.map(fieldCheck),
];
