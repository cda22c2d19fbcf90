// The audit as Markdown: the same sections as the HTML page, with tables and
// a bar of blocks per rule in place of the chart.

import type { Audit, AttentionNote, PackAudit, RuleCount } from './audit';
import { codeTablesText } from './audit';
import type { ReportLinks } from './html';
import { RELATIVE_LINKS, percent } from './html';

const BAR_WIDTH = 20;

export function renderMarkdown(audit: Audit, links: ReportLinks = RELATIVE_LINKS): string {
  const s = audit.summary;
  const out: string[] = [];
  out.push('# Coding audit', '');
  out.push(`${s.files} file${s.files === 1 ? '' : 's'}, ${s.notes} note${s.notes === 1 ? '' : 's'} (${s.notesChecked} with content).`, '');
  out.push('| notes checked | with no error | errors | warnings | information | hints |', '| ---: | ---: | ---: | ---: | ---: | ---: |');
  out.push(`| ${s.notesChecked} | ${s.notesWithoutError} (${percent(s.notesChecked ? s.notesWithoutError / s.notesChecked : null)}) | ${s.error} | ${s.warning} | ${s.information} | ${s.hint} |`, '');
  out.push(`Code tables: ${codeTablesText(audit.classifications).map((t) => cell(t.text) + (t.file ? ` from \`${t.file.replace(/`/g, "'")}\`` : '')).join('; ')}.`, '');
  if (audit.rules.length && audit.packs.length > 1) out.push('Problems per rule, all notes:', '', ...ruleTable(audit.rules), '');
  for (const pack of audit.packs) out.push(...packSection(pack, links));
  if (!audit.packs.length) out.push('No note was checked.', '');
  return out.join('\n');
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
