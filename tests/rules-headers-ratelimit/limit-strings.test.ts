/**
 * @fileoverview Flask-Limiter limit strings: every notation the rate-limiting rules parse, and the
 * rate comparison that decides whether a limit is tight enough.
 */
import { describe, expect, it } from "vitest";
import { limitItemsOf, meetsLimit, parseLimitString, tightest } from "../../src/rules/helpers/limit-strings.js";
import type { Value } from "../../src/semantic/evaluate.js";

const origin = { file: "", node: { type: "Constant", start: 0, end: 0 } } as unknown as Value["origin"];
const str = (value: string): Value => ({ kind: "str", value, bytes: false, origin });
const items = (text: string) => parseLimitString(text)?.map((i) => [i.count, i.seconds]);

describe("parseLimitString", () => {
  it.each([
    ["5 per minute", [[5, 60]]],
    ["5/minute", [[5, 60]]],
    ["5/MINUTES", [[5, 60]]],
    ["10 per 2 minutes", [[10, 120]]],
    ["10/2 minutes", [[10, 120]]],
    ["5/minute;100/day", [[5, 60], [100, 86400]]],
    ["5 per minute, 100 per day", [[5, 60], [100, 86400]]],
    ["1 per second|3 per hour", [[1, 1], [3, 3600]]],
    ["2 per month", [[2, 30 * 86400]]],
    ["1/year", [[1, 365 * 86400]]],
    ["  7 per  hour  ", [[7, 3600]]],
  ])("%s", (text, expected) => {
    expect(items(text)).toEqual(expected);
  });

  it.each(["", "fast", "5 per fortnight", "per minute", "5 minute", "5/minute;nonsense", "5 per 0 minutes"])("rejects %j", (text) => {
    expect(parseLimitString(text)).toBeNull();
  });
});

describe("limitItemsOf", () => {
  it("reads strings and lists of strings, nothing else", () => {
    expect(limitItemsOf(str("5/minute"))?.length).toBe(1);
    expect(limitItemsOf({ kind: "list", items: [str("200 per day"), str("50 per hour")], origin })?.map((i) => i.count)).toEqual([200, 50]);
    expect(limitItemsOf({ kind: "list", items: [str("200 per day"), { kind: "unknown", reason: "call", origin }], origin })).toBeNull();
    expect(limitItemsOf({ kind: "unknown", reason: "a callable", origin })).toBeNull();
    expect(limitItemsOf(null)).toBeNull();
  });
});

describe("meetsLimit and tightest", () => {
  const required = parseLimitString("5 per minute")![0]!;
  it.each([
    ["5 per minute", true],
    ["10 per 2 minutes", true],
    ["300 per hour", true],
    ["100 per day", true],
    ["6 per minute", false],
    ["10 per minute", false],
    ["1 per second", false],
    ["400 per hour", false],
  ])("%s meets 5 per minute: %s", (text, ok) => {
    expect(meetsLimit(parseLimitString(text)![0]!, required)).toBe(ok);
  });

  it("takes the lowest rate of limits that apply together", () => {
    expect(tightest(parseLimitString("100 per minute;10 per hour")!)?.text).toBe("10 per hour");
    expect(tightest([])).toBeNull();
  });
});
