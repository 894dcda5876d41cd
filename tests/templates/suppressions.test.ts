/**
 * @fileoverview Suppression directives in templates (`{# flaskguard: ignore[...] -- reason #}`,
 * file-level `ignore-file`) and JavaScript (`// flaskguard: ignore[...] -- reason` in static scripts
 * and inline `<script>` blocks): same anchoring, reason requirement, FG001/FG002 reports and
 * removal fixes as the Python directives, read by the same suppression code.
 */
import { describe, expect, it } from "vitest";
import { analyzeProject } from "../../src/core/analyzer.js";
import { scriptComments, parseTemplate } from "../../src/templates/index.js";

function run(files: Record<string, string>) {
  const result = analyzeProject(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    { select: ["FG001", "FG002", "FG301", "FG302", "FG903"], reportUnusedSuppressions: true },
  );
  return result.findings.map((f) => ({ at: `${f.file}:${f.line} ${f.rule}`, suppressed: f.suppressed, fix: f.fix }));
}

describe("template and JavaScript suppressions", () => {
  it("a Jinja comment covers its own line, or the next line when it stands alone", () => {
    const html = [
      "{# flaskguard: ignore[FG301] -- posts to the payment provider's hosted page #}",
      '<form method="post"></form>',
      '<form method="post"></form> {# flaskguard: ignore[form-without-csrf-token] -- same #}',
      '<form method="post"></form>',
    ].join("\n");
    const out = run({ "templates/pay.html": html });
    expect(out.map((f) => [f.at, f.suppressed])).toEqual([
      ["templates/pay.html:2 FG301", { kind: "inline", justification: "posts to the payment provider's hosted page" }],
      ["templates/pay.html:3 FG301", { kind: "inline", justification: "same" }],
      ["templates/pay.html:4 FG301", false],
    ]);
  });

  it("honours whitespace-control markers and file-level directives", () => {
    const html = '{#- flaskguard: ignore-file[FG301] -- demo pages of the style guide -#}\n<form method="post"></form>\n<form method="POST"></form>\n';
    const out = run({ "templates/demo.html": html });
    expect(out.map((f) => [f.at, f.suppressed && f.suppressed.kind])).toEqual([
      ["templates/demo.html:2 FG301", "file"],
      ["templates/demo.html:3 FG301", "file"],
    ]);
  });

  it("requires a reason (FG001) and reports unused directives (FG002) with a fix that removes the whole comment", () => {
    const html = '<p>a</p>\n  {# flaskguard: ignore[FG301] #}\n<form method="post"></form>\n{# flaskguard: ignore[FG903] -- stale #}\n<p>b</p>\n';
    const out = run({ "templates/t.html": html });
    expect(out.map((f) => [f.at, f.suppressed])).toEqual([
      ["templates/t.html:2 FG001", false],
      ["templates/t.html:3 FG301", false],
      ["templates/t.html:4 FG002", false],
    ]);
    const edit = out[2]!.fix!.edits[0]!;
    const fixed = html.slice(0, edit.range.start) + edit.text + html.slice(edit.range.end);
    expect(fixed).toBe('<p>a</p>\n  {# flaskguard: ignore[FG301] #}\n<form method="post"></form>\n<p>b</p>\n');
  });

  it("removes only the comment when code shares its line", () => {
    const html = '<p>x</p> {# flaskguard: ignore[FG301] -- unused #}\n';
    const out = run({ "templates/t.html": html });
    const edit = out.find((f) => f.at.endsWith("FG002"))!.fix!.edits[0]!;
    expect(html.slice(0, edit.range.start) + html.slice(edit.range.end)).toBe("<p>x</p>\n");
  });

  it("reads // directives in static scripts and inline script blocks, not // inside strings", () => {
    const js = [
      "// flaskguard: ignore[FG302] -- this endpoint authenticates with a bearer token",
      'fetch("/api/a", {method: "POST"});',
      'fetch("/api/b", {method: "POST"}); // flaskguard: ignore[FG302] -- same API',
      'const s = "// flaskguard: ignore[FG302] -- inside a string";',
      'fetch("/api/c", {method: "POST"});',
    ].join("\n");
    const html = '<script>\n  // flaskguard: ignore[FG302] -- posts to a token-authenticated API\n  fetch("/x", {method: "DELETE"});\n  fetch("/y", {method: "PUT"});\n</script>\n';
    const out = run({ "static/app.js": js, "templates/page.html": html });
    expect(out.map((f) => [f.at, f.suppressed && f.suppressed.kind])).toEqual([
      ["static/app.js:2 FG302", "inline"],
      ["static/app.js:3 FG302", "inline"],
      ["static/app.js:5 FG302", false],
      ["templates/page.html:3 FG302", "inline"],
      ["templates/page.html:4 FG302", false],
    ]);
  });

  it("collects comments only from files that mention flaskguard, with exact offsets", () => {
    expect(parseTemplate("t.html", "{# note #}<p></p>").comments).toEqual([]);
    const t = parseTemplate("t.html", "<p></p>\n{# flaskguard: ignore[FG903] -- x #}");
    expect(t.comments).toHaveLength(1);
    expect(t.comments[0]).toMatchObject({ lineno: 2, start: 8, outer: { start: 8, end: 44 } });
    expect(t.comments[0]!.text).toBe("{# flaskguard: ignore[FG903] -- x");
    const js = scriptComments("let a = 1; /* flaskguard: block */\n// flaskguard: ignore[FG302] -- y\n");
    expect(js.map((c) => [c.lineno, c.text])).toEqual([[2, "// flaskguard: ignore[FG302] -- y"]]);
  });
});
