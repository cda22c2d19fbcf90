// Findings and configuration problems as LSP diagnostics.

import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import type { Finding, Severity } from '../core/types';

export const SOURCE = 'coding-notes';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * The rule pages ship inside the extension (and the npm package) next to the
 * bundle: dist/server.js → docs/rules/<rule id>.md. The product never goes to
 * the network, so links are file URIs.
 */
const RULE_DOCS = resolve(__dirname, '..', 'docs', 'rules');

export function ruleDocsUrl(ruleId: string): string {
  return pathToFileURL(join(RULE_DOCS, ...ruleId.split('/')) + '.md').href;
}

export function toDiagnostic(finding: Finding): Diagnostic {
  return {
    range: finding.range,
    severity: SEVERITIES[finding.severity],
    code: finding.rule,
    codeDescription: { href: ruleDocsUrl(finding.rule) },
    source: SOURCE,
    message: finding.message,
  };
}

/** Is this a diagnostic that this server published? */
export function isOurs(diagnostic: Diagnostic): diagnostic is Diagnostic & { code: string } {
  return diagnostic.source === SOURCE && typeof diagnostic.code === 'string';
}
