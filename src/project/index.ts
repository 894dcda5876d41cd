/**
 * @fileoverview Public entry of the Flask project model (issue 4): what the app really is, across
 * files. Rules get it as `ctx.project.flask` (built lazily, once per analysis); tools and tests call
 * {@link buildFlaskModel}.
 *
 * ## How to query the model
 *
 * ```ts
 * const model = ctx.project.flask;                       // FlaskModel
 * for (const app of model.apps) {                        // every Flask(...) construction
 *   app.factory?.name;                                   // "create_app" when made by a factory
 *   for (const config of model.productionConfigurations(app)) {   // production or unknown role
 *     const secure = config.get("SESSION_COOKIE_SECURE");
 *     // secure.status: "set" | "default" | "unknown"; secure.value: Value (e.g. {kind:"bool", value:false})
 *     // secure.write?.at → where it was set (file + node) for the finding or a related location;
 *     // for "default": secure.reason === "not set; the default of Flask is False"
 *     config.environment;                                // "unknown" → say "treated as production"
 *     config.evidence;                                   // why: class name, dict key, env check, setting
 *   }
 *   model.routesOf(app);                                 // app + registered blueprint routes
 *   app.extensions.filter((a) => a.extension.kind === "CSRFProtect");   // attached, ctor or init_app
 * }
 * model.extensionsOfKind("Limiter")[0]?.arguments["storage_uri"];     // evaluated Value
 * model.appsFor(file, callNode.func.value);              // apps an expression denotes (cross-file)
 * model.evaluate(file, expr);                            // constants with cross-module resolution
 * model.resolveImport(file, "ProductionConfig");         // → Definition in config.py
 * model.templateFolders();                               // [{folder: {path: "app/templates"}, owner}]
 * ```
 *
 * Values (`src/semantic/evaluate.ts`): `str`/`number`/`bool`/`none`/`tuple`/`list`/`set`/`dict`/
 * `timedelta` (seconds)/`env` (variable + evaluated `fallback`, null when the read raises)/`random`
 * (`os.urandom(...)`)/`object` (class/module/function)/`unknown` (with `reason`). `display(v)` renders one.
 * Every entity has a `SourceRef` (`{file, node}`): pass `node` to `report`/`related`.
 */
export { buildFlaskModel, allSettings, parseEnvFile, FLASK_CLASSES, BLUEPRINT_CLASSES, KNOWN_EXTENSIONS } from "./build.js";
export { FlaskModel, type FlaskModelData } from "./model.js";
export { ModuleGraph, type Definition } from "./modules.js";
export { environmentFromName, isEnvironmentSelector } from "./environment.js";
export { defaultValue, hasDefault } from "./defaults.js";
export { evaluatePath, normalizePath, joinPath, dirOf } from "./folders.js";
export { serializeModel } from "./serialize.js";
export type * from "./types.js";
