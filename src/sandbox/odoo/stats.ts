// Round-trip and write counters, so tests and benchmarks can reward batching.
export interface OdooSimStats {
  /** HTTP XML-RPC calls answered or attempted. */
  roundTrips: number;
  byService: Record<string, number>;
  /** Keys like `product.template.create` or `common.authenticate`. */
  byMethod: Record<string, number>;
  /** Calls of create / write / unlink (round trips, not records). */
  writes: { create: number; write: number; unlink: number; total: number };
  /** Records created by create calls (a batch of 100 counts 100). */
  recordsCreated: number;
  /** Times the simulated PBKDF2 password check was paid (authenticate, or after product creation). */
  passwordChecks: number;
  /** Faults returned (XML-RPC faults, not injected network faults). */
  faults: number;
  /** Simulated cost in ms (latency + password checks), whether or not it was actually slept. */
  simulatedMs: number;
}

export function emptyStats(): OdooSimStats {
  return {
    roundTrips: 0, byService: {}, byMethod: {}, writes: { create: 0, write: 0, unlink: 0, total: 0 },
    recordsCreated: 0, passwordChecks: 0, faults: 0, simulatedMs: 0,
  };
}

export function resetStats(s: OdooSimStats): void {
  Object.assign(s, emptyStats());
}

export function countCall(s: OdooSimStats, service: string, model: string | undefined, method: string): void {
  s.roundTrips++;
  s.byService[service] = (s.byService[service] ?? 0) + 1;
  const key = model ? `${model}.${method}` : `${service}.${method}`;
  s.byMethod[key] = (s.byMethod[key] ?? 0) + 1;
  if (model && (method === 'create' || method === 'write' || method === 'unlink')) {
    s.writes[method]++;
    s.writes.total++;
  }
}
