// The core's public surface, for the adapters (language server, CLI) and tests.
export * from './types';
export { Engine } from './engine';
export type { CheckSettings, CheckResult, FixAllResult, NoteSummary, EngineOptions } from './engine';
export { parse } from './parse';
export type { NoteFile, Note, FieldLine, ItemLine, CommentLine, Directive } from './parse';
export { applyEdits, splitLines } from './text';
export { parseConfig, DEFAULT_CONFIG } from './config';
export type { CodingNotesConfig } from './config';
export { disableLineEdit } from './suppress';
export { Terminology, CLASSIFICATION_NAMES } from './terminology';
export type { CodeInfo, Classification } from './terminology';
export type { GuidancePack } from './guidance/pack';
export type { Rule } from './rules/rule';
export { FIELDS } from './fields';
export { complete } from './features/completion';
export { hover } from './features/hover';
export type { HoverOptions } from './features/hover';
