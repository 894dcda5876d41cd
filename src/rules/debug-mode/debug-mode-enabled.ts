/**
 * @fileoverview FG101 debug-mode-enabled: Flask debug mode switched on in code or configuration
 * (`app.run(debug=True)`, `app.debug = True`, `app.config["DEBUG"] = True`, `DEBUG = True` in a
 * config class or module, `FLASK_DEBUG=1` in `.flaskenv`/`.env`), or enabled by default through an
 * environment read whose fallback is on. Project-aware: `app.run(debug=True)` on an app made by a
 * factory in another module is found, and settings of development/testing configurations (by the
 * project model's inferred environments or the `production-configs` setting) are not reported.
 */
import type { ClassDef, Expr, Node } from "../../python/ast.js";
import { createRule } from "../create-rule.js";
import { configPlaceOf } from "../helpers/config-context.js";
import { configCallWrites, configSubscriptKey } from "../helpers/config-writes.js";
import { appCertainty, isFlaskApp } from "../helpers/flask-app.js";
import { isUnderMainGuard } from "../helpers/main-guard.js";
import { isInTestCode, isTestPath } from "../helpers/test-code.js";
import { directWriteEnvironment, isNonProduction, sourceEnvironment } from "../helpers/config-environment.js";
import { switchState } from "../helpers/truthy-setting.js";

export default createRule({
  meta: {
    code: "FG101",
    name: "debug-mode-enabled",
    category: "debug-mode",
    severity: "high",
    confidence: "high",
    summary: "Flask debug mode is enabled, exposing the interactive Werkzeug debugger",
    cwe: [489, 215],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    hints: ["debug", "flask_env"],
    references: [
      "https://flask.palletsprojects.com/en/stable/debugging/",
      "https://werkzeug.palletsprojects.com/en/stable/debug/#debugger-pin",
      "https://cwe.mitre.org/data/definitions/489.html",
    ],
    bandit: ["B201"],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      run: "`{{receiver}}.run(debug=True)` enables Flask debug mode: the Werkzeug debugger lets anyone who can trigger an error page run arbitrary Python code on the server",
      runMain:
        "`{{receiver}}.run(debug=True)` enables Flask debug mode when this file is run directly: if that server is ever reachable, the Werkzeug debugger lets anyone run arbitrary Python code",
      attribute: "`{{target}} = True` enables Flask debug mode: the Werkzeug debugger lets anyone who can trigger an error page run arbitrary Python code",
      config: "`{{form}}` sets `DEBUG` to True: in debug mode the Werkzeug debugger lets anyone who can trigger an error page run arbitrary Python code",
      setting:
        "`DEBUG = True` in {{placeKind}} `{{place}}` enables Flask debug mode wherever this configuration is loaded, exposing the Werkzeug debugger{{role}}",
      fallback:
        "`{{form}}` turns Flask debug mode on whenever `{{variable}}` is not set, so a deployment that forgets the variable runs with the Werkzeug debugger exposed{{role}}",
      envFile:
        "`{{entry}}` in `{{file}}` makes `flask run` start in debug mode: anyone who can reach that server and trigger an error can run arbitrary Python code through the Werkzeug debugger",
    },
    help: "Keep debug mode off in code and configuration that production can load; enable it only locally, e.g. `flask run --debug` or `FLASK_DEBUG=1` in your shell.",
    defaultOptions: {},
    optionSpecs: {},
  },

  create(ctx) {
    const model = ctx.semantic;
    if (isTestPath(ctx.file.path)) return {};
    const project = ctx.project;
    const evaluate = (e: Expr) => project.flask.evaluate(ctx.file, e);
    const roleNote = (env: string) => (env === "unknown" ? " (the role of this configuration is unknown, so it is treated as production)" : "");

    /** Reports a direct write (`app.debug = True`, `app.config["DEBUG"] = True`, `update(DEBUG=True)`). */
    const reportDirect = (value: Expr, range: { start: number; end: number }, form: string, messageId: "attribute" | "config", certainty: "resolved" | "guessed", data: Record<string, string>): void => {
      const st = switchState(evaluate(value));
      if (!st) return;
      const env = directWriteEnvironment(project, ctx.file, range);
      if (env && isNonProduction(env.environment)) return;
      if (st.state === "fallback") {
        ctx.report({ messageId: "fallback", data: { form, variable: st.variable, role: roleNote(env?.environment ?? "unknown") }, range, confidence: "medium" });
        return;
      }
      ctx.report({ messageId, data, range, confidence: certainty === "resolved" ? "high" : "medium" });
    };

    /** Targets that can switch debug mode on: `x.debug`, `x[...]` (a config key), `DEBUG`. */
    const mayBeDebugTarget = (t: Expr): boolean =>
      (t.type === "Attribute" && t.attr === "debug") || t.type === "Subscript" || (t.type === "Name" && t.id === "DEBUG");

    const checkAssignment = (targets: readonly Expr[], value: Expr | null): void => {
      // The cheap test first: resolving the enclosing decorators (test code?) needs the binder.
      if (!value || !targets.some(mayBeDebugTarget) || isInTestCode(ctx.ancestors(), model)) return;
      const range = (target: Expr) => ({ start: target.start, end: value.end });
      for (const target of targets) {
        if (target.type === "Attribute" && target.attr === "debug") {
          const certainty = appCertainty(model, target.value) ?? (project.flask.appsFor(ctx.file, target.value).length > 0 ? "resolved" : null);
          if (certainty === null) continue;
          reportDirect(value, range(target), `${ctx.sourceText(target)} = ${ctx.sourceText(value)}`, "attribute", certainty, { target: ctx.sourceText(target) });
        } else if (target.type === "Subscript") {
          const key = configSubscriptKey(model, target);
          if (key?.key !== "DEBUG") continue;
          reportDirect(value, range(target), `${ctx.sourceText(target)} = ${ctx.sourceText(value)}`, "config", key.certainty, { form: `${ctx.sourceText(target)} = True` });
        } else if (target.type === "Name" && target.id === "DEBUG") {
          const ancestors = ctx.ancestors() as Node[];
          const place = configPlaceOf(ancestors, ctx.file, project, ctx.settings);
          if (!place) continue;
          const cls = [...ancestors].reverse().find((n): n is ClassDef => n.type === "ClassDef");
          const env = sourceEnvironment(project, cls ?? ctx.file.module) ?? { environment: place.environment, reason: "" };
          if (isNonProduction(env.environment)) continue;
          const st = switchState(evaluate(value));
          if (!st) continue;
          if (st.state === "fallback") {
            ctx.report({ messageId: "fallback", data: { form: `DEBUG = ${ctx.sourceText(value)}`, variable: st.variable, role: roleNote(env.environment) }, range: range(target), confidence: "medium" });
            continue;
          }
          ctx.report({
            messageId: "setting",
            data: { placeKind: place.kind === "class" ? "config class" : "config module", place: place.name, role: roleNote(env.environment) },
            range: range(target),
            confidence: env.environment === "production" ? "high" : "medium",
          });
        }
      }
    };

    return {
      Assign(node) {
        checkAssignment(node.targets, node.value);
      },
      AnnAssign(node) {
        checkAssignment([node.target], node.value);
      },
      Call(node) {
        if (node.func.type !== "Attribute") return;
        if (node.func.attr === "run") {
          const debug = node.keywords.find((k) => k.arg === "debug");
          if (!debug) return;
          const receiver = node.func.value;
          if (!isFlaskApp(model, receiver) && project.flask.appsFor(ctx.file, receiver).length === 0) return;
          const st = switchState(evaluate(debug.value));
          if (!st) return;
          const ancestors = ctx.ancestors();
          if (isInTestCode(ancestors, model)) return;
          if (st.state === "fallback") {
            ctx.report({ messageId: "fallback", data: { form: ctx.sourceText(debug), variable: st.variable, role: "" }, node: debug, confidence: "medium" });
            return;
          }
          const underMain = isUnderMainGuard(ancestors);
          ctx.report({
            messageId: underMain ? "runMain" : "run",
            data: { receiver: ctx.sourceText(receiver) },
            node: debug,
            confidence: underMain ? "medium" : "high",
          });
          return;
        }
        for (const write of configCallWrites(model, node)) {
          if (write.key !== "DEBUG") continue;
          if (isInTestCode(ctx.ancestors(), model)) return;
          reportDirect(write.value, { start: write.reportStart, end: write.reportEnd }, `${ctx.sourceText(node.func)}(DEBUG=${ctx.sourceText(write.value)})`, "config", write.certainty, {
            form: `${ctx.sourceText(node.func)}(DEBUG=True)`,
          });
        }
      },
    };
  },

  check(ctx) {
    // `.flaskenv` / `.env`: `FLASK_DEBUG=1` (Flask's own switch) and `FLASK_ENV=development` (Flask < 2.3).
    for (const envFile of ctx.project.flask.envFiles) {
      for (const entry of envFile.entries) {
        const v = entry.value.trim().toLowerCase();
        const on =
          (entry.key === "FLASK_DEBUG" && v !== "" && !["0", "false", "no", "off"].includes(v)) ||
          (entry.key === "FLASK_ENV" && v === "development");
        if (!on) continue;
        ctx.report(envFile.path, {
          messageId: "envFile",
          data: { entry: `${entry.key}=${entry.value}`, file: envFile.path.split("/").pop() ?? envFile.path },
          node: entry.at.node,
          confidence: envFile.kind === "flaskenv" ? "high" : "medium",
        });
      }
    }
  },
});
