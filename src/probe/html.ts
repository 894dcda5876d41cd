/**
 * @fileoverview Just enough HTML reading for the probe: the forms of a page (method, action,
 * enctype, fields), the CSRF token field or `<meta name="csrf-token">`, and dummy values for the
 * other fields. Tolerant regular-expression scanning; it never executes anything.
 */

/** One form field. */
export interface FormField {
  /** `input`, `textarea`, `select` or `button`. */
  tag: string;
  /** Lower-case `type` of an input (`text` when absent). */
  type: string;
  name: string;
  value: string;
}

/** One `<form>` of a page. */
export interface HtmlForm {
  /** Upper-case method (`GET` when absent). */
  method: string;
  /** The raw action attribute, or null (the form posts to its own page). */
  action: string | null;
  enctype: string;
  fields: FormField[];
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#39": "'", "#x27": "'" };

/** Decodes the few entities that appear in attribute values (and numeric ones). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (whole, entity: string) => {
    const known = ENTITIES[entity.toLowerCase()];
    if (known !== undefined) return known;
    if (/^#x/i.test(entity)) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(Number(entity.slice(1)));
    return whole;
  });
}

/** The attributes of a start tag's attribute text, lower-case names. */
export function parseAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const pattern = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (const match of text.matchAll(pattern)) {
    const name = match[1]!.toLowerCase();
    if (attributes.has(name)) continue;
    attributes.set(name, decodeEntities(match[2] ?? match[3] ?? match[4] ?? ""));
  }
  return attributes;
}

/** Every form of an HTML page, in document order. */
export function parseForms(html: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  const text = html.replace(/<!--[\s\S]*?-->/g, "");
  const formPattern = /<form\b([^>]*)>([\s\S]*?)(?:<\/form\s*>|(?=<form\b)|$)/gi;
  for (const match of text.matchAll(formPattern)) {
    const attributes = parseAttributes(match[1] ?? "");
    const inner = match[2] ?? "";
    forms.push({
      method: (attributes.get("method") || "get").toUpperCase(),
      action: attributes.has("action") ? (attributes.get("action") ?? "") : null,
      enctype: (attributes.get("enctype") || "application/x-www-form-urlencoded").toLowerCase(),
      fields: parseFields(inner),
    });
  }
  return forms;
}

function parseFields(inner: string): FormField[] {
  const fields: FormField[] = [];
  const pattern = /<(input|textarea|select|button)\b([^>]*)>(?:([\s\S]*?)<\/\1\s*>)?/gi;
  for (const match of inner.matchAll(pattern)) {
    const tag = match[1]!.toLowerCase();
    const attributes = parseAttributes(match[2] ?? "");
    const name = attributes.get("name");
    if (name === undefined || name === "") continue;
    const type = tag === "input" ? (attributes.get("type") || "text").toLowerCase() : tag;
    let value = attributes.get("value") ?? "";
    if (tag === "textarea") value = decodeEntities(match[3] ?? "");
    fields.push({ tag, type, name, value });
  }
  return fields;
}

/** The content of `<meta name="csrf-token" content="…">` (also `csrf_token`, `_csrf`), or null. */
export function metaCsrfToken(html: string): string | null {
  for (const match of html.matchAll(/<meta\b([^>]*)>/gi)) {
    const attributes = parseAttributes(match[1] ?? "");
    const name = (attributes.get("name") ?? "").toLowerCase();
    if (/^(csrf[-_]?token|_csrf|x-csrf-token)$/.test(name)) return attributes.get("content") ?? null;
  }
  return null;
}

/** True when a field name looks like a CSRF token field (`csrf_token`, `_csrf`, `authenticity_token`…). */
export function isCsrfFieldName(name: string): boolean {
  return /csrf|xsrf|authenticity_token|^_token$/i.test(name);
}

/** The CSRF token field of a form (a hidden field named like one), or null. */
export function csrfField(form: HtmlForm): FormField | null {
  return form.fields.find((field) => field.type === "hidden" && isCsrfFieldName(field.name)) ??
    form.fields.find((field) => isCsrfFieldName(field.name)) ??
    null;
}

/** True when the form posts credentials (has a password field). */
export function isLoginForm(form: HtmlForm): boolean {
  return form.fields.some((field) => field.type === "password");
}

/**
 * Values to submit for a form: hidden fields keep their values; the CSRF field is left out when
 * `includeToken` is false; text-like fields get obviously fake values derived from `nonce`; file
 * inputs, buttons, checkboxes and radios are left out. Never real credentials.
 */
export function fillForm(form: HtmlForm, options: { includeToken: boolean; nonce: string }): [string, string][] {
  const out: [string, string][] = [];
  const token = csrfField(form);
  for (const field of form.fields) {
    if (field === token) {
      if (options.includeToken) out.push([field.name, field.value]);
      continue;
    }
    switch (field.type) {
      case "hidden":
        out.push([field.name, field.value]);
        break;
      case "password":
        out.push([field.name, `flaskguard-probe-wrong-${options.nonce}`]);
        break;
      case "email":
        out.push([field.name, `flaskguard-probe-${options.nonce}@example.invalid`]);
        break;
      case "number":
      case "range":
        out.push([field.name, "1"]);
        break;
      case "file":
      case "submit":
      case "button":
      case "reset":
      case "image":
      case "checkbox":
      case "radio":
        break;
      case "select":
        out.push([field.name, field.value]);
        break;
      default:
        out.push([field.name, `flaskguard-probe-${options.nonce}`]);
        break;
    }
  }
  return out;
}
