/**
 * @fileoverview FG001 invalid-suppression: a `# flaskguard:` directive that cannot be honoured
 * (no reason, no rule codes, unknown rule, bad syntax). Reported by the engine's suppression pass.
 */
import { createRule } from "../create-rule.js";

export default createRule({
  meta: {
    code: "FG001",
    name: "invalid-suppression",
    category: "other",
    severity: "low",
    confidence: "high",
    summary: "A `# flaskguard:` suppression comment is malformed, has no reason, or names an unknown rule",
    cwe: [],
    fixable: "none",
    status: "stable",
    references: [],
    engine: true,
    messages: {
      missingReason:
        "Suppression `{{directive}}` gives no reason, so it is ignored: say why the finding is safe after ` -- `",
      missingCodes: "Suppression `{{directive}}` names no rule, so it is ignored: list the codes in brackets",
      unknownRule: "Suppression names the unknown rule `{{rule}}`, so it is ignored for that rule",
      malformed: "`{{directive}}` is not a valid flaskguard directive, so it is ignored",
    },
    help: "Write `# flaskguard: ignore[FG201] -- reason` on (or just above) the finding's first line, or `# flaskguard: ignore-file[FG201] -- reason` for the whole file; codes or rule names, comma-separated.",
    defaultOptions: {},
    optionSpecs: {},
  },
});
