// A field line as the parser reads it: its columns kept as numbers, its ranges
// made when first asked for (most fields of most notes are never reported).

import type { Range } from './types';
import { lineRange } from './types';
import type { FieldLine, FieldRepair, ItemLine } from './parse';
import { isSpace } from './chars';

/**
 * A field line. Its columns are kept as numbers and its ranges made on first
 * use: most fields of most notes are never reported, and a range is three objects.
 */
export class FieldNode implements FieldLine {
  items: ItemLine[] = [];
  lastLine: number;
  private nameRangeMade: Range | undefined;
  private valueRangeMade: Range | undefined;

  constructor(
    readonly line: number,
    public name: string,
    readonly value: string,
    public repair: FieldRepair | null,
    private readonly nameStart: number,
    private readonly nameEnd: number,
    private readonly valueStart: number,
  ) {
    this.lastLine = line;
  }

  get nameRange(): Range {
    return (this.nameRangeMade ??= lineRange(this.line, this.nameStart, this.nameEnd));
  }

  get valueRange(): Range {
    return (this.valueRangeMade ??= lineRange(this.line, this.valueStart, this.valueStart + this.value.length));
  }

  set valueRange(range: Range) {
    this.valueRangeMade = range;
  }

  /** The column where the value starts (its range's start), without making the range. */
  get valueColumn(): number {
    return this.valueRangeMade ? this.valueRangeMade.start.character : this.valueStart;
  }

  /** The column where the name ends (its range's end), without making the range. */
  get nameEndColumn(): number {
    return this.nameEnd;
  }
}

/** Where a field's value starts: `valueRange.start.character`, made only when something asked for the range. */
export function valueColumn(field: FieldLine): number {
  return field instanceof FieldNode ? field.valueColumn : field.valueRange.start.character;
}

/** Where a field's name ends: `nameRange.end.character`, without making the range. */
export function nameEndColumn(field: FieldLine): number {
  return field instanceof FieldNode ? field.nameEndColumn : field.nameRange.end.character;
}

/** A field line at `start`, where `text` (the line from there) has its name and then a colon. */
export function fieldLine(line: number, start: number, text: string, name: string, repair: FieldRepair | null): FieldLine {
  const colon = text.indexOf(':', name.length);
  let a = colon + 1;
  let b = text.length;
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  const value = a < b ? text.slice(a, b) : '';
  const valueStart = value ? start + a : start + colon + 1;
  return new FieldNode(line, name, value, repair, start, start + name.length, valueStart);
}

/** An item line, its range made on first use (an entry reads its column: `itemColumn`). */
export class ItemNode implements ItemLine {
  private rangeMade: Range | undefined;

  constructor(
    readonly line: number,
    readonly text: string,
    private readonly column: number,
    readonly indent: string,
  ) {}

  get range(): Range {
    return (this.rangeMade ??= lineRange(this.line, this.column, this.column + this.text.length));
  }

  get startColumn(): number {
    return this.column;
  }
}

/** Where an item's text starts: `range.start.character`, without making the range. */
export function itemColumn(item: ItemLine): number {
  return item instanceof ItemNode ? item.startColumn : item.range.start.character;
}
