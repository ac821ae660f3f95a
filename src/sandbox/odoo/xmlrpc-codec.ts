// Minimal, bounded XML-RPC codec: parses a methodCall and serialises responses and faults like Python's xmlrpc.
import type { Val } from './types.js';

export interface MethodCall {
  method: string;
  params: Val[];
}

export class XmlRpcParseError extends Error {}

interface Node {
  tag: string;
  children: Node[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

const MAX_DEPTH = 64;

/** Tiny XML tree builder: no DTDs, no attributes kept, CDATA supported. */
function parseXml(xml: string): Node {
  const root: Node = { tag: '#root', children: [], text: '' };
  const stack: Node[] = [root];
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const top = stack[stack.length - 1] as Node;
    if (lt < 0) {
      top.text += decodeEntities(xml.slice(i));
      break;
    }
    if (lt > i) top.text += decodeEntities(xml.slice(i, lt));
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt);
      if (end < 0) throw new XmlRpcParseError('unterminated CDATA');
      top.text += xml.slice(lt + 9, end);
      i = end + 3;
    } else if (xml.startsWith('<?', lt) || xml.startsWith('<!--', lt)) {
      const end = xml.startsWith('<?', lt) ? xml.indexOf('?>', lt) : xml.indexOf('-->', lt);
      if (end < 0) throw new XmlRpcParseError('unterminated declaration');
      i = end + (xml.startsWith('<?', lt) ? 2 : 3);
    } else if (xml.startsWith('<!', lt)) {
      throw new XmlRpcParseError('DTDs are not accepted');
    } else {
      const gt = xml.indexOf('>', lt);
      if (gt < 0) throw new XmlRpcParseError('unterminated tag');
      const inner = xml.slice(lt + 1, gt).trim();
      i = gt + 1;
      if (inner.startsWith('/')) {
        const tag = inner.slice(1).trim();
        if (top.tag !== tag) throw new XmlRpcParseError(`mismatched </${tag}>`);
        stack.pop();
      } else {
        const selfClosing = inner.endsWith('/');
        const tag = (selfClosing ? inner.slice(0, -1) : inner).trim().split(/\s+/)[0] ?? '';
        const node: Node = { tag, children: [], text: '' };
        top.children.push(node);
        if (!selfClosing) {
          if (stack.length > MAX_DEPTH) throw new XmlRpcParseError('nesting too deep');
          stack.push(node);
        }
      }
    }
  }
  if (stack.length !== 1) throw new XmlRpcParseError('unclosed elements');
  return root;
}

function child(node: Node, tag: string): Node | undefined {
  return node.children.find((c) => c.tag === tag);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function decodeValue(node: Node): Val {
  const typed = node.children[0];
  if (!typed) return node.text;
  const text = typed.text;
  switch (typed.tag) {
    case 'string':
      return text;
    case 'int': case 'i4': case 'i8': {
      const v = Number.parseInt(text.trim(), 10);
      if (Number.isNaN(v)) throw new XmlRpcParseError(`bad int ${text}`);
      return v;
    }
    case 'double': {
      const v = Number.parseFloat(text.trim());
      if (Number.isNaN(v)) throw new XmlRpcParseError(`bad double ${text}`);
      return v;
    }
    case 'boolean':
      return text.trim() === '1';
    case 'nil':
      return false;
    case 'base64':
      return text.replace(/\s+/g, '');
    case 'dateTime.iso8601': {
      const m = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):?(\d{2}):?(\d{2})/.exec(text.trim());
      if (!m) throw new XmlRpcParseError(`bad dateTime ${text}`);
      const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
      if (/Z|[+-]\d\d:?\d\d$/.test(text.trim())) {
        const parsed = new Date(text.trim());
        if (!Number.isNaN(parsed.getTime())) return formatDatetime(parsed);
      }
      return formatDatetime(d);
    }
    case 'array': {
      const data = child(typed, 'data');
      return data ? data.children.filter((c) => c.tag === 'value').map(decodeValue) : [];
    }
    case 'struct': {
      const out: Record<string, Val> = {};
      for (const m of typed.children) {
        if (m.tag !== 'member') continue;
        const name = child(m, 'name');
        const value = child(m, 'value');
        if (!name || !value) throw new XmlRpcParseError('bad struct member');
        out[name.text] = decodeValue(value);
      }
      return out;
    }
    default:
      throw new XmlRpcParseError(`unknown type ${typed.tag}`);
  }
}

export function formatDatetime(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function parseMethodCall(xml: string): MethodCall {
  const root = parseXml(xml);
  const call = child(root, 'methodCall');
  const name = call && child(call, 'methodName');
  if (!call || !name) throw new XmlRpcParseError('not a methodCall');
  const params = child(call, 'params');
  const values = params
    ? params.children.filter((p) => p.tag === 'param').map((p) => {
      const v = child(p, 'value');
      if (!v) throw new XmlRpcParseError('param without value');
      return decodeValue(v);
    })
    : [];
  return { method: name.text.trim(), params: values };
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function encodeValue(v: Val, out: string[]): void {
  if (typeof v === 'string') out.push('<value><string>', escapeXml(v), '</string></value>');
  else if (typeof v === 'boolean') out.push('<value><boolean>', v ? '1' : '0', '</boolean></value>');
  else if (typeof v === 'number') {
    if (Number.isInteger(v) && Math.abs(v) < 2 ** 31) out.push('<value><int>', String(v), '</int></value>');
    else out.push('<value><double>', Number.isInteger(v) ? v.toFixed(1) : String(v), '</double></value>');
  } else if (Array.isArray(v)) {
    out.push('<value><array><data>\n');
    for (const item of v) encodeValue(item, out);
    out.push('</data></array></value>');
  } else {
    out.push('<value><struct>\n');
    for (const [k, item] of Object.entries(v)) {
      out.push('<member>\n<name>', escapeXml(k), '</name>\n');
      encodeValue(item, out);
      out.push('\n</member>\n');
    }
    out.push('</struct></value>');
  }
}

export function serializeResponse(value: Val): string {
  const out = ["<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n"];
  encodeValue(value, out);
  out.push('\n</param>\n</params>\n</methodResponse>\n');
  return out.join('');
}

export function serializeFault(code: number, message: string): string {
  const out = ["<?xml version='1.0'?>\n<methodResponse>\n<fault>\n"];
  encodeValue({ faultCode: code, faultString: message }, out);
  out.push('\n</fault>\n</methodResponse>\n');
  return out.join('');
}
