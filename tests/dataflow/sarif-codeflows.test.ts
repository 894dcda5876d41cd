/**
 * @fileoverview SARIF `codeFlows` of data-flow findings: the flow (source, steps, sink) of a taint
 * finding becomes one thread flow, the output stays valid against the SARIF 2.1.0 schema, and findings
 * of other rules get no code flow.
 */
import { describe, expect, it } from "vitest";
import type * as Sarif from "sarif";
import { analyzeProject } from "../../src/core/analyzer.js";
import { buildSarifLog } from "../../src/reporters/sarif.js";
import { rules } from "../../src/rules/index.js";
import { sarifValidator } from "../reporters/sarif-schema.js";

const VIEWS = `from flask import Flask, request
import os

app = Flask(__name__)
app.config["SECRET_KEY"] = "not-the-real-key"


@app.route("/ping")
def ping():
    host = request.args.get("host", "")
    command = "ping -c 1 " + host
    os.system(command)
    return "ok"
`;

describe("SARIF codeFlows", () => {
  const result = analyzeProject([{ path: "app.py", text: VIEWS }], { select: ["FG803", "FG201"] });
  const log = buildSarifLog(result, {
    toolVersion: "0.0.0-test",
    rules: new Map(rules.map((r) => [r.meta.code, r.meta])),
    sources: result.texts,
    filesScanned: 1,
    rootUri: "file:///project/",
    color: false,
  });
  const results = log.runs[0]!.results!;

  it("gives a taint finding one thread flow from the source to the sink", () => {
    const taint = results.find((r) => r.ruleId === "FG803")!;
    const locations = taint.codeFlows![0]!.threadFlows[0]!.locations;
    const lines = locations.map((l) => [l.location!.physicalLocation!.region!.startLine, l.location!.message!.text]);
    expect(lines).toEqual([
      [10, "source: `request.args`"],
      [10, "assigned to `host`"],
      [11, "string built here"],
      [11, "assigned to `command`"],
      [12, expect.stringMatching(/^sink: Request data/)],
    ]);
  });

  it("leaves other findings without code flows, and the log is schema-valid", () => {
    const other = results.find((r) => r.ruleId === "FG201")!;
    expect(other.codeFlows).toBeUndefined();
    const validate = sarifValidator();
    expect(validate(log as Sarif.Log), JSON.stringify(validate.errors)).toBe(true);
  });
});
