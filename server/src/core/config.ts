// `.codingnotes.json`: parsed and validated here (pure: text in, settings and
// problems out). Reading the file and resolving paths is the adapters' job.
//
// The file is JSON with comments (`//`, `/* */`) and trailing commas, as VS
// Code's own settings are (JSONC, read with jsonc-parser), so a team can write
// down why a rule is off. Every problem has its line and column. A message says
// where and what was expected, never quoting the text: a configuration that is
// a link to a secret file must not print it.

import { parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import type { SeveritySetting } from './types';
import { SEVERITY_SETTINGS } from './types';
import { closestName, closestRuleId } from './fields';

export interface CodingNotesConfig {
  /** Severity per rule id. */
  rules: Record<string, SeveritySetting>;
  /** Guidance ids applied to every note. */
  guidance: string[];
  /** Workspace guidance pack files, as written (relative to the config file). */
  packs: string[];
  /** Official release files, as written (relative to the config file). */
  classifications: { opcs4?: string; icd10?: string };
  /** A suppression comment must give its reason (`-- reason`); one without is a `syntax/invalid-directive` finding. */
  requireSuppressionReason: boolean;
}

export interface ConfigProblem {
  message: string;
  /** 0-based line in the config file (0 for a problem with the whole file). */
  line: number;
  /** 0-based column (UTF-16 code units), 0 for a problem with the whole file. */
  column: number;
  /** Characters from the column that the problem covers (0: a point, or unknown). */
  length: number;
  /** The problem is with the file as a whole (it cannot be read): no line or column is named. */
  wholeFile?: true;
}

export const DEFAULT_CONFIG: CodingNotesConfig = Object.freeze({
  rules: Object.freeze({}),
  guidance: Object.freeze([]),
  packs: Object.freeze([]),
  classifications: Object.freeze({}),
  requireSuppressionReason: false,
}) as unknown as CodingNotesConfig;

/** The settings a configuration file may hold, in the order the schema lists them. */
export const CONFIG_KEYS = ['$schema', 'rules', 'guidance', 'packs', 'classifications', 'requireSuppressionReason'] as const;

/** A configuration file's text read as JSONC: its syntax tree, or the first syntax error. */
export type ConfigJson = { ok: true; text: string; root: JsonNode } | { ok: false; problem: ConfigProblem };

/** The offsets where the lines of the text last asked about start (one text at a time: a configuration is placed problem by problem). */
let lineStarts: { text: string; starts: number[] } | null = null;

function startsOf(text: string): number[] {
  if (lineStarts?.text === text) return lineStarts.starts;
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) starts.push(i + 1);
  }
  lineStarts = { text, starts };
  return starts;
}

/**
 * A position in the text: 0-based line and column (UTF-16 code units; CR, LF and
 * CRLF end lines). The line starts are found once per text and searched, so placing
 * every problem of a large configuration stays linear.
 */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  const starts = startsOf(text);
  const end = Math.max(0, Math.min(offset, text.length));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= end) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, column: end - starts[lo] };
}

/** Where a syntax error is, in words; never the text itself. */
const SYNTAX_WORDS: Record<string, string> = {
  InvalidSymbol: 'expected a value (a string in double quotes, a number, true, false, null, an object or a list)',
  InvalidNumberFormat: 'a number that is not written as JSON writes numbers',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value (a string in double quotes, a number, true, false, null, an object or a list)',
  ColonExpected: "expected ':' after a property name",
  CommaExpected: "expected ',' between two entries",
  CloseBraceExpected: "expected ',' or '}'",
  CloseBracketExpected: "expected ',' or ']'",
  EndOfFileExpected: 'more text after the end of the JSON value',
  InvalidCommentToken: 'a comment that is not closed',
  UnexpectedEndOfComment: 'a comment that is not closed',
  UnexpectedEndOfString: 'a string with no closing quote',
  UnexpectedEndOfNumber: 'a number cut short',
  InvalidUnicode: 'a \\u escape without four hex digits',
  InvalidEscapeCharacter: 'an unknown escape in a string',
  InvalidCharacter: 'a line break or control character inside a string',
};

/** How deeply objects and lists may nest in a configuration or pack (those of this project need 5 or 6). */
export const MAX_JSON_DEPTH = 64;

/**
 * The offset of the first bracket that nests objects and lists deeper than
 * `MAX_JSON_DEPTH`, or -1. Checked before parsing, since the parsers recurse once
 * per level and a file nested a hundred thousand deep would exhaust the stack.
 * Strings and comments (JSONC) are skipped; one pass, no allocation.
 */
export function tooDeepAt(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: to its closing quote, over escapes.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return i;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return -1;
}

/** The words for a file nested too deeply. */
export const TOO_DEEP = `objects and lists nested more than ${MAX_JSON_DEPTH} levels deep; this is not a configuration or pack file`;

/**
 * Reads JSONC text (a byte order mark, comments and trailing commas allowed).
 * A syntax error gives a problem at its line and column that says what was
 * expected there; the text is never quoted.
 */
export function readConfigJson(source: string): ConfigJson {
  const text = source.replace(/^\uFEFF/, '');
  const deep = tooDeepAt(text);
  if (deep >= 0) {
    const where = positionAt(text, deep);
    return { ok: false, problem: { message: `not valid JSON: ${TOO_DEEP}`, line: where.line, column: where.column, length: 1 } };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  if (errors.length || !root) {
    const first = errors[0];
    const offset = first ? first.offset : 0;
    const where = positionAt(text, offset);
    const name = first ? printParseErrorCode(first.error) : 'ValueExpected';
    const what = !text.trim()
      ? 'the file is empty; it must hold a JSON object, e.g. { "rules": {} }'
      : offset >= text.length
        ? (END_OF_TEXT[name] ?? 'the text ends too early')
        : (SYNTAX_WORDS[name] ?? 'not valid here');
    return { ok: false, problem: { message: `not valid JSON: ${what}`, line: where.line, column: where.column, length: first?.length ?? 0 } };
  }
  return { ok: true, text, root };
}

/** A syntax error at the very end: the text stops short. */
const END_OF_TEXT: Record<string, string> = {
  ValueExpected: 'the text ends where a value was expected',
  PropertyNameExpected: 'the text ends where a property name was expected',
  ColonExpected: "the text ends where ':' was expected",
  CloseBraceExpected: "the text ends before the closing '}'",
  CloseBracketExpected: "the text ends before the closing ']'",
  UnexpectedEndOfComment: 'the text ends inside a comment',
  UnexpectedEndOfString: 'the text ends inside a string',
};

/** The properties of an object node: name, name node and value node, in written order. */
export function propertiesOf(node: JsonNode): { name: string; key: JsonNode; value: JsonNode | undefined }[] {
  if (node.type !== 'object') return [];
  const out: { name: string; key: JsonNode; value: JsonNode | undefined }[] = [];
  for (const p of node.children ?? []) {
    const [key, value] = p.children ?? [];
    if (key && typeof key.value === 'string') out.push({ name: key.value, key, value });
  }
  return out;
}

/** The value node of a top-level property (the last one, as JSON.parse keeps the last of a repeated name). */
export function propertyOf(node: JsonNode, name: string): { key: JsonNode; value: JsonNode | undefined } | undefined {
  let found: { key: JsonNode; value: JsonNode | undefined } | undefined;
  for (const p of propertiesOf(node)) if (p.name === name) found = p;
  return found;
}

/** A problem placed on a node of the configuration's text. */
export function problemAt(text: string, node: JsonNode, message: string): ConfigProblem {
  const { line, column } = positionAt(text, node.offset);
  return { message, line, column, length: node.length };
}

/** A string list's entries with their nodes; null when the node is not a list of non-blank strings. */
function stringEntries(node: JsonNode | undefined): { value: string; node: JsonNode }[] | null {
  if (!node || node.type !== 'array') return null;
  const out: { value: string; node: JsonNode }[] = [];
  for (const item of node.children ?? []) {
    if (item.type !== 'string' || !String(item.value).trim()) return null;
    out.push({ value: String(item.value), node: item });
  }
  return out;
}

/** Each `packs` entry as written, with its place in the text: the files a configuration names. */
export function packEntries(json: Extract<ConfigJson, { ok: true }>): { path: string; node: JsonNode }[] {
  const list = stringEntries(propertyOf(json.root, 'packs')?.value);
  return (list ?? []).map((e) => ({ path: e.value, node: e.node }));
}

/** The node of a `classifications` entry (`opcs4`, `icd10`), to place a release file's problem on it. */
export function classificationNode(json: Extract<ConfigJson, { ok: true }>, name: string): JsonNode | undefined {
  const c = propertyOf(json.root, 'classifications')?.value;
  return c ? (propertyOf(c, name)?.value ?? propertyOf(c, name)?.key) : undefined;
}

/**
 * Parses a configuration file's text (or its JSONC tree). Any problem makes the
 * whole file invalid: the caller reports the problems and keeps the defaults.
 */
export function parseConfig(
  source: string | Extract<ConfigJson, { ok: true }>,
  knownRuleIds: ReadonlySet<string>,
): { config: CodingNotesConfig; problems: ConfigProblem[] } {
  const json = typeof source === 'string' ? readConfigJson(source) : source;
  if (!json.ok) return { config: DEFAULT_CONFIG, problems: [json.problem] };
  const { config, problems } = validateConfig(json, knownRuleIds);
  return problems.length ? { config: DEFAULT_CONFIG, problems } : { config, problems };
}

/** Every problem of a parsed configuration, and as much of it as is valid. */
export function validateConfig(
  json: Extract<ConfigJson, { ok: true }>,
  knownRuleIds: ReadonlySet<string>,
): { config: CodingNotesConfig; problems: ConfigProblem[] } {
  const { text, root } = json;
  const problems: ConfigProblem[] = [];
  const at = (node: JsonNode, message: string) => problems.push(problemAt(text, node, message));
  const config: CodingNotesConfig = { rules: {}, guidance: [], packs: [], classifications: {}, requireSuppressionReason: false };
  if (root.type !== 'object') {
    at(root, 'the file must hold a JSON object, e.g. { "rules": {} }');
    return { config, problems };
  }
  for (const { name, key } of propertiesOf(root)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(name)) {
      const near = closestName(name, CONFIG_KEYS);
      at(
        key,
        `unknown setting "${name}" (${near ? `did you mean "${near}"? ` : ''}the settings are rules, guidance, packs, classifications and requireSuppressionReason)`,
      );
    }
  }
  const schema = propertyOf(root, '$schema');
  if (schema?.value && schema.value.type !== 'string') at(schema.value, '"$schema" must be a string (the address of the schema)');

  const rules = propertyOf(root, 'rules');
  if (rules?.value) {
    if (rules.value.type !== 'object') at(rules.value, '"rules" must be an object of rule id to severity');
    else {
      for (const { name: id, key, value } of propertiesOf(rules.value)) {
        if (!knownRuleIds.has(id)) {
          const near = closestRuleId(id, knownRuleIds);
          at(key, `unknown rule "${id}" in "rules"${near ? ` (did you mean "${near}"?)` : ''}`);
        } else if (!value || value.type !== 'string' || !SEVERITY_SETTINGS.includes(value.value as SeveritySetting)) {
          at(value ?? key, `rule "${id}": severity must be one of ${SEVERITY_SETTINGS.join(', ')}${severityHint(value?.value)}`);
        } else config.rules[id] = value.value as SeveritySetting;
      }
    }
  }
  for (const key of ['guidance', 'packs'] as const) {
    const p = propertyOf(root, key);
    if (!p?.value) continue;
    const list = stringEntries(p.value);
    if (!list) {
      at(p.value, `"${key}" must be a list of strings`);
      continue;
    }
    config[key] = list.map((e) => (key === 'guidance' ? e.value.trim().toUpperCase() : e.value));
  }
  const classifications = propertyOf(root, 'classifications');
  if (classifications?.value) {
    const c = classifications.value;
    if (c.type !== 'object') at(c, '"classifications" must be an object like { "opcs4": "path", "icd10": "path" }');
    else {
      for (const { name: k, key, value } of propertiesOf(c)) {
        if (k !== 'opcs4' && k !== 'icd10') at(key, `unknown classification "${k}" (use opcs4 or icd10)`);
        else if (!value || value.type !== 'string' || !String(value.value).trim()) at(value ?? key, `classification "${k}" must be a file path`);
        else config.classifications[k] = String(value.value);
      }
    }
  }
  const reason = propertyOf(root, 'requireSuppressionReason');
  if (reason?.value) {
    if (reason.value.type !== 'boolean') at(reason.value, '"requireSuppressionReason" must be true or false');
    else config.requireSuppressionReason = reason.value.value === true;
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { config, problems };
}

/** What a severity written as other tools write it means here (`warn` is ESLint's). */
const SEVERITY_ALIASES: Record<string, string> = {
  warn: 'warning',
  err: 'error',
  info: 'information',
  none: 'off',
  disabled: 'off',
  disable: 'off',
  ignore: 'off',
  '0': 'off',
  '1': 'warning',
  '2': 'error',
};

function severityHint(value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') return '';
  const written = String(value).trim().toLowerCase();
  // `on` is one letter from `off`, and means the opposite.
  if (written === 'on') return '';
  const meant = SEVERITY_ALIASES[written] ?? (SEVERITY_SETTINGS as readonly string[]).find((s) => s === written) ?? closestName(written, SEVERITY_SETTINGS, 2);
  return meant ? ` (did you mean "${meant}"?)` : '';
}
