// Delivers significant stock changes: one chatter note per affected open purchase order, one alert per batch.
import type { AlertsSettings } from '../../observability/alerts/evaluate.js';
import { deliverToAll, type Notification, type SinkDeliveryOptions } from '../../observability/alerts/sinks.js';
import { describeError, OdooFaultError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { OdooClient } from '../../odoo/client.js';
import { fieldText, MODELS } from '../../odoo/models.js';
import type { StockEvent } from '../../state/stock.js';
import type { Store } from '../../state/store.js';

export interface ReportDeps {
  odoo: OdooClient;
  store: Store;
  logger: Logger;
  alerts?: AlertsSettings | undefined;
  delivery?: SinkDeliveryOptions | undefined;
  runId: string;
  command: string;
}

export interface ReportOutcome {
  notesPosted: number;
  alertsSent: number;
}

/** The text that makes a note findable again, so a post that timed out is not posted twice. */
export const eventMarker = (id: number): string => `[aos-stock ${id}]`;

const RULE_LABEL: Record<StockEvent['rule'], string> = {
  below_open_orders: 'below open orders',
  below_minimum: 'below minimum',
  drop: 'drop',
};

/** Sends what is owed; failures are logged and left owed for the next run, never thrown. */
export async function deliverStockReports(deps: ReportDeps): Promise<ReportOutcome> {
  const outcome: ReportOutcome = { notesPosted: 0, alertsSent: 0 };
  try {
    outcome.notesPosted = await postNotes(deps);
  } catch (err) {
    deps.logger.warn('could not post supplier stock notes to purchase orders; they are posted on a later run', { error: describeError(err) });
  }
  try {
    outcome.alertsSent = await sendAlerts(deps);
  } catch (err) {
    deps.logger.warn('could not send the supplier stock alert; it is sent on a later run', { error: describeError(err) });
  }
  return outcome;
}

async function postNotes(deps: ReportDeps): Promise<number> {
  const { odoo, store, logger } = deps;
  const owed = store.stock.owedChatter();
  if (owed.length === 0) return 0;
  const names = await productNames(odoo, owed.map((e) => e.productId));
  const byPo = new Map<number, StockEvent[]>();
  for (const e of owed) for (const po of e.poIds) byPo.set(po, [...(byPo.get(po) ?? []), e]);
  // Claimed before posting: an event still 'posting' next time may have landed, so the chatter is searched first.
  store.stock.setChatter(owed.filter((e) => e.chatter === 'pending').map((e) => e.id), 'posting');
  const failedEvents = new Set<number>();
  let posted = 0;
  for (const [poId, events] of byPo) {
    try {
      let todo = events;
      if (events.some((e) => e.chatter === 'posting')) {
        const found = await odoo.searchReadAll(MODELS.message, [['model', '=', MODELS.purchaseOrder], ['res_id', '=', poId], ['body', 'ilike', '[aos-stock ']], ['body']);
        const bodies = found.map((m) => fieldText(m.body)).join('\n');
        todo = events.filter((e) => !bodies.includes(eventMarker(e.id)));
      }
      if (todo.length === 0) continue;
      await odoo.messagePost(poId, noteText(todo, names));
      posted += 1;
    } catch (err) {
      if (err instanceof OdooFaultError && err.kind === 'missing_record') {
        // The order was deleted since: there is no chatter left to tell.
        logger.debug(`purchase order ${poId} no longer exists; its supplier stock note is dropped`, { poId });
        continue;
      }
      for (const e of events) failedEvents.add(e.id);
      logger.warn(`could not post the supplier stock note on purchase order ${poId}; it is posted on a later run`, { poId, error: describeError(err) });
    }
  }
  store.stock.setChatter(owed.filter((e) => !failedEvents.has(e.id)).map((e) => e.id), 'posted');
  return posted;
}

function noteText(events: readonly StockEvent[], names: ReadonlyMap<number, string>): string {
  const lines = events.map((e) => `- ${names.get(e.productId) ?? `product ${e.productId}`} (1688 offer ${e.offerId}${e.specId ? `, spec ${e.specId}` : ''}): ${e.summary}. ${eventMarker(e.id)}`);
  return ['1688 supplier stock is short for this order:', ...lines, 'Check with the supplier before this order is sent to 1688.'].join('\n');
}

async function productNames(odoo: OdooClient, ids: readonly number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  const rows = unique.length > 0 ? await odoo.read(MODELS.product, unique, ['display_name']) : [];
  return new Map(rows.map((r) => [r.id, fieldText(r.display_name)]));
}

async function sendAlerts(deps: ReportDeps): Promise<number> {
  const { store, alerts, logger } = deps;
  const owed = store.stock.owedAlerts();
  if (owed.length === 0) return 0;
  const sinks = alerts?.sinks ?? [];
  if (sinks.length === 0) {
    store.stock.setAlert(owed.map((e) => e.id), 'none');
    return 0;
  }
  const n: Notification = {
    status: 'firing',
    // One key per batch: PagerDuty and Opsgenie would fold later batches into an earlier incident otherwise.
    rule: `supplier_stock:${owed[0]!.id}`,
    summary: stockAlertSummary(owed),
    details: {
      changes: owed.map((e) => ({ offerId: e.offerId, specId: e.specId, productId: e.productId, supplierId: e.supplierId, rule: e.rule, previous: e.previous, stock: e.stock, threshold: e.threshold, summary: e.summary, purchaseOrders: e.poIds, readAt: e.readAt })),
    },
    severity: 'warning',
    runId: deps.runId,
    command: deps.command,
    at: new Date().toISOString(),
  };
  const { delivered } = await deliverToAll(sinks, n, logger, deps.delivery);
  if (delivered === 0) return 0;
  store.stock.setAlert(owed.map((e) => e.id), 'sent');
  logger.warn(`alert firing: ${n.summary}`, { rule: n.rule });
  return 1;
}

export function stockAlertSummary(events: readonly StockEvent[]): string {
  const head = events
    .slice(0, 3)
    .map((e) => `offer ${e.offerId}${e.specId ? `/${e.specId.slice(0, 8)}` : ''} ${RULE_LABEL[e.rule]} (${e.stock})`)
    .join('; ');
  const more = events.length > 3 ? `; and ${events.length - 3} more` : '';
  return `${events.length} significant supplier stock change(s): ${head}${more}`;
}
