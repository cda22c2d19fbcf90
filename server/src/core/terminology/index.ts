// Code tables: the bundled subsets (built from the sourced terminology sheet)
// and, when a user configures them, official release files.

import opcs4Data from './opcs4.json';
import icd10Data from './icd10.json';
import imageControlData from './image-control.json';
import { CodeIndex, foldTitle } from './search';
import type { CodeMatch } from './search';

export type { CodeMatch } from './search';

export type Classification = 'opcs4' | 'icd10';

export const CLASSIFICATION_NAMES: Record<Classification, string> = { opcs4: 'OPCS-4', icd10: 'ICD-10' };

export interface CodeInfo {
  code: string;
  title: string;
  classification: Classification;
  category: string;
  source: string[];
  /** Other titles that the classification or the guidance writes for this code. */
  alsoWritten: string[];
  /** Title form to write when inserting (the stem form for site-only WHO titles). */
  insertTitle: string;
  /** True for a three-character code with no subdivisions. */
  isCategoryCode: boolean;
  /** The release that holds the code (`OPCS-4.11`), when one is loaded and holds it. */
  release?: string;
  /** Dagger or asterisk, where the loaded release marks the code so. */
  usage?: CodeUsage;
}

export interface CategoryInfo {
  code: string;
  title: string | null;
  classification: Classification;
  /** Every code of the category is in the table. */
  complete: boolean;
  /** False for a three-character code with no subdivisions. */
  subdivided: boolean;
  source: string[];
}

interface TableFile {
  categories: { code: string; title?: string; complete: boolean; subdivided?: boolean; stem?: string; source?: string[] }[];
  /** `tumourType`: the title names a tumour type, not a site, so it is inserted as written, without the stem. */
  codes: { code: string; title: string; source: string[]; alsoWritten?: string[]; tumourType?: boolean }[];
}

/** One classification's table: codes and categories. */
class Table {
  readonly codes = new Map<string, CodeInfo>();
  readonly categories = new Map<string, CategoryInfo>();
  readonly byCategory = new Map<string, CodeInfo[]>();

  constructor(
    readonly classification: Classification,
    data: TableFile,
  ) {
    const stems = new Map<string, string>();
    for (const c of data.categories) {
      const subdivided = c.subdivided !== false;
      this.categories.set(c.code, {
        code: c.code,
        title: c.title ?? null,
        classification,
        complete: c.complete,
        subdivided,
        source: c.source ?? [],
      });
      if (c.stem) stems.set(c.code, c.stem);
      if (!subdivided && c.title) {
        this.add({ code: c.code, title: c.title, source: c.source ?? [] }, c.code, null, true);
      }
    }
    for (const c of data.codes) {
      const category = c.code.slice(0, 3);
      this.add(c, category, stems.get(category) ?? null, false);
    }
  }

  private add(
    c: { code: string; title: string; source: string[]; alsoWritten?: string[]; tumourType?: boolean },
    category: string,
    stem: string | null,
    isCategoryCode: boolean,
  ) {
    const alsoWritten = [...(c.alsoWritten ?? [])];
    let insertTitle = c.title;
    if (stem) {
      // WHO writes these under the category's stem ("Malignant neoplasm: Caecum").
      alsoWritten.push(`${stem}: ${c.title}`, `${stem} of ${c.title}`);
      // A site reads well in the stem form (`Malignant neoplasm of caecum`); a tumour type
      // (`Liver cell carcinoma`) is written as the classification writes it.
      if (!c.tumourType) insertTitle = `${stem} of ${c.title.charAt(0).toLowerCase()}${c.title.slice(1)}`;
    }
    const info: CodeInfo = {
      code: c.code,
      title: c.title,
      classification: this.classification,
      category,
      source: c.source,
      alsoWritten,
      insertTitle,
      isCategoryCode,
    };
    this.codes.set(c.code, info);
    if (!isCategoryCode) {
      const list = this.byCategory.get(category) ?? [];
      list.push(info);
      this.byCategory.set(category, list);
    }
    if (!this.categories.has(category)) {
      this.categories.set(category, { code: category, title: null, classification: this.classification, complete: false, subdivided: true, source: [] });
    }
  }
}

/** How ICD-10 marks a code of a dual classification: dagger (†, the underlying disease) or asterisk (*, its manifestation). */
export type CodeUsage = 'dagger' | 'asterisk';

export interface ReleaseEntry {
  code: string;
  title: string;
  /** Where the release marks the code as a dagger or asterisk code. */
  usage?: CodeUsage;
}

/** An official release, as read from its files (node/releases.ts) or given by a test. */
export interface ReleaseData {
  /** What a code's Source line names: `OPCS-4.11 release file OPCS410 CodesAndTitles.txt`. */
  name: string;
  entries: ReleaseEntry[];
  /** The version the files state (`OPCS-4.11`, `ICD-10 5th Edition`); null or absent when they state none. */
  version?: string | null;
  /** The file read, as configured (a zip's entry after the zip: `release.zip › Content/….txt`). */
  file?: string;
  /** The format read, in words. */
  format?: string;
  /** Milliseconds to read, decode and parse the file. */
  loadMs?: number;
  /** Codes with a fifth character, which notes do not use, left out. */
  fifthCharacter?: number;
}

/** What is loaded for a classification, for the status item, the audit report and `coding-notes classifications`. */
export interface ReleaseSummary {
  classification: Classification;
  /** `OPCS-4.11`, or `OPCS-4 release (version not stated)`. */
  label: string;
  version: string | null;
  name: string;
  file: string | null;
  format: string | null;
  /** Codes in the release (categories with subdivisions are not codes). */
  codes: number;
  /** Category headings with a title. */
  categories: number;
  daggers: number;
  asterisks: number;
  loadMs: number | null;
  fifthCharacter: number;
}

/** The label a release is shown by: its version, or the classification's name when its files state none. */
export function releaseLabel(classification: Classification, version: string | null | undefined): string {
  return version || `${CLASSIFICATION_NAMES[classification]} release (version not stated)`;
}

const KNOWN_IN_BOTH: readonly Classification[] = Object.freeze(['opcs4', 'icd10'] as const);
const KNOWN_IN_OPCS4: readonly Classification[] = Object.freeze(['opcs4'] as const);
const KNOWN_IN_ICD10: readonly Classification[] = Object.freeze(['icd10'] as const);
const KNOWN_IN_NEITHER: readonly Classification[] = Object.freeze([]);

export class Terminology {
  private readonly tables: Record<Classification, Table>;
  /** Classifications for which a full official release file is loaded. */
  private readonly releases = new Map<Classification, ReleaseSummary>();
  private readonly indexes = new Map<Classification, CodeIndex>();

  constructor(releases: Partial<Record<Classification, ReleaseData>> = {}) {
    this.tables = { opcs4: new Table('opcs4', opcs4Data), icd10: new Table('icd10', icd10Data) };
    for (const cls of ['opcs4', 'icd10'] as const) {
      const release = releases[cls];
      if (release) this.releases.set(cls, this.addRelease(cls, release));
    }
  }

  private addRelease(cls: Classification, release: ReleaseData): ReleaseSummary {
    const table = this.tables[cls];
    const version = release.version ?? null;
    const label = releaseLabel(cls, version);
    const source = [release.name];
    // Four-character codes first, so that a three-character code is known to be a subdivided category or a code.
    const full = release.entries.filter((e) => e.code.length > 3);
    const short = release.entries.filter((e) => e.code.length === 3);
    const inRelease = new Set<string>();
    let daggers = 0;
    let asterisks = 0;
    const add = (e: ReleaseEntry, isCategoryCode: boolean) => {
      if (inRelease.has(e.code)) return;
      inRelease.add(e.code);
      if (e.usage === 'dagger') daggers++;
      if (e.usage === 'asterisk') asterisks++;
      const bundled = table.codes.get(e.code);
      if (bundled) {
        // The sourced bundled title stays; the release adds its marks and its name.
        bundled.release = label;
        if (e.usage) bundled.usage = e.usage;
        return;
      }
      const category = e.code.slice(0, 3);
      const info: CodeInfo = {
        code: e.code,
        title: e.title,
        classification: cls,
        category,
        source,
        alsoWritten: [],
        insertTitle: e.title,
        isCategoryCode,
        release: label,
        ...(e.usage ? { usage: e.usage } : {}),
      };
      table.codes.set(e.code, info);
      if (!isCategoryCode) {
        const list = table.byCategory.get(category) ?? [];
        list.push(info);
        table.byCategory.set(category, list);
      }
      if (!table.categories.has(category)) {
        table.categories.set(category, { code: category, title: null, classification: cls, complete: true, subdivided: !isCategoryCode, source });
      }
    };
    for (const e of full) add(e, false);
    let categories = 0;
    for (const e of short) {
      // OPCS-4 codes all have four characters: a three-character line is a category heading. So is an
      // ICD-10 category with subdivisions; one without is itself a code.
      if (cls === 'opcs4' || table.byCategory.has(e.code)) {
        const cat = table.categories.get(e.code);
        if (cat && !cat.title) {
          cat.title = e.title;
          cat.source = source;
        } else if (!cat) {
          table.categories.set(e.code, { code: e.code, title: e.title, classification: cls, complete: true, subdivided: true, source });
        }
        if (e.usage && table.codes.get(e.code)) table.codes.get(e.code)!.usage = e.usage;
        categories++;
        continue;
      }
      add(e, true);
    }
    // The release decides which codes exist: a bundled code it lacks (retired, or never
    // in this version) is no longer known, and a bundled category left with no code and
    // no heading in the release goes with it.
    const headings = new Set(short.map((e) => e.code));
    for (const [code, info] of table.codes) {
      if (inRelease.has(code)) continue;
      table.codes.delete(code);
      const list = table.byCategory.get(info.category);
      if (list) {
        const rest = list.filter((c) => c !== info);
        if (rest.length) table.byCategory.set(info.category, rest);
        else table.byCategory.delete(info.category);
      }
    }
    for (const category of [...table.categories.keys()]) {
      if (!headings.has(category) && !table.byCategory.has(category) && !table.codes.has(category)) table.categories.delete(category);
    }
    return {
      classification: cls,
      label,
      version,
      name: release.name,
      file: release.file ?? null,
      format: release.format ?? null,
      codes: inRelease.size,
      categories,
      daggers,
      asterisks,
      loadMs: release.loadMs ?? null,
      fifthCharacter: release.fifthCharacter ?? 0,
    };
  }

  /** The release loaded for a classification, or null for the bundled table alone. */
  release(classification: Classification): ReleaseSummary | null {
    return this.releases.get(classification) ?? null;
  }

  /** The loaded releases, OPCS-4 first. */
  loadedReleases(): ReleaseSummary[] {
    return (['opcs4', 'icd10'] as const).map((c) => this.releases.get(c)).filter((r): r is ReleaseSummary => r !== undefined);
  }

  /** Codes found by a query (code or title words), in code order: built once per classification, on first use. */
  search(classification: Classification, query: string, limit = Infinity): CodeMatch[] {
    let index = this.indexes.get(classification);
    if (!index) this.indexes.set(classification, (index = new CodeIndex(this.tables[classification].codes.values())));
    return index.search(query, limit);
  }

  lookup(classification: Classification, code: string): CodeInfo | undefined {
    return this.tables[classification].codes.get(code);
  }

  category(classification: Classification, code: string): CategoryInfo | undefined {
    return this.tables[classification].categories.get(code);
  }

  /** Which classifications know this code (or category). */
  knownIn(code: string): readonly Classification[] {
    // Asked for every code written in a note: one of four shared answers, nothing allocated.
    const opcs4 = this.tables.opcs4.codes.has(code) || this.tables.opcs4.categories.has(code);
    const icd10 = this.tables.icd10.codes.has(code) || this.tables.icd10.categories.has(code);
    return opcs4 ? (icd10 ? KNOWN_IN_BOTH : KNOWN_IN_OPCS4) : icd10 ? KNOWN_IN_ICD10 : KNOWN_IN_NEITHER;
  }

  /** The known four-character codes of a category, in code order. */
  subdivisions(classification: Classification, category: string): CodeInfo[] {
    return [...(this.tables[classification].byCategory.get(category) ?? [])].sort((a, b) => (a.code < b.code ? -1 : 1));
  }

  /**
   * Whether a category has subdivisions. Every OPCS-4 code has four characters,
   * so every OPCS-4 category does; an ICD-10 category does when the table says so
   * or lists a subcode. Undefined when nothing is known.
   */
  hasSubdivisions(classification: Classification, category: string): boolean | undefined {
    if (classification === 'opcs4') return true;
    const table = this.tables.icd10;
    if (table.byCategory.has(category)) return true;
    const cat = table.categories.get(category);
    if (cat) return cat.subdivided;
    if (this.releases.has('icd10')) return false;
    return undefined;
  }

  /** True when a code absent from the table is known not to exist. */
  coversCompletely(classification: Classification, category: string): boolean {
    if (this.releases.has(classification)) return true;
    return this.tables[classification].categories.get(category)?.complete === true;
  }

  hasRelease(classification: Classification): boolean {
    return this.releases.has(classification);
  }

  /** How many codes the table holds. */
  size(classification: Classification): number {
    return this.tables[classification].codes.size;
  }

  all(classification: Classification): CodeInfo[] {
    return [...this.tables[classification].codes.values()];
  }

  /** A written title is the code's title when it equals one of its written forms (any case, white space folded). */
  titleMatches(info: CodeInfo, written: string): boolean {
    const w = foldTitle(written);
    return foldTitle(info.title) === w || info.alsoWritten.some((t) => foldTitle(t) === w);
  }

  /** The bundled Y53 code for an Image control value, or null where none is bundled. */
  imageControlCode(method: string): string | null {
    const bundled = (imageControlData.methods as Record<string, string>)[method];
    if (bundled) return bundled;
    const words = (imageControlData.titleWords as Record<string, string[]>)[method];
    if (!words || !this.hasRelease('opcs4')) return null;
    const candidates = imageControlData.categories.flatMap((cat) => this.subdivisions('opcs4', cat));
    const hits = candidates.filter((c) => words.some((w) => c.title.toLowerCase().includes(w)));
    return hits.length === 1 ? hits[0].code : null;
  }

  /** The Image control value whose code this is, if any. */
  methodOfImageCode(code: string): string | null {
    for (const method of Object.keys(imageControlData.methods)) {
      if (method !== 'not stated' && this.imageControlCode(method) === code) return method;
    }
    for (const method of Object.keys(imageControlData.titleWords)) {
      if (this.imageControlCode(method) === code) return method;
    }
    return null;
  }

  get imageControlCategories(): readonly string[] {
    return imageControlData.categories;
  }

  get imageNotStatedCode(): string {
    return imageControlData.notStated;
  }
}
