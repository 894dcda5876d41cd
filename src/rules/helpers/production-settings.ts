/**
 * @fileoverview What the configuration rules (CSRF settings, session cookies) ask the Flask project
 * model about production: every production-like configuration of every app (production, or of
 * unknown role and therefore treated as production), deduplicated by where a finding about it is
 * anchored — the most specific config class it loads, else the `Flask(...)` call — with wording for
 * messages ("production config `ProductionConfig`", "config `Config` (its role is unknown, so it is
 * treated as production)"), related locations, a fix that inserts a setting into the config class,
 * and the session-cookie flags Flask-Talisman sets when it is attached to the app.
 */
import type { ClassDef } from "../../python/ast.js";
import type { Value } from "../../semantic/evaluate.js";
import { FlaskModel } from "../../project/model.js";
import type { ConfigLoad, ConfigSource, Configuration, EffectiveValue, ExtensionAttachment, FlaskApp, SourceRef } from "../../project/types.js";
import type { FileView, FixSpec, ProjectView, Ranged, RelatedSpec } from "../types.js";
import { isTestPath } from "./test-code.js";
import { lineEnding } from "./line-ending.js";

/** One production-like configuration, with where and how to talk about it. */
export interface ProductionTarget {
  app: FlaskApp;
  config: Configuration;
  /** The most specific config class the configuration loads, when there is one. */
  configClass: ConfigSource | null;
  /** Where absence findings go: the class name of `configClass`, else the `Flask(...)` call. */
  anchor: { file: string; node: Ranged };
  /** For messages: "production config `ProductionConfig`", "config `Config` (its role is unknown, so it is treated as production)". */
  where: string;
  /** Whether the configuration's role is unknown (treated as production). */
  unknownRole: boolean;
}

/** Range of a class's name in its file (`class ProductionConfig(Config):` → `ProductionConfig`). */
export function classNameRange(file: FileView | undefined, cls: ClassDef): Ranged {
  if (!file) return { start: cls.start, end: cls.end };
  const re = /class\s+/y;
  re.lastIndex = cls.start;
  const m = re.exec(file.text);
  const start = m ? cls.start + m[0].length : cls.start;
  return { start, end: start + cls.name.length };
}

/** The most specific config class a configuration loads (the last class source), or null. */
export function configClassOf(config: Configuration): ConfigSource | null {
  for (let i = config.sources.length - 1; i >= 0; i--) {
    const s = config.sources[i]!;
    if (s.kind === "class") return s;
  }
  return null;
}

/**
 * Every production-like configuration of the project's apps (apps created in test files are
 * skipped), once per anchor: two configurations loading the same `ProductionConfig` (dict keys
 * `production` and `default`) give one target.
 */
export function productionTargets(project: ProjectView): ProductionTarget[] {
  const model = project.flask;
  const out: ProductionTarget[] = [];
  const seen = new Set<string>();
  for (const app of model.apps) {
    if (isTestPath(app.createdAt.file)) continue;
    for (const config of model.productionConfigurations(app)) {
      const configClass = configClassOf(config);
      if (configClass && isTestPath(configClass.file)) continue;
      const anchor = configClass
        ? { file: configClass.file, node: classNameRange(project.file(configClass.file), configClass.node as ClassDef) }
        : { file: app.createdAt.file, node: app.createdAt.node };
      const id = `${anchor.file}:${anchor.node.start}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const unknownRole = config.environment === "unknown";
      const where = configClass
        ? unknownRole
          ? `config \`${configClass.name}\` (its role is unknown, so it is treated as production)`
          : `production config \`${configClass.name}\``
        : unknownRole
          ? "the app's configuration (no production configuration was found, so it is treated as production)"
          : `the app's production configuration (\`${config.label}\`)`;
      out.push({ app, config, configClass, anchor, where, unknownRole });
    }
  }
  return out;
}

/** Related locations for a configuration finding: the config class and the `Flask(...)` call (minus the anchor). */
export function targetRelated(project: ProjectView, target: ProductionTarget, exclude?: { file: string; node: Ranged }): RelatedSpec[] {
  const out: RelatedSpec[] = [];
  const same = (file: string, node: Ranged): boolean => !!exclude && exclude.file === file && exclude.node.start === node.start;
  if (target.configClass) {
    const node = classNameRange(project.file(target.configClass.file), target.configClass.node as ClassDef);
    if (!same(target.configClass.file, node)) out.push({ file: target.configClass.file, node, message: `configuration class \`${target.configClass.name}\`` });
  }
  const call = target.app.createdAt;
  if (!same(call.file, call.node)) out.push({ file: call.file, node: call.node, message: "the Flask app is created here" });
  return out;
}

/** The location of a config write (`at`), as a report anchor. */
export function writeAnchor(ref: SourceRef): { file: string; node: Ranged } {
  return { file: ref.file, node: ref.node };
}

/**
 * A note for absence findings when opaque loads (files not in the project, environment variables,
 * `from_prefixed_env`) may set the key: `" unless the settings loaded by `from_pyfile(...)` set it"`.
 */
export function opaqueNote(loads: readonly ConfigLoad[], project: ProjectView): string {
  if (loads.length === 0) return "";
  const load = loads[0]!;
  const file = project.file(load.at.file);
  const text = file ? file.text.slice(load.at.node.start, load.at.node.end).split("\n")[0]! : load.kind;
  return ` (unless \`${text.length > 60 ? `${text.slice(0, 57)}...` : text}\`, whose content is not in the project, sets it)`;
}

/** Whether an effective value is certainly known (set to an evaluated constant, or a known default). */
export function knownValue(v: EffectiveValue): Value | null {
  if (v.status === "unknown" || !v.value) return null;
  const k = v.value.kind;
  return k === "unknown" || k === "env" || k === "random" || k === "object" ? null : v.value;
}

/** `True`/`False` of a known boolean-ish value (numbers and strings follow Python truthiness), else null. */
export function boolOf(v: Value | null): boolean | null {
  if (!v) return null;
  if (v.kind === "bool") return v.value;
  if (v.kind === "none") return false;
  if (v.kind === "number") return v.value !== 0;
  if (v.kind === "str") return v.value.length > 0;
  return null;
}

/** Python source of a value as a user would write it (`True`, `"Lax"`, `None`, `timedelta(days=31)`). */
export function pythonOf(v: Value | null): string {
  if (!v) return "unknown";
  switch (v.kind) {
    case "bool":
      return v.value ? "True" : "False";
    case "none":
      return "None";
    case "number":
      return String(v.value);
    case "str":
      return JSON.stringify(v.value);
    case "timedelta":
      return durationText(v.seconds);
    default:
      return "a non-constant value";
  }
}

/** `86400` → `24 hours`, `2678400` → `31 days`, `90` → `90 seconds`. */
export function durationText(seconds: number): string {
  if (seconds % 86400 === 0 && seconds >= 3 * 86400) return `${seconds / 86400} days`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? "" : "s"}`;
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? "" : "s"}`;
  return `${seconds} seconds`;
}

/**
 * An unsafe fix inserting `KEY = value` as the last statement of a config class (indented like its
 * body). Null when the class has no body statements in the file.
 */
export function insertSettingFix(project: ProjectView, configClass: ConfigSource | null, key: string, valueText: string): FixSpec | null {
  if (!configClass || configClass.kind !== "class") return null;
  const file = project.file(configClass.file);
  const cls = configClass.node as ClassDef;
  const last = cls.body[cls.body.length - 1];
  const first = cls.body[0];
  if (!file || !last || !first) return null;
  const lineStart = file.text.lastIndexOf("\n", first.start - 1) + 1;
  const indent = file.text.slice(lineStart, first.start);
  if (!/^[ \t]+$/.test(indent)) return null; // body on the `class` line (`class C: X = 1`)
  return {
    title: `Set \`${key} = ${valueText}\` in \`${configClass.name}\``,
    applicability: "unsafe",
    edits: [{ file: configClass.file, range: { start: last.end, end: last.end }, text: `${lineEnding(file.text)}${indent}${key} = ${valueText}` }],
  };
}

/**
 * Whether a project config class or module that no app visibly loads (e.g. `self.config.from_object("settings")`
 * in a `Flask` subclass, which the model does not follow) defines `key`: an absence finding would then
 * be a guess, so the rules stay silent. Only for configurations that load no config source themselves.
 */
export function definedInUnlinkedSource(project: ProjectView, target: ProductionTarget, key: string): boolean {
  if (target.config.sources.length > 0) return false;
  return project.flask.configSources.some(
    (s) =>
      s.loadedBy.length === 0 &&
      !isTestPath(s.file) &&
      s.environment.environment !== "development" &&
      s.environment.environment !== "testing" &&
      s.ownSettings.some((w) => w.key === key),
  );
}

/** The Talisman attachments of an app (ctor or `init_app`). */
export function talismanOf(app: FlaskApp): ExtensionAttachment[] {
  return app.extensions.filter((a) => a.extension.kind === "Talisman" && !isTestPath(a.at.file));
}

/**
 * Whether Flask-Talisman, attached to `app`, sets a session-cookie flag: its keyword argument
 * (`session_cookie_secure`, `session_cookie_http_only`, `session_cookie_samesite`) from `init_app`
 * or the constructor, else Talisman's default (True, True, "Lax"). Returns the attachment when it
 * provides a secure value.
 */
export function talismanProvides(app: FlaskApp, argument: "session_cookie_secure" | "session_cookie_http_only" | "session_cookie_samesite"): ExtensionAttachment | null {
  for (const att of talismanOf(app)) {
    const v = att.arguments[argument] ?? att.extension.arguments[argument];
    if (!v) return att; // Talisman's default is secure for all three
    // A value from settings or the environment (`session_cookie_secure=settings.COOKIES_SECURE`) is the deployment's choice.
    if (v.kind === "unknown" || v.kind === "env") return att;
    if (argument === "session_cookie_samesite") {
      if (v.kind === "str" && /^(lax|strict)$/i.test(v.value)) return att;
      continue;
    }
    if (boolOf(v) === true) return att;
  }
  return null;
}

/** Whether an environment counts as production-like (re-exported for rules that classify sources). */
export const isProductionLike = FlaskModel.isProductionLike;
