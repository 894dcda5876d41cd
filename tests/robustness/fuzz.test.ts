/**
 * @fileoverview A bounded, seeded fuzz run of the full scan (analyzeProject plus every reporter) on
 * mutated copies of the example apps and the rule fixtures: no crash, no rule or engine crash
 * reported, a structured syntax or encoding error for broken files, positions inside the files,
 * valid json and sarif. Deterministic (fixed seeds); longer runs: `npm run fuzz -- --iterations N`.
 * A hang shows up as this test's timeout; the fuzz script checks a per-case bound.
 */

import { describe, expect, it } from "vitest";

import { REPO_ROOT } from "../cli/helpers.js";
import { caseSeed, loadSeeds, mutate, prng, runCase } from "./mutate.js";

/** Cases per `npm test` run (a few seconds); the fuzz script runs as many as asked. */
const ITERATIONS = 600;

describe("mutator", () => {
  it("is deterministic for a seed and actually changes the input", () => {
    const input = new TextEncoder().encode("from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n");
    const a = mutate(input, prng(42), 3);
    const b = mutate(input, prng(42), 3);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(a.applied).toEqual(b.applied);
    let changed = 0;
    for (let seed = 0; seed < 50; seed++) if (!Buffer.from(mutate(input, prng(seed), 2).bytes).equals(Buffer.from(input))) changed++;
    expect(changed).toBeGreaterThan(40);
  });
});

describe("fuzzing the full scan", () => {
  const seeds = loadSeeds(REPO_ROOT);

  it("has seed projects (the examples and the fixtures)", () => {
    expect(seeds.length).toBeGreaterThan(2);
    expect(seeds.some((s) => s.name === "examples/insecure-app")).toBe(true);
  });

  it(`survives ${ITERATIONS} mutated projects with structured results`, () => {
    const verdicts = new Map<string, number>();
    const failures: string[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const random = prng(caseSeed(20261128, i));
      const seed = seeds[Math.floor(random() * seeds.length)]!;
      const outcome = runCase(seed, random);
      verdicts.set(outcome.verdict, (verdicts.get(outcome.verdict) ?? 0) + 1);
      if (outcome.problems.length > 0) {
        failures.push(`case ${i} (${outcome.seed} ${outcome.file}, ${outcome.applied.join(",")}): ${outcome.problems.join("; ")}`);
      }
    }
    expect(failures).toEqual([]);
    // The mutations reach every outcome: analysed files, syntax errors and encoding errors.
    expect(verdicts.get("analysed") ?? 0).toBeGreaterThan(0);
    expect(verdicts.get("syntax-error") ?? 0).toBeGreaterThan(0);
    expect(verdicts.get("encoding-error") ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
