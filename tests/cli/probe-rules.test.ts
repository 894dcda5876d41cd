/**
 * @fileoverview `flaskguard rules` lists the probe's runtime checks after the static rules, and
 * `flaskguard explain` finds a probe check by code or name (its page under docs/probe/).
 */
import { afterAll, describe, expect, it } from "vitest";
import { cleanupProjects, run, tempProject } from "./helpers.js";

afterAll(cleanupProjects);

describe("probe checks in rules and explain", () => {
  const dir = tempProject({ "app.py": "x = 1\n" });

  it("lists the probe checks in the text table", () => {
    const r = run(["rules"], dir);
    expect(r.status).toBe(0);
    const probeSection = r.stdout.slice(r.stdout.indexOf("flaskguard probe URL"));
    expect(probeSection).toMatch(/^FGP01 /m);
    expect(probeSection).toMatch(/^FGP15 /m);
  });

  it("explains a probe check by code (any case) or by name", () => {
    const byCode = run(["explain", "fgp13"], dir);
    expect(byCode.status).toBe(0);
    expect(byCode.stdout).toMatch(/^# FGP13 /m);
    const name = /^# FGP13 (\S+)/m.exec(byCode.stdout)![1]!;
    expect(run(["explain", name], dir).stdout).toBe(byCode.stdout);
  });

  it("still rejects unknown codes", () => {
    expect(run(["explain", "FGP99"], dir).status).toBe(2);
  });
});
