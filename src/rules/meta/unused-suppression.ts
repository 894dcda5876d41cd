/**
 * @fileoverview FG002 unused-suppression: a `# flaskguard: ignore[...]` directive (or one code in
 * it) that suppressed nothing in this run. Reported by the engine's suppression pass when unused
 * suppressions are requested; the fix removes the stale code or comment.
 */
import { createRule } from "../create-rule.js";

export default createRule({
  meta: {
    code: "FG002",
    name: "unused-suppression",
    category: "other",
    severity: "low",
    confidence: "high",
    summary: "A suppression comment no longer suppresses any finding",
    cwe: [],
    fixable: "always",
    status: "stable",
    references: [],
    engine: true,
    messages: {
      unused: "Unused suppression: no `{{rule}}` finding starts on the line this comment covers",
      unusedFile: "Unused file-level suppression: this file has no `{{rule}}` finding",
    },
    help: "Remove the stale code from the comment (or the whole comment) so that suppressions keep meaning something.",
    defaultOptions: {},
    optionSpecs: {},
  },
});
