// SARIF 2.1.0 for code-scanning tools: one run, the rules of every engine used
// (from the same registry as the docs pages), each with its page as help text
// and markdown, one result per finding. A finding that a suppression comment
// switched off is a result too, with an in-source suppression and the
// comment's reason as its justification, so code scanning shows it as
// suppressed rather than not at all. No rule points at a file of the machine
// that ran the check (SARIF's helpUri must be absolute, and the pages ship
// inside the package): the help travels in the log itself, and a guidance
// rule's published source is in its properties.

import { relative, resolve, sep, isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Rule } from '../core/rules/rule';
import type { Engine, SuppressedFinding } from '../core/engine';
import type { Finding, Fix, Range, Severity, SeveritySetting } from '../core/types';
import { renderRulePage, ruleDoc } from '../core/rules/docs';
import type { FileResult } from './report';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const TOOL_NAME = 'coding-notes';

type Level = 'error' | 'warning' | 'note' | 'none';

const LEVELS: Record<Severity, Level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export interface SarifOptions {
  version: string;
  /** Rules to list, in order, each with the engine that has it (for its page); duplicates by id are listed once. */
  rules: readonly { rule: Rule; engine: Engine }[];
  /** Folder that relative artifact URIs are resolved against. */
  cwd: string;
  /** One line each: files that could not be checked, and why. */
  notifications: readonly string[];
  /** Each problem of a configuration that could not be used, placed in its file (a notification each, with its location). */
  configProblems?: readonly { file: string; line: number; column: number; message: string; wholeFile?: true }[];
}

export function sarifReport(results: readonly FileResult[], options: SarifOptions): object {
  const { rules, index } = sarifRules(options.rules);
  const sarifResults = results.flatMap((r) => sarifFileResults(r, index, options.cwd));
  const srcroot = pathToFileURL(options.cwd.endsWith(sep) ? options.cwd : options.cwd + sep).href;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            fullName: 'Clinical Coding Notes',
            version: options.version,
            semanticVersion: options.version,
            rules: rules.map(({ rule, engine }) => ({
              id: rule.id,
              name: ruleName(rule.id),
              shortDescription: { text: rule.summary },
              help: ruleHelp(rule, engine),
              defaultConfiguration: defaultConfiguration(rule.defaultSeverity),
              ...(rule.pack ? { properties: { guidance: rule.pack.id, source: rule.pack.source.url } } : {}),
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: srcroot } },
        invocations: [
          {
            executionSuccessful: options.notifications.length === 0,
            toolExecutionNotifications: [
              ...options.notifications.map((text) => ({ level: 'error', message: { text } })),
              ...(options.configProblems ?? []).map((p) => ({
                level: 'error',
                message: { text: p.message },
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: artifactLocation(p.file, options.cwd),
                      ...(p.wholeFile ? {} : { region: { startLine: p.line + 1, startColumn: p.column + 1 } }),
                    },
                  },
                ],
              })),
            ],
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
}

/** The rules to list, once each by id in the order given, and each id's index in that list (a result's `ruleIndex`). */
export function sarifRules(entries: readonly { rule: Rule; engine: Engine }[]): { rules: { rule: Rule; engine: Engine }[]; index: Map<string, number> } {
  const rules: { rule: Rule; engine: Engine }[] = [];
  const index = new Map<string, number>();
  for (const entry of entries) {
    if (index.has(entry.rule.id)) continue;
    index.set(entry.rule.id, rules.length);
    rules.push(entry);
  }
  return { rules, index };
}

/**
 * One file's results, in document order (the suppressed among the others).
 * `index` gives each rule id its place in the log's rules: the ids of the rules
 * of the configurations loaded so far, since a file's findings come from its own.
 */
export function sarifFileResults(r: FileResult, index: ReadonlyMap<string, number>, cwd: string): object[] {
  const artifact = artifactLocation(r.path, cwd);
  const result = (f: Finding | SuppressedFinding) => {
    const fixes = f.fixes.filter((x) => x.edits.length).map((x) => sarifFix(x, artifact));
    const suppressed = 'suppressed' in f ? f.suppressed : null;
    return {
      ruleId: f.rule,
      ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule)! } : {}),
      level: LEVELS[f.severity],
      message: { text: sarifMessage(f) },
      locations: [{ physicalLocation: { artifactLocation: artifact, region: region(f.range) } }],
      ...(f.related?.length
        ? {
            relatedLocations: f.related.map((x, i) => ({
              id: i,
              physicalLocation: { artifactLocation: artifact, region: region(x.range) },
              message: { text: x.message },
            })),
          }
        : {}),
      ...(fixes.length ? { fixes } : {}),
      ...(suppressed
        ? {
            suppressions: [
              {
                kind: 'inSource',
                ...(suppressed.reason ? { justification: suppressed.reason } : {}),
                location: { physicalLocation: { artifactLocation: artifact, region: { startLine: suppressed.line + 1 } } },
              },
            ],
          }
        : {}),
    };
  };
  if (!r.suppressed.length) return r.findings.map(result);
  // In document order, the suppressed among the others.
  const all: (Finding | SuppressedFinding)[] = [...r.findings, ...r.suppressed];
  all.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return all.map(result);
}

/** 1-based, as SARIF counts; an empty region (start = end) is an insertion point. */
function region(r: Range): { startLine: number; startColumn: number; endLine: number; endColumn: number } {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

/**
 * A fix as SARIF has it: its title, its edits as replacements in the one file,
 * and its kind (rules.md, "What fix-all may change") and whether it is the
 * preferred one, in the property bag.
 */
function sarifFix(fix: Fix, artifact: { uri: string; uriBaseId?: string }): object {
  return {
    description: { text: fix.title },
    artifactChanges: [
      {
        artifactLocation: artifact,
        replacements: fix.edits.map((e) => ({
          deletedRegion: region(e.range),
          ...(e.newText ? { insertedContent: { text: e.newText } } : {}),
        })),
      },
    ],
    properties: { kind: fix.kind, preferred: fix.preferred },
  };
}

/** `code/title-mismatch` → `CodeTitleMismatch`: SARIF wants a name without the id's slash. */
export function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

function defaultConfiguration(severity: SeveritySetting): { level: Level; enabled?: boolean } {
  return severity === 'off' ? { level: 'none', enabled: false } : { level: LEVELS[severity] };
}

const helpCache = new WeakMap<Engine, Map<string, { text: string; markdown: string }>>();

/**
 * The rule's documentation page (from the rule's .md beside its module, as `npm run docs` writes it)
 * as `help.markdown`, without links to files of the package; `help.text` is the
 * same page's summary, why it matters and what the fixes do, in plain text.
 */
export function ruleHelp(rule: Rule, engine: Engine): { text: string; markdown: string } {
  let cache = helpCache.get(engine);
  if (!cache) helpCache.set(engine, (cache = new Map<string, { text: string; markdown: string }>()));
  const hit = cache.get(rule.id);
  if (hit) return hit;
  let help: { text: string; markdown: string };
  try {
    const doc = ruleDoc(rule, engine);
    const markdown = renderRulePage(rule, engine)
      .replace(/^<!--.*-->\n+/, '')
      .replace(/\[([^\]]+)\]\((?![a-z][a-z0-9+.-]*:)[^)]*\)/gi, '$1')
      .trimEnd();
    const text = [rule.summary, ...doc.why, ...doc.fixes].map(plain).join('\n\n');
    help = { text, markdown };
  } catch {
    // A rule without a page (none today: a test says so) still gets its summary.
    help = { text: rule.summary, markdown: rule.summary };
  }
  cache.set(rule.id, help);
  return help;
}

/** Markdown to plain text: links to their words, no code ticks or emphasis marks. */
function plain(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1$2');
}

/** Relative to the working folder with forward slashes, each segment URI-encoded; absolute when on another drive. */
function artifactLocation(path: string, cwd: string): { uri: string; uriBaseId?: string } {
  const rel = relative(cwd, resolve(cwd, path));
  if (isAbsolute(rel)) return { uri: pathToFileURL(path).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
}

/** SARIF message text: a literal bracket escaped, as the format asks. */
function sarifText(text: string): string {
  return text.replace(/[[\]]/g, (c) => `\\${c}`);
}

/**
 * A result's message, with each related place as an embedded link to its
 * `relatedLocations` entry (`[line 7: C78.7 first listed here](0)`): code-scanning
 * viewers show a related location only where the message links to it.
 */
function sarifMessage(f: Finding): string {
  if (!f.related?.length) return sarifText(f.message);
  const places = f.related.map((x, i) => `[line ${x.range.start.line + 1}: ${sarifText(x.message)}](${i})`).join('; ');
  return `${sarifText(f.message)} (${places})`;
}
