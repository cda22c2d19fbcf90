// The audit report: data (audit.ts) and its renderings. Pure: the CLI and the
// language server read the files and pass their checks in.

import type { Audit } from './audit';
import { renderHtml, ReportLinks } from './html';
import { renderMarkdown } from './markdown';
import { auditCsv } from './csv';

export type ReportFormat = 'html' | 'markdown' | 'json' | 'csv';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'markdown', 'json', 'csv'];

export function renderReport(audit: Audit, format: ReportFormat, links?: ReportLinks): string {
  switch (format) {
    case 'json':
      return JSON.stringify(audit, null, 2) + '\n';
    case 'markdown':
      return renderMarkdown(audit, links);
    case 'csv':
      return auditCsv(audit.findings);
    default:
      return renderHtml(audit, links);
  }
}

export { buildAudit, auditFile, releasesOf, codeTablesText, ruleSettingChanges } from './audit';
export type {
  Audit,
  AuditInput,
  AuditInvocation,
  AuditFileInput,
  AuditClassification,
  AuditConfiguration,
  AuditFinding,
  AuditRun,
  AuditSuppression,
  NamedFile,
  NotChecked,
  PackInfo,
  PackAudit,
  RuleCount,
  RuleSettingChange,
  AttentionNote,
} from './audit';
export { renderHtml, RELATIVE_LINKS, REPORT_CSP, escapeHtml } from './html';
export type { ReportLinks } from './html';
export { renderMarkdown } from './markdown';
