/**
 * @fileoverview The `[tool.flaskguard.dataflow]` table: validation of sources, sanitizers and sinks
 * (kind prefixes, dotted names), and its mapping onto the `dataflow*` options of every taint rule
 * (per-rule values win), plus `password-hash-policy` onto FG655's `policy`.
 */
import { describe, expect, it } from "vitest";
import { ConfigError, validateConfig } from "../../src/config/config.js";
import { DATAFLOW_RULES, effectiveSettings } from "../../src/config/options.js";
import { analyzeProject } from "../../src/core/analyzer.js";
import { findRule } from "../../src/rules/index.js";

const validate = (raw: Record<string, unknown>) => validateConfig(raw, "pyproject.toml", "/base", findRule);

describe("[dataflow] configuration", () => {
  it("accepts sources, kind-prefixed sinks and sanitizers with or without a kind", () => {
    const config = validate({
      dataflow: { sources: ["myapp.http.param"], sanitizers: ["myapp.clean", "sql:myapp.db.quote"], sinks: ["sql:myapp.db.raw"] },
    });
    expect(config.dataflow).toEqual({ sources: ["myapp.http.param"], sanitizers: ["myapp.clean", "sql:myapp.db.quote"], sinks: ["sql:myapp.db.raw"] });
  });

  it.each([
    [{ sinks: ["myapp.db.raw"] }, /needs a sink kind prefix/],
    [{ sinks: ["database:myapp.db.raw"] }, /unknown kind "database"/],
    [{ sources: ["sql:myapp.param"] }, /sources take no kind prefix/],
    [{ sanitizers: ["not a name"] }, /dotted Python name/],
    [{ sinks_extra: [] }, /unknown key "sinks_extra"/],
    [["sql:x"], /expected a table/],
  ])("rejects %j", (value, message) => {
    expect(() => validate({ dataflow: value })).toThrow(ConfigError);
    expect(() => validate({ dataflow: value })).toThrow(message);
  });

  it("fills the options of every taint rule; a rule's own table wins", () => {
    const config = validate({
      dataflow: { sources: ["myapp.param"], sinks: ["command:myapp.run"] },
      rules: { FG801: { dataflowSources: ["myapp.sql_param"] } },
      "password-hash-policy": "argon2",
    });
    const options = effectiveSettings(config, {}).analyze.ruleOptions!;
    for (const code of DATAFLOW_RULES) expect(options[code]).toBeDefined();
    expect(options["FG803"]).toMatchObject({ dataflowSources: ["myapp.param"], dataflowSinks: ["command:myapp.run"] });
    expect(options["FG801"]!["dataflowSources"]).toEqual(["myapp.sql_param"]);
    expect(options["FG655"]).toEqual({ policy: "argon2" });
  });

  it("the mapped options reach the engine", () => {
    const config = validate({ dataflow: { sources: ["myapp.param"], sinks: ["command:myapp.run"] } });
    const analyze = effectiveSettings(config, {}).analyze;
    const text = "from flask import Flask\nfrom myapp import param, run\napp = Flask(__name__)\n\ndef view():\n    run(param('x'))\n";
    const result = analyzeProject([{ path: "app.py", text }], { ...analyze, select: ["FG803"] });
    expect(result.findings.map((f) => `${f.rule}:${f.line}`)).toEqual(["FG803:6"]);
  });
});
