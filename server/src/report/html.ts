// The audit as one self-contained HTML page: inline CSS and inline SVG charts,
// no script, no font, no image, and a Content-Security-Policy that lets the
// page load nothing at all. The only web addresses in it are the guidance pages.

import { codeTablesText } from './audit';
import type { Audit, AttentionNote, AuditConfiguration, AuditFinding, PackAudit, RuleCount } from './audit';
import type { Severity } from '../core/types';

export interface ReportLinks {
  /** Where the link to a note goes: a relative path with `#L<line>`, or an editor command. */
  noteHref(path: string, line: number): string;
}

/** A relative link with the 1-based line, as code hosts and many viewers read it. */
export const RELATIVE_LINKS: ReportLinks = {
  noteHref: (path, line) => `${path.split(/[\\/]/).map(encodeURIComponent).join('/')}#L${line + 1}`,
};

export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'";

const COLOURS: Record<Severity, string> = { error: '#c62828', warning: '#b26a00', information: '#1565c0', hint: '#607d8b' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
:root { color-scheme: light dark; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1b1b1b; background: #fff; }
@media (prefers-color-scheme: dark) { body { color: #e6e6e6; background: #1e1e1e; } a { color: #8ab4f8; } th, td { border-color: #444 !important; } .muted { color: #aaa !important; } }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { font-size: 1.25rem; margin-top: 2.5rem; border-bottom: 1px solid #ccc; padding-bottom: .25rem; }
h3 { font-size: 1rem; margin-top: 1.5rem; }
.muted { color: #5f6368; }
.figures { display: flex; gap: 2rem; flex-wrap: wrap; margin: 1rem 0; }
.figure b { display: block; font-size: 1.5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
code { font-family: ui-monospace, "Cascadia Code", Consolas, monospace; font-size: .9em; }
svg text { font: 12px system-ui, sans-serif; fill: currentColor; }
.warn { border-left: 4px solid #b26a00; padding: .25rem .75rem; }
td.hash { word-break: break-all; }
td.where { white-space: nowrap; }
td.episode { white-space: nowrap; }
td.where code, table.record code { overflow-wrap: anywhere; }
td.reason { min-width: 12em; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  :root { color-scheme: light; }
  body { color: #000 !important; background: #fff !important; margin: 0; max-width: none; font-size: 10pt; }
  a { color: #000 !important; }
  .muted { color: #333 !important; }
  th, td { border-color: #999 !important; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; word-break: break-all; }
  tr, .figure, svg, .warn { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  h2, h3, h2 + p { break-inside: avoid; }
  #record { break-before: page; }
}
`;

export function renderHtml(audit: Audit, links: ReportLinks = RELATIVE_LINKS): string {
  const s = audit.summary;
  const body: string[] = [];
  body.push('<h1>Coding audit</h1>');
  body.push(`<p class="muted">${escapeHtml(madeLine(audit))}</p>`);
  body.push(
    `<p class="muted">${plural(s.files, 'file')}, ${plural(s.notes, 'note')} (${s.notesChecked} with content). Every count comes from the same checks as <code>coding-notes check</code>.</p>`,
  );
  body.push('<div class="figures">');
  body.push(figure(String(s.notesChecked), 'notes checked'));
  body.push(figure(percent(s.notesChecked ? s.notesWithoutError / s.notesChecked : null), 'of notes with no error'));
  body.push(figure(String(s.error), plural(s.error, 'error', false)));
  body.push(figure(String(s.warning), plural(s.warning, 'warning', false)));
  body.push(figure(String(s.information + s.hint), 'information and hints'));
  body.push('</div>');
  body.push(
    `<p class="muted">Code tables: ${codeTablesText(audit.classifications)
      .map((t) => escapeHtml(t.text) + (t.file ? ` from <code>${escapeHtml(t.file)}</code>` : ''))
      .join('; ')}.</p>`,
  );
  // With one group, its own chart says the same.
  if (audit.rules.length && audit.packs.length > 1) {
    body.push('<h3>Problems per rule, all notes</h3>', ruleChart(audit.rules, 'Problems per rule, all notes'));
  }
  if (audit.notChecked.length) {
    body.push(`<p class="warn">${plural(audit.notChecked.length, 'path')} not checked: see <a href="#not-checked">Not checked</a>.</p>`);
  }
  for (const pack of audit.packs) body.push(packSection(pack, links));
  if (!audit.packs.length) body.push('<p>No note was checked.</p>');
  body.push(findingsSection(audit.findings, links));
  body.push(recordSection(audit, links));
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Coding audit</title>',
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function figure(value: string, label: string): string {
  return `<div class="figure"><b>${escapeHtml(value)}</b><span class="muted">${escapeHtml(label)}</span></div>`;
}

function packSection(pack: PackAudit, links: ReportLinks): string {
  const out: string[] = [];
  const heading = pack.id ? `${escapeHtml(pack.id)}: ${escapeHtml(pack.title)}` : escapeHtml(pack.title);
  out.push(`<section id="${escapeHtml(anchor(pack))}">`);
  out.push(`<h2>${heading}</h2>`);
  if (pack.url) out.push(`<p><a href="${escapeHtml(pack.url)}">The guidance (NICE)</a></p>`);
  out.push('<table><thead><tr><th class="n">Notes checked</th><th class="n">With no error</th><th>Share with no error</th></tr></thead><tbody>');
  out.push(`<tr><td class="n">${pack.notes}</td><td class="n">${pack.notesWithoutError}</td><td>${shareBar(pack.shareWithoutError)}</td></tr>`);
  out.push('</tbody></table>');
  out.push('<h3>Problems per rule</h3>');
  out.push(pack.problems.length ? ruleChart(pack.problems, `Problems per rule, ${pack.id ?? 'no guidance pack'}`) : '<p>No problem.</p>');
  out.push('<h3>Episodes that need attention</h3>');
  out.push(pack.attention.length ? attentionTable(pack.attention, links) : '<p>None: no note has an error or a warning.</p>');
  out.push('</section>');
  return out.join('\n');
}

function anchor(pack: PackAudit): string {
  return pack.id ? `pack-${pack.id.toLowerCase()}` : 'no-pack';
}

/** A horizontal bar per rule, coloured by severity, with its count. */
function ruleChart(rules: readonly RuleCount[], label: string): string {
  const row = 24;
  const labelWidth = 270;
  const barWidth = 330;
  const width = labelWidth + barWidth + 50;
  const height = rules.length * row + 4;
  const max = Math.max(...rules.map((r) => r.count));
  const parts = rules.map((r, i) => {
    const y = i * row + 2;
    const w = Math.max(2, Math.round((r.count / max) * barWidth));
    return [
      `<g><title>${escapeHtml(`${r.rule} (${r.severity}): ${r.count}`)}</title>`,
      `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(r.rule)}</text>`,
      `<rect x="${labelWidth}" y="${y + 3}" width="${w}" height="${row - 8}" rx="2" fill="${COLOURS[r.severity]}"></rect>`,
      `<text x="${labelWidth + w + 6}" y="${y + 15}">${r.count}</text></g>`,
    ].join('');
  });
  const legend = (['error', 'warning', 'information', 'hint'] as const)
    .filter((sev) => rules.some((r) => r.severity === sev))
    .map((sev) => `<span style="color:${COLOURS[sev]}">&#9632;</span> ${sev}`)
    .join(' &nbsp; ');
  return `<svg role="img" aria-label="${escapeHtml(label)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>\n<p class="muted">${legend}</p>`;
}

function shareBar(share: number | null): string {
  if (share === null) return '–';
  const w = 200;
  const filled = Math.round(share * w);
  return `<svg role="img" aria-label="${percent(share)} with no error" width="${w + 60}" height="16" viewBox="0 0 ${w + 60} 16"><rect x="0" y="3" width="${w}" height="10" rx="2" fill="#c62828" fill-opacity="0.25"></rect><rect x="0" y="3" width="${filled}" height="10" rx="2" fill="#2e7d32"></rect><text x="${w + 8}" y="13">${percent(share)}</text></svg>`;
}

function attentionTable(notes: readonly AttentionNote[], links: ReportLinks): string {
  const rows = notes.map((n) => {
    const name = n.episode ?? `Note at line ${n.line + 1}`;
    const href = links.noteHref(n.path, n.line);
    return `<tr><td><a href="${escapeHtml(href)}">${escapeHtml(name)}</a></td><td class="where"><code>${escapeHtml(n.path)}</code>:${n.line + 1}</td><td class="n">${n.errors}</td><td class="n">${n.warnings}</td><td>${n.rules.map((r) => `<code>${escapeHtml(r)}</code>`).join(', ')}</td></tr>`;
  });
  return `<table><thead><tr><th>Episode</th><th>Note</th><th class="n">Errors</th><th class="n">Warnings</th><th>Rules</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/** `Made 2026-11-29 07:34 UTC by coding-notes 0.1.0.` */
export function madeLine(audit: Audit): string {
  const when = audit.generatedAt ? `Made ${audit.generatedAt.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC')}` : 'Made at a time not recorded';
  return `${when} by coding-notes ${audit.toolVersion ?? '(version not recorded)'}.`;
}

function noteLink(path: string, line: number, links: ReportLinks): string {
  return `<a href="${escapeHtml(links.noteHref(path, line))}"><code>${escapeHtml(path)}</code>:${line + 1}</a>`;
}

function findingsSection(findings: readonly AuditFinding[], links: ReportLinks): string {
  const out = ['<section id="findings">', '<h2>Findings by episode</h2>'];
  if (!findings.length) out.push('<p>No finding.</p>');
  else {
    out.push('<table><thead><tr><th>Episode</th><th>Where</th><th>Severity</th><th>Rule</th><th>Message</th></tr></thead><tbody>');
    for (const f of findings) {
      out.push(
        `<tr><td class="episode">${escapeHtml(f.episode ?? '–')}</td><td class="where">${noteLink(f.path, f.line, links)}</td><td style="color:${COLOURS[f.severity]}">${f.severity}</td><td><code>${escapeHtml(f.rule)}</code></td><td>${messageHtml(f.message)}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }
  out.push('</section>');
  return out.join('\n');
}

/** What the run was made with and what it left out: the part of the page that makes it a record. */
function recordSection(audit: Audit, links: ReportLinks): string {
  const out = ['<section id="record">', '<h2>The record</h2>'];
  out.push(`<p>${escapeHtml(madeLine(audit))}</p>`);
  if (audit.invocation) {
    const i = audit.invocation;
    const rows: [string, string][] = [
      ['Command', `<code>${escapeHtml(['coding-notes', ...i.arguments].map(shellWord).join(' '))}</code>`],
      ['Suppression comments', i.inlineConfig ? 'honoured' : '<strong>ignored</strong> (<code>--no-inline-config</code>): every finding counts'],
      [
        'Ignore files',
        i.ignoreFiles.length
          ? i.ignoreFiles.map((f) => `<code>${escapeHtml(f.path)}</code>${f.sha256 ? `, SHA-256 <code>${f.sha256}</code>` : ''}`).join('<br>')
          : 'none read',
      ],
    ];
    out.push(
      '<h3>How it was run</h3>',
      `<table class="record"><tbody>${rows.map(([k, v]) => `<tr><th scope="row">${k}</th><td>${v}</td></tr>`).join('')}</tbody></table>`,
    );
  }

  out.push('<h3>Configuration</h3>');
  if (!audit.configurations.length) out.push('<p>No file was checked, so no configuration was used.</p>');
  for (const c of audit.configurations) out.push(configurationHtml(c));

  out.push('<h3>Guidance packs</h3>');
  if (!audit.guidance.length) out.push('<p>None.</p>');
  else {
    out.push('<table><thead><tr><th>Pack</th><th>Title</th><th>From</th></tr></thead><tbody>');
    for (const p of audit.guidance) {
      const from = p.file
        ? `workspace pack <code>${escapeHtml(p.file)}</code> (its digest is under Configuration)`
        : `built into coding-notes ${escapeHtml(audit.toolVersion ?? '')}`;
      out.push(`<tr><td><a href="${escapeHtml(p.url)}">${escapeHtml(p.id)}</a></td><td>${escapeHtml(p.title)}</td><td>${from}</td></tr>`);
    }
    out.push('</tbody></table>');
  }

  out.push('<h3>Code tables</h3>');
  out.push('<ul>');
  for (const t of codeTablesText(audit.classifications)) out.push(`<li>${escapeHtml(t.text)}${t.file ? ` from <code>${escapeHtml(t.file)}</code>` : ''}</li>`);
  out.push('</ul>');

  out.push('<h3 id="suppressions">Suppressed findings</h3>');
  if (!audit.suppressions.length) {
    out.push(
      audit.invocation && !audit.invocation.inlineConfig
        ? '<p>None: suppression comments were ignored (<code>--no-inline-config</code>), so every finding is listed above.</p>'
        : '<p>None: no <code>coding-notes-disable</code> comment switched a finding off.</p>',
    );
  } else {
    out.push('<table><thead><tr><th>Episode</th><th>Where</th><th>Rule</th><th>Message</th><th>Comment</th><th>Reason</th></tr></thead><tbody>');
    for (const s of audit.suppressions) {
      out.push(
        `<tr><td class="episode">${escapeHtml(s.episode ?? '–')}</td><td class="where">${noteLink(s.path, s.line, links)}</td><td><code>${escapeHtml(s.rule)}</code> (${s.severity})</td><td>${messageHtml(s.message)}</td><td>line ${s.directiveLine + 1}</td><td class="reason">${s.reason === null ? '<em>no reason given</em>' : escapeHtml(s.reason)}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }

  out.push('<h3 id="not-checked">Not checked</h3>');
  if (!audit.notChecked.length) out.push('<p>Nothing: every note found was read and checked.</p>');
  else {
    out.push('<table><thead><tr><th>Path</th><th>Why it was not checked</th></tr></thead><tbody>');
    for (const n of audit.notChecked) out.push(`<tr><td>${n.path ? `<code>${escapeHtml(n.path)}</code>` : '–'}</td><td>${escapeHtml(n.reason)}</td></tr>`);
    out.push('</tbody></table>');
  }
  out.push('</section>');
  return out.join('\n');
}

function configurationHtml(c: AuditConfiguration): string {
  const rows: [string, string][] = [];
  rows.push(['File', c.path === null ? 'none: the defaults' : `<code>${escapeHtml(c.path)}</code>`]);
  if (c.path !== null) rows.push(['SHA-256', c.sha256 ? `<code>${c.sha256}</code>` : 'could not be read again']);
  rows.push(['Files checked under it', String(c.files)]);
  rows.push([
    'Rules changed',
    c.rules.length
      ? c.rules
          .map((r) => `<code>${escapeHtml(r.rule)}</code> ${r.setting === 'off' ? 'switched off' : escapeHtml(r.setting)} (default ${escapeHtml(r.default)})`)
          .join('<br>')
      : 'none: every rule at its default',
  ]);
  if (c.guidance.length) rows.push(['Guidance for every note', c.guidance.map(escapeHtml).join(', ')]);
  rows.push(['Suppression reasons required', requiredText(c)]);
  for (const f of c.namedFiles) {
    const what = f.kind === 'pack' ? 'Guidance pack file' : `${f.kind === 'opcs4' ? 'OPCS-4' : 'ICD-10'} release`;
    const notLoaded = f.loaded ? '' : ' <strong>(not loaded: the checks did not use it)</strong>';
    rows.push([
      what,
      `<code>${escapeHtml(f.path)}</code>${notLoaded}<br>${f.sha256 ? `SHA-256 <code>${f.sha256}</code>` : escapeHtml(`no digest: ${f.note ?? 'not read'}`)}`,
    ]);
  }
  return `<table class="config"><tbody>\n${rows.map(([k, v]) => `<tr><th scope="row">${k}</th><td class="hash">${v}</td></tr>`).join('\n')}\n</tbody></table>`;
}

export function percent(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 1000) / 10}%`;
}

function plural(n: number, word: string, withNumber = true): string {
  const w = n === 1 ? word : `${word}s`;
  return withNumber ? `${n} ${w}` : w;
}

/** Whether suppression comments need a reason, and whether a missing one is reported at all. */
export function requiredText(c: AuditConfiguration): string {
  if (!c.requireSuppressionReason) return 'no';
  const off = c.rules.some((r) => r.rule === 'syntax/invalid-directive' && r.setting === 'off');
  return off ? 'yes, but syntax/invalid-directive is switched off, so a comment without a reason is not reported' : 'yes';
}

/** An argument as a shell would need it written (quoted when it holds anything but plain characters). */
export function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A message as HTML: escaped, with the spans it writes between backticks (codes, rule ids) as code. */
export function messageHtml(message: string): string {
  return escapeHtml(message).replace(/`([^`]+)`/g, '<code>$1</code>');
}
