// ir.model, ir.model.fields (custom x_ fields, live in the registry), ir.module.module, mail.message.
import type { Env, ModelDef, Rec } from '../types.js';
import { bool, char, datetime, html, int, m2o, o2m, sel, text } from '../fields.js';
import { userError } from '../faults.js';
import { isCustomType } from '../registry.js';
import { nameOf, str } from '../values.js';

const TTYPES: [string, string][] = [
  'binary', 'boolean', 'char', 'date', 'datetime', 'float', 'html', 'integer', 'many2many', 'many2one',
  'many2one_reference', 'monetary', 'one2many', 'properties', 'properties_definition', 'reference', 'selection', 'text',
].map((t) => [t, t]);

const irModel: ModelDef = {
  name: 'ir.model', description: 'Models', module: 'base', order: 'model',
  fields: {
    name: char('Model Description', { required: true }),
    model: char('Model', { required: true }),
    state: sel([['manual', 'Custom Object'], ['base', 'Base Object']], 'Type', { default: 'manual' }),
    field_id: o2m('ir.model.fields', 'model_id', 'Fields'),
    transient: bool('Transient Model', { default: false }),
    modules: char('In Apps', { readonly: true }),
  },
};

function mirrorOnUsers(env: Env, rec: Rec): void {
  // res.users _inherits res.partner: Odoo adds a related, non-stored twin of the partner's custom field.
  const usersModelId = env.registry.modelIds.get('res.users');
  if (rec.model !== 'res.partner' || usersModelId === undefined) return;
  const id = env.store.allocateId('ir.model.fields');
  env.store.insert('ir.model.fields', {
    ...rec, id, model_id: usersModelId, model: 'res.users', state: 'base', store: false,
    related: `partner_id.${str(rec.name)}`,
  });
}

const irFields: ModelDef = {
  name: 'ir.model.fields', description: 'Fields', module: 'base', order: 'model, name',
  fields: {
    name: char('Field Name', { required: true }),
    model: char('Model Name'),
    model_id: m2o('ir.model', 'Model', { required: true }),
    field_description: char('Field Label', { required: true, default: (_e, v) => str(v.name) || false }),
    ttype: sel(TTYPES, 'Field Type', { required: true }),
    relation: char('Related Model'),
    selection: char('Selection Options'),
    required: bool('Required', { default: false }),
    readonly: bool('Readonly', { default: false }),
    store: bool('Stored', { default: true }),
    copied: bool('Copied', { default: false }),
    index: bool('Indexed', { default: false }),
    related: char('Related Field Definition'),
    help: text('Field Help'),
    state: sel([['manual', 'Custom Field'], ['base', 'Base Field']], 'Type', { required: true, default: 'manual' }),
  },
  displayName: (_env, r) => `${str(r.field_description)} (${str(r.model)})`,
  prepareCreate: (env, vals) => {
    const model = env.store.get('ir.model', vals.model_id as number);
    vals.model = str(model?.model);
    if (vals.state === 'manual' && !str(vals.name).startsWith('x_')) {
      throw userError("The operation cannot be completed: Custom fields must have a name that starts with 'x_'!");
    }
    if (typeof vals.ttype === 'string' && !isCustomType(vals.ttype)) {
      throw userError(`The operation cannot be completed: custom fields of type ${vals.ttype} are not supported here`);
    }
    if (model && env.registry.field(str(model.model), str(vals.name))) {
      throw userError('The operation cannot be completed: Field names must be unique per model.');
    }
  },
  afterCreate: (env, ids) => {
    for (const id of ids) mirrorOnUsers(env, env.store.get('ir.model.fields', id) as Rec);
    env.registry.invalidate();
  },
  afterWrite: (env) => env.registry.invalidate(),
  beforeUnlink: (env, ids) => {
    for (const id of ids) {
      const rec = env.store.get('ir.model.fields', id) as Rec;
      if (rec.state !== 'manual') throw userError('This column contains module data and cannot be removed!');
      if (rec.model === 'res.partner') {
        const twin = [...env.store.all('ir.model.fields')].find((f) => f.model === 'res.users' && f.name === rec.name);
        if (twin) env.store.remove('ir.model.fields', twin.id);
      }
      for (const r of env.store.all(str(rec.model))) if (rec.name as string in r) env.store.update(str(rec.model), r.id, { [str(rec.name)]: false });
    }
  },
};

const irModule: ModelDef = {
  name: 'ir.module.module', description: 'Module', module: 'base', order: 'application desc, sequence, name',
  fields: {
    name: char('Technical Name', { required: true, readonly: true }),
    shortdesc: char('Module Name', { readonly: true }),
    state: sel([['uninstallable', 'Uninstallable'], ['uninstalled', 'Not Installed'], ['installed', 'Installed'], ['to upgrade', 'To be upgraded'], ['to remove', 'To be removed'], ['to install', 'To be installed']], 'Status', { readonly: true, default: 'uninstalled' }),
    latest_version: char('Installed Version', { readonly: true }),
    application: bool('Application', { readonly: true, default: false }),
    sequence: int('Sequence', { default: 100 }),
  },
  methods: {
    button_immediate_install: (env, ids) => {
      for (const id of ids) {
        const rec = env.store.get('ir.module.module', id) as Rec;
        env.store.update('ir.module.module', id, { state: 'installed', latest_version: '18.0.1.0' });
        env.registry.installed.add(str(rec.name));
      }
      env.registry.invalidate();
      return { type: 'ir.actions.client', tag: 'reload' };
    },
  },
};

const subtype: ModelDef = {
  name: 'mail.message.subtype', description: 'Message subtypes', module: 'mail', order: 'sequence, id',
  fields: { name: char('Message Type', { required: true }), internal: bool('Internal Only'), sequence: int('Sequence', { default: 1 }) },
};

const message: ModelDef = {
  name: 'mail.message', description: 'Message', module: 'mail', order: 'id desc',
  fields: {
    body: html('Contents'),
    subject: char('Subject'),
    model: char('Related Document Model'),
    res_id: int('Related Document ID'),
    record_name: char('Message Record Name', { compute: (env, r) => (str(r.model) && typeof r.res_id === 'number' ? nameOf(env, str(r.model), r.res_id) : false) }),
    message_type: sel([['email', 'Incoming Email'], ['comment', 'Comment'], ['email_outgoing', 'Outgoing Email'], ['notification', 'System notification'], ['auto_comment', 'Automated Targeted Notification'], ['user_notification', 'User Specific Notification']], 'Type', { required: true, default: 'comment' }),
    subtype_id: m2o('mail.message.subtype', 'Subtype'),
    author_id: m2o('res.partner', 'Author'),
    email_from: char('From'),
    date: datetime('Date', { default: (env) => env.now() }),
  },
  displayName: (_env, r) => str(r.subject) || `mail.message,${r.id}`,
};

export const irModels: ModelDef[] = [irModel, irFields, irModule, subtype, message];
