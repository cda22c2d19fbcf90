// The audit as one self-contained HTML page: inline CSS and inline SVG charts,
// no script, no font, no image, and a Content-Security-Policy that lets the
// page load nothing at all. The only web addresses in it are the guidance pages.

import { codeTablesText } from './audit';
import type { Audit, AttentionNote, PackAudit, RuleCount } from './audit';
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
`;

export function renderHtml(audit: Audit, links: ReportLinks = RELATIVE_LINKS): string {
  const s = audit.summary;
  const body: string[] = [];
  body.push('<h1>Coding audit</h1>');
  body.push(`<p class="muted">${plural(s.files, 'file')}, ${plural(s.notes, 'note')} (${s.notesChecked} with content). Every count comes from the same checks as <code>coding-notes check</code>.</p>`);
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
  for (const pack of audit.packs) body.push(packSection(pack, links));
  if (!audit.packs.length) body.push('<p>No note was checked.</p>');
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
    return `<tr><td><a href="${escapeHtml(href)}">${escapeHtml(name)}</a></td><td><code>${escapeHtml(n.path)}</code>:${n.line + 1}</td><td class="n">${n.errors}</td><td class="n">${n.warnings}</td><td>${n.rules.map((r) => `<code>${escapeHtml(r)}</code>`).join(', ')}</td></tr>`;
  });
  return `<table><thead><tr><th>Episode</th><th>Note</th><th class="n">Errors</th><th class="n">Warnings</th><th>Rules</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

export function percent(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 1000) / 10}%`;
}

function plural(n: number, word: string, withNumber = true): string {
  const w = n === 1 ? word : `${word}s`;
  return withNumber ? `${n} ${w}` : w;
}
