// `check --print-config PATH`: the configuration a file gets, as JSON — the
// `.codingnotes.json` in force (the nearest, or --config), read through the same
// loader as the check, merged with the defaults: every rule with its severity,
// the guidance applied to every note, the pack and release files it names.

import { resolve } from 'node:path';
import type { CliIo } from './check';
import type { CliConfigs } from './configs';
import { shownPath } from './configs';
import type { SeveritySetting } from '../core/types';

export interface PrintedConfig {
  /** The `.codingnotes.json` in force, relative to the working folder where inside it; null for the defaults. */
  configFile: string | null;
  /** Every rule (built-in and of the packs loaded), with the severity in force. */
  rules: Record<string, SeveritySetting>;
  guidance: string[];
  /** The workspace guidance pack files, as resolved (relative to the working folder where inside it). */
  packs: string[];
  /** The release files named, as resolved. */
  classifications: { opcs4?: string; icd10?: string };
  requireSuppressionReason: boolean;
}

export function printConfig(path: string, configs: CliConfigs, io: CliIo): number {
  const file = resolve(io.cwd, path);
  const ws = configs.forFile(file);
  // An invalid configuration has been complained about.
  if (!ws) return 2;
  const base = ws.configPath ? resolve(ws.configPath, '..') : io.cwd;
  const rules: Record<string, SeveritySetting> = {};
  for (const rule of ws.engine.rules) rules[rule.id] = ws.config.rules[rule.id] ?? rule.defaultSeverity;
  const printed: PrintedConfig = {
    configFile: ws.configPath ? shownPath(ws.configPath, io.cwd) : null,
    rules,
    guidance: [...ws.config.guidance],
    packs: ws.config.packs.map((p) => shownPath(resolve(base, p), io.cwd)),
    classifications: Object.fromEntries(Object.entries(ws.config.classifications).map(([k, v]) => [k, shownPath(resolve(base, v), io.cwd)])),
    requireSuppressionReason: ws.config.requireSuppressionReason,
  };
  io.stdout(JSON.stringify(printed, null, 2) + '\n');
  return 0;
}
