import type { Fix, Range, RelatedInformation, SeveritySetting } from '../types';
import type { NoteReading } from '../interpret';
import type { Terminology } from '../terminology';
import type { GuidancePack } from '../guidance/pack';
import type { Engine } from '../engine';

/** What a rule reports, before severity and suppression are applied. */
export interface RawFinding {
  range: Range;
  message: string;
  fixes: Fix[];
  /** Other places the message refers to (the message itself names no line number). */
  related?: RelatedInformation[];
}

/** The result of a rule that found nothing: one shared, frozen array (nothing may add to it). */
export const NO_FINDINGS: readonly RawFinding[] = Object.freeze([]);

export interface RuleContext {
  terms: Terminology;
  /** Every rule id the engine knows (built-in and pack rules). */
  knownRuleIds: ReadonlySet<string>;
  /** The guidance packs that apply to this note, with how each was selected. */
  packs: readonly AppliedPack[];
  /** Packs whose trigger matches when several do and the note names none of them. */
  undecided: readonly GuidancePack[];
}

export interface AppliedPack {
  pack: GuidancePack;
  /** Named in the note's Guidance field. */
  declared: boolean;
  /** Named in the workspace configuration's `guidance`. */
  configured: boolean;
  /** The Procedure text matches the pack's trigger. */
  triggered: boolean;
}

export interface Rule {
  id: string;
  defaultSeverity: SeveritySetting;
  /** One line: when the rule fires. */
  summary: string;
  /** For pack rules: the pack they belong to. */
  pack?: GuidancePack;
  /** Most rules find nothing in most notes: they return NO_FINDINGS then, not a new empty array. */
  check(note: NoteReading, ctx: RuleContext): readonly RawFinding[];
  /** Its documentation page: the Markdown file beside the rule's module, and what fills it. */
  doc: RuleDocSource;
}

/**
 * A rule's page as data: the `.md` file beside its module and the values of the
 * file's `{{placeholders}}` (rules/docs/template.ts reads it). The file's text is
 * in rules/docs/pages.ts, which only the page renderer imports: checking needs no page.
 */
export interface RuleDocSource {
  /** The file, relative to server/src/core/rules/ and without `.md`: `syntax/invalid-line`, `pack/procedure-code`. */
  file: string;
  /** The placeholders' values, from the engine's tables and packs (a pack check's from its pack). */
  fill?: (engine: Engine) => DocValues;
}

/** Placeholder values: text, or a flag for `{{#if name}}`. */
export type DocValues = Readonly<Record<string, string | boolean>>;
