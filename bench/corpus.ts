// Deterministic benchmark corpora: N coding notes of about 300 bytes, about a
// third of them carrying problems of many rules, written both as a coding-notes
// file and as the equivalent YAML document (validated by yaml-language-server
// against bench/notes.schema.json). Each editable field value is located in
// both texts, so one edit script drives both servers.

/** A small seeded generator (mulberry32): the same seed gives the same corpus on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Field {
  name: string;
  /** Inline value. */
  value: string;
  /** Item lines (code lists written one per line). */
  items?: string[];
}

interface NoteSpec {
  comment?: string;
  fields: Field[];
  /** Lines that are no field (syntax/invalid-line); in YAML an extra key. */
  invalid?: string;
  problem: string | null;
}

/** Where an edit may go: a field value, located in both documents (0-based line, UTF-16 column). */
export interface EditSite {
  note: number;
  field: string;
  kind: 'text' | 'code' | 'enum';
  notes: { line: number; character: number };
  yaml: { line: number; character: number };
  length: number;
}

export interface Corpus {
  notes: number;
  text: string;
  yaml: string;
  /** How many notes were written with a problem. */
  withProblems: number;
  problems: Record<string, number>;
  sites: EditSite[];
}

const PROCEDURES_PERC = [
  'Percutaneous cryotherapy to liver metastases',
  'Percutaneous cryoablation of two colorectal liver metastases',
  'Percutaneous cryotherapy of hepatic metastasis',
];
const PROCEDURES_OPEN = ['Open cryotherapy to liver metastases', 'Open cryotherapy to liver metastasis at laparotomy'];
const DIAGNOSES = ['Liver metastases, primary sigmoid carcinoma resected 2025', 'Colorectal liver metastases', 'Metastatic rectal cancer to liver'];
const COMMENTS = ['Segments VI and VII.', 'Two lesions, both treated.', 'Discussed at MDT.', 'Day case, no complications.', 'Re-treatment of segment IV.'];
const SECONDARY_ICD = ['C18.7', 'C20', 'C18.2', 'C19'];
const IMAGE_CODES: Record<string, string> = { ultrasound: 'Y53.2', fluoroscopy: 'Y53.4' };

/**
 * The problems written into a third of the notes, one or two per note: slips
 * (names, values, codes), missing codes, wrong lists, order, titles, repeats,
 * invalid lines, SNOMED ids, directives.
 */
const PROBLEMS = [
  'unknown-field',
  'invalid-value',
  'malformed',
  'incomplete',
  'wrong-classification',
  'title-mismatch',
  'duplicate-code',
  'sequence',
  'snomed-invalid',
  'invalid-line',
  'duplicate-field',
  'invalid-directive',
  'procedure-code',
  'cryotherapy-code',
  'image-control-code',
  'approach-missing',
  'guidance-not-declared',
  'diagnosis-code',
] as const;

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}

function makeNote(r: () => number, index: number, problem: (typeof PROBLEMS)[number] | null): NoteSpec {
  const percutaneous = r() < 0.6;
  const image = percutaneous ? pick(r, ['ultrasound', 'fluoroscopy']) : null;
  const opcs = percutaneous ? ['J12.8', 'Y13.2', IMAGE_CODES[image!]] : ['J03.2', 'Y13.2'];
  const icd = ['C78.7', pick(r, SECONDARY_ICD)];
  const fields: Field[] = [
    { name: 'Episode', value: `LIV-${String(10000 + index)}` },
    { name: 'Guidance', value: 'IPG369' },
    { name: 'Procedure', value: pick(r, percutaneous ? PROCEDURES_PERC : PROCEDURES_OPEN) },
    { name: 'Approach', value: percutaneous ? 'percutaneous' : 'open' },
  ];
  if (image) fields.push({ name: 'Image control', value: image });
  fields.push({ name: 'Diagnosis', value: pick(r, DIAGNOSES) });
  const listed = r() < 0.3;
  fields.push(listed ? { name: 'OPCS-4', value: '', items: opcs } : { name: 'OPCS-4', value: opcs.join(', ') });
  fields.push({ name: 'ICD-10', value: icd.join(', ') });
  if (r() < 0.25) fields.push({ name: 'SNOMED CT', value: '94381002' });
  fields.push({ name: 'Comment', value: pick(r, COMMENTS) });
  const note: NoteSpec = { fields, problem };
  if (r() < 0.2) note.comment = '# Checked against the operation note.';

  const field = (name: string) => fields.find((f) => f.name === name);
  const codes = field('OPCS-4')!;
  const setCodes = (list: string[]) => {
    if (codes.items) codes.items = list;
    else codes.value = list.join(', ');
  };
  const opcsList = () => (codes.items ? [...codes.items] : codes.value.split(', '));
  switch (problem) {
    case null:
      break;
    case 'unknown-field':
      field('Approach')!.name = 'Aproach';
      break;
    case 'invalid-value':
      if (image) field('Image control')!.value = 'ultrasond';
      else field('Approach')!.value = 'opne';
      break;
    case 'malformed': {
      const list = opcsList();
      list[0] = list[0].toLowerCase().replace('.', '');
      setCodes(list);
      break;
    }
    case 'incomplete':
      field('ICD-10')!.value = field('ICD-10')!.value.replace('C78.7', 'C78');
      break;
    case 'wrong-classification':
      setCodes([...opcsList(), 'C78.7']);
      break;
    case 'title-mismatch':
      field('ICD-10')!.value = 'C78.7 Secondary neoplasm of the lung';
      break;
    case 'duplicate-code':
      setCodes([...opcsList(), 'Y13.2']);
      break;
    case 'sequence': {
      const list = opcsList();
      setCodes([list[1], list[0], ...list.slice(2)]);
      break;
    }
    case 'snomed-invalid': {
      const s = field('SNOMED CT');
      if (s) s.value = '94381003';
      else fields.splice(fields.length - 1, 0, { name: 'SNOMED CT', value: '12345' });
      break;
    }
    case 'invalid-line':
      note.invalid = 'patient tolerated the procedure well';
      break;
    case 'duplicate-field':
      fields.splice(fields.length - 1, 0, { name: 'Guidance', value: 'IPG369' });
      break;
    case 'invalid-directive':
      note.comment = '# coding-notes-disable-next-line code/titel-mismatch';
      break;
    case 'procedure-code': {
      const list = opcsList();
      list[0] = percutaneous ? 'J03.2' : 'J12.8';
      setCodes(list);
      break;
    }
    case 'cryotherapy-code':
      setCodes(opcsList().filter((c) => c !== 'Y13.2'));
      break;
    case 'image-control-code':
      if (image) setCodes(opcsList().filter((c) => !c.startsWith('Y53')));
      else setCodes(opcsList().filter((c) => c !== 'Y13.2'));
      break;
    case 'approach-missing':
      fields.splice(fields.indexOf(field('Approach')!), 1);
      break;
    case 'guidance-not-declared':
      fields.splice(fields.indexOf(field('Guidance')!), 1);
      break;
    case 'diagnosis-code':
      field('ICD-10')!.value = pick(r, SECONDARY_ICD);
      break;
  }
  // A second problem in one note out of four of those with one.
  if (problem && r() < 0.25 && problem !== 'malformed' && problem !== 'sequence') {
    const list = opcsList();
    const i = list.findIndex((c) => /^[A-Z]\d\d\.\d$/.test(c));
    if (i >= 0) {
      list[i] = list[i].replace('.', '');
      setCodes(list);
    }
  }
  return note;
}

const YAML_CHARS = /^[A-Za-z0-9 ,.\-/|#()]*$/;

/** Builds the corpus of `count` notes. The seed is fixed: every run measures the same text. */
export function makeCorpus(count: number, seed = 0x5eed): Corpus {
  const r = rng(seed + count);
  const noteLines: string[] = ['# Benchmark corpus: generated, deterministic.'];
  const yamlLines: string[] = ['# Benchmark corpus: generated, deterministic.', 'notes:'];
  const sites: EditSite[] = [];
  const problems: Record<string, number> = {};
  let withProblems = 0;
  for (let i = 0; i < count; i++) {
    const problem = i % 3 === 1 ? PROBLEMS[Math.floor(r() * PROBLEMS.length)] : null;
    if (problem) {
      withProblems++;
      problems[problem] = (problems[problem] ?? 0) + 1;
    }
    const note = makeNote(r, i, problem);
    if (i > 0) noteLines.push('---');
    if (note.comment) noteLines.push(note.comment);
    let first = true;
    for (const f of note.fields) {
      for (const v of [f.value, ...(f.items ?? [])]) {
        if (!YAML_CHARS.test(v)) throw new Error(`corpus value needs YAML escaping: ${v}`);
      }
      const kind: EditSite['kind'] =
        f.name === 'OPCS-4' || f.name === 'ICD-10' ? 'code' : f.name === 'Approach' || f.name === 'Image control' ? 'enum' : 'text';
      const notesLine = noteLines.length;
      const notesChar = f.name.length + 2;
      noteLines.push(f.value ? `${f.name}: ${f.value}` : `${f.name}:`);
      // YAML: one mapping per note; code lists are sequences of strings.
      const lead = first ? '  - ' : '    ';
      first = false;
      const key = JSON.stringify(f.name);
      const yamlLine = yamlLines.length;
      if (kind === 'code') {
        const entries = f.items ?? f.value.split(/, (?=[A-Za-z]\d)/).filter(Boolean);
        yamlLines.push(`${lead}${key}: [${entries.map((e) => JSON.stringify(e)).join(', ')}]`);
        if (!f.items && f.value) {
          // The first code, in both texts.
          sites.push({
            note: i,
            field: f.name,
            kind,
            notes: { line: notesLine, character: notesChar },
            yaml: { line: yamlLine, character: `${lead}${key}: ["`.length },
            length: entries[0].length,
          });
        }
      } else {
        yamlLines.push(`${lead}${key}: ${JSON.stringify(f.value)}`);
        if (f.value && f.name !== 'Episode') {
          sites.push({
            note: i,
            field: f.name,
            kind,
            notes: { line: notesLine, character: notesChar },
            yaml: { line: yamlLine, character: `${lead}${key}: "`.length },
            length: f.value.length,
          });
        }
      }
      for (const item of f.items ?? []) noteLines.push(`  ${item}`);
    }
    if (note.invalid) {
      noteLines.push(note.invalid);
      yamlLines.push(`    "Remark": ${JSON.stringify(note.invalid)}`);
    }
  }
  noteLines.push('');
  yamlLines.push('');
  return { notes: count, text: noteLines.join('\n'), yaml: yamlLines.join('\n'), withProblems, problems, sites };
}

/** One edit of the script: an insertion of one character, or the deletion that undoes the one before. */
export interface ScriptEdit {
  site: EditSite;
  /** Offset in the field value. */
  offset: number;
  insert: string | null;
}

/**
 * The edit script: pairs of edits in field values spread over the file, the
 * first typing one character, the second deleting it, so both documents stay
 * in step and every other edit returns to the original text.
 */
export function editScript(corpus: Corpus, edits: number, seed = 0xed17): ScriptEdit[] {
  const r = rng(seed + corpus.notes);
  const out: ScriptEdit[] = [];
  while (out.length < edits) {
    const site = corpus.sites[Math.floor(r() * corpus.sites.length)];
    const offset = Math.floor(r() * (site.length + 1));
    const insert = site.kind === 'code' ? String(Math.floor(r() * 10)) : pick(r, ['x', 'e', 'a', 'n']);
    out.push({ site, offset, insert });
    out.push({ site, offset, insert: null });
  }
  return out.slice(0, edits);
}

/** The LSP content change of an edit in one of the two documents. */
export function lspChange(
  edit: ScriptEdit,
  doc: 'notes' | 'yaml',
): { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string } {
  const at = edit.site[doc];
  const start = { line: at.line, character: at.character + edit.offset };
  const end = edit.insert === null ? { line: at.line, character: start.character + 1 } : start;
  return { range: { start, end }, text: edit.insert ?? '' };
}

/** The JSON Schema with the same per-field constraints as the coding-notes rules that can be stated as schema. */
export const NOTES_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Coding notes (benchmark equivalent)',
  type: 'object',
  additionalProperties: false,
  required: ['notes'],
  properties: {
    notes: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['Episode', 'Procedure', 'Approach', 'OPCS-4', 'ICD-10'],
        properties: {
          Episode: { type: 'string', pattern: '^[A-Z]+-\\d+$' },
          Guidance: { type: 'string', pattern: '^IPG\\d{3}(, *IPG\\d{3})*$' },
          Procedure: { type: 'string', minLength: 1 },
          Approach: { enum: ['open', 'percutaneous', 'laparoscopic', 'endoscopic', 'not stated'] },
          'Image control': { enum: ['ultrasound', 'CT', 'MRI', 'fluoroscopy', 'x-ray', 'other', 'not stated', 'none'] },
          Diagnosis: { type: 'string' },
          'OPCS-4': { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[A-Z]\\d\\d\\.(\\d|-)( .+)?$' } },
          'ICD-10': { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[A-Z]\\d\\d(\\.\\d)?( .+)?$' } },
          'SNOMED CT': { type: 'string', pattern: '^[1-9]\\d{5,17}( \\|[^|]*\\|)?$' },
          Comment: { type: 'string' },
        },
      },
    },
  },
};
