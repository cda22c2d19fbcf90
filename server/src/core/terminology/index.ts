// Code tables: the bundled subsets (built from the sourced terminology sheet)
// and, when a user configures them, official release files.

import opcs4Data from './opcs4.json';
import icd10Data from './icd10.json';
import imageControlData from './image-control.json';
import { fold } from '../text';

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
  codes: { code: string; title: string; source: string[]; alsoWritten?: string[] }[];
}

/** One classification's table: codes and categories. */
class Table {
  readonly codes = new Map<string, CodeInfo>();
  readonly categories = new Map<string, CategoryInfo>();
  readonly byCategory = new Map<string, CodeInfo[]>();

  constructor(readonly classification: Classification, data: TableFile) {
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

  private add(c: { code: string; title: string; source: string[]; alsoWritten?: string[] }, category: string, stem: string | null, isCategoryCode: boolean) {
    const alsoWritten = [...(c.alsoWritten ?? [])];
    let insertTitle = c.title;
    if (stem) {
      // WHO writes these as a site under the category's stem ("Malignant neoplasm: Caecum").
      alsoWritten.push(`${stem}: ${c.title}`, `${stem} of ${c.title}`);
      insertTitle = `${stem} of ${c.title.charAt(0).toLowerCase()}${c.title.slice(1)}`;
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

export interface ReleaseEntry {
  code: string;
  title: string;
}

export class Terminology {
  private readonly tables: Record<Classification, Table>;
  /** Classifications for which a full official release file is loaded. */
  private readonly releases = new Set<Classification>();

  constructor(releases: Partial<Record<Classification, { name: string; entries: ReleaseEntry[] }>> = {}) {
    this.tables = { opcs4: new Table('opcs4', opcs4Data), icd10: new Table('icd10', icd10Data) };
    for (const cls of ['opcs4', 'icd10'] as const) {
      const release = releases[cls];
      if (!release) continue;
      this.releases.add(cls);
      const table = this.tables[cls];
      for (const e of release.entries) {
        if (table.codes.has(e.code)) continue; // the sourced bundled title stays
        const category = e.code.slice(0, 3);
        const info: CodeInfo = {
          code: e.code,
          title: e.title,
          classification: cls,
          category,
          source: [release.name],
          alsoWritten: [],
          insertTitle: e.title,
          isCategoryCode: e.code.length === 3,
        };
        table.codes.set(e.code, info);
        if (!info.isCategoryCode) {
          const list = table.byCategory.get(category) ?? [];
          list.push(info);
          table.byCategory.set(category, list);
        }
      }
    }
  }

  lookup(classification: Classification, code: string): CodeInfo | undefined {
    return this.tables[classification].codes.get(code);
  }

  category(classification: Classification, code: string): CategoryInfo | undefined {
    return this.tables[classification].categories.get(code);
  }

  /** Which classifications know this code (or category). */
  knownIn(code: string): Classification[] {
    return (['opcs4', 'icd10'] as const).filter(
      (cls) => this.tables[cls].codes.has(code) || this.tables[cls].categories.has(code),
    );
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

  all(classification: Classification): CodeInfo[] {
    return [...this.tables[classification].codes.values()];
  }

  /** A written title is the code's title when it equals one of its written forms (any case, white space folded). */
  titleMatches(info: CodeInfo, written: string): boolean {
    const w = fold(written);
    return fold(info.title) === w || info.alsoWritten.some((t) => fold(t) === w);
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
