import type { Fix, Range, SeveritySetting } from '../types';
import type { NoteReading } from '../interpret';
import type { Terminology } from '../terminology';
import type { GuidancePack } from '../guidance/pack';

/** What a rule reports, before severity and suppression are applied. */
export interface RawFinding {
  range: Range;
  message: string;
  fixes: Fix[];
}

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
  check(note: NoteReading, ctx: RuleContext): RawFinding[];
}
