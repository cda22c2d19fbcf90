// The audit as Markdown: the same sections as the HTML page, with tables and
// a bar of blocks per rule in place of the chart.

import type { Audit, AttentionNote, AuditConfiguration, PackAudit, RuleCount } from './audit';
import { codeTablesText } from './audit';
import type { ReportLinks } from './html';
import { RELATIVE_LINKS, madeLine, percent, requiredText, shellWord } from './html';

const BAR_WIDTH = 20;

export function renderMarkdown(audit: Audit, links: ReportLinks = RELATIVE_LINKS): string {
  const s = audit.summary;
  const out: string[] = [];
  out.push('# Coding audit', '');
  out.push(madeLine(audit), '');
  out.push(`${s.files} file${s.files === 1 ? '' : 's'}, ${s.notes} note${s.notes === 1 ? '' : 's'} (${s.notesChecked} with content).`, '');
  out.push('| notes checked | with no error | errors | warnings | information | hints |', '| ---: | ---: | ---: | ---: | ---: | ---: |');
  out.push(
    `| ${s.notesChecked} | ${s.notesWithoutError} (${percent(s.notesChecked ? s.notesWithoutError / s.notesChecked : null)}) | ${s.error} | ${s.warning} | ${s.information} | ${s.hint} |`,
    '',
  );
  out.push(
    `Code tables: ${codeTablesText(audit.classifications)
      .map((t) => cell(t.text) + (t.file ? ` from \`${t.file.replace(/`/g, "'")}\`` : ''))
      .join('; ')}.`,
    '',
  );
  if (audit.rules.length && audit.packs.length > 1) out.push('Problems per rule, all notes:', '', ...ruleTable(audit.rules), '');
  if (audit.notChecked.length)
    out.push(`**${audit.notChecked.length} path${audit.notChecked.length === 1 ? '' : 's'} not checked**: see *Not checked* below.`, '');
  for (const pack of audit.packs) out.push(...packSection(pack, links));
  if (!audit.packs.length) out.push('No note was checked.', '');
  out.push(...findingsSection(audit, links));
  out.push(...recordSection(audit, links));
  return out.join('\n');
}

function where(path: string, line: number, links: ReportLinks): string {
  return `[\`${path.replace(/`/g, "'")}\`:${line + 1}](${links.noteHref(path, line)})`;
}

function findingsSection(audit: Audit, links: ReportLinks): string[] {
  const out = ['## Findings by episode', ''];
  if (!audit.findings.length) return [...out, 'No finding.', ''];
  out.push('| episode | where | severity | rule | message |', '| --- | --- | --- | --- | --- |');
  for (const f of audit.findings)
    out.push(`| ${cell(f.episode ?? '–')} | ${where(f.path, f.line, links)} | ${f.severity} | \`${f.rule}\` | ${cell(f.message)} |`);
  return [...out, ''];
}

function recordSection(audit: Audit, links: ReportLinks): string[] {
  const out = ['## The record', '', madeLine(audit), ''];
  if (audit.invocation) {
    const i = audit.invocation;
    out.push(
      '### How it was run',
      '',
      `- Command: \`${['coding-notes', ...i.arguments].map(shellWord).join(' ')}\``,
      `- Suppression comments: ${i.inlineConfig ? 'honoured' : 'ignored (`--no-inline-config`): every finding counts'}`,
      `- Ignore files: ${i.ignoreFiles.length ? i.ignoreFiles.map((f) => `\`${f.path}\`${f.sha256 ? `, SHA-256 \`${f.sha256}\`` : ''}`).join('; ') : 'none read'}`,
      '',
    );
  }
  out.push('### Configuration', '');
  if (!audit.configurations.length) out.push('No file was checked, so no configuration was used.', '');
  for (const c of audit.configurations) out.push(...configuration(c), '');
  out.push('### Guidance packs', '');
  if (!audit.guidance.length) out.push('None.', '');
  else {
    out.push('| pack | title | from |', '| --- | --- | --- |');
    for (const p of audit.guidance) {
      out.push(
        `| [${p.id}](${p.url}) | ${cell(p.title)} | ${p.file ? `workspace pack \`${p.file.replace(/`/g, "'")}\`` : `built into coding-notes ${audit.toolVersion ?? ''}`} |`,
      );
    }
    out.push('');
  }
  out.push('### Code tables', '');
  for (const t of codeTablesText(audit.classifications)) out.push(`- ${cell(t.text)}${t.file ? ` from \`${t.file.replace(/`/g, "'")}\`` : ''}`);
  out.push('', '### Suppressed findings', '');
  if (!audit.suppressions.length) {
    const ignored = audit.invocation && !audit.invocation.inlineConfig;
    out.push(
      ignored
        ? 'None: suppression comments were ignored (`--no-inline-config`), so every finding is listed above.'
        : 'None: no `coding-notes-disable` comment switched a finding off.',
      '',
    );
  } else {
    out.push('| episode | where | rule | message | comment | reason |', '| --- | --- | --- | --- | --- | --- |');
    for (const s of audit.suppressions) {
      out.push(
        `| ${cell(s.episode ?? '–')} | ${where(s.path, s.line, links)} | \`${s.rule}\` (${s.severity}) | ${cell(s.message)} | line ${s.directiveLine + 1} | ${s.reason === null ? '*no reason given*' : cell(s.reason)} |`,
      );
    }
    out.push('');
  }
  out.push('### Not checked', '');
  if (!audit.notChecked.length) out.push('Nothing: every note found was read and checked.', '');
  else {
    out.push('| path | why it was not checked |', '| --- | --- |');
    for (const n of audit.notChecked) out.push(`| ${n.path ? `\`${n.path.replace(/`/g, "'")}\`` : '–'} | ${cell(n.reason)} |`);
    out.push('');
  }
  return out;
}

function configuration(c: AuditConfiguration): string[] {
  const out = [
    c.path === null
      ? '- File: none (the defaults)'
      : `- File: \`${c.path.replace(/`/g, "'")}\`, SHA-256 ${c.sha256 ? `\`${c.sha256}\`` : '(could not be read again)'}`,
  ];
  out.push(`- Files checked under it: ${c.files}`);
  out.push(
    `- Rules changed: ${c.rules.length ? c.rules.map((r) => `\`${r.rule}\` ${r.setting === 'off' ? 'switched off' : r.setting} (default ${r.default})`).join('; ') : 'none: every rule at its default'}`,
  );
  if (c.guidance.length) out.push(`- Guidance for every note: ${c.guidance.join(', ')}`);
  out.push(`- Suppression reasons required: ${requiredText(c)}`);
  for (const f of c.namedFiles) {
    const what = f.kind === 'pack' ? 'Guidance pack file' : `${f.kind === 'opcs4' ? 'OPCS-4' : 'ICD-10'} release`;
    out.push(
      `- ${what}: \`${f.path.replace(/`/g, "'")}\`${f.loaded ? '' : ' (not loaded: the checks did not use it)'}, ${f.sha256 ? `SHA-256 \`${f.sha256}\`` : cell(`no digest: ${f.note ?? 'not read'}`)}`,
    );
  }
  return out;
}

function packSection(pack: PackAudit, links: ReportLinks): string[] {
  const out: string[] = [];
  out.push(pack.id ? `## ${pack.id}: ${cell(pack.title)}` : `## ${cell(pack.title)}`, '');
  if (pack.url) out.push(`[The guidance (NICE)](${pack.url})`, '');
  out.push(`${pack.notes} note${pack.notes === 1 ? '' : 's'} checked, ${pack.notesWithoutError} with no error (${percent(pack.shareWithoutError)}).`, '');
  out.push('### Problems per rule', '');
  out.push(...(pack.problems.length ? ruleTable(pack.problems) : ['No problem.']), '');
  out.push('### Episodes that need attention', '');
  out.push(...(pack.attention.length ? attentionTable(pack.attention, links) : ['None: no note has an error or a warning.']), '');
  return out;
}

function ruleTable(rules: readonly RuleCount[]): string[] {
  const max = Math.max(...rules.map((r) => r.count));
  return [
    '| rule | severity | count | |',
    '| --- | --- | ---: | --- |',
    ...rules.map((r) => `| \`${r.rule}\` | ${r.severity} | ${r.count} | ${'█'.repeat(Math.max(1, Math.round((r.count / max) * BAR_WIDTH)))} |`),
  ];
}

function attentionTable(notes: readonly AttentionNote[], links: ReportLinks): string[] {
  return [
    '| episode | note | errors | warnings | rules |',
    '| --- | --- | ---: | ---: | --- |',
    ...notes.map((n) => {
      const name = cell(n.episode ?? `Note at line ${n.line + 1}`);
      return `| [${name}](${links.noteHref(n.path, n.line)}) | \`${n.path}\`:${n.line + 1} | ${n.errors} | ${n.warnings} | ${n.rules.map((r) => `\`${r}\``).join(', ')} |`;
    }),
  ];
}

/** Text safe inside a table cell and a link label. */
function cell(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}
