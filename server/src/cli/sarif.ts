// SARIF 2.1.0 for code-scanning tools: one run, the rules of every engine used
// (from the same registry as the docs pages), one result per finding.

import { join, relative, resolve, sep, isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Rule } from '../core/rules/rule';
import type { Fix, Range, Severity, SeveritySetting } from '../core/types';
import type { FileResult } from './report';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const TOOL_NAME = 'coding-notes';

type Level = 'error' | 'warning' | 'note' | 'none';

const LEVELS: Record<Severity, Level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export interface SarifOptions {
  version: string;
  /** Rules to list, in order; duplicates by id are listed once. */
  rules: readonly Rule[];
  /** Folder that relative artifact URIs are resolved against. */
  cwd: string;
  /** Where the rule pages are: `<docs>/<rule id>.md`. */
  docsFolder: string;
  /** Ids of rules whose pages ship with the package. */
  documented: ReadonlySet<string>;
  /** One line each: files that could not be checked, and why. */
  notifications: readonly string[];
}

export function sarifReport(results: readonly FileResult[], options: SarifOptions): object {
  const rules: Rule[] = [];
  const index = new Map<string, number>();
  for (const rule of options.rules) {
    if (index.has(rule.id)) continue;
    index.set(rule.id, rules.length);
    rules.push(rule);
  }

  const srcroot = pathToFileURL(options.cwd.endsWith(sep) ? options.cwd : options.cwd + sep).href;
  const sarifResults = results.flatMap((r) => {
    const artifact = artifactLocation(r.path, options.cwd);
    return r.findings.map((f) => {
      const fixes = f.fixes.filter((x) => x.edits.length).map((x) => sarifFix(x, artifact));
      return {
        ruleId: f.rule,
        ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule)! } : {}),
        level: LEVELS[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: artifact, region: region(f.range) } }],
        ...(fixes.length ? { fixes } : {}),
      };
    });
  });

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
            rules: rules.map((rule) => ({
              id: rule.id,
              name: ruleName(rule.id),
              shortDescription: { text: rule.summary },
              ...helpUri(rule, options),
              defaultConfiguration: defaultConfiguration(rule.defaultSeverity),
              ...(rule.pack ? { properties: { guidance: rule.pack.id, source: rule.pack.source.url } } : {}),
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: srcroot } },
        invocations: [
          {
            executionSuccessful: options.notifications.length === 0,
            toolExecutionNotifications: options.notifications.map((text) => ({ level: 'error', message: { text } })),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
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

function helpUri(rule: Rule, options: SarifOptions): { helpUri?: string } {
  if (options.documented.has(rule.id)) return { helpUri: pathToFileURL(join(options.docsFolder, ...rule.id.split('/')) + '.md').href };
  // A workspace pack's rule has no page in the package; its guidance does have a source.
  const url = rule.pack?.source.url;
  return url && /^[a-z][a-z0-9+.-]*:/i.test(url) ? { helpUri: url } : {};
}

/** Relative to the working folder with forward slashes, each segment URI-encoded; absolute when on another drive. */
function artifactLocation(path: string, cwd: string): { uri: string; uriBaseId?: string } {
  const rel = relative(cwd, resolve(cwd, path));
  if (isAbsolute(rel)) return { uri: pathToFileURL(path).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
}
