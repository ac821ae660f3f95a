// The shared context of one CLI invocation: options, config, logger, output and state, each wired once on first use.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { hostname } from 'node:os';
import { createAlibaba, type Alibaba } from '../alibaba/index.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { Redactor } from '../config/redact.js';
import { ConfigError } from '../errors.js';
import { Logger, newCorrelationId, type LogFormat, type LogLevel } from '../log/logger.js';
import { OdooClient } from '../odoo/client.js';
import type { SinkDeliveryOptions } from '../observability/alerts/sinks.js';
import { Store } from '../state/store.js';
import type { Io } from './io.js';
import { Output } from './output.js';

export interface GlobalOptions {
  config: string;
  state?: string | undefined;
  json: boolean;
  logFormat?: LogFormat | undefined;
  verbose: boolean;
  quiet: boolean;
  dryRun: boolean;
  /** Prometheus textfile written after every tracked run (node_exporter's textfile collector). */
  metricsFile?: string | undefined;
}

export class AppContext {
  readonly options: GlobalOptions;
  readonly io: Io;
  readonly redactor = new Redactor();
  readonly runId = newCorrelationId();
  /** Internal alert delivery knobs (timeouts, PagerDuty/Opsgenie URLs), not config: tests point them at loopback. */
  readonly alertDelivery: SinkDeliveryOptions = {};
  private loaded: LoadedConfig | undefined;
  private log: Logger | undefined;
  private out: Output | undefined;
  private opened: Store | undefined;
  private alibabaApi: Alibaba | undefined;
  private odooClient: OdooClient | undefined;
  private readonly cleanups: (() => Promise<void> | void)[] = [];

  constructor(options: GlobalOptions, io: Io) {
    this.options = options;
    this.io = io;
  }

  /** The validated config; loading it registers its secrets with the redactor and logs its warnings. */
  config(): LoadedConfig {
    if (!this.loaded) {
      const file = path.resolve(this.io.cwd, this.options.config);
      this.loaded = loadConfig(file, this.io.env, {
        statePath: this.options.state ? path.resolve(this.io.cwd, this.options.state) : undefined,
        logFormat: this.options.logFormat,
        logLevel: this.options.verbose ? 'debug' : this.options.quiet ? 'warn' : undefined,
      });
      for (const secret of this.loaded.secrets) this.redactor.add(secret);
      for (const warning of this.loaded.warnings) this.logger().warn(warning);
    }
    return this.loaded;
  }

  /** True when a config file exists at the configured path (some commands can work without one). */
  hasConfigFile(): boolean {
    return existsSync(path.resolve(this.io.cwd, this.options.config));
  }

  logger(): Logger {
    if (!this.log) {
      const cfg = this.loaded?.config.logging;
      const level: LogLevel = this.options.verbose ? 'debug' : this.options.quiet ? 'warn' : (cfg?.level ?? 'info');
      const configured = this.options.logFormat ?? (cfg?.format === 'auto' ? undefined : cfg?.format);
      const format: LogFormat = configured ?? (this.io.stderrIsTTY ? 'pretty' : 'json');
      this.log = new Logger(
        { level, format, write: this.io.stderr, redactor: this.redactor, color: this.io.stderrIsTTY && !this.io.env.NO_COLOR },
        { runId: this.runId },
      );
    }
    return this.log;
  }

  output(): Output {
    this.out ??= new Output(this.io, { json: this.options.json, quiet: this.options.quiet });
    return this.out;
  }

  /** Where the state file is: --state, else the config's state.path (relative to the config file). */
  statePath(): string {
    if (this.options.state) return path.resolve(this.io.cwd, this.options.state);
    if (!this.hasConfigFile()) {
      throw new ConfigError([`${this.options.config}: config file not found, and no --state given`], {
        hint: 'pass --config <file> or --state <file>',
      });
    }
    const { config, file } = this.config();
    return path.resolve(path.dirname(file), config.state.path);
  }

  /** The state store, opened (and migrated) once; stored token values join the redactor. */
  store(): Store {
    if (!this.opened) {
      const encryptionKey = this.hasConfigFile() ? this.config().config.state.encryptionKey : undefined;
      this.opened = new Store(this.statePath(), { encryptionKey });
      for (const secret of this.opened.tokens.secretValues()) this.redactor.add(secret);
    }
    return this.opened;
  }

  /** The run's Odoo client (one login, one fields_get cache, one concurrency limit), built on first use. */
  odoo(): OdooClient {
    if (!this.odooClient) {
      const client = new OdooClient({ config: this.config().config.odoo, logger: this.logger().child({ remote: 'odoo' }) });
      this.onClose(() => client.close());
      this.odooClient = client;
    }
    return this.odooClient;
  }

  /** The Odoo client if this run built one (for metrics), without building it. */
  builtOdoo(): OdooClient | undefined {
    return this.odooClient;
  }

  /** The 1688 client if this run built one (for metrics), without building it. */
  builtAlibaba(): Alibaba | undefined {
    return this.alibabaApi;
  }

  /** The run's 1688 client and token provider (one pacer, one token), built on first use. */
  alibaba(): Alibaba {
    this.alibabaApi ??= createAlibaba({
      config: this.config().config.alibaba,
      tokens: this.store().tokens,
      logger: this.logger().child({ remote: '1688' }),
      redactor: this.redactor,
    });
    return this.alibabaApi;
  }

  /** Registers work to do when the command ends (close servers, release leases). */
  onClose(fn: () => Promise<void> | void): void {
    this.cleanups.push(fn);
  }

  async close(): Promise<void> {
    for (const fn of this.cleanups.reverse()) await fn();
    this.cleanups.length = 0;
    this.opened?.close();
    this.opened = undefined;
  }

  /** Identity of this process for leases. */
  holder(): { pid: number; host: string; runId: string } {
    return { pid: process.pid, host: hostname(), runId: this.runId };
  }
}
