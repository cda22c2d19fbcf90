// `.codingnotes.json`: parsed and validated here (pure: text in, settings and
// problems out). Reading the file and resolving paths is the adapters' job.

import type { SeveritySetting } from './types';
import { SEVERITY_SETTINGS } from './types';

export interface CodingNotesConfig {
  /** Severity per rule id. */
  rules: Record<string, SeveritySetting>;
  /** Guidance ids applied to every note. */
  guidance: string[];
  /** Workspace guidance pack files, as written (relative to the config file). */
  packs: string[];
  /** Official release files, as written (relative to the config file). */
  classifications: { opcs4?: string; icd10?: string };
}

export interface ConfigProblem {
  message: string;
  /** 0-based line in the config file, when known. */
  line: number;
}

export const DEFAULT_CONFIG: CodingNotesConfig = Object.freeze({ rules: {}, guidance: [], packs: [], classifications: {} }) as CodingNotesConfig;

/**
 * Parses a configuration file's text. Any problem makes the whole file invalid:
 * the caller reports the problems and keeps the defaults.
 */
export function parseConfig(text: string, knownRuleIds: ReadonlySet<string>): { config: CodingNotesConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length - 1 : 0;
    problems.push({ message: `not valid JSON (${msg.replace(/^.*?JSON[^:]*:\s*/, '')})`, line });
    return { config: DEFAULT_CONFIG, problems };
  }
  const lineOf = (needle: string) => {
    const i = text.indexOf(needle);
    return i < 0 ? 0 : text.slice(0, i).split('\n').length - 1;
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    problems.push({ message: 'the file must hold a JSON object, e.g. { "rules": {} }', line: 0 });
    return { config: DEFAULT_CONFIG, problems };
  }
  const obj = json as Record<string, unknown>;
  const config: CodingNotesConfig = { rules: {}, guidance: [], packs: [], classifications: {} };
  for (const key of Object.keys(obj)) {
    if (!['rules', 'guidance', 'packs', 'classifications', '$schema'].includes(key)) {
      problems.push({ message: `unknown setting "${key}" (the settings are rules, guidance, packs and classifications)`, line: lineOf(`"${key}"`) });
    }
  }
  if (obj.rules !== undefined) {
    if (typeof obj.rules !== 'object' || obj.rules === null || Array.isArray(obj.rules)) {
      problems.push({ message: '"rules" must be an object of rule id to severity', line: lineOf('"rules"') });
    } else {
      for (const [id, sev] of Object.entries(obj.rules as Record<string, unknown>)) {
        if (!knownRuleIds.has(id)) {
          problems.push({ message: `unknown rule "${id}" in "rules"`, line: lineOf(`"${id}"`) });
        } else if (typeof sev !== 'string' || !SEVERITY_SETTINGS.includes(sev as SeveritySetting)) {
          problems.push({ message: `rule "${id}": severity must be one of ${SEVERITY_SETTINGS.join(', ')}`, line: lineOf(`"${id}"`) });
        } else {
          config.rules[id] = sev as SeveritySetting;
        }
      }
    }
  }
  const stringList = (key: 'guidance' | 'packs') => {
    const v = obj[key];
    if (v === undefined) return;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !x.trim())) {
      problems.push({ message: `"${key}" must be a list of strings`, line: lineOf(`"${key}"`) });
      return;
    }
    config[key] = (v as string[]).map((s) => (key === 'guidance' ? s.trim().toUpperCase() : s));
  };
  stringList('guidance');
  stringList('packs');
  if (obj.classifications !== undefined) {
    const c = obj.classifications;
    if (typeof c !== 'object' || c === null || Array.isArray(c)) {
      problems.push({ message: '"classifications" must be an object like { "opcs4": "path", "icd10": "path" }', line: lineOf('"classifications"') });
    } else {
      for (const [k, v] of Object.entries(c as Record<string, unknown>)) {
        if (k !== 'opcs4' && k !== 'icd10') problems.push({ message: `unknown classification "${k}" (use opcs4 or icd10)`, line: lineOf(`"${k}"`) });
        else if (typeof v !== 'string' || !v.trim()) problems.push({ message: `classification "${k}" must be a file path`, line: lineOf(`"${k}"`) });
        else config.classifications[k] = v;
      }
    }
  }
  return problems.length ? { config: DEFAULT_CONFIG, problems } : { config, problems };
}
