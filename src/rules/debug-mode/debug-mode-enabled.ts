/**
 * @fileoverview FG101 debug-mode-enabled: Flask debug mode switched on in code or configuration
 * (`app.run(debug=True)`, `app.debug = True`, `app.config["DEBUG"] = True`, `DEBUG = True` in a
 * config class or module). Single-file forms; the project model (issue 4) adds cross-file ones.
 */
import type { Expr, Node } from "../../python/ast.js";
import { isTrueLiteral } from "../../semantic/constants.js";
import { createRule } from "../create-rule.js";
import { configPlaceOf } from "../helpers/config-context.js";
import { configCallWrites, configSubscriptKey } from "../helpers/config-writes.js";
import { appCertainty, isFlaskApp } from "../helpers/flask-app.js";
import { isUnderMainGuard } from "../helpers/main-guard.js";
import { isInTestCode, isTestPath } from "../helpers/test-code.js";

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
        "`DEBUG = True` in {{placeKind}} `{{place}}` enables Flask debug mode wherever this configuration is loaded, exposing the Werkzeug debugger",
    },
    help: "Keep debug mode off in code and configuration that production can load; enable it only locally, e.g. `flask run --debug` or `FLASK_DEBUG=1` in your shell.",
    defaultOptions: {},
    optionSpecs: {},
  },

  create(ctx) {
    const model = ctx.semantic;
    if (isTestPath(ctx.file.path)) return {};

    const checkAssignment = (targets: readonly Expr[], value: Expr | null): void => {
      if (!isTrueLiteral(value) || isInTestCode(ctx.ancestors(), model)) return;
      const range = (target: Expr) => ({ start: target.start, end: value!.end });
      for (const target of targets) {
        if (target.type === "Attribute" && target.attr === "debug") {
          const certainty = appCertainty(model, target.value);
          if (certainty === null) continue;
          ctx.report({
            messageId: "attribute",
            data: { target: ctx.sourceText(target) },
            range: range(target),
            confidence: certainty === "resolved" ? "high" : "medium",
          });
        } else if (target.type === "Subscript") {
          const key = configSubscriptKey(model, target);
          if (key?.key !== "DEBUG") continue;
          ctx.report({
            messageId: "config",
            data: { form: `${ctx.sourceText(target)} = True` },
            range: range(target),
            confidence: key.certainty === "resolved" ? "high" : "medium",
          });
        } else if (target.type === "Name" && target.id === "DEBUG") {
          const place = configPlaceOf(ctx.ancestors() as Node[], ctx.file, ctx.project, ctx.settings);
          if (!place || place.environment === "development" || place.environment === "testing") continue;
          ctx.report({
            messageId: "setting",
            data: { placeKind: place.kind === "class" ? "config class" : "config module", place: place.name },
            range: range(target),
            confidence: place.environment === "production" ? "high" : "medium",
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
          if (!debug || !isTrueLiteral(debug.value)) return;
          if (!isFlaskApp(model, node.func.value)) return;
          const ancestors = ctx.ancestors();
          if (isInTestCode(ancestors, model)) return;
          const underMain = isUnderMainGuard(ancestors);
          ctx.report({
            messageId: underMain ? "runMain" : "run",
            data: { receiver: ctx.sourceText(node.func.value) },
            node: debug,
            confidence: underMain ? "medium" : "high",
          });
          return;
        }
        for (const write of configCallWrites(model, node)) {
          if (write.key !== "DEBUG" || !isTrueLiteral(write.value)) continue;
          if (isInTestCode(ctx.ancestors(), model)) return;
          ctx.report({
            messageId: "config",
            data: { form: `${ctx.sourceText(node.func)}(DEBUG=True)` },
            range: { start: write.reportStart, end: write.reportEnd },
            confidence: write.certainty === "resolved" ? "high" : "medium",
          });
        }
      },
    };
  },
});
