// Round trips, retries, faults and time per `model.method`, so every helper's cost can be measured and reported.

export interface CallCost {
  /** HTTP round trips, retries included. */
  calls: number;
  retries: number;
  faults: number;
  /** Wall time spent in these calls, waits for retries included. */
  ms: number;
}

export class OdooStats {
  roundTrips = 0;
  retries = 0;
  faults = 0;
  ms = 0;
  /** Keys like `product.template.create` or `common.authenticate`. */
  readonly byCall: Record<string, CallCost> = {};

  private entry(key: string): CallCost {
    return (this.byCall[key] ??= { calls: 0, retries: 0, faults: 0, ms: 0 });
  }

  roundTrip(key: string): void {
    this.roundTrips += 1;
    this.entry(key).calls += 1;
  }

  retry(key: string): void {
    this.retries += 1;
    this.entry(key).retries += 1;
  }

  fault(key: string): void {
    this.faults += 1;
    this.entry(key).faults += 1;
  }

  time(key: string, ms: number): void {
    this.ms += ms;
    this.entry(key).ms += ms;
  }

  /** Round trips of one key (0 when never called). */
  calls(key: string): number {
    return this.byCall[key]?.calls ?? 0;
  }

  /** A plain copy for logs, `--json` output and tests. */
  snapshot(): { roundTrips: number; retries: number; faults: number; ms: number; byCall: Record<string, CallCost> } {
    const byCall = Object.fromEntries(Object.entries(this.byCall).map(([k, v]) => [k, { ...v, ms: Math.round(v.ms) }]));
    return { roundTrips: this.roundTrips, retries: this.retries, faults: this.faults, ms: Math.round(this.ms), byCall };
  }

  reset(): void {
    this.roundTrips = 0;
    this.retries = 0;
    this.faults = 0;
    this.ms = 0;
    for (const key of Object.keys(this.byCall)) delete this.byCall[key];
  }
}
