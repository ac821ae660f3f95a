// res.* models: users, partners, company, currencies and rates, countries and provinces, groups.
import type { Env, ModelDef, Rec } from '../types.js';
import { bool, char, date, float, html, int, m2m, m2o, o2m, sel } from '../fields.js';
import { userError } from '../faults.js';
import { create as ormCreate } from '../orm-write.js';
import { nameOf, num, str } from '../values.js';

const partner: ModelDef = {
  name: 'res.partner', description: 'Contact', module: 'base', order: 'name, id desc', className: 'Partner',
  mailThread: true, parentName: 'parent_id',
  fields: {
    name: char('Name'),
    active: bool('Active', { default: true }),
    is_company: bool('Is a Company', { default: false }),
    company_type: sel([['person', 'Individual'], ['company', 'Company']], 'Company Type', {
      compute: (_env, rec) => (rec.is_company ? 'company' : 'person'),
      setter: (env, rec, v) => env.store.update('res.partner', rec.id, { is_company: v === 'company' }),
    }),
    type: sel([['contact', 'Contact'], ['invoice', 'Invoice Address'], ['delivery', 'Delivery Address'], ['other', 'Other Address']], 'Address Type', { default: 'contact' }),
    parent_id: m2o('res.partner', 'Related Company'),
    child_ids: o2m('res.partner', 'parent_id', 'Contact'),
    street: char('Street'), street2: char('Street2'), city: char('City'), zip: char('Zip'),
    state_id: m2o('res.country.state', 'State'),
    country_id: m2o('res.country', 'Country'),
    phone: char('Phone'), mobile: char('Mobile'), email: char('Email'), website: char('Website Link'),
    vat: char('Tax ID'), ref: char('Reference'),
    supplier_rank: int('Supplier Rank', { default: 0 }),
    customer_rank: int('Customer Rank', { default: 0 }),
    property_purchase_currency_id: m2o('res.currency', 'Supplier Currency'),
    comment: html('Notes'),
    lang: char('Language', { default: 'en_US' }),
    company_id: m2o('res.company', 'Company'),
    user_ids: o2m('res.users', 'partner_id', 'Users'),
  },
  displayName: (env, rec) => {
    const name = str(rec.name);
    if (typeof rec.parent_id === 'number' && !rec.is_company && name) return `${nameOf(env, 'res.partner', rec.parent_id)}, ${name}`;
    return name || (typeof rec.parent_id === 'number' ? nameOf(env, 'res.partner', rec.parent_id) : '');
  },
};

const users: ModelDef = {
  name: 'res.users', description: 'User', module: 'base', order: 'name, login', className: 'Users', recName: 'login',
  fields: {
    login: char('Login', { required: true }),
    partner_id: m2o('res.partner', 'Related Partner', { required: true }),
    name: char('Name', { related: ['partner_id', 'name'] }),
    email: char('Email', { related: ['partner_id', 'email'] }),
    groups_id: m2m('res.groups', 'Groups'),
    signature: html('Email Signature'),
    // Never readable: the hash lives in a hidden column, like Odoo's password field.
    password: char('Password', { compute: () => '', setter: (env, rec, v) => env.store.update('res.users', rec.id, { _password: str(v) }) }),
    active: bool('Active', { default: true }),
    share: bool('Share User', { default: false }),
    company_id: m2o('res.company', 'Company', { default: 1 }),
    company_ids: m2m('res.company', 'Companies', { default: () => [1] }),
  },
  displayName: (env, rec) => nameOf(env, 'res.partner', rec.partner_id),
  prepareCreate: (env, vals) => {
    if (typeof vals.partner_id !== 'number') {
      const [pid] = ormCreate({ ...env, sudo: true }, 'res.partner', [{ name: str(vals.name) || str(vals.login), email: vals.email ?? false }]);
      vals.partner_id = pid as number;
    }
  },
};

const groups: ModelDef = {
  name: 'res.groups', description: 'Access Groups', module: 'base', order: 'name', className: 'Groups',
  fields: {
    name: char('Name', { required: true }),
    category: char('Application'),
    full_name: char('Group Name', { readonly: true, compute: (_env, rec) => `${str(rec.category)} / ${str(rec.name)}` }),
  },
  displayName: (_env, rec) => `${str(rec.category)} / ${str(rec.name)}`,
};

const company: ModelDef = {
  name: 'res.company', description: 'Companies', module: 'base', order: 'sequence, name', className: 'Company',
  fields: {
    name: char('Company Name', { required: true }),
    partner_id: m2o('res.partner', 'Partner', { required: true }),
    currency_id: m2o('res.currency', 'Currency', { required: true }),
    country_id: m2o('res.country', 'Country'),
    sequence: int('Sequence', { default: 10 }),
    email: char('Email', { related: ['partner_id', 'email'] }),
  },
};

/** The latest rate of a currency (per company currency), 1.0 without rates. */
export function currencyRate(env: Env, currencyId: number): number {
  let best: Rec | undefined;
  for (const id of env.store.referencing('res.currency.rate', 'currency_id', currencyId)) {
    const r = env.store.get('res.currency.rate', id) as Rec;
    if (str(r.name) > env.now().slice(0, 10)) continue;
    if (!best || str(r.name) > str(best.name) || (r.name === best.name && r.id > best.id)) best = r;
  }
  return best ? num(best.rate) || 1 : 1;
}

const currency: ModelDef = {
  name: 'res.currency', description: 'Currency', module: 'base', order: 'active desc, name', className: 'Currency',
  fields: {
    name: char('Currency', { required: true }),
    full_name: char('Name'),
    symbol: char('Symbol', { required: true }),
    active: bool('Active', { default: true }),
    rate: float('Current Rate', { readonly: true, compute: (env, rec) => currencyRate(env, rec.id) }),
    inverse_rate: float('Inverse Rate', { readonly: true, compute: (env, rec) => 1 / currencyRate(env, rec.id) }),
    rate_ids: o2m('res.currency.rate', 'currency_id', 'Rates'),
    decimal_places: int('Decimal Places', { readonly: true, default: 2 }),
    rounding: float('Rounding Factor', { default: 0.01 }),
    position: sel([['after', 'After Amount'], ['before', 'Before Amount']], 'Symbol Position', { default: 'after' }),
  },
};

const rate: ModelDef = {
  name: 'res.currency.rate', description: 'Currency Rate', module: 'base', order: 'name desc', className: 'CurrencyRate',
  fields: {
    name: date('Date', { required: true, default: (env) => env.now().slice(0, 10) }),
    rate: float('Technical Rate', { default: 1 }),
    company_rate: float('Company Rate', { compute: (_e, rec) => num(rec.rate),
      setter: (env, rec, v) => env.store.update('res.currency.rate', rec.id, { rate: Number(v) }) }),
    inverse_company_rate: float('Inverse Company Rate', { compute: (_e, rec) => 1 / (num(rec.rate) || 1),
      setter: (env, rec, v) => env.store.update('res.currency.rate', rec.id, { rate: 1 / (Number(v) || 1) }) }),
    currency_id: m2o('res.currency', 'Currency', { required: true, readonly: true }),
    company_id: m2o('res.company', 'Company', { default: 1 }),
  },
  constrain: (env, ids) => {
    for (const id of ids) {
      const r = env.store.get('res.currency.rate', id) as Rec;
      const clash = env.store.referencing('res.currency.rate', 'currency_id', r.currency_id as number)
        .some((o) => o !== id && env.store.get('res.currency.rate', o)?.name === r.name);
      if (clash) throw userError('The operation cannot be completed: Only one currency rate per day allowed!');
    }
  },
};

const country: ModelDef = {
  name: 'res.country', description: 'Country', module: 'base', order: 'name', className: 'Country',
  fields: {
    name: char('Country Name', { required: true }),
    code: char('Country Code'),
    phone_code: int('Country Calling Code'),
    currency_id: m2o('res.currency', 'Currency'),
    state_ids: o2m('res.country.state', 'country_id', 'States'),
  },
};

const countryState: ModelDef = {
  name: 'res.country.state', description: 'Country state', module: 'base', order: 'code', className: 'CountryState',
  fields: {
    name: char('State Name', { required: true }),
    code: char('State Code', { required: true }),
    country_id: m2o('res.country', 'Country', { required: true }),
  },
  displayName: (env, rec) => {
    const c = typeof rec.country_id === 'number' ? env.store.get('res.country', rec.country_id) : undefined;
    return `${str(rec.name)} (${str(c?.code)})`;
  },
};

export const baseModels: ModelDef[] = [partner, users, groups, company, currency, rate, country, countryState];
