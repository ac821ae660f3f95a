// Types for the two internals of the xmlrpc package the transport uses (its codec), which @types/xmlrpc does not declare.
declare module 'xmlrpc/lib/serializer.js' {
  export function serializeMethodCall(method: string, params: unknown[], encoding?: string): string;
}

declare module 'xmlrpc/lib/deserializer.js' {
  import type { Readable } from 'node:stream';

  /** A fault reply arrives as an Error carrying the fault struct's members. */
  export interface XmlRpcFaultError extends Error {
    faultCode?: unknown;
    faultString?: unknown;
  }

  export default class Deserializer {
    constructor(encoding?: string);
    deserializeMethodResponse(stream: Readable, callback: (error: XmlRpcFaultError | null | undefined, result?: unknown) => void): void;
  }
}
