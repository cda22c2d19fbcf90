// The engine: the one entry point that adapters (language server, CLI) use.
// Text and settings in, findings and note summaries out. No I/O, no clock.

import type { Finding, Fix, FixKind, SeveritySetting } from './types';
import { comparePositions, DEFAULT_FIX_KINDS } from './types';
import { parse, isEmptyNote, NoteFile, Note, readNotes, bomOf, isSeparator } from './parse';
import { applyEdits, LineCursor, lineStats, nextLine, splitLines } from './text';
import { interpret, NoteReading } from './interpret';
import { Terminology } from './terminology';
import { GuidancePack, mergePacks, procedureWords, wordsTrigger } from './guidance/pack';
import type { RefusedPack } from './guidance/pack';
import type { Rule, RuleContext, AppliedPack } from './rules/rule';
import { buildRules } from './rules/registry';
import { PACK_CHECK_NAMES } from './rules/pack';
import { directivesWithoutReason, NO_SUPPRESSIONS, suppressionsOf, unusedSuppressions } from './suppress';
import { recordPass } from './fix-record';
import { nonConflicting } from './fix-conflicts';
import type { AppliedFix } from './fix-record';

export type { AppliedFix } from './fix-record';
export type { RefusedPack } from './guidance/pack';

export interface CheckSettings {
  /** Severity overrides per rule id (configuration file, then editor settings). */
  rules?: Record<string, SeveritySetting>;
  /** Guidance ids applied to every note. */
  guidance?: readonly string[];
  /** `.codingnotes.json` "requireSuppressionReason": a directive without ` -- reason` is a `syntax/invalid-directive` finding. */
  requireSuppressionReason?: boolean;
  /** false: suppression comments switch nothing off (the CLI's `--no-inline-config`). */
  inlineConfig?: boolean;
  /** Each rule id of a directive that switched nothing off is a `syntax/invalid-directive` warning (`--report-unused-disable-directives`). */
  reportUnusedDirectives?: boolean;
}

/** A finding a suppression comment switched off, with that comment's line and reason. */
export interface SuppressedFinding extends Finding {
  suppressed: {
    /** 0-based line of the directive comment. */
    line: number;
    /** The reason after ` -- `, or null when it gives none. */
    reason: string | null;
  };
}

export interface CheckOptions {
  /** Also return the findings that suppression comments switched off (`CheckResult.suppressed`). */
  suppressed?: boolean;
}

export interface NoteSummary {
  /** 0-based first line of the note. */
  line: number;
  episode: string | null;
  /** Ids of the guidance packs that checked the note (declared, configured or triggered). */
  guidance: string[];
  approach: string | null;
  imageControl: string | null;
  /** Codes as the rules read them, in the written order. */
  opcs4: string[];
  icd10: string[];
}

/** One note of a document's lines (`Engine.checkNote`). */
export interface NoteLines {
  /** The document's lines, as `splitLines` splits them (line endings left out). */
  lines: readonly string[];
  /** The note's first line: 0, or the line after a separator. */
  start: number;
  /** The note's last line (start - 1 for a note with no lines); the line after it, if any, is the separator that closes it. */
  end: number;
  /** 1 when the document starts with a byte order mark; it counts only for the note at line 0. */
  bom?: number;
  /** The document's dominant line ending (`LineTable.eol`), used by fixes that add a line. */
  eol: '\n' | '\r\n';
}

/** A note's findings and summary, every line number relative to the note's first line. */
export interface NoteCheck {
  findings: Finding[];
  summary: NoteSummary;
  /** Only when `CheckOptions.suppressed` asks. */
  suppressed?: SuppressedFinding[];
}

export interface CheckResult {
  findings: Finding[];
  notes: NoteSummary[];
  /** Only when `CheckOptions.suppressed` asks: the findings switched off, in document order. */
  suppressed?: SuppressedFinding[];
}

export interface FixAllResult {
  text: string;
  /** How many fixes were applied in all passes. */
  applied: number;
  passes: number;
  /** Every fix applied, in order: the record of what the tool changed. */
  records: AppliedFix[];
}

export interface FixAllOptions {
  /** The kinds of preferred fix to apply; by default `reading`, `layout` and `insert`. */
  kinds?: readonly FixKind[];
}

export interface EngineOptions {
  /** Workspace packs, besides the built-in ones. */
  packs?: readonly GuidancePack[];
  terminology?: Terminology;
}

/** The rule that reports suppression comments: unknown rules, and (when asked) missing reasons and unused ones. */
const DIRECTIVE_RULE = 'syntax/invalid-directive';

/** Enough passes for any chain of fixes (each pass applies every non-conflicting fix). */
const MAX_FIX_PASSES = 32;

export class Engine {
  readonly terms: Terminology;
  readonly packs: readonly GuidancePack[];
  readonly rules: readonly Rule[];
  readonly ruleIds: ReadonlySet<string>;
  /** Workspace packs given but not used, with why: the adapter reports each on its pack file. */
  readonly refusedPacks: readonly RefusedPack[];
  private readonly ruleOrder: Map<string, number>;
  private readonly triggerCache = new Map<string, readonly GuidancePack[]>();
  /** The rule of suppression comments (asked for every note that has a finding to place). */
  private readonly directiveRule: Rule | undefined;

  constructor(options: EngineOptions = {}) {
    this.terms = options.terminology ?? new Terminology();
    // A workspace pack never replaces a built-in one, nor adds a rule outside its own id: such packs are refused.
    const { packs, refused } = mergePacks(options.packs ?? [], PACK_CHECK_NAMES);
    this.packs = packs;
    this.refusedPacks = refused;
    this.rules = buildRules(packs);
    this.ruleIds = new Set(this.rules.map((r) => r.id));
    this.ruleOrder = new Map(this.rules.map((r, i) => [r.id, i]));
    this.directiveRule = this.rule(DIRECTIVE_RULE);
  }

  rule(id: string): Rule | undefined {
    return this.rules.find((r) => r.id === id);
  }

  pack(id: string): GuidancePack | undefined {
    return this.packs.find((p) => p.id === id.toUpperCase());
  }

  /** Parses and reads every note; for features that need the reading without findings. */
  read(
    text: string,
    settings: CheckSettings = {},
  ): { file: NoteFile; notes: { note: Note; reading: NoteReading | null; packs: AppliedPack[]; undecided: GuidancePack[] }[] } {
    const file = parse(text);
    return {
      file,
      notes: file.notes.map((note) => {
        if (isEmptyNote(note)) return { note, reading: null, packs: [], undecided: [] };
        const reading = interpret(note, file.table.lines, file.table.eol, this.terms);
        const { applied, undecided } = this.appliedPacks(reading, settings);
        return { note, reading, packs: applied, undecided };
      }),
    };
  }

  check(text: string, settings: CheckSettings = {}, options: CheckOptions = {}): CheckResult {
    // Each note is read and checked before the next is read: its reading is
    // garbage as soon as its findings are out, so it never outlives a young-generation
    // collection (reading every note first kept 10,000 readings alive, and copying them was a third of the time).
    // The notes are parsed one at a time too, so no tree of the whole file is kept.
    // Nor is the text split into lines first: a note's lines are made as it is read, each
    // at its line number in an array as long as the text's lines (the rules read a note's
    // lines, and the separator before and after it, by number), and dropped once the note
    // is checked, so they too die young (100,000 line strings kept through the check were
    // copied by every young-generation collection).
    const bom = bomOf(text);
    const { count, eol } = lineStats(text);
    const lines = new Array<string>(count).fill('');
    const findings: Finding[] = [];
    const summaries: NoteSummary[] = [];
    const suppressed: SuppressedFinding[] | undefined = options.suppressed ? [] : undefined;
    let from = 0;
    let index = 0;
    const cursor = new LineCursor(text);
    for (let line = 0, start = 0; ; line++) {
      const end = cursor.endOf(start);
      const raw = (lines[line] = text.slice(start, end));
      const next = nextLine(text, end);
      if (next < 0 || isSeparator(line === 0 && bom ? raw.slice(bom) : raw)) {
        // Read to the separator, the note is the first one read; read to the end, every one (a separator on the last line is followed by an empty note).
        for (const note of readNotes({ lines }, bom, { from, to: line + 1, index: index++ })) {
          summaries.push(this.checkParsed(note, lines, eol, settings, findings, suppressed));
          if (next >= 0) break;
        }
        // The separator above this note stays until the next note is checked.
        lines.fill('', Math.max(0, from - 1), line);
        from = line + 1;
      }
      if (next < 0) break;
      start = next;
    }
    return suppressed ? { findings, notes: summaries, suppressed } : { findings, notes: summaries };
  }

  /**
   * One note of a document, checked from the document's lines (no text is
   * joined or split again): the same findings and summary as `check` gives for
   * that note, with every line number relative to the note's first line
   * (line `start` of `lines` is line 0), so that the result holds wherever the
   * note moves. What a note's result depends on is exactly this input, the
   * settings and the engine: its lines; whether a separator closes it (it is not
   * the last note); for the first note, the document's byte order mark; and the
   * document's dominant line ending, which fixes that add a line use.
   */
  checkNote(note: NoteLines, settings: CheckSettings = {}, options: CheckOptions = {}): NoteCheck {
    const { lines, start, end } = note;
    // The note's lines and its closing separator, if any: the rules ask whether a line is the document's last.
    const cut = lines.slice(start, Math.min(end + 2, lines.length));
    const findings: Finding[] = [];
    const suppressed: SuppressedFinding[] | undefined = options.suppressed ? [] : undefined;
    // The first note read from the cut is this note; after its closing separator there is only an empty note.
    const first = readNotes({ lines: cut }, start === 0 ? (note.bom ?? 0) : 0).next();
    if (first.done) throw new Error('readNotes yields at least one note');
    const summary = this.checkParsed(first.value, cut, note.eol, settings, findings, suppressed);
    return suppressed ? { findings, summary, suppressed } : { findings, summary };
  }

  /** Reads and checks one parsed note: its findings (and those switched off, when asked) are added; its summary is returned. */
  private checkParsed(
    note: Note,
    lines: readonly string[],
    eol: '\n' | '\r\n',
    settings: CheckSettings,
    findings: Finding[],
    suppressed: SuppressedFinding[] | undefined,
  ): NoteSummary {
    if (isEmptyNote(note)) return summarize(note, null, []);
    const reading = interpret(note, lines, eol, this.terms);
    const { applied, undecided } = this.appliedPacks(reading, settings);
    const summary = summarize(note, reading, applied);
    for (const f of this.checkReading(lines, reading, applied, settings, undecided, suppressed)) findings.push(f);
    return summary;
  }

  private checkReading(
    lines: readonly string[],
    reading: NoteReading,
    packs: readonly AppliedPack[],
    settings: CheckSettings,
    undecided: readonly GuidancePack[],
    suppressed: SuppressedFinding[] | undefined,
  ): Finding[] {
    const ctx: RuleContext = { terms: this.terms, knownRuleIds: this.ruleIds, packs, undecided };
    const inline = settings.inlineConfig !== false;
    const suppressions = inline ? suppressionsOf(reading.note, lines, this.ruleIds) : NO_SUPPRESSIONS;
    const out: Finding[] = [];
    const add = (finding: Finding) => {
      const by = suppressions.match(finding.rule, finding.range.start.line);
      if (!by) out.push(finding);
      else suppressed?.push({ ...finding, suppressed: { line: by.line, reason: by.directive.reason?.trim() || null } });
    };
    const severityOf = (id: string, fallback: SeveritySetting) => settings.rules?.[id] ?? fallback;
    for (const rule of this.rules) {
      const severity = severityOf(rule.id, rule.defaultSeverity);
      if (severity === 'off') continue;
      const raws = rule.check(reading, ctx);
      for (let i = 0; i < raws.length; i++) {
        const raw = raws[i];
        const finding: Finding = { rule: rule.id, severity, range: raw.range, message: raw.message, fixes: raw.fixes };
        if (raw.related?.length) finding.related = raw.related;
        add(finding);
      }
    }
    if (inline) {
      const directiveRule = this.directiveRule;
      const severity = directiveRule ? severityOf(DIRECTIVE_RULE, directiveRule.defaultSeverity) : 'off';
      if (settings.requireSuppressionReason && severity !== 'off') {
        for (const raw of directivesWithoutReason(reading.note)) add({ rule: DIRECTIVE_RULE, severity, ...raw });
      }
      // Asked for on the command line: a warning whatever the rule's severity.
      if (settings.reportUnusedDirectives) for (const raw of unusedSuppressions(suppressions)) out.push({ rule: DIRECTIVE_RULE, severity: 'warning', ...raw });
    }
    const order = (a: Finding, b: Finding) => comparePositions(a.range.start, b.range.start) || this.ruleOrder.get(a.rule)! - this.ruleOrder.get(b.rule)!;
    if (suppressed && suppressed.length > 1) suppressed.sort(order);
    return out.length > 1 ? out.sort(order) : out;
  }

  /**
   * Applies every preferred fix, pass after pass, until none is left (a fixpoint).
   * Within a pass, fixes whose lines overlap wait for the next pass.
   */
  fixAll(text: string, settings: CheckSettings = {}, options: FixAllOptions = {}): FixAllResult {
    const kinds = new Set(options.kinds ?? DEFAULT_FIX_KINDS);
    const records: AppliedFix[] = [];
    let passes = 0;
    for (; passes < MAX_FIX_PASSES; passes++) {
      const { findings, notes } = this.check(text, settings);
      const candidates: { fix: Fix; rule: string }[] = [];
      for (const f of findings) {
        // A rule's first preferred fix is the one a click applies; fix-all takes it only when its kind is allowed.
        const fix = f.fixes.find((x) => x.preferred);
        if (fix && kinds.has(fix.kind)) candidates.push({ fix, rule: f.rule });
      }
      const chosen = nonConflicting(candidates.map((c) => c.fix));
      if (!chosen.length) break;
      const table = splitLines(text);
      const ruleOf = new Map(candidates.map((c) => [c.fix, c.rule]));
      for (const r of recordPass(
        chosen.map((fix) => ({ fix, rule: ruleOf.get(fix)! })),
        table.lines,
        notes,
      ))
        records.push(r);
      const next = applyEdits(
        text,
        chosen.flatMap((f) => f.edits),
        table,
      );
      if (next === text) break;
      text = next;
    }
    return { text, applied: records.length, passes, records };
  }

  /**
   * The packs that check a note: those its Guidance line names or the settings
   * apply, and those its Procedure text triggers. When several packs trigger,
   * the Guidance line decides: triggered packs it does not name stay out, and
   * where it names none of them, none applies (they are "undecided").
   */
  private appliedPacks(reading: NoteReading, settings: CheckSettings): { applied: AppliedPack[]; undecided: GuidancePack[] } {
    // Asked per note: most notes name no pack and trigger none, and return here before any list of packs is made.
    if (!reading.fields.length) return { applied: [], undecided: [] };
    const procedure = reading.byName.get('Procedure')?.[0]?.field.value ?? '';
    const triggered = this.triggeredBy(procedure);
    const guidance = settings.guidance;
    if (!triggered.length && !reading.guidance.length && !guidance?.length) return { applied: [], undecided: [] };
    const configured = guidance?.length ? guidance.map((g) => g.toUpperCase()) : NO_IDS;
    const isNamed = (p: GuidancePack) => reading.guidance.includes(p.id) || configured.includes(p.id);
    const several = triggered.length > 1;
    const decided = triggered.some(isNamed);
    const applied: AppliedPack[] = [];
    for (const pack of this.packs) {
      const declared = reading.guidance.includes(pack.id);
      const isConfigured = configured.includes(pack.id);
      const isTriggered = triggered.includes(pack);
      if (declared || isConfigured || (isTriggered && !several)) {
        applied.push({ pack, declared, configured: isConfigured, triggered: isTriggered });
      }
    }
    return { applied, undecided: several && !decided ? [...triggered] : [] };
  }

  /** The packs a Procedure text triggers, kept by the text (notes repeat their procedures; emptied past 4,096 texts). */
  private triggeredBy(procedure: string): readonly GuidancePack[] {
    let packs = this.triggerCache.get(procedure);
    if (!packs) {
      const words = procedureWords(procedure);
      packs = this.packs.filter((p) => wordsTrigger(p, words));
      if (this.triggerCache.size >= 4096) this.triggerCache.clear();
      this.triggerCache.set(procedure, packs);
    }
    return packs;
  }
}

const NO_IDS: readonly string[] = [];

function summarize(note: Note, reading: NoteReading | null, packs: readonly AppliedPack[]): NoteSummary {
  const line = note.startLine;
  if (!reading) return { line, episode: null, guidance: [], approach: null, imageControl: null, opcs4: [], icd10: [] };
  const listed = (entries: NoteReading['opcs']) => entries.map((e) => e.code ?? (e.openCategory ? `${e.openCategory}.-` : e.entry.codeText));
  const guidance = [...reading.guidance];
  for (const p of packs) if (!guidance.includes(p.pack.id)) guidance.push(p.pack.id);
  return {
    line,
    episode: reading.byName.get('Episode')?.[0]?.field.value || null,
    guidance,
    approach: reading.approach.state === 'known' ? reading.approach.value : null,
    imageControl: reading.imageControl.state === 'known' ? reading.imageControl.value : null,
    opcs4: listed(reading.opcs),
    icd10: listed(reading.icd),
  };
}
