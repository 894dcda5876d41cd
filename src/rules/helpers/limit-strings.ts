/**
 * @fileoverview Flask-Limiter rate-limit strings (the `limits` package notation): parsing
 * `"5 per minute"`, `"5/minute"`, `"10 per 2 minutes"`, `"5/minute;100/day"`,
 * `"5 per minute, 100 per day"` into items, and comparing items by rate (requests per second),
 * so a rule can tell whether a route's limit is at least as tight as a required one.
 */
import type { Value } from "../../semantic/evaluate.js";

/** One parsed limit item: `count` requests per `seconds`. */
export interface LimitItem {
  count: number;
  /** Length of the window in seconds (`2 minutes` → 120). */
  seconds: number;
  /** The item as written (`5 per minute`). */
  text: string;
}

/** Seconds per granularity, as the `limits` package counts them (a month is 30 days, a year 365). */
const GRANULARITY: Readonly<Record<string, number>> = {
  second: 1,
  minute: 60,
  hour: 3600,
  day: 86400,
  month: 30 * 86400,
  year: 365 * 86400,
};

const ITEM = /^\s*(\d+)\s*(?:\/|per)\s*(\d+)?\s*(second|minute|hour|day|month|year)s?\s*$/i;
const SEPARATOR = /[,;|]/;

/**
 * Parses a limit string into its items, or null when any part is not a limit.
 *
 * `parseLimitString("5/minute;100/day")` → `[{count: 5, seconds: 60}, {count: 100, seconds: 86400}]`;
 * `parseLimitString("10 per 2 minutes")` → `[{count: 10, seconds: 120}]`; `parseLimitString("fast")` → null.
 */
export function parseLimitString(text: string): LimitItem[] | null {
  const parts = text.split(SEPARATOR).map((p) => p.trim()).filter((p) => p.length > 0);
  if (parts.length === 0) return null;
  const items: LimitItem[] = [];
  for (const part of parts) {
    const m = ITEM.exec(part);
    if (!m) return null;
    const multiple = m[2] ? Number(m[2]) : 1;
    const unit = GRANULARITY[m[3]!.toLowerCase()]!;
    if (multiple <= 0) return null;
    items.push({ count: Number(m[1]), seconds: multiple * unit, text: part });
  }
  return items;
}

/**
 * The limit items an evaluated value holds: a limit string, or a list/tuple of them
 * (`default_limits=["200 per day", "50 per hour"]`). Null when it is not known (a callable,
 * an environment read without a parseable fallback, anything else).
 */
export function limitItemsOf(value: Value | null | undefined): LimitItem[] | null {
  if (!value) return null;
  if (value.kind === "str") return parseLimitString(value.value);
  if (value.kind === "list" || value.kind === "tuple" || value.kind === "set") {
    const out: LimitItem[] = [];
    for (const item of value.items) {
      const parsed = limitItemsOf(item);
      if (!parsed) return null;
      out.push(...parsed);
    }
    return out;
  }
  return null;
}

/** Requests per second an item allows on average (`5 per minute` → 0.0833). */
export function rateOf(item: LimitItem): number {
  return item.count / item.seconds;
}

/**
 * The tightest of several items that all apply at once (Flask-Limiter enforces every one, so the
 * lowest rate binds), or null for an empty list.
 */
export function tightest(items: readonly LimitItem[]): LimitItem | null {
  let best: LimitItem | null = null;
  for (const item of items) if (!best || rateOf(item) < rateOf(best)) best = item;
  return best;
}

/**
 * Whether `item` is at least as strict as `required` (allows no more requests per second on
 * average): `10 per 2 minutes` meets `5 per minute`; `100 per day` meets it too; `10 per minute`
 * does not.
 */
export function meetsLimit(item: LimitItem, required: LimitItem): boolean {
  return rateOf(item) <= rateOf(required) * (1 + 1e-9);
}

/** Renders items back as one limit string (`5 per minute;100 per day`). */
export function formatLimits(items: readonly LimitItem[]): string {
  return items.map((i) => i.text).join(";");
}
