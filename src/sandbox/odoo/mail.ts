// message_post as Odoo 18 answers it over XML-RPC: keyword-only, one record, escaped body, Note subtype.
import type { Env, Val, Vals } from './types.js';
import { checkAccess } from './access.js';
import { plaintext2html } from './convert.js';
import { missingRecord, pythonFault, userError } from './faults.js';
import { create as ormCreate } from './orm-write.js';
import { str } from './values.js';

const KWARGS = new Set([
  'body', 'subject', 'message_type', 'subtype_xmlid', 'subtype_id', 'partner_ids', 'attachments', 'attachment_ids',
  'body_is_html', 'author_id', 'email_from', 'parent_id', 'email_layout_xmlid', 'email_add_signature',
  'mail_auto_delete', 'model_description', 'record_name', 'outgoing_email_to', 'context',
]);
const SUBTYPES: Record<string, number> = { 'mail.mt_comment': 1, 'mail.mt_note': 2 };
const MESSAGE_TYPES = new Set(['email', 'comment', 'email_outgoing', 'notification', 'auto_comment', 'user_notification']);

function className(model: string): string {
  return model === 'purchase.order' ? 'PurchaseOrder' : 'MailThread';
}

export function messagePost(env: Env, model: string, ids: number[], args: Val[], kwargs: Vals): number {
  const fn = `${className(model)}.message_post()`;
  if (args.length) throw pythonFault(`TypeError: ${fn} takes 1 positional argument but ${args.length + 1} were given`, 33);
  for (const k of Object.keys(kwargs)) {
    if (!KWARGS.has(k)) throw pythonFault(`TypeError: ${fn} got an unexpected keyword argument '${k}'`, 33);
  }
  if (ids.length !== 1) {
    const inner = ids.length > 1 ? 'too many values to unpack (expected 1)' : 'not enough values to unpack (expected 1, got 0)';
    throw pythonFault(`ValueError: Expected singleton: ${model}(${ids.join(', ')}${ids.length === 1 ? ',' : ''})`, 45, [
      '  File "/opt/odoo/odoo/models.py", line 6020, in ensure_one',
      '    _id, = self._ids',
      '    ^^^^',
      `ValueError: ${inner}`,
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "/opt/odoo/odoo/models.py", line 6023, in ensure_one',
      '    raise ValueError("Expected singleton: %s" % self)',
    ]);
  }
  const id = ids[0] as number;
  checkAccess(env, model, 'read');
  if (!env.store.get(model, id)) throw missingRecord(model, [id], env.uid);
  const user = env.store.get('res.users', env.uid);
  const author = user && env.store.get('res.partner', user.partner_id as number);
  if (!author || !str(author.email)) throw userError("Unable to send message, please configure the sender's email address.");
  const messageType = typeof kwargs.message_type === 'string' ? kwargs.message_type : 'notification';
  if (!MESSAGE_TYPES.has(messageType)) throw pythonFault(`ValueError: Wrong value for mail.message.message_type: '${messageType}'`);
  const rawBody = typeof kwargs.body === 'string' ? kwargs.body : '';
  const body = !rawBody ? '' : kwargs.body_is_html === true ? rawBody : plaintext2html(rawBody);
  const subtypeId = typeof kwargs.subtype_id === 'number' ? kwargs.subtype_id
    : typeof kwargs.subtype_xmlid === 'string' ? SUBTYPES[kwargs.subtype_xmlid] ?? 2 : 2;
  const [mid] = ormCreate({ ...env, sudo: true }, 'mail.message', [{
    body, model, res_id: id, message_type: messageType, subtype_id: subtypeId, author_id: author.id,
    email_from: `"${str(author.name)}" <${str(author.email)}>`, subject: kwargs.subject ?? false,
  }]);
  return mid as number;
}
