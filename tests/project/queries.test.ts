/**
 * @fileoverview Queries of the Flask model that rules rely on: apps behind names in other files,
 * import resolution, effective values with provenance and Flask defaults, environments (inferred
 * and from the `production-configs` setting), routes of an app through its blueprints.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Expr } from "../../src/python/ast.js";
import { display } from "../../src/semantic/evaluate.js";
import { ROOT } from "../core/fixture-harness.js";
import { modelOf, readProject } from "./read-project.js";

const fixture = (name: string, production: string[] = []) =>
  modelOf(readProject(join(ROOT, "tests", "fixtures", "model", name)), production);

describe("Flask model queries", () => {
  it("resolves an app created by a factory in another module", () => {
    const model = fixture("factory-extensions");
    const run = model.modules.files.find((f) => f.path === "run.py")!;
    const stmt = run.module.body.find((s) => s.type === "If")!;
    const call = (stmt as { body: { value: Expr }[] }).body[0]!.value as Extract<Expr, { type: "Call" }>;
    const apps = model.appsFor(run, (call.func as Extract<Expr, { type: "Attribute" }>).value);
    expect(apps.map((a) => a.id)).toEqual(["myapp/__init__.py:15:app"]);
    expect(apps[0]!.factory?.name).toBe("make_app");
  });

  it("resolves imported names to their definitions", () => {
    const model = fixture("factory-config-classes");
    const wsgi = model.modules.files.find((f) => f.path === "wsgi.py")!;
    const def = model.resolveImport(wsgi, "ProductionConfig");
    expect(def?.kind).toBe("class");
    expect(def?.file.path).toBe("config.py");
    expect(model.resolveImport(wsgi, "create_app")?.qualifiedName).toBe("app.create_app");
  });

  it("gives effective values with provenance, and Flask defaults when unset", () => {
    const model = fixture("factory-config-classes");
    const [app] = model.apps;
    const prod = app!.configurations.find((c) => c.label === "ProductionConfig")!;
    expect(prod.environment).toBe("production");
    const secure = prod.get("SESSION_COOKIE_SECURE");
    expect(secure.status).toBe("set");
    expect(secure.write?.at.file).toBe("config.py");
    const key = prod.get("SECRET_KEY");
    expect(display(key.value!)).toBe("env SECRET_KEY (else 'hard to guess string')");
    expect(key.write?.source?.name).toBe("Config");
    const samesite = prod.get("SESSION_COOKIE_SAMESITE");
    expect(samesite.status).toBe("default");
    expect(samesite.reason).toContain("Flask is None");
    expect(app!.configurations.find((c) => c.label === "TestingConfig")?.environment).toBe("testing");
  });

  it("classifies configurations of a config dict selected by an environment variable", () => {
    const model = fixture("config-dict-env");
    const envs = model.apps[0]!.configurations.map((c) => `${c.label}=${c.environment}`);
    expect(envs).toContain("DevConfig=development");
    expect(envs).toContain("TestConfig=testing");
    expect(envs).toContain("ProdConfig=production");
    expect(model.productionConfigurations().every((c) => c.label.startsWith("ProdConfig"))).toBe(true);
  });

  it("honours the production-configs setting", () => {
    const model = fixture("config-dict-env", ["app.config.DevConfig"]);
    const dev = model.apps[0]!.configurations.find((c) => c.label === "DevConfig")!;
    expect(dev.environment).toBe("production");
    expect(dev.evidence[0]?.reason).toContain("production-configs");
  });

  it("lists an app's routes through its blueprints with full rules", () => {
    const model = fixture("blueprints-packages");
    const rules = model.routesOf(model.apps[0]!).map((r) => `${r.methods.join("|")} ${r.fullRules.join(",")}`).sort();
    expect(rules).toEqual(["GET /catalog/", "GET|DELETE /catalog/products/<int:product_id>", "POST|DELETE /admin/users/<int:user_id>"]);
    expect(model.templateFolders().map((t) => t.folder.path).sort()).toEqual(["shop/catalog/templates", "templates"]);
  });

  it("is cheap and empty when no file imports flask", () => {
    const model = modelOf([{ path: "x.py", text: "import os\nclass Config:\n    DEBUG = True\n" }]);
    expect(model.apps).toEqual([]);
    expect(model.configSources).toEqual([]);
  });
});
