/**
 * @fileoverview Unit tests of the template layer: Jinja lexing and statement trees (offsets,
 * whitespace control, raw blocks, errors with exact positions), expression parsing, HTML contexts
 * after masking, inline scripts mapped back into the template, the JavaScript request extraction,
 * and template syntax errors surfacing as scan errors without stopping the scan.
 */
import { describe, expect, it } from "vitest";
import { analyzeProject } from "../../src/core/analyzer.js";
import { analyzeScript, lexTemplate, parseExpression, parseTemplate, TemplateSet } from "../../src/templates/index.js";

describe("Jinja lexer", () => {
  it("splits data, outputs, statements and comments with exact offsets", () => {
    const text = 'a{{ "}}" }}b{%- if x -%}c{# n #}';
    const { segments, errors } = lexTemplate(text);
    expect(errors).toEqual([]);
    expect(segments.map((s) => [s.kind, text.slice(s.start, s.end)])).toEqual([
      ["data", "a"],
      ["variable", '{{ "}}" }}'],
      ["data", "b"],
      ["block", "{%- if x -%}"],
      ["data", "c"],
      ["comment", "{# n #}"],
    ]);
    expect(text.slice(segments[3]!.innerStart, segments[3]!.innerEnd)).toBe(" if x ");
  });

  it("keeps {% raw %} content as data", () => {
    const t = parseTemplate("t.html", "{% raw %}{{ not_an_output }}{% endraw %}{{ x }}");
    expect(t.errors).toEqual([]);
    expect(t.outputs.map((o) => o.expr?.type)).toEqual(["Name"]);
  });

  it("reports unterminated tags and unbalanced blocks at their position", () => {
    const t = parseTemplate("t.html", "<p>\n  {% if a %}\n  {{ b\n</p>\n{% endfor %}\n");
    const messages = t.errors.map((e) => [e.start, e.message]);
    expect(messages).toContainEqual([19, expect.stringContaining("no closing print statement")]);
    expect(messages.some(([, m]) => String(m).includes("{% endfor %}"))).toBe(true);
    expect(messages.some(([, m]) => String(m).includes("'if' block is never closed"))).toBe(true);
  });
});

describe("Jinja expressions", () => {
  it("parses filters, tests, calls and attribute chains", () => {
    const text = "form.name(class_='x')|safe if user is not none else ''";
    const { expr, error } = parseExpression(text, 0, text.length);
    expect(error).toBeNull();
    expect(expr?.type).toBe("CondExpr");
    if (expr?.type !== "CondExpr") return;
    expect(expr.then.type).toBe("Filter");
    expect(expr.test.type).toBe("Test");
  });

  it("returns an error with its offset", () => {
    const text = "a + * b";
    const { error } = parseExpression(text, 0, text.length);
    expect(error?.start).toBe(4);
  });
});

describe("HTML contexts", () => {
  it("places outputs in text, quoted and unquoted attributes and scripts", () => {
    const t = parseTemplate("t.html", '<a href={{ u }} title="{{ t }}">{{ x }}</a><script>var n = {{ n|tojson }};</script>');
    expect(t.outputs.map((o) => o.context.kind)).toEqual(["attribute", "attribute", "text", "script"]);
    const [u, title] = t.outputs;
    expect(u!.context.kind === "attribute" && u!.context.quoted).toBe(false);
    expect(title!.context.kind === "attribute" && title!.context.quoted && title!.context.attribute.name).toBe("title");
  });

  it("maps inline script requests back to template offsets", () => {
    const text = '<p>{{ x }}</p>\n<script>\n  fetch("/a", {method: "POST", body: "{{ b }}"});\n</script>';
    const t = parseTemplate("t.html", text);
    const r = t.scripts[0]!.analysis.requests[0]!;
    expect(text.slice(r.start, r.end)).toBe("fetch");
    expect(r.token).toBe("no");
  });
});

describe("JavaScript requests", () => {
  it("finds unsafe requests and tells token status", () => {
    const a = analyzeScript(
      'fetch("/a", {method: "post"}); fetch("/b", {method: "POST", headers: {"X-CSRFToken": t}}); fetch("/c"); $.post("/d");',
    );
    expect(a.requests.map((r) => [r.call, r.method, r.token])).toEqual([
      ["fetch()", "POST", "no"],
      ["fetch()", "POST", "yes"],
      ["$.post()", "POST", "no"],
    ]);
  });

  it("recognises global setups", () => {
    const a = analyzeScript('axios.defaults.headers.common["X-CSRFToken"] = t; $.ajaxSetup({headers: {"X-CSRFToken": t}});');
    expect([...a.globalSetups].sort()).toEqual(["axios", "jquery"]);
  });

  it("survives syntax errors with the tolerant parser", () => {
    const a = analyzeScript('fetch("/a", {method: "POST"});\nlet = = 1;');
    expect(a.syntaxError).not.toBeNull();
    expect(a.requests.length).toBe(1);
  });
});

describe("template set", () => {
  it("names templates below templates/ folders and resolves extends", () => {
    const base = parseTemplate("app/templates/base.html", "{% block b %}{% endblock %}");
    const child = parseTemplate("app/templates/auth/login.html", '{% extends "base.html" %}');
    const set = new TemplateSet([base, child]);
    expect(set.names(child)).toEqual(["auth/login.html"]);
    expect(set.resolve("base.html", child)).toBe(base);
    expect(set.children(base)).toEqual([child]);
  });
});

describe("engine integration", () => {
  it("turns template syntax errors into scan errors with line and column, and goes on", () => {
    const res = analyzeProject(
      [
        { path: "templates/bad.html", text: "<p>\n  {{ name }\n</p>\n" },
        { path: "templates/form.html", text: '<form method="post"></form>\n' },
      ],
      { select: ["FG301"] },
    );
    expect(res.errors).toEqual([
      { file: "templates/bad.html", kind: "template-syntax-error", message: expect.stringContaining("no closing"), line: 2, column: 3 },
    ]);
    expect(res.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`)).toEqual(["templates/form.html:1:1 FG301"]);
  });
});

describe("foreign templates and scripts", () => {
  it("leaves Mustache and Helm (Go) templates alone", () => {
    for (const text of ["{{#rows}}<td>{{name}}</td>{{/rows}}", '{{ include "chart.name" . }}\n{{ .Values.image }}']) {
      const t = parseTemplate("templates/x.txt", text);
      expect(t.errors).toEqual([]);
      expect(t.outputs).toEqual([]);
    }
  });

  it("does not report JSX as a JavaScript syntax error", () => {
    expect(analyzeScript("export default function A() { return (<div className='x'>hi</div>); }").syntaxError).toBeNull();
  });
});
