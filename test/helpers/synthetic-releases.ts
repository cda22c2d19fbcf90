// SYNTHETIC release files, in the shapes of the official ones, written by the
// tests and the benchmark. Every title says it is synthetic: none of them is an
// official title, and no test may take them for one. The code identifiers are
// shaped like real codes only so that the readers see what they will see.
//   OPCS-4 Codes and Titles TXT: code without the dot, tab, title; no header.
//   ICD-10 Codes and Titles and Metadata TXT: a header row (CODE, ALT_CODE, USAGE, …, DESCRIPTION, …).
//   Their XML twins: one element per code, the same names inside.
//   ClaML: <Class kind="category" code="…" usage="dagger|aster"> with a preferred rubric.

import { zipSync } from 'fflate';

export const SYNTHETIC = '(synthetic test title)';

/** A code of a synthetic OPCS-4 release: `Q01.1`, and its TXT form `Q011`. */
export interface Row {
  code: string;
  title: string;
  usage?: 'dagger' | 'asterisk';
}

/** Categories Q01… (a heading and codes .1 to .8 each; .9 is never there), ~`rows` rows. Q02.1 has a Windows-1252 title. */
export function opcs4Rows(rows = 300, letters = 'Q'): Row[] {
  const out: Row[] = [];
  for (let i = 0; out.length < rows; i++) {
    const letter = letters[Math.floor(i / 99) % letters.length];
    const category = `${letter}${String((i % 99) + 1).padStart(2, '0')}`;
    if (i >= 99 * letters.length) throw new Error('too many rows for the letters');
    out.push({ code: category, title: `Synthetic category ${category} ${SYNTHETIC}` });
    for (let d = 1; d <= 8 && out.length < rows; d++) {
      const code = `${category}.${d}`;
      out.push({ code, title: code === 'Q02.1' ? `Synthetic café procedure – ${code} ${SYNTHETIC}` : `Synthetic procedure ${code} ${SYNTHETIC}` });
    }
  }
  return out;
}

/** ICD-10 rows: a dagger/asterisk pair (A17.0 dagger, G01 asterisk, undivided), I10 undivided, V01… categories, one fifth-character code. */
export function icd10Rows(rows = 300): Row[] {
  const out: Row[] = [
    { code: 'A17', title: `Synthetic category A17 ${SYNTHETIC}` },
    { code: 'A17.0', title: `Synthetic dagger code A17.0 ${SYNTHETIC}`, usage: 'dagger' },
    { code: 'A17.1', title: `Synthetic code A17.1 ${SYNTHETIC}` },
    { code: 'G01', title: `Synthetic asterisk code G01 ${SYNTHETIC}`, usage: 'asterisk' },
    { code: 'I10', title: `Synthetic undivided code I10 ${SYNTHETIC}` },
  ];
  const letters = 'VWXYBDEFHJKLNPRST';
  for (let i = 0; out.length < rows; i++) {
    if (i >= 99 * letters.length) throw new Error('too many rows for the letters');
    const category = `${letters[Math.floor(i / 99)]}${String((i % 99) + 1).padStart(2, '0')}`;
    out.push({ code: category, title: `Synthetic category ${category} ${SYNTHETIC}` });
    for (let d = 0; d <= 8 && out.length < rows; d++) out.push({ code: `${category}.${d}`, title: `Synthetic diagnosis ${category}.${d} ${SYNTHETIC}` });
  }
  return out;
}

const dotless = (code: string) => code.replace('.', '');

/** The OPCS-4 Codes and Titles TXT: no header, dotless codes, CRLF. */
export function opcs4Txt(rows: Row[]): string {
  return rows.map((r) => `${dotless(r.code)}\t${r.title}`).join('\r\n') + '\r\n';
}

export const ICD10_COLUMNS = [
  'CODE',
  'ALT_CODE',
  'USAGE',
  'USAGE_UK',
  'DESCRIPTION',
  'MODIFIER_4',
  'MODIFIER_5',
  'QUALIFIERS',
  'GENDER_MASK',
  'MIN_AGE',
  'MAX_AGE',
  'TREE_DESCRIPTION',
];

function icdFields(r: Row): string[] {
  const alt = r.code.length === 3 ? `${r.code}X` : dotless(r.code);
  const usage = r.usage === 'dagger' ? 'DAGGER' : r.usage === 'asterisk' ? 'ASTERISK' : 'DEFAULT';
  return [r.code, alt, usage, '3', r.title, '', '', '', '9', '0', '125', r.title];
}

/** The ICD-10 Codes and Titles and Metadata TXT: a header row, then one code a line. */
export function icd10Txt(rows: Row[], fifth = true): string {
  const lines = [ICD10_COLUMNS.join('\t'), ...rows.map((r) => icdFields(r).join('\t'))];
  if (fifth) lines.push(['V01.00', 'V0100', 'DEFAULT', '3', `Synthetic fifth-character code ${SYNTHETIC}`, '', '', '', '9', '0', '125', ''].join('\t'));
  return lines.join('\r\n') + '\r\n';
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The XML twin of the OPCS-4 TXT: one element per code, CODE and TITLE inside. */
export function opcs4Xml(rows: Row[], version = '4.11'): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!-- synthetic test data -->',
    `<OPCS4CodesAndTitles><Version>${version}</Version>`,
    ...rows.map((r) => `  <CodeAndTitle><CODE>${dotless(r.code)}</CODE><TITLE>${esc(r.title)}</TITLE></CodeAndTitle>`),
    '</OPCS4CodesAndTitles>',
  ].join('\n');
}

/** The XML twin of the ICD-10 TXT: the same column names as elements. */
export function icd10Xml(rows: Row[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ICD10_CodesAndTitlesAndMetadata>',
    ...rows.map(
      (r) =>
        `  <Record>${icdFields(r)
          .map((v, i) => (v ? `<${ICD10_COLUMNS[i]}>${esc(v)}</${ICD10_COLUMNS[i]}>` : `<${ICD10_COLUMNS[i]}/>`))
          .join('')}</Record>`,
    ),
    '</ICD10_CodesAndTitlesAndMetadata>',
  ].join('\n');
}

/** ClaML: chapters and blocks (not codes), categories with preferred rubrics, dagger and asterisk usage, a cross-reference inside a label. */
export function icd10Claml(rows: Row[], version = '2019'): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE ClaML SYSTEM "ClaML.dtd">',
    '<ClaML version="2.0.0">',
    '  <Meta name="lang" value="en"/>',
    `  <Title name="ICD-10" version="${version}" date="2019-01-01">Synthetic test classification</Title>`,
    '  <ClassKinds><ClassKind name="chapter"/><ClassKind name="block"/><ClassKind name="category"/></ClassKinds>',
    '  <UsageKinds><UsageKind name="aster" mark="*"/><UsageKind name="dagger" mark="+"/></UsageKinds>',
    '  <Class code="I" kind="chapter"><Rubric kind="preferred"><Label xml:lang="en">Synthetic chapter</Label></Rubric></Class>',
    '  <Class code="A15-A19" kind="block"><Rubric kind="preferred"><Label xml:lang="en">Synthetic block</Label></Rubric></Class>',
  ];
  for (const r of rows) {
    const usage = r.usage === 'dagger' ? ' usage="dagger"' : r.usage === 'asterisk' ? ' usage="aster"' : '';
    const ref = r.usage === 'dagger' ? ' <Reference usage="aster">G01</Reference>' : '';
    out.push(
      `  <Class code="${r.code}" kind="category"${usage}>`,
      `    <SuperClass code="${r.code.slice(0, 3)}"/>`,
      `    <Rubric kind="inclusion"><Label xml:lang="en">Not the title ${SYNTHETIC}</Label></Rubric>`,
      `    <Rubric kind="preferred"><Label xml:lang="en">${esc(r.title)}${ref}</Label></Rubric>`,
      '  </Class>',
    );
  }
  out.push('  <Class code="V01.00" kind="category"><Rubric kind="preferred"><Label>Synthetic fifth character</Label></Rubric></Class>', '</ClaML>');
  return out.join('\n');
}

const CP1252: Record<string, number> = { '–': 0x96, '—': 0x97, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '€': 0x80 };

/** Text as Windows-1252 bytes (Latin-1 plus the typographic marks the NHS TXT files hold). */
export function windows1252(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i] = CP1252[text[i]] ?? (c < 256 ? c : 0x3f);
  }
  return out;
}

export const utf8 = (text: string) => new TextEncoder().encode(text);

/** A release zip as downloaded: the files under `Content/`, beside documents that are not codes. */
export function releaseZip(files: Record<string, Uint8Array | string>): Uint8Array {
  const entries: Record<string, Uint8Array> = {
    'Documentation/Specification (synthetic).pdf': utf8('%PDF-1.4 synthetic, not a real document'),
  };
  for (const [name, data] of Object.entries(files)) entries[name] = typeof data === 'string' ? utf8(data) : data;
  return zipSync(entries);
}
