/**
 * @fileoverview Snapshot tests of the Flask project model: every fixture project under
 * `tests/fixtures/model/<scenario>/` (single file; factory + config classes; factory +
 * extensions.py; config dict selected by an env var; blueprints across packages; src layout) is
 * parsed as the engine does, built and serialised with `serializeModel`, and the JSON must equal
 * `tests/project/snapshots/<scenario>.snap`. Run with `UPDATE_SNAPSHOTS=1` to rewrite them after an
 * intended model change, then review the diff.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { serializeModel } from "../../src/project/serialize.js";
import { ROOT } from "../core/fixture-harness.js";
import { modelOf, readProject } from "./read-project.js";

const FIXTURES = join(ROOT, "tests", "fixtures", "model");
const SNAPSHOTS = join(ROOT, "tests", "project", "snapshots");

describe("model snapshots", () => {
  const scenarios = readdirSync(FIXTURES).filter((s) => statSync(join(FIXTURES, s)).isDirectory()).sort();
  it("cover the six project styles", () => {
    expect(scenarios).toEqual(["blueprints-packages", "config-dict-env", "factory-config-classes", "factory-extensions", "single-file", "src-layout"]);
  });
  for (const scenario of scenarios) {
    it(scenario, () => {
      const model = modelOf(readProject(join(FIXTURES, scenario)));
      const actual = `${JSON.stringify(serializeModel(model), null, 2)}\n`;
      const snap = join(SNAPSHOTS, `${scenario}.snap`);
      if (process.env["UPDATE_SNAPSHOTS"] === "1") writeFileSync(snap, actual);
      expect(existsSync(snap), `missing ${scenario}.snap: run with UPDATE_SNAPSHOTS=1`).toBe(true);
      expect(actual).toBe(readFileSync(snap, "utf8"));
    });
  }
});
