/**
 * @fileoverview FG602 rate-limit-memory-storage: Flask-Limiter counting requests in process memory
 * in production — a `Limiter(...)` without `storage_uri=` whose production configuration has no
 * `RATELIMIT_STORAGE_URI`, an explicit `memory://` storage, or an environment read that falls
 * back to `memory://`. In-memory counters are per worker process and reset on every restart, so
 * with N workers an attacker gets N times the limit.
 */
import type { Value } from "../../semantic/evaluate.js";
import type { SourceRef } from "../../project/types.js";
import { createRule } from "../create-rule.js";
import { inDevelopmentBranch, productionRelated, productionTarget, roleNote, isRoleUnknown } from "../helpers/deployment-role.js";
import { extensionArgument, valueRef } from "../helpers/route-limits.js";
import { isTestPath } from "../helpers/test-code.js";

const STORAGE_KEYS = ["RATELIMIT_STORAGE_URI", "RATELIMIT_STORAGE_URL"];

/** How a storage value uses memory: `memory` (it is `memory://`), `fallback` (an env read defaulting to it), or null. */
function memoryUse(v: Value | null | undefined): { kind: "memory" | "fallback"; variable: string } | null {
  if (!v) return null;
  if (v.kind === "str" && /^memory:\/\//i.test(v.value.trim())) return { kind: "memory", variable: "" };
  if (v.kind === "env" && v.fallback && v.fallback.kind === "str" && /^memory:\/\//i.test(v.fallback.value.trim())) {
    return { kind: "fallback", variable: v.variable ?? "the environment variable" };
  }
  return null;
}

export default createRule({
  meta: {
    code: "FG602",
    name: "rate-limit-memory-storage",
    category: "rate-limiting",
    severity: "medium",
    confidence: "high",
    summary: "Flask-Limiter keeps its counters in process memory in production",
    cwe: [770, 307],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://flask-limiter.readthedocs.io/en/stable/#configuring-a-storage-backend",
      "https://flask-limiter.readthedocs.io/en/stable/configuration.html#RATELIMIT_STORAGE_URI",
      "https://cwe.mitre.org/data/definitions/770.html",
    ],
    requires: { modules: ["flask_limiter"], scope: "project" },
    messages: {
      missing:
        "This `Limiter` has no `storage_uri` and `RATELIMIT_STORAGE_URI` is not set in {{config}}{{role}}, so Flask-Limiter falls back to in-memory storage: every worker process counts separately and counters reset on restart, multiplying every limit by the number of workers",
      memory:
        "Rate-limit storage is `memory://`{{where}}: every worker process counts separately and counters reset on restart, multiplying every limit by the number of workers",
      fallback:
        "Rate-limit storage falls back to `memory://` when `{{variable}}` is not set{{where}}: a deployment that forgets the variable silently counts per worker process, multiplying every limit by the number of workers",
    },
    help: "Point Flask-Limiter at shared storage in production: `Limiter(..., storage_uri=os.environ[\"RATELIMIT_STORAGE_URI\"])` or `RATELIMIT_STORAGE_URI = os.environ[\"REDIS_URL\"]` (e.g. `redis://redis:6379/0`) in the production config, without a `memory://` default.",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    const model = ctx.project.flask;
    const reported = new Set<string>();
    const report = (messageId: "missing" | "memory" | "fallback", at: SourceRef, data: Record<string, string>, related: ReturnType<typeof productionRelated>): void => {
      const key = `${at.file}:${at.node.start}:${messageId}`;
      if (reported.has(key)) return;
      reported.add(key);
      ctx.report(at.file, { messageId, data, node: at.node, related, confidence: messageId === "fallback" ? "medium" : "high" });
    };

    for (const ext of model.extensionsOfKind("Limiter")) {
      const created = ext.createdAt;
      if (isTestPath(created.file)) continue;
      const createdFile = ctx.project.file(created.file);
      if (createdFile && inDevelopmentBranch(createdFile, created.node)) continue;
      const limiterRelated = { file: created.file, node: created.node, message: "the `Limiter` is created here" };
      const apps = [...new Set(ext.attachments.map((a) => a.app))];
      const targets = apps.map((app) => productionTarget(model, app)).filter((t) => t !== null);
      if (apps.length > 0 && targets.length === 0) continue; // only development/testing apps use it

      const enabled = extensionArgument(ext, "enabled", null);
      if (enabled?.kind === "bool" && !enabled.value) continue;
      const storage = extensionArgument(ext, "storage_uri", null);
      if (storage) {
        const use = memoryUse(storage);
        if (!use) continue;
        const at = valueRef(storage, created);
        const related = at.file === created.file && at.node.start === created.node.start ? [] : [limiterRelated];
        const role = targets.length > 0 && targets.every((t) => t.roleUnknown) ? roleNote(true) : "";
        report(use.kind, at, { variable: use.variable, where: ` in the \`Limiter\` arguments${role}` }, related);
        continue;
      }
      for (const target of targets) {
        for (const config of target.configurations) {
          const disabled = config.get("RATELIMIT_ENABLED");
          if (disabled.status === "set" && disabled.value?.kind === "bool" && !disabled.value.value) continue;
          const values = STORAGE_KEYS.map((k) => config.get(k));
          const set = values.find((v) => v.status === "set");
          const role = roleNote(isRoleUnknown(config));
          if (set) {
            const use = memoryUse(set.value);
            if (!use || !set.write) continue;
            report(use.kind, set.write.at, { variable: use.variable, where: ` in ${config.label}${role}` }, [limiterRelated, ...productionRelated(ctx.project, { ...target, configurations: [config] }, set.write.at)]);
            continue;
          }
          // Not set: silent when the value is unknown or a file the project does not contain may set it.
          if (values.some((v) => v.status === "unknown" || v.mayBeOverriddenBy.length > 0)) continue;
          report("missing", created, { config: `the configuration \`${config.label}\``, role }, productionRelated(ctx.project, { ...target, configurations: [config] }));
        }
      }
    }
  },
});
