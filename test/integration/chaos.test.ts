import { beforeAll, describe, expect, it } from 'vitest';
import { CI, runChaos, type ChaosReport } from '../chaos/harness.js';
import { formatReport } from '../chaos/report.js';
import { tempDir } from '../helpers/temp.js';

let report: ChaosReport;

beforeAll(async () => {
  report = await runChaos(tempDir('aos-chaos-'), CI, (line) => process.env.AOS_CHAOS_LOG && console.log(line));
  console.log(formatReport(report));
}, 120_000);

describe('chaos: faults on both remotes, SIGKILLs, overlapping runs', () => {
  it('injects faults on both sides and kills runs mid-way', () => {
    expect(report.faults.alibaba.serverError! + report.faults.alibaba.timeout! + report.faults.alibaba.reset!).toBeGreaterThan(0);
    expect(Object.values(report.faults.odoo).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(report.kills).toBeGreaterThan(0);
  });

  it('settles: a fault-free run eventually changes nothing', () => {
    expect(report.quiet.reached).toBe(true);
  });

  it('ends with exactly one 1688 order per purchase order, its id on the PO', () => {
    expect(report.findings.duplicates.orders).toBe(0);
    expect(report.findings.losses.ordersMissing + report.findings.losses.orderIdNotOnPo).toBe(0);
  });

  it('creates no duplicate template, variant or vendor, and loses no offer', () => {
    const { templates, variants, suppliers } = report.findings.duplicates;
    expect({ templates, variants, suppliers, offersMissing: report.findings.losses.offersMissing }).toEqual({ templates: 0, variants: 0, suppliers: 0, offersMissing: 0 });
  });

  it("puts every shipped order's waybills on its receipt", () => {
    expect(report.findings.records.shippedOrders).toBe(report.findings.records.alibabaOrders);
    expect(report.findings.losses.trackingMissing).toBe(0);
  });

  it("ends with every offer's supplier stock in Odoo as 1688 has it", () => {
    expect(report.findings.losses.stockStale).toBe(0);
  });

  it('explains every dead letter with a code and a message', () => {
    expect(report.findings.deadLetters.unexplained).toBe(0);
  });

  it('lets one of the overlapping runs work while the others exit 7 naming the holder', () => {
    expect(report.overlap.codes.filter((c) => c === 7)).toHaveLength(CI.overlap - 1);
    expect(report.overlap.lockedMessages).toBe(CI.overlap - 1);
  });
});
