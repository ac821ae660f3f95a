// Converting incoming field values to stored form, with Odoo's validation faults (selection, dates, images).
import type { Env, FieldDef, Val } from './types.js';
import { asText } from './values.js';
import { foreignKeyFault, pythonFault, pyRepr, userError } from './faults.js';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&#34;').replace(/'/g, '&#39;');
}

/** Odoo's plaintext2html: escape, newlines to <br/>, paragraphs on double breaks. */
export function plaintext2html(text: string): string {
  const escaped = escapeHtml(text).replace(/\r\n|\r|\n/g, '<br/>');
  return `<p>${escaped.split(/(?:<br\/>\s*){2,}/).join('</p><p>')}</p>`;
}

function checkImage(value: string): void {
  const cleaned = value.replace(/[^A-Za-z0-9+/=]/g, '');
  if (cleaned.length % 4 !== 0 || /=[^=]/.test(cleaned)) throw userError('Image is not encoded in base64.');
  const bytes = Buffer.from(cleaned, 'base64');
  if (bytes.length === 0) return;
  const head = bytes.subarray(0, 12);
  const ascii = head.toString('latin1');
  const known = head[0] === 0x89 && ascii.slice(1, 4) === 'PNG'
    || head[0] === 0xff && head[1] === 0xd8
    || ascii.startsWith('GIF8') || ascii.startsWith('BM') || ascii.startsWith('<')
    || ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP'
    || ascii.startsWith('II*\0') || ascii.startsWith('MM\0*') || head.readUInt32BE(0) === 0x00000100;
  if (!known) throw userError('This file could not be decoded as an image file.');
}

/** Scalar and many2one conversion; x2many commands are handled in x2many.ts. */
export function convertValue(env: Env, model: string, name: string, f: FieldDef, value: Val): Val {
  switch (f.type) {
    case 'char': case 'text':
      if (value === false || value === '') return value === '' && f.type === 'char' ? '' : value;
      return typeof value === 'string' ? value : pyRepr(value);
    case 'html':
      if (typeof value !== 'string' || value === '') return value === '' ? '' : false;
      return /^\s*</.test(value) ? value : plaintext2html(value);
    case 'integer': {
      if (value === false) return 0;
      const n = typeof value === 'boolean' ? Number(value) : Number(value);
      if (!Number.isFinite(n)) throw pythonFault(`ValueError: invalid literal for int() with base 10: ${pyRepr(value)}`);
      return Math.trunc(n);
    }
    case 'float': case 'monetary': {
      if (value === false) return 0;
      const n = Number(value);
      if (!Number.isFinite(n)) throw pythonFault(`ValueError: could not convert string to float: ${pyRepr(value)}`);
      return n;
    }
    case 'boolean':
      return Array.isArray(value) ? value.length > 0 : !!value;
    case 'date': {
      if (value === false || value === '') return false;
      const s = asText(value).slice(0, 10);
      if (!DATE_RE.test(s)) throw pythonFault(`ValueError: time data ${pyRepr(value)} does not match format '%Y-%m-%d'`);
      return s;
    }
    case 'datetime': {
      if (value === false || value === '') return false;
      const t = asText(value);
      const s = t.length === 10 ? `${t} 00:00:00` : t.slice(0, 19);
      if (!DATETIME_RE.test(s)) {
        throw pythonFault(`ValueError: time data ${pyRepr(value)} does not match format '%Y-%m-%d %H:%M:%S'`);
      }
      return s;
    }
    case 'selection': {
      if (value === false || value === '') return false;
      if (!f.selection?.some(([k]) => k === value)) {
        throw pythonFault(`ValueError: Wrong value for ${model}.${name}: ${pyRepr(value)}`, 90);
      }
      return value;
    }
    case 'many2one': {
      if (value === false || value === 0) return false;
      const id = Array.isArray(value) ? value[0] : value;
      if (typeof id !== 'number' || !Number.isInteger(id)) {
        throw pythonFault(`psycopg2.errors.InvalidTextRepresentation: invalid input syntax for type integer: ${pyRepr(value)}`);
      }
      if (!env.store.get(f.relation as string, id)) {
        const desc = env.registry.model(model)?.description ?? model;
        throw foreignKeyFault(desc, model, `${model.replace(/\./g, '_')}_${name}_fkey`);
      }
      return id;
    }
    case 'binary':
      if (value === false || value === '') return false;
      if (typeof value !== 'string') throw pythonFault(`TypeError: a bytes-like object is required, not '${typeof value}'`);
      if (f.image) checkImage(value);
      return value;
    default:
      return value;
  }
}
