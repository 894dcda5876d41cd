/**
 * @fileoverview FG654 password-hash-encapsulation: when the user model defines `set_password` /
 * `check_password`, code outside the model that writes the hash attribute directly
 * (`user.password_hash = generate_password_hash(...)`) or verifies against it
 * (`check_password_hash(user.password_hash, ...)` in a view) bypasses the model's single place for the
 * hashing policy.
 */
import type { ClassDef, Expr } from "../../python/ast.js";
import { walk } from "../../python/walker.js";
import { eachNode, forEachStatement } from "../../dataflow/routes.js";
import { createRule } from "../create-rule.js";
import { isTestPath } from "../helpers/test-code.js";

const VERIFY = /(^|\.)(check_password_hash|checkpw|verify|check_password|verify_password)$/;

/** The attributes `set_password`/`check_password` keep the hash in (`self.password_hash`). */
function hashAttributes(cls: ClassDef): Set<string> {
  const attrs = new Set<string>();
  for (const stmt of cls.body) {
    if (stmt.type !== "FunctionDef" || (stmt.name !== "set_password" && stmt.name !== "check_password")) continue;
    eachNode(stmt, (n) => {
      if (n.type === "Assign" && stmt.name === "set_password") {
        for (const t of n.targets) if (t.type === "Attribute" && t.value.type === "Name" && t.value.id === "self") attrs.add(t.attr);
      }
      if (n.type === "Call" && stmt.name === "check_password") {
        for (const a of n.args) if (a.type === "Attribute" && a.value.type === "Name" && a.value.id === "self") attrs.add(a.attr);
      }
    });
  }
  return attrs;
}

/** Attributes the class hashes itself on assignment: property setters, `synonym(descriptor=...)`, `@validates`. */
function selfHashingAttributes(cls: ClassDef): Set<string> {
  const out = new Set<string>();
  for (const stmt of cls.body) {
    if (stmt.type === "FunctionDef") {
      for (const d of stmt.decorator_list) {
        if (d.type === "Attribute" && d.attr === "setter") out.add(stmt.name);
        if (d.type === "Call" && (d.func.type === "Name" ? d.func.id : d.func.type === "Attribute" ? d.func.attr : "") === "validates") {
          for (const a of d.args) if (a.type === "Constant" && typeof a.value === "string") out.add(a.value);
        }
      }
    }
    if (stmt.type === "Assign" && stmt.value.type === "Call") {
      const f = stmt.value.func;
      const name = f.type === "Name" ? f.id : f.type === "Attribute" ? f.attr : "";
      if (name === "property" || name === "synonym" || name === "hybrid_property") {
        for (const t of stmt.targets) if (t.type === "Name") out.add(t.id);
      }
    }
  }
  return out;
}

export default createRule({
  meta: {
    code: "FG654",
    name: "password-hash-encapsulation",
    category: "password-hashing",
    severity: "low",
    confidence: "medium",
    summary: "Code outside the user model reads or writes the password hash although the model has `set_password`/`check_password`",
    cwe: [1061],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    hints: ["set_password", "check_password"],
    references: [
      "https://flask.palletsprojects.com/en/stable/tutorial/views/",
      "https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html",
      "https://cwe.mitre.org/data/definitions/1061.html",
    ],
    messages: {
      write: "`{{target}}` is written directly although `{{model}}.set_password()` exists: hashing here bypasses the model's policy (scheme, rehashing, validation)",
      read: "`{{target}}` is verified directly although `{{model}}.check_password()` exists: verification here bypasses the model's policy (scheme upgrades, rehash on login)",
    },
    help: "Call `user.set_password(password)` and `user.check_password(password)` instead, so the hashing scheme lives in one place.",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    const models: { cls: ClassDef; attrs: Set<string>; hashing: Set<string> }[] = [];
    for (const file of ctx.project.files) {
      // The methods are named in the file that defines them.
      if (!file.text.includes("set_password") && !file.text.includes("check_password")) continue;
      forEachStatement(file.module, (n) => {
        if (n.type === "ClassDef") {
          const attrs = hashAttributes(n);
          if (attrs.size > 0) models.push({ cls: n, attrs, hashing: selfHashingAttributes(n) });
        }
      });
    }
    if (models.length === 0) return;
    const attributeNames = [...new Set(models.flatMap((m) => [...m.attrs]))];
    const owner = (attr: string): ClassDef | null => models.find((m) => m.attrs.has(attr))?.cls ?? null;
    for (const file of ctx.project.files) {
      if (isTestPath(file.path) || /(^|\/)(migrations|alembic)\//.test(file.path)) continue;
      // Only a file naming one of the hash attributes can write or verify it.
      if (!attributeNames.some((a) => file.text.includes(a))) continue;
      const classes: ClassDef[] = [];
      const isModel = (cls: ClassDef | null): boolean => cls !== null && classes.includes(cls);
      walk(file.module, {
        enter(child) {
          if (child.type === "ClassDef") classes.push(child);
          if (child.type === "Assign") {
            for (const t of child.targets) {
              if (t.type !== "Attribute") continue;
              const cls = owner(t.attr);
              const hashesItself = models.some((m) => m.cls === cls && m.hashing.has(t.attr));
              if (cls && !isModel(cls) && !isSelf(t.value) && !hashesItself) {
                ctx.report(file.path, { messageId: "write", node: t, data: { target: file.text.slice(t.start, t.end), model: cls.name } });
              }
            }
          }
          if (child.type === "Call") {
            const q = file.semantic.resolveQualifiedName(child.func) ?? (child.func.type === "Attribute" ? child.func.attr : "");
            const a = child.args[0];
            if (VERIFY.test(q) && a && a.type === "Attribute") {
              const cls = owner(a.attr);
              if (cls && !isModel(cls) && !isSelf(a.value)) {
                ctx.report(file.path, { messageId: "read", node: a, data: { target: file.text.slice(a.start, a.end), model: cls.name } });
              }
            }
          }
          return undefined;
        },
        leave(child) {
          if (child.type === "ClassDef") classes.pop();
        },
      });
    }
  },
});

function isSelf(e: Expr): boolean {
  return e.type === "Name" && (e.id === "self" || e.id === "cls");
}
