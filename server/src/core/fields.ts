// The fields of a coding note, their values, and how a slip is read as the
// canonical spelling ("close matches" in the rule catalogue).

import { fold } from './text';

export type FieldName = 'Episode' | 'Guidance' | 'Procedure' | 'Approach' | 'Image control' | 'Diagnosis' | 'OPCS-4' | 'ICD-10' | 'SNOMED CT' | 'Comment';

export type FieldKind = 'text' | 'guidance' | 'enum' | 'codes' | 'snomed';

export interface FieldSpec {
  name: FieldName;
  kind: FieldKind;
  /** What the field holds, for hover and completion. */
  description: string;
  values?: readonly string[];
  /** For code lists: which classification. */
  classification?: 'opcs4' | 'icd10';
  /** Free text that fixes never change. */
  freeText?: boolean;
}

export const APPROACHES = ['open', 'percutaneous', 'laparoscopic', 'endoscopic', 'not stated'] as const;
export type Approach = (typeof APPROACHES)[number];

export const IMAGE_CONTROLS = ['ultrasound', 'CT', 'MRI', 'fluoroscopy', 'x-ray', 'other', 'not stated', 'none'] as const;
export type ImageControl = (typeof IMAGE_CONTROLS)[number];

/** In the order that a fix adding a missing field follows. */
export const FIELDS: readonly FieldSpec[] = [
  { name: 'Episode', kind: 'text', freeText: true, description: "The episode's local reference. Not a patient identifier." },
  {
    name: 'Guidance',
    kind: 'guidance',
    description: 'Comma-separated guidance ids (for example `IPG369`). Each selects the guidance pack that checks this note.',
  },
  { name: 'Procedure', kind: 'text', freeText: true, description: 'The procedure as the clinician documented it. Its words can also select a guidance pack.' },
  { name: 'Approach', kind: 'enum', values: APPROACHES, description: 'How the organ was reached. Guidance packs choose the main procedure code from it.' },
  {
    name: 'Image control',
    kind: 'enum',
    values: IMAGE_CONTROLS,
    description: 'The imaging used to guide the procedure, or `none`. It selects the Y53/Y68 approach code.',
  },
  { name: 'Diagnosis', kind: 'text', freeText: true, description: 'The condition as documented.' },
  {
    name: 'OPCS-4',
    kind: 'codes',
    classification: 'opcs4',
    description: 'OPCS-4 procedure codes. The first is the main procedure; supplementary codes (chapters Y and Z) follow the code they qualify.',
  },
  { name: 'ICD-10', kind: 'codes', classification: 'icd10', description: 'ICD-10 diagnosis codes. The first is the primary diagnosis.' },
  { name: 'SNOMED CT', kind: 'snomed', description: 'SNOMED CT concept ids, each optionally followed by its term between bars: `1234567 |term|`.' },
  { name: 'Comment', kind: 'text', freeText: true, description: 'Free text for the coder. Never changed by a fix.' },
];

const BY_FOLDED = new Map(FIELDS.map((f) => [fold(f.name), f]));

export function fieldSpec(name: FieldName): FieldSpec {
  return BY_FOLDED.get(fold(name))!;
}

export function fieldOrder(name: FieldName): number {
  return FIELDS.findIndex((f) => f.name === name);
}

export const FIELD_ALIASES: Record<string, FieldName> = {
  opcs: 'OPCS-4',
  opcs4: 'OPCS-4',
  'opcs 4': 'OPCS-4',
  icd10: 'ICD-10',
  'icd 10': 'ICD-10',
  icd: 'ICD-10',
  snomed: 'SNOMED CT',
  snomedct: 'SNOMED CT',
  sct: 'SNOMED CT',
  imaging: 'Image control',
  'image guidance': 'Image control',
  'guidance imaging': 'Image control',
};

const VALUE_ALIASES: Record<string, string> = {
  perc: 'percutaneous',
  percut: 'percutaneous',
  lap: 'laparoscopic',
  laparoscopy: 'laparoscopic',
  us: 'ultrasound',
  uss: 'ultrasound',
  ultrasonic: 'ultrasound',
  'ultrasound guided': 'ultrasound',
  fluoro: 'fluoroscopy',
  fluoroscopic: 'fluoroscopy',
  'computed tomography': 'CT',
  'ct guided': 'CT',
  mr: 'MRI',
  'magnetic resonance': 'MRI',
  xray: 'x-ray',
  'x ray': 'x-ray',
  radiological: 'x-ray',
  unknown: 'not stated',
  unspecified: 'not stated',
  'not recorded': 'not stated',
};

export type NameReading = { kind: 'exact'; spec: FieldSpec } | { kind: 'close'; spec: FieldSpec } | { kind: 'unknown' };

/**
 * Readings already made, by the text as written: a file repeats the same few names
 * and values on every note. Readings are shared, never changed; a cache is emptied
 * when it holds more than CACHE_LIMIT texts, so odd writing cannot make it grow for ever.
 */
const CACHE_LIMIT = 4096;
const nameReadings = new Map<string, NameReading>();
const valueReadings = new WeakMap<readonly string[], Map<string, ValueReading>>();

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** Reads a field name as written: exact (any case, white space folded), close, or unknown. */
export function readFieldName(written: string): NameReading {
  return nameReadings.get(written) ?? remember(nameReadings, written, readName(written));
}

function readName(written: string): NameReading {
  const folded = fold(written);
  const exact = BY_FOLDED.get(folded);
  if (exact) return { kind: 'exact', spec: exact };
  const closeName = closeMatch(
    folded,
    FIELDS.map((f) => f.name),
    FIELD_ALIASES,
  );
  if (closeName) return { kind: 'close', spec: fieldSpec(closeName as FieldName) };
  return { kind: 'unknown' };
}

export type ValueReading = { kind: 'exact' | 'close'; value: string } | { kind: 'unknown' };

/** Reads an enumerated value: exact (any case), close, or unknown. */
export function readEnumValue(written: string, allowed: readonly string[]): ValueReading {
  let cache = valueReadings.get(allowed);
  if (!cache) valueReadings.set(allowed, (cache = new Map<string, ValueReading>()));
  return cache.get(written) ?? remember(cache, written, readValue(written, allowed));
}

function readValue(written: string, allowed: readonly string[]): ValueReading {
  const folded = fold(written);
  const exact = allowed.find((v) => v.toLowerCase() === folded);
  if (exact) return { kind: 'exact', value: exact };
  const close = closeMatch(folded, allowed, VALUE_ALIASES);
  return close ? { kind: 'close', value: close } : { kind: 'unknown' };
}

/**
 * The canonical spelling that a folded word is close to: an alias, or the one
 * canonical spelling within edit distance 2 that has the same digits, when the
 * word has at least 5 characters.
 */
export function closeMatch(folded: string, canonical: readonly string[], aliases: Record<string, string>): string | null {
  const alias = aliases[folded];
  if (alias !== undefined && canonical.includes(alias)) return alias;
  if (folded.length < 5) return null;
  const digits = folded.replace(/\D/g, '');
  const near = canonical.filter((c) => c.replace(/\D/g, '') === digits && editDistance(folded, c.toLowerCase(), 2) <= 2);
  return near.length === 1 ? near[0] : null;
}

/**
 * The one name of `names` closest to a mistyped `name` (case aside), within `limit`
 * edits, for a "did you mean" hint; null when none is that close or two are equally so.
 */
export function closestName(name: string, names: Iterable<string>, limit = 3): string | null {
  const folded = name.toLowerCase();
  let best: string | null = null;
  let bestDistance = limit + 1;
  let tied = false;
  for (const candidate of names) {
    const d = editDistance(folded, candidate.toLowerCase(), limit, true);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
      tied = false;
    } else if (d === bestDistance && d <= limit) tied = true;
  }
  return best !== null && !tied ? best : null;
}

/**
 * The rule id a mistyped `id` most likely means, or null. Within the family it names
 * (`ipg406/…` is looked for among `ipg406/` rules only, when that family exists: a
 * rule of another guidance is another check), by a few edits, else the one id that
 * starts with what was written (`code/title`) or whose name after the family is it
 * (`duplicate`).
 */
export function closestRuleId(id: string, ids: Iterable<string>): string | null {
  const written = id.toLowerCase();
  const all = [...ids];
  const slash = written.indexOf('/');
  const family = slash > 0 ? written.slice(0, slash + 1) : null;
  const own = family ? all.filter((r) => r.startsWith(family)) : [];
  const candidates = own.length ? own : all;
  const near = closestName(written, candidates);
  if (near) return near;
  const started = candidates.filter((r) => r.startsWith(written) || r.slice(r.indexOf('/') + 1) === written);
  return started.length === 1 ? started[0] : null;
}

/**
 * Levenshtein distance, stopping early once it exceeds `limit`; with `transpositions`,
 * two neighbours swapped count as one edit (`IPG396` is one from `IPG369`).
 */
export function editDistance(a: string, b: string, limit = Infinity, transpositions = false): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (transpositions && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2] + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    before = prev;
    prev = cur;
  }
  return prev[b.length];
}
