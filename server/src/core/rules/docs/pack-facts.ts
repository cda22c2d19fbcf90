// What a guidance pack's pages need to know about the pack: its approaches, the
// codes of each, and complete notes for it. A pack check's module fills its
// page template from these facts (rules/pack/*.ts), so every pack gets its
// pages without a word written for it. Pure: no file system.

import type { Engine } from '../../engine';
import type { GuidancePack } from '../../guidance/pack';
import { procedureTriggers, methodCodeFor } from '../../guidance/pack';
import type { Approach } from '../../fields';
import { codeAndTitle as titleOf } from '../words';

export function note(...lines: string[]): string {
  return lines.join('\n') + '\n';
}

function sentenceCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** `J12.8 Other specified …` with its title from the engine's tables, else the code alone. */
export function codeAndTitle(engine: Engine, code: string): string {
  return titleOf(engine.terms, code);
}

/** What the pack pages need to know about a pack. */
export class PackFacts {
  /** Approaches with a code set, in the pack's order. */
  readonly approaches: Approach[];
  /** The approach the general examples use: the first with a code set. */
  readonly first: Approach;
  /** The approach the image-control examples use: percutaneous where the pack codes it. */
  readonly imaged: Approach;
  /** A value of Image control with a bundled code (ultrasound where there is one). */
  readonly method: string | null;

  constructor(readonly pack: GuidancePack, readonly engine: Engine) {
    this.approaches = (Object.keys(pack.approaches) as Approach[]).filter((a) => pack.approaches[a]);
    this.first = this.approaches[0];
    this.imaged = this.approaches.includes('percutaneous') ? 'percutaneous' : this.first;
    this.method = ['ultrasound', 'fluoroscopy'].find((m) => engine.terms.imageControlCode(m)) ?? null;
  }

  get id(): string {
    return this.pack.id;
  }

  mainCode(a: Approach): string {
    return this.pack.approaches[a]!.mainCode;
  }

  title(code: string): string {
    return codeAndTitle(this.engine, code);
  }

  /** The Procedure text for an approach: the pack's title, with a word of every trigger group. */
  procedure(a: Approach): string {
    let text = `${sentenceCase(a)} ${lowerFirst(this.pack.title)}`;
    for (const group of this.pack.trigger.allOf) {
      const probe: GuidancePack = { ...this.pack, trigger: { allOf: [group] } };
      if (!procedureTriggers(probe, text)) text += ` ${group[0].replace(/\*$/, '')}`;
    }
    return text;
  }

  /** Does the complete note for this approach document image control? */
  imaging(a: Approach): boolean {
    return !!this.pack.imageControl && a === 'percutaneous' && this.method !== null;
  }

  imageCode(): string {
    return this.engine.terms.imageControlCode(this.method!)!;
  }

  /** The complete OPCS-4 list for an approach, in the order the guidance gives. */
  opcs(a: Approach): string[] {
    const codes = [this.mainCode(a)];
    const method = methodCodeFor(this.pack, a);
    if (method) codes.push(method);
    if (this.imaging(a)) codes.push(this.imageCode());
    return codes;
  }

  icd(): string[] | null {
    if (!this.pack.diagnosis) return null;
    const primary = this.primaryExample();
    return primary ? [this.pack.diagnosis.code, primary] : [this.pack.diagnosis.code];
  }

  /** A code of the pack's primary-site categories, for complete examples (the first bundled one). */
  primaryExample(): string | null {
    const cats = this.pack.diagnosis?.primary?.categories ?? [];
    return cats.flatMap((c) => this.engine.terms.subdivisions('icd10', c))[0]?.code ?? null;
  }

  /** The code set of each approach, as a sentence fragment with titles. */
  codeSets(): string {
    return this.approaches
      .map((a) => {
        const method = methodCodeFor(this.pack, a);
        const codes = [this.mainCode(a), ...(method ? [method] : [])];
        const image = this.pack.imageControl && a === 'percutaneous' ? ` and a ${this.categories()} image-control code` : '';
        return `${a}: ${codes.join(' + ')}${image}`;
      })
      .join('; ');
  }

  categories(): string {
    return this.pack.imageControl?.codeCategories.join('/') ?? '';
  }

  /** A note for this pack. `null` leaves a field out; `before` puts comment lines above a field. */
  note(o: {
    episode: string;
    guidance?: boolean;
    procedure: Approach;
    approach?: string | null;
    imageControl?: string | null;
    opcs?: string[] | null;
    icd?: string[] | null;
    before?: Partial<Record<'Approach' | 'Image control' | 'OPCS-4' | 'ICD-10', string[]>>;
  }): string {
    const lines = [`Episode: ${o.episode}`];
    if (o.guidance !== false) lines.push(`Guidance: ${this.id}`);
    lines.push(`Procedure: ${this.procedure(o.procedure)}`);
    const field = (name: 'Approach' | 'Image control' | 'OPCS-4' | 'ICD-10', value: string | null | undefined) => {
      if (value === null || value === undefined) return;
      lines.push(...(o.before?.[name] ?? []), `${name}: ${value}`);
    };
    field('Approach', o.approach === undefined ? o.procedure : o.approach);
    field('Image control', o.imageControl === undefined ? (this.imaging(o.procedure) ? this.method : null) : o.imageControl);
    const opcs = o.opcs === undefined ? this.opcs(o.procedure) : o.opcs;
    field('OPCS-4', opcs && opcs.join(', '));
    const icd = o.icd === undefined ? this.icd() : o.icd;
    field('ICD-10', icd && icd.join(', '));
    return note(...lines);
  }

  sources(): string[] {
    return [`[${this.pack.source.title}](${this.pack.source.url})`];
  }

  /** The values every pack check's page may use; a check's module adds its own. */
  values(): Record<string, string | boolean> {
    return {
      id: this.id,
      'pack-title': this.pack.title,
      'pack-title-lower': lowerFirst(this.pack.title),
      procedure: this.pack.procedure,
      'pack-source': this.sources()[0],
      'code-sets': this.codeSets(),
      categories: this.categories(),
      first: this.first,
      'first-main': this.mainCode(this.first),
      imaged: this.imaged,
      method: this.method ?? '',
      'not-stated-code': this.engine.terms.imageNotStatedCode,
    };
  }
}

