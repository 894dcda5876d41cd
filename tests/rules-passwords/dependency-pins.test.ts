/**
 * @fileoverview Dependency pins: which files are read, how requirements, pyproject (PEP 621 and
 * Poetry) and lock files are parsed, and when a constraint admits only Werkzeug 3 (directly or via Flask 3).
 */
import { describe, expect, it } from "vitest";

import {
  admitsOnlyBelowMajor,
  admitsOnlyMajorOrLater,
  dependencyPins,
  isDependencyFilePath,
  poetryToPep440,
  werkzeug3Pin,
} from "../../src/rules/helpers/dependency-pins.js";

describe("isDependencyFilePath", () => {
  it("takes requirements, pyproject and lock files, nothing else", () => {
    for (const p of ["requirements.txt", "requirements-dev.txt", "deploy/requirements_prod.txt", "requirements/base.txt", "pyproject.toml", "Pipfile.lock", "poetry.lock", "uv.lock"]) {
      expect(isDependencyFilePath(p), p).toBe(true);
    }
    for (const p of ["templates/robots.txt", "setup.cfg", "notes.txt", "requirements/extra/x.txt", "Pipfile", "app.py"]) {
      expect(isDependencyFilePath(p), p).toBe(false);
    }
  });
});

describe("specifiers", () => {
  it("knows which constraints admit only 3.x and later", () => {
    for (const s of [">=3", "==3.0.1", "==3.0.*", "~=3.0", ">3.0", ">=3.0.0rc1", ">=3.0,<4"]) expect(admitsOnlyMajorOrLater(s, 3), s).toBe(true);
    for (const s of [">=2.3,<4", "==2.3.7", "<3", ">2.9", "!=2.0"]) expect(admitsOnlyMajorOrLater(s, 3), s).toBe(false);
  });

  it("knows which constraints admit only versions below 3", () => {
    for (const s of ["<3", "<=2.3", "==2.*", "~=2.3", "==2.3.8"]) expect(admitsOnlyBelowMajor(s, 3), s).toBe(true);
    for (const s of ["<3.1", ">=2", "==3.0.1", "<4"]) expect(admitsOnlyBelowMajor(s, 3), s).toBe(false);
  });

  it("translates Poetry constraints", () => {
    expect(poetryToPep440("^3.0")).toBe(">=3.0,<4");
    expect(poetryToPep440("~2.3")).toBe(">=2.3,<3");
    expect(poetryToPep440("3.0.1")).toBe("==3.0.1");
    expect(poetryToPep440(">=3,<4")).toBe(">=3,<4");
    expect(poetryToPep440("*")).toBeNull();
  });
});

describe("dependencyPins", () => {
  it("reads requirements lines with extras, markers, hashes and comments, and points at the line", () => {
    const text = "# pinned\n-r base.txt\nFlask[async] >= 3.0 ; python_version >= '3.8'\nWerkzeug==3.0.6 \\\n    --hash=sha256:abc\nclick\n";
    const pins = dependencyPins([{ path: "requirements.txt", text }], ["flask", "werkzeug", "click"]);
    expect(pins.map((p) => [p.name, p.specifier])).toEqual([["flask", ">=3.0"], ["werkzeug", "==3.0.6"]]);
    expect(text.slice(pins[1]!.start, pins[1]!.end)).toBe("Werkzeug==3.0.6");
  });

  it("reads PEP 621 and Poetry dependencies from pyproject.toml", () => {
    const text = '[project]\nname = "x"\ndependencies = ["Werkzeug>=3.0.1"]\n\n[tool.poetry.dependencies]\nflask = { version = "^3.0", extras = ["async"] }\n';
    const pins = dependencyPins([{ path: "pyproject.toml", text }], ["flask", "werkzeug"]);
    expect(pins.map((p) => [p.name, p.specifier, text.slice(p.start, p.end)])).toEqual([
      ["werkzeug", ">=3.0.1", "Werkzeug>=3.0.1"],
      ["flask", ">=3.0,<4", 'flask = { version = "^3.0", extras = ["async"] }'],
    ]);
  });

  it("reads lock files first", () => {
    const lock = '[[package]]\nname = "click"\nversion = "8.1.7"\n\n[[package]]\nname = "werkzeug"\nversion = "3.0.1"\n';
    const pipfile = JSON.stringify({ _meta: {}, default: { werkzeug: { hashes: [], version: "==2.3.8" } } });
    const pins = dependencyPins([{ path: "requirements.txt", text: "werkzeug>=2\n" }, { path: "uv.lock", text: lock }, { path: "Pipfile.lock", text: pipfile }], ["werkzeug"]);
    expect(pins.map((p) => `${p.file} ${p.specifier}`)).toEqual(["uv.lock ==3.0.1", "Pipfile.lock ==2.3.8", "requirements.txt >=2"]);
  });

  it("ignores broken files", () => {
    expect(dependencyPins([{ path: "pyproject.toml", text: "[project" }, { path: "Pipfile.lock", text: "{" }], ["werkzeug"])).toEqual([]);
  });
});

describe("werkzeug3Pin", () => {
  it("finds Werkzeug 3 pinned directly or through Flask 3", () => {
    expect(werkzeug3Pin([{ path: "requirements.txt", text: "werkzeug==3.0.1\n" }])?.via).toBe("werkzeug");
    expect(werkzeug3Pin([{ path: "requirements.txt", text: "flask>=3.0\n" }])?.via).toBe("flask");
    expect(werkzeug3Pin([{ path: "poetry.lock", text: '[[package]]\nname = "Werkzeug"\nversion = "3.1.3"\n' }])?.pin.kind).toBe("lock");
  });

  it("is null without a pin, with a 2.x pin, or when files conflict", () => {
    expect(werkzeug3Pin([])).toBeNull();
    expect(werkzeug3Pin([{ path: "requirements.txt", text: "flask>=2.2\nwerkzeug\n" }])).toBeNull();
    expect(werkzeug3Pin([{ path: "requirements.txt", text: "flask>=3.0\nwerkzeug==2.3.8\n" }])).toBeNull();
    expect(werkzeug3Pin([{ path: "notes.txt", text: "werkzeug==3.0.1\n" }])).toBeNull();
  });
});
