/**
 * @fileoverview FG407 server-session-misconfigured: Flask-Session is attached to an app but a
 * production (or unknown-role) configuration does not give it a usable shared store:
 * `SESSION_TYPE` missing or `"null"` (no server store at all), `"filesystem"` (each worker or host
 * has its own sessions; medium, low confidence — fine for a single process), `SESSION_TYPE =
 * "redis"` without `SESSION_REDIS` (Flask-Session then connects to localhost:6379 unauthenticated),
 * or `SESSION_USE_SIGNER = False` (the session id cookie is not signed).
 */
import type { Extension, FlaskApp } from "../../project/types.js";
import { createRule } from "../create-rule.js";
import { boolOf, definedInUnlinkedSource, knownValue, opaqueNote, productionTargets, pythonOf, targetRelated } from "../helpers/production-settings.js";
import { isTestPath } from "../helpers/test-code.js";
import type { RelatedSpec } from "../types.js";

export default createRule({
  meta: {
    code: "FG407",
    name: "server-session-misconfigured",
    category: "session-cookie",
    severity: "medium",
    confidence: "high",
    summary: "Flask-Session has no usable server-side store in production (`SESSION_TYPE`, `SESSION_REDIS`, `SESSION_USE_SIGNER`)",
    cwe: [384, 565],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://flask-session.readthedocs.io/en/latest/config.html",
      "https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html",
      "https://cwe.mitre.org/data/definitions/565.html",
    ],
    requires: { modules: ["flask_session"], scope: "project" },
    messages: {
      typeMissing:
        "Flask-Session is attached but `SESSION_TYPE` is not set in {{where}}; its default is \"null\", which stores no session on the server{{note}}",
      typeNull: "`SESSION_TYPE = {{value}}` applies to {{where}}: Flask-Session stores no session on the server",
      filesystem:
        "`SESSION_TYPE = \"filesystem\"` applies to {{where}}: sessions live on one machine's disk, so with several workers or hosts users are logged out at random and sessions are never shared or cleaned up centrally",
      redisConnection:
        "`SESSION_TYPE = \"redis\"` applies to {{where}} but `SESSION_REDIS` is not set: Flask-Session then connects to an unauthenticated Redis on localhost:6379{{note}}",
      signer:
        "`SESSION_USE_SIGNER` is {{value}} in {{where}}: the session id cookie is not signed, so forged or guessed session ids are looked up in the store unchecked",
    },
    help: "In the production configuration set `SESSION_TYPE = \"redis\"` (or another shared store), `SESSION_REDIS = redis.from_url(os.environ[\"REDIS_URL\"])` and `SESSION_USE_SIGNER = True`.",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    const project = ctx.project;
    const sessionExts = project.flask.extensions.filter((e) => e.kind === "Session" && !isTestPath(e.createdAt.file));
    if (sessionExts.length === 0) return;
    const attachedTo = (app: FlaskApp): Extension | null => sessionExts.find((e) => e.attachments.some((a) => a.app === app)) ?? null;
    const reported = new Set<string>();
    const once = (file: string, node: { start: number }, what: string): boolean => {
      const id = `${file}:${node.start}:${what}`;
      if (reported.has(id)) return false;
      reported.add(id);
      return true;
    };
    for (const target of productionTargets(project)) {
      const ext = attachedTo(target.app);
      if (!ext) continue;
      const extRelated: RelatedSpec = { file: ext.createdAt.file, node: ext.createdAt.node, message: "Flask-Session is created here" };
      const type = target.config.get("SESSION_TYPE");
      const typeValue = knownValue(type);
      if (type.status === "default" && !definedInUnlinkedSource(project, target, "SESSION_TYPE")) {
        if (once(target.anchor.file, target.anchor.node, "type")) {
          ctx.report(target.anchor.file, {
            messageId: "typeMissing",
            data: { where: target.where, note: opaqueNote(type.mayBeOverriddenBy, project) },
            node: target.anchor.node,
            related: [...targetRelated(project, target, target.anchor), extRelated],
            confidence: type.mayBeOverriddenBy.length > 0 ? "low" : "high",
          });
        }
        continue;
      }
      if (type.status === "set" && type.write && !type.write.conditional && typeValue) {
        const at = type.write.at;
        const v = typeValue.kind === "str" ? typeValue.value.toLowerCase() : typeValue.kind === "none" ? "null" : null;
        if ((v === "null" || v === "none") && once(at.file, at.node, "null")) {
          ctx.report(at.file, { messageId: "typeNull", data: { where: target.where, value: pythonOf(typeValue) }, node: at.node, related: targetRelated(project, target, at) });
        } else if (v === "filesystem" && once(at.file, at.node, "fs")) {
          ctx.report(at.file, { messageId: "filesystem", data: { where: target.where }, node: at.node, related: targetRelated(project, target, at), confidence: "low" });
        } else if (v === "redis") {
          const redis = target.config.get("SESSION_REDIS");
          if (redis.status === "default" && once(at.file, at.node, "redis")) {
            ctx.report(at.file, {
              messageId: "redisConnection",
              data: { where: target.where, note: opaqueNote(redis.mayBeOverriddenBy, project) },
              node: at.node,
              related: targetRelated(project, target, at),
              confidence: redis.mayBeOverriddenBy.length > 0 ? "low" : "high",
            });
          }
        }
      }
      const signer = target.config.get("SESSION_USE_SIGNER");
      if (signer.status === "set" && signer.write && !signer.write.conditional && boolOf(knownValue(signer)) === false) {
        const at = signer.write.at;
        if (once(at.file, at.node, "signer")) {
          ctx.report(at.file, { messageId: "signer", data: { where: target.where, value: pythonOf(knownValue(signer)) }, node: at.node, related: targetRelated(project, target, at), severity: "low" });
        }
      } else if (signer.status === "default" && !definedInUnlinkedSource(project, target, "SESSION_USE_SIGNER") && once(target.anchor.file, target.anchor.node, "signer")) {
        ctx.report(target.anchor.file, {
          messageId: "signer",
          data: { where: target.where, value: "not set (Flask-Session's default is False)" },
          node: target.anchor.node,
          related: [...targetRelated(project, target, target.anchor), extRelated],
          severity: "low",
          confidence: signer.mayBeOverriddenBy.length > 0 ? "low" : "high",
        });
      }
    }
  },
});
