// The configuration schema (zod): one source of truth for every option, its default and its rules.
import { z } from 'zod';

/** A duration such as `15m`, `24h`, `30s`, `500ms` or a number of milliseconds. */
const DURATION_HINT = 'expected a duration such as 30s, 15m, 24h or 7d';
const DURATION_UNITS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A duration such as `15m`, `24h`, `30s`, `500ms`, or a number of milliseconds; parsed to milliseconds. */
export const Duration = z.union([z.number(), z.string()], { error: DURATION_HINT }).transform((value, ctx) => {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  const match = typeof value === 'string' ? /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(value.trim()) : null;
  if (!match) {
    ctx.addIssue({ code: 'custom', message: DURATION_HINT });
    return z.NEVER;
  }
  return Math.round(Number(match[1]) * DURATION_UNITS[match[2] as keyof typeof DURATION_UNITS]);
});

const secret = z.string().min(1, 'must not be empty');
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

export const RetryConfig = z.strictObject({
  maxAttempts: z.number().int().min(1).max(20).default(5),
  baseDelayMs: z.number().int().min(0).default(1_000),
  maxDelayMs: z.number().int().min(0).default(30_000),
  budgetMs: z.number().int().min(0).default(120_000),
});
export type RetryConfig = z.infer<typeof RetryConfig>;

export const OdooConfig = z.strictObject({
  url: httpUrl,
  database: z.string().min(1),
  login: z.string().min(1),
  password: secret.optional(),
  passwordFile: z.string().min(1).optional(),
  apiKey: secret.optional(),
  apiKeyFile: z.string().min(1).optional(),
  allowInsecureHttp: z.boolean().default(false),
  timeoutMs: z.number().int().min(100).default(30_000),
  pageSize: z.number().int().min(1).max(5_000).default(500),
  batchSize: z.number().int().min(1).max(1_000).default(100),
  concurrency: z.number().int().min(1).max(16).default(2),
  retry: RetryConfig.default(RetryConfig.parse({})),
});
export type OdooConfig = z.infer<typeof OdooConfig>;

export const AlibabaConfig = z.strictObject({
  appKey: z.string().regex(/^\d+$/, 'expected the numeric app key from the 1688 developer console'),
  appSecret: secret.optional(),
  appSecretFile: z.string().min(1).optional(),
  redirectUri: httpUrl.default('http://127.0.0.1:8765/callback'),
  gatewayUrl: httpUrl.default('https://gw.open.1688.com'),
  authorizeUrl: httpUrl.default('https://auth.1688.com/oauth/authorize'),
  imageBaseUrl: httpUrl.default('https://cbu01.alicdn.com/'),
  rateLimit: z.number().positive().max(1_000).default(10),
  concurrency: z.number().int().min(1).max(64).default(4),
  timeoutMs: z.number().int().min(100).default(20_000),
  retry: RetryConfig.default(RetryConfig.parse({})),
  refreshBeforeExpiry: Duration.default(30 * 60_000),
});
export type AlibabaConfig = z.infer<typeof AlibabaConfig>;

export const PricingConfig = z.strictObject({
  strategy: z.enum(['lowest', 'highest', 'atQuantity']).default('lowest'),
  quantity: z.number().int().positive().optional(),
  rateSource: z.enum(['odoo', 'fixed']).default('odoo'),
  fixedRate: z.number().positive().optional(),
  currency: z.string().length(3).default('CNY'),
});

/** When a change of a supplier's stock is significant (flagged in the summary, `reconcile`, chatter and alerts). */
export const StockConfig = z.strictObject({
  /** Flag a variant whose stock falls below what open purchase orders not yet sent to 1688 need. */
  openOrders: z.boolean().default(true),
  /** Flag a variant whose stock falls below this many units (0 turns the rule off). */
  minimum: z.number().int().nonnegative().default(0),
  /** Flag a fall by more than this percent between two reads (0 turns the rule off). */
  dropPercent: z.number().min(0).max(100).default(50),
  /** `pull-products --stock-only` leaves out offers whose stock was read (or pushed) more recently than this. */
  freshFor: Duration.default(0),
});
export type StockConfig = z.infer<typeof StockConfig>;

export const SyncConfig = z.strictObject({
  intervals: z
    .strictObject({
      products: Duration.default(86_400_000),
      orders: Duration.default(900_000),
      shipments: Duration.default(900_000),
    })
    .default({ products: 86_400_000, orders: 900_000, shipments: 900_000 }),
  trackedOffers: z.array(z.union([z.string().regex(/^\d+$/, 'expected a numeric offer id'), z.number().int().positive()]).transform(String)).default([]),
  categoryMap: z.record(z.string().regex(/^\d+$/, 'keys are numeric 1688 category ids'), z.string().min(1)).default({}),
  defaultCategory: z.string().min(1).default('All'),
  unitMap: z.record(z.string().min(1), z.string().min(1)).default({}),
  defaultUnit: z.string().min(1).default('Units'),
  defaultCodePattern: z.string().min(1).default('1688-{offerId}-{specId}'),
  barcodeFromSku: z.boolean().default(false),
  pricing: PricingConfig.default(PricingConfig.parse({})),
  ordersDomain: z.array(z.unknown()).default([]),
  orderLookupSettle: Duration.default(60_000),
  shipmentOverlap: Duration.default(10 * 60_000),
  carrierMap: z.record(z.string().min(1), z.string().min(1)).default({}),
  amountTolerance: z.number().nonnegative().default(0.01),
  stock: StockConfig.default(StockConfig.parse({})),
});
export type SyncConfig = z.infer<typeof SyncConfig>;

export const StateConfig = z.strictObject({
  path: z.string().min(1).default('./alibaba-odoo-sync.sqlite'),
  encryptionKey: secret.optional(),
  encryptionKeyFile: z.string().min(1).optional(),
});

export const LoggingConfig = z.strictObject({
  level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  format: z.enum(['auto', 'json', 'pretty']).default('auto'),
});

export const ServeConfig = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65_535).default(8787),
  odooWebhookSecret: secret.optional(),
  odooWebhookSecretFile: z.string().min(1).optional(),
});

export const AlertSink = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('webhook'), url: secret }),
  z.strictObject({ type: z.literal('slack'), webhookUrl: secret }),
  z.strictObject({ type: z.literal('pagerduty'), routingKey: secret }),
  z.strictObject({ type: z.literal('opsgenie'), apiKey: secret, region: z.enum(['us', 'eu']).default('us') }),
]);

export const AlertsConfig = z.strictObject({
  sinks: z.array(AlertSink).default([]),
  authFailures: z.number().int().min(1).default(3),
  deadLetters: z.number().int().min(1).default(10),
  slowRunFactor: z.number().min(1).default(3),
});

export const Config = z.strictObject({
  odoo: OdooConfig,
  alibaba: AlibabaConfig,
  sync: SyncConfig.default(SyncConfig.parse({})),
  state: StateConfig.default(StateConfig.parse({})),
  logging: LoggingConfig.default(LoggingConfig.parse({})),
  serve: ServeConfig.default(ServeConfig.parse({})),
  alerts: AlertsConfig.default(AlertsConfig.parse({})),
});
export type Config = z.infer<typeof Config>;

/**
 * Secret options: `[path, fileVariant]`. They are masked everywhere, must come from `${ENV}` or a file,
 * and a `*File` variant is read from disk.
 */
export const SECRET_PATHS: readonly (readonly [string, string | undefined])[] = [
  ['odoo.password', 'odoo.passwordFile'],
  ['odoo.apiKey', 'odoo.apiKeyFile'],
  ['alibaba.appSecret', 'alibaba.appSecretFile'],
  ['state.encryptionKey', 'state.encryptionKeyFile'],
  ['serve.odooWebhookSecret', 'serve.odooWebhookSecretFile'],
  ['alerts.sinks.*.url', undefined],
  ['alerts.sinks.*.webhookUrl', undefined],
  ['alerts.sinks.*.routingKey', undefined],
  ['alerts.sinks.*.apiKey', undefined],
];
