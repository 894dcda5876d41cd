/**
 * @fileoverview Serialises the Flask model to plain, stable JSON (what `flaskguard model` prints and
 * the model snapshot tests compare): locations as `path:line:column`, values rendered with
 * `display()`, and for every configuration the effective value and provenance of every key it sets
 * plus the security-relevant keys it leaves at their defaults.
 */
import { display, type Value } from "../semantic/evaluate.js";
import type { FlaskModel } from "./model.js";
import type { ConfigSource, ConfigWrite, Configuration, EffectiveValue, SourceRef } from "./types.js";

/** Keys always shown per configuration, set or not (their defaults matter for security). */
export const REPORTED_KEYS: readonly string[] = [
  "DEBUG", "TESTING", "SECRET_KEY", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
  "PERMANENT_SESSION_LIFETIME", "MAX_CONTENT_LENGTH", "WTF_CSRF_ENABLED", "REMEMBER_COOKIE_SECURE",
];

/** Serialises `model`; `texts` maps paths to file texts (for line/column), defaulting to the model's files. */
export function serializeModel(model: FlaskModel, texts?: ReadonlyMap<string, string>): unknown {
  const textOf = new Map<string, string>(texts ?? []);
  for (const f of model.modules.files) if (!textOf.has(f.path)) textOf.set(f.path, f.text);
  for (const f of model.textFiles) if (!textOf.has(f.path)) textOf.set(f.path, f.text);
  const loc = (ref: SourceRef | null | undefined): string | null => {
    if (!ref) return null;
    const text = textOf.get(ref.file) ?? "";
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < ref.node.start && i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    return `${ref.file}:${line}:${ref.node.start - lineStart + 1}`;
  };
  const val = (v: Value | null | undefined): string | null => (v ? display(v) : null);
  const write = (w: ConfigWrite) => ({
    key: w.key,
    value: val(w.value),
    form: w.form,
    at: loc(w.at),
    ...(w.via ? { via: loc(w.via) } : {}),
    ...(w.source ? { source: w.source.qualifiedName } : {}),
    ...(w.conditional ? { conditional: true } : {}),
  });
  const effective = (e: EffectiveValue) => ({
    status: e.status,
    value: val(e.value),
    ...(e.write ? { at: loc(e.write.at), form: e.write.form } : {}),
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.mayBeOverriddenBy.length > 0 ? { mayBeOverriddenBy: e.mayBeOverriddenBy.map((l) => loc(l.at)) } : {}),
  });
  const configuration = (c: Configuration) => {
    const keys = [...new Set([...c.writes.map((w) => w.key), ...REPORTED_KEYS])].sort();
    const values: Record<string, unknown> = {};
    for (const k of keys) values[k] = effective(c.get(k));
    return {
      label: c.label,
      environment: c.environment,
      evidence: c.evidence.map((e) => ({ environment: e.environment, reason: e.reason, at: loc(e.at) })),
      sources: c.sources.map((s) => s.qualifiedName),
      opaqueLoads: c.opaqueLoads.map((l) => ({ kind: l.kind, at: loc(l.at), reason: l.unknownReason })),
      values,
    };
  };
  const source = (s: ConfigSource) => ({
    kind: s.kind,
    name: s.qualifiedName,
    at: loc({ file: s.file, node: "start" in s.node ? (s.node as { start: number; end: number }) : { start: 0, end: 0 } }),
    bases: [...s.bases.map((b) => b.qualifiedName), ...s.externalBases],
    environment: s.environment.environment,
    environmentReason: s.environment.reason,
    loadedBy: s.loadedBy.map(loc),
    settings: s.ownSettings.map(write),
  });
  const owner = (o: { kind: "app"; app: { id: string } } | { kind: "blueprint"; blueprint: { name: string } }) =>
    o.kind === "app" ? `app ${o.app.id}` : `blueprint ${o.blueprint.name}`;
  const sortBy = <T>(items: readonly T[], key: (t: T) => string): T[] => [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

  return {
    modules: sortBy(model.modules.files, (f) => f.path).map((f) => ({ path: f.path, module: model.modules.moduleName(f), package: f.isPackage })),
    apps: model.apps.map((app) => ({
      id: app.id,
      name: app.name,
      createdAt: loc(app.createdAt),
      factory: app.factory ? { name: app.factory.qualifiedName, at: loc({ file: app.factory.file, node: app.factory.node }), callSites: app.factory.callSites.map(loc) } : null,
      instances: app.instances.map((i) => ({ name: i.name, via: i.via, at: loc(i.at) })),
      rootPath: app.rootPath,
      templateFolder: app.templateFolder?.path ?? null,
      staticFolder: app.staticFolder ? { path: app.staticFolder.path, urlPath: app.staticFolder.urlPath ?? null } : null,
      configOps: app.configOps.map((op) =>
        op.kind === "write"
          ? { write: write(op.write), ...(op.choices.length ? { when: op.choices.map((c) => c.label) } : {}) }
          : {
              load: op.load.kind,
              at: loc(op.load.at),
              argument: val(op.load.argument),
              candidates: op.load.candidates.map((c) => ({ label: c.label, source: c.source?.qualifiedName ?? null })),
              ...(op.load.unknownReason ? { unknown: op.load.unknownReason } : {}),
              ...(op.choices.length ? { when: op.choices.map((c) => c.label) } : {}),
            },
      ),
      configurations: app.configurations.map(configuration),
      extensions: app.extensions.map((a) => ({ kind: a.extension.kind, name: a.extension.name, style: a.style, at: loc(a.at) })),
      blueprints: app.blueprintRegistrations.map((r) => ({ blueprint: r.blueprint.name, urlPrefix: r.urlPrefix, at: loc(r.at) })),
      runCalls: app.runCalls.map((r) => ({
        at: loc(r.at),
        underMainGuard: r.underMainGuard,
        keywords: Object.fromEntries(Object.entries(r.keywords).map(([k, v]) => [k, val(v.value)])),
      })),
    })),
    configSources: sortBy(model.configSources, (s) => s.qualifiedName).map(source),
    extensions: model.extensions.map((e) => ({
      kind: e.kind,
      qualifiedName: e.qualifiedName,
      name: e.name,
      createdAt: loc(e.createdAt),
      arguments: Object.fromEntries(Object.entries(e.arguments).map(([k, v]) => [k, val(v)])),
      attachments: e.attachments.map((a) => ({ app: a.app.id, style: a.style, at: loc(a.at) })),
      uses: e.uses.map((u) => ({
        method: u.method,
        at: loc(u.at),
        args: u.args.map(val),
        target: u.target === null ? null : u.target.kind === "blueprint" ? `blueprint ${u.target.blueprint.name}` : u.target.kind === "function" ? `function ${u.target.node.name}` : "other",
      })),
    })),
    blueprints: model.blueprints.map((b) => ({
      name: b.name,
      qualifiedName: b.qualifiedName,
      createdAt: loc(b.createdAt),
      urlPrefix: b.urlPrefix,
      templateFolder: b.templateFolder?.path ?? null,
      staticFolder: b.staticFolder?.path ?? null,
      registrations: b.registrations.map((r) => ({ on: r.app ? `app ${r.app.id}` : `blueprint ${r.parent?.name}`, urlPrefix: r.urlPrefix, at: loc(r.at) })),
    })),
    routes: model.routes.map((r) => ({
      rule: r.rule,
      fullRules: r.fullRules,
      methods: r.methodsKnown ? r.methods : "unknown",
      endpoint: r.endpoint,
      style: r.style,
      owner: owner(r.owner),
      view: r.view ? loc({ file: r.view.file, node: r.view.node }) : null,
      decorators: r.decorators.map((d) => (d.args.length ? `${d.name}(${d.args.map(display).join(", ")})` : d.name)),
      at: loc(r.at),
    })),
    hooks: model.hooks.map((h) => ({
      kind: h.kind,
      owner: owner(h.owner),
      function: h.function ? h.function.node.name : null,
      args: h.args.map(val),
      at: loc(h.at),
    })),
    envFiles: model.envFiles.map((f) => ({ path: f.path, kind: f.kind, entries: f.entries.map((e) => ({ key: e.key, value: e.value, at: loc(e.at) })) })),
  };
}
