// Loads the config: YAML file -> ${ENV} interpolation -> *File secrets -> flags -> zod -> cross-field rules.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { Config, SECRET_PATHS } from './schema.js';

export interface ConfigOverrides {
  statePath?: string | undefined;
  logFormat?: 'json' | 'pretty' | undefined;
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | undefined;
}

export interface LoadedConfig {
  config: Readonly<Config>;
  /** Problems that do not stop the run (inline secrets). */
  warnings: string[];
  /** Every secret value, for the redactor. */
  secrets: string[];
  file: string;
}

type Tree = Record<string, unknown>;

export function loadConfig(
  file: string,
  env: Readonly<Record<string, string | undefined>>,
  overrides: ConfigOverrides = {},
): LoadedConfig {
  if (!existsSync(file)) {
    throw new ConfigError([`${file}: config file not found`], {
      hint: 'copy sync.config.example.yaml to sync.config.yaml and fill it in, or pass --config <file>',
    });
  }
  const doc = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => `${file}:${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0] ?? ''}`),
      { hint: 'fix the YAML syntax at the line named' },
    );
  }
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError([`${file}: expected a mapping of options at the top level`]);
  }
  const problems: string[] = [];
  const warnings: string[] = [];
  const tree = raw as Tree;

  for (const secretPath of expandPaths(tree, SECRET_PATHS.map(([p]) => p))) {
    const value = getPath(tree, secretPath);
    if (typeof value === 'string' && !value.includes('${')) {
      warnings.push(`${secretPath}: secret written inline; use \${ENV_VAR} or a *File path instead`);
    }
  }
  const interpolated = interpolate(tree, env, [], problems) as Tree;
  const baseDir = path.dirname(path.resolve(file));
  for (const [secretPath, filePath] of SECRET_PATHS) {
    if (!filePath) continue;
    const source = getPath(interpolated, filePath);
    if (typeof source !== 'string') continue;
    if (getPath(interpolated, secretPath) !== undefined) {
      problems.push(`${filePath}: give either ${leaf(secretPath)} or ${leaf(filePath)}, not both`);
      continue;
    }
    try {
      setPath(interpolated, secretPath, readFileSync(path.resolve(baseDir, source), 'utf8').replace(/\r?\n$/, ''));
    } catch {
      problems.push(`${filePath}: cannot read secret file ${source}`);
    }
  }
  applyOverrides(interpolated, overrides);

  const parsed = Config.safeParse(interpolated);
  if (!parsed.success) {
    // A missing variable was already named; do not report the empty value it left as well.
    const named = new Set(problems.map((p) => p.split(':')[0]));
    problems.push(...parsed.error.issues.filter((i) => !named.has(i.path.join('.'))).map(formatIssue));
  }
  if (problems.length > 0 || !parsed.success) {
    throw new ConfigError(problems, { hint: `fix ${file}; run \`alibaba-odoo-sync config check\` to validate` });
  }
  const config = parsed.data;
  problems.push(...crossFieldProblems(config));
  if (problems.length > 0) {
    throw new ConfigError(problems, { hint: `fix ${file}; run \`alibaba-odoo-sync config check\` to validate` });
  }
  const secrets = expandPaths(config as unknown as Tree, SECRET_PATHS.map(([p]) => p))
    .map((p) => getPath(config as unknown as Tree, p))
    .filter((v): v is string => typeof v === 'string');
  return { config: deepFreeze(config), warnings, secrets, file };
}

export function formatIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => `${where === '(top level)' ? k : `${where}.${k}`}: unknown option (check the spelling)`).join('\n');
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${where}: required`;
  return `${where}: ${issue.message}`;
}

function crossFieldProblems(config: Config): string[] {
  const out: string[] = [];
  const { odoo, alibaba, sync } = config;
  if (!odoo.password && !odoo.apiKey) out.push('odoo.password: required (or odoo.apiKey, or a *File variant)');
  if (odoo.password && odoo.apiKey) out.push('odoo.apiKey: give either odoo.password or odoo.apiKey, not both');
  if (!alibaba.appSecret) out.push('alibaba.appSecret: required (or alibaba.appSecretFile)');
  if (sync.pricing.strategy === 'atQuantity' && sync.pricing.quantity === undefined) {
    out.push('sync.pricing.quantity: required when sync.pricing.strategy is atQuantity');
  }
  if (sync.pricing.rateSource === 'fixed' && sync.pricing.fixedRate === undefined) {
    out.push('sync.pricing.fixedRate: required when sync.pricing.rateSource is fixed (company currency per 1 CNY)');
  }
  const odooUrl = new URL(odoo.url);
  if (odooUrl.protocol === 'http:' && !isLoopback(odooUrl.hostname) && !odoo.allowInsecureHttp) {
    out.push('odoo.url: plain http to a non-loopback host sends the password in clear; use https or set odoo.allowInsecureHttp: true');
  }
  return out.flatMap((p) => p.split('\n'));
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

function interpolate(value: unknown, env: Readonly<Record<string, string | undefined>>, at: string[], problems: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      problems.push(`${at.join('.')}: environment variable ${name} is not set`);
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, [...at, String(i)], problems));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, [...at, k], problems)]));
  }
  return value;
}

function applyOverrides(tree: Tree, overrides: ConfigOverrides): void {
  if (overrides.statePath) setPath(tree, 'state.path', overrides.statePath);
  if (overrides.logFormat) setPath(tree, 'logging.format', overrides.logFormat);
  if (overrides.logLevel) setPath(tree, 'logging.level', overrides.logLevel);
}

/** Expands `*` segments against the arrays present in the tree. */
function expandPaths(tree: Tree, paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const star = p.indexOf('.*.');
    if (star === -1) {
      out.push(p);
      continue;
    }
    const list = getPath(tree, p.slice(0, star));
    if (Array.isArray(list)) list.forEach((_, i) => out.push(`${p.slice(0, star)}.${i}.${p.slice(star + 3)}`));
  }
  return out;
}

export function getPath(tree: unknown, dotted: string): unknown {
  let node: unknown = tree;
  for (const key of dotted.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Tree)[key];
  }
  return node;
}

function setPath(tree: Tree, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = tree;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object') node[key] = {};
    node = node[key] as Tree;
  }
  node[keys[keys.length - 1]!] = value;
}

const leaf = (dotted: string): string => dotted.split('.').pop() ?? dotted;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
