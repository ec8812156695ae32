/**
 * Field-by-field comparison of two frozen proposal snapshots (pure; no I/O).
 *
 * Objects are compared key by key, recursively. Arrays of objects are matched by a stable key rather than by
 * position, so that reordering or inserting a partner does not report every later partner as changed:
 * partners by organisation + country, deliverables by id (or, lacking one, by title), actions by code,
 * funding sources by source, indicator contributions by indicator code, co-editors by e-mail. Arrays of
 * plain values (countries) are compared as sets. Any other array of objects is compared by position.
 * `null` and a missing key both mean "no value": a value appearing is `added`, disappearing is `removed`.
 */

export type SnapshotChangeKind = 'added' | 'removed' | 'changed';

export interface SnapshotChange {
  /** Where the change is, e.g. `title`, `partners[Baltic Rescue|SE].role`, `countries[LT]`. */
  path: string;
  change: SnapshotChangeKind;
  before?: unknown;
  after?: unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: unknown };

/** How the items of one array are identified; returns null when the item has no usable key. */
type KeyOf = (item: unknown) => string | null;

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim().length > 0 ? value.trim() : null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function field(item: unknown, name: string): unknown {
  return isObject(item) ? item[name] : undefined;
}

/** Case and surrounding spaces do not make a different organisation or title. */
function normalised(value: unknown): string | null {
  const found = text(value);
  return found === null ? null : found.replace(/\s+/g, ' ').toLowerCase();
}

const byFields =
  (...names: string[]): KeyOf =>
  (item) => {
    const parts = names.map((name) => normalised(field(item, name)));
    return parts.every((part) => part !== null) ? parts.join('|') : null;
  };

/** Arrays (by their path without keys, e.g. `partners`) and how their items are matched. */
const ARRAY_KEYS: Record<string, KeyOf[]> = {
  partners: [byFields('organisation', 'country')],
  // Two passes: items carrying ids match by id; the rest (e.g. a deliverable only just planned) by title.
  deliverables: [byFields('id'), byFields('title')],
  actions: [(item) => (typeof item === 'string' ? normalised(item) : normalised(field(item, 'code')))],
  fundingSources: [byFields('source')],
  indicatorContributions: [byFields('indicatorCode')],
  coEditors: [byFields('email')],
};

/** How a keyed item is shown in a path: its readable key, not the normalised one. */
const ARRAY_LABELS: Record<string, (item: unknown) => string | null> = {
  partners: (item) => {
    const organisation = text(field(item, 'organisation'));
    const country = text(field(item, 'country'));
    return organisation && country ? `${organisation}|${country}` : null;
  },
  deliverables: (item) => text(field(item, 'id')) ?? text(field(item, 'title')),
  actions: (item) => (typeof item === 'string' ? text(item) : text(field(item, 'code'))),
  fundingSources: (item) => text(field(item, 'source')),
  indicatorContributions: (item) => text(field(item, 'indicatorCode')),
  coEditors: (item) => text(field(item, 'email')),
};

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAbsent(value: unknown): boolean {
  return value === null || value === undefined;
}

function isPlain(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** Deep equality of JSON values; object key order does not matter. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => jsonEqual(item, b[index]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) if (!jsonEqual(a[key], b[key])) return false;
    return true;
  }
  if (isAbsent(a) && isAbsent(b)) return true;
  return false;
}

/** Strips `[...]` segments so that `deliverables[x].evidence` finds the rules of `deliverables.evidence`. */
function shapeOf(path: string): string {
  return path.replace(/\[[^\]]*\]/g, '');
}

function segment(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function diffValues(path: string, before: unknown, after: unknown, out: SnapshotChange[]): void {
  if (jsonEqual(before, after)) return;
  if (isAbsent(before)) {
    out.push({ path, change: 'added', after });
    return;
  }
  if (isAbsent(after)) {
    out.push({ path, change: 'removed', before });
    return;
  }
  if (isObject(before) && isObject(after)) {
    diffObjects(path, before, after, out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    diffArrays(path, before, after, out);
    return;
  }
  out.push({ path, change: 'changed', before, after });
}

function diffObjects(path: string, before: JsonObject, after: JsonObject, out: SnapshotChange[]): void {
  // The order of the newer snapshot, then keys that only the older one had.
  const keys = [...Object.keys(after), ...Object.keys(before).filter((key) => !(key in after))];
  for (const key of keys) diffValues(segment(path, key), before[key], after[key], out);
}

function diffArrays(path: string, before: unknown[], after: unknown[], out: SnapshotChange[]): void {
  const keyers = ARRAY_KEYS[shapeOf(path)];
  if (before.every(isPlain) && after.every(isPlain) && !keyers) {
    diffSets(path, before, after, out);
    return;
  }
  if (!keyers) {
    diffByPosition(path, before, after, out);
    return;
  }
  diffKeyed(path, before, after, keyers, out);
}

function diffSets(path: string, before: unknown[], after: unknown[], out: SnapshotChange[]): void {
  const render = (value: unknown): string => String(value);
  const beforeSet = new Set(before.map(render));
  const afterSet = new Set(after.map(render));
  for (const item of after) {
    if (!beforeSet.has(render(item)))
      out.push({ path: `${path}[${render(item)}]`, change: 'added', after: item });
  }
  for (const item of before) {
    if (!afterSet.has(render(item)))
      out.push({ path: `${path}[${render(item)}]`, change: 'removed', before: item });
  }
}

function diffByPosition(path: string, before: unknown[], after: unknown[], out: SnapshotChange[]): void {
  const length = Math.max(before.length, after.length);
  for (let index = 0; index < length; index += 1) {
    diffValues(`${path}[${index}]`, before[index], after[index], out);
  }
}

interface Pairing {
  beforeIndex: number | null;
  afterIndex: number | null;
}

/**
 * Pairs items pass by pass (e.g. first by id, then by title among the still unmatched). Within one pass,
 * duplicate keys pair in order of appearance, so two identical partners do not collapse into one.
 */
function pairItems(before: unknown[], after: unknown[], keyers: KeyOf[]): Pairing[] {
  const beforeFree = new Set(before.map((_, index) => index));
  const afterPartner = new Map<number, number>();
  for (const keyOf of keyers) {
    const waiting = new Map<string, number[]>();
    for (const index of beforeFree) {
      const key = keyOf(before[index]);
      if (key === null) continue;
      waiting.set(key, [...(waiting.get(key) ?? []), index]);
    }
    after.forEach((item, afterIndex) => {
      if (afterPartner.has(afterIndex)) return;
      const key = keyOf(item);
      const candidates = key === null ? undefined : waiting.get(key);
      const beforeIndex = candidates?.shift();
      if (beforeIndex === undefined) return;
      afterPartner.set(afterIndex, beforeIndex);
      beforeFree.delete(beforeIndex);
    });
  }
  const pairs: Pairing[] = after.map((_, afterIndex) => ({
    afterIndex,
    beforeIndex: afterPartner.get(afterIndex) ?? null,
  }));
  for (const beforeIndex of [...beforeFree].sort((a, b) => a - b))
    pairs.push({ beforeIndex, afterIndex: null });
  return pairs;
}

function diffKeyed(
  path: string,
  before: unknown[],
  after: unknown[],
  keyers: KeyOf[],
  out: SnapshotChange[],
): void {
  const label = ARRAY_LABELS[shapeOf(path)];
  const used = new Map<string, number>();
  const itemPath = (item: unknown, fallbackIndex: number): string => {
    // Brackets inside a label would make the path ambiguous.
    const base = (label?.(item) ?? String(fallbackIndex)).replace(/\[/g, '(').replace(/\]/g, ')');
    const seen = (used.get(base) ?? 0) + 1;
    used.set(base, seen);
    return `${path}[${seen === 1 ? base : `${base}#${seen}`}]`;
  };
  for (const { beforeIndex, afterIndex } of pairItems(before, after, keyers)) {
    const oldItem = beforeIndex === null ? undefined : before[beforeIndex];
    const newItem = afterIndex === null ? undefined : after[afterIndex];
    const where = itemPath(newItem ?? oldItem, afterIndex ?? beforeIndex ?? 0);
    if (beforeIndex === null) out.push({ path: where, change: 'added', after: newItem });
    else if (afterIndex === null) out.push({ path: where, change: 'removed', before: oldItem });
    else diffValues(where, oldItem, newItem, out);
  }
}

/** Every difference from `before` (older revision) to `after` (newer revision), in the newer one's order. */
export function diffSnapshots(before: unknown, after: unknown): SnapshotChange[] {
  const out: SnapshotChange[] = [];
  diffValues('', before as Json, after as Json, out);
  return out;
}
