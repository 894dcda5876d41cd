/**
 * @fileoverview Runs every rule fixture (`tests/fixtures/rules/<code>-<name>/*.py`) and every fixture
 * project (`tests/fixtures/projects/<scenario>/`) through the analyzer and checks the inline
 * annotations strictly (see `tests/core/fixture-harness.ts`), plus the expected results of applying
 * fixes (`<case>.fixed.py` for safe fixes, `<case>.unsafe-fixed.py` for safe + unsafe ones).
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  fixFixture,
  projectFixtures,
  ruleFixtureProjects,
  ruleFixtures,
  runFixtureFiles,
} from "./core/fixture-harness.js";

const fixtures = ruleFixtures();
const byDir = new Map<string, typeof fixtures>();
for (const f of fixtures) byDir.set(f.dir, [...(byDir.get(f.dir) ?? []), f]);

describe("rule fixtures", () => {
  it("exist", () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });
  for (const [dir, list] of byDir) {
    describe(dir, () => {
      for (const fx of list) {
        it(fx.file, () => {
          const run = runFixtureFiles([{ path: fx.file, text: fx.text }]);
          expect(run.failures).toEqual([]);
        });
        for (const [suffix, level] of [[".fixed.py", "safe"], [".unsafe-fixed.py", "unsafe"]] as const) {
          const expectedPath = fx.absolute.replace(/\.py$/, suffix);
          if (expectedPath === fx.absolute || !existsSync(expectedPath)) continue; // only Python fixtures have fixed twins
          it(`${fx.file} → ${fx.file.replace(/\.py$/, suffix)}`, () => {
            expect(fixFixture(fx.file, fx.text, level)).toBe(readFileSync(expectedPath, "utf8"));
          });
        }
      }
    });
  }
});

describe("multi-file rule fixtures", () => {
  for (const project of ruleFixtureProjects()) {
    it(project.scenario, () => {
      const run = runFixtureFiles(project.files);
      expect(run.failures).toEqual([]);
    });
  }
});

describe("project fixtures", () => {
  for (const project of projectFixtures()) {
    it(project.scenario, () => {
      const run = runFixtureFiles(project.files);
      expect(run.failures).toEqual([]);
    });
  }
});
