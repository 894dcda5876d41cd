/**
 * @fileoverview Unit tests of the probe's parsing helpers: Set-Cookie and the cookie jar, HTML
 * forms and CSRF tokens, target validation (loopback rule, path resolution) and the request plan.
 */

import { describe, expect, it } from "vitest";

import { parseHeaders, parseSize } from "../../src/cli/probe-command.js";
import { cookieLifetime, CookieJar, parseSetCookie } from "../../src/probe/cookies.js";
import { csrfField, decodeEntities, fillForm, isLoginForm, metaCsrfToken, parseForms } from "../../src/probe/html.js";
import { formatPlan, planProbe, planTotal } from "../../src/probe/plan.js";
import type { ProbeConfig } from "../../src/probe/plan.js";
import { isLoopbackAddress, isLoopbackHost, parseTarget, resolvePath, TargetError } from "../../src/probe/target.js";

describe("Set-Cookie", () => {
  it("parses attributes case-insensitively", () => {
    expect(parseSetCookie('session=".eJw.abc"; Expires=Thu, 01 Jan 2026 00:00:00 GMT; Max-Age=600; SECURE; httponly; Path=/; SameSite=Lax; Domain=example.test')).toEqual({
      name: "session",
      value: ".eJw.abc",
      secure: true,
      httpOnly: true,
      sameSite: "Lax",
      maxAge: 600,
      expires: Date.parse("2026-01-01T00:00:00Z"),
      path: "/",
      domain: "example.test",
    });
    expect(parseSetCookie("novalue")).toBeNull();
    expect(parseSetCookie("=x")).toBeNull();
  });

  it("computes lifetimes: Max-Age wins, none for browser-session cookies", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(cookieLifetime(parseSetCookie("a=1; Max-Age=60; Expires=Fri, 01 Jan 2027 00:00:00 GMT")!, now)).toBe(60);
    expect(cookieLifetime(parseSetCookie("a=1; Expires=Fri, 02 Jan 2026 00:00:00 GMT")!, now)).toBe(86400);
    expect(cookieLifetime(parseSetCookie("a=1")!, now)).toBeNull();
  });

  it("jar stores, replaces and deletes", () => {
    const jar = new CookieJar();
    expect(jar.header()).toBeUndefined();
    jar.store(["session=a; Path=/", "theme=dark"]);
    jar.store(["session=b"]);
    expect(jar.header()).toBe("session=b; theme=dark");
    jar.store(["theme=; Max-Age=0"]);
    expect(jar.names()).toEqual(["session"]);
  });
});

const LOGIN_PAGE = `
<!doctype html><html><head><meta name="csrf-token" content="meta-tok"></head><body>
<form action="/search"><input name="q"></form>
<!-- <form method="post" action="/commented"></form> -->
<form method="POST" action="/auth/login?next=%2F" >
  <input type="hidden" name="csrf_token" value="IjAb&amp;c">
  <label>User <input name=username autocomplete="username" required></label>
  <input type='password' name='password'>
  <input type="email" name="email">
  <input type="checkbox" name="remember" value="y">
  <textarea name="note">hello &lt;b&gt;</textarea>
  <select name="lang"><option>en</option></select>
  <button type="submit" name="go">Log in</button>
</form>
<form method="post" enctype="multipart/form-data"><input type="file" name="upload"></form>
</body></html>`;

describe("HTML forms", () => {
  it("finds forms with method, action, enctype and fields", () => {
    const forms = parseForms(LOGIN_PAGE);
    expect(forms.map((f) => [f.method, f.action, f.enctype])).toEqual([
      ["GET", "/search", "application/x-www-form-urlencoded"],
      ["POST", "/auth/login?next=%2F", "application/x-www-form-urlencoded"],
      ["POST", null, "multipart/form-data"],
    ]);
    const login = forms[1]!;
    expect(login.fields.map((f) => `${f.tag}:${f.type}:${f.name}=${f.value}`)).toEqual([
      "input:hidden:csrf_token=IjAb&c",
      "input:text:username=",
      "input:password:password=",
      "input:email:email=",
      "input:checkbox:remember=y",
      "textarea:textarea:note=hello <b>",
      "select:select:lang=",
      "button:button:go=",
    ]);
    expect(isLoginForm(login)).toBe(true);
    expect(isLoginForm(forms[0]!)).toBe(false);
    expect(csrfField(login)?.name).toBe("csrf_token");
    expect(csrfField(forms[2]!)).toBeNull();
    expect(metaCsrfToken(LOGIN_PAGE)).toBe("meta-tok");
    expect(metaCsrfToken("<meta charset=utf-8>")).toBeNull();
  });

  it("fills fake values, never real credentials, with or without the token", () => {
    const login = parseForms(LOGIN_PAGE)[1]!;
    expect(fillForm(login, { includeToken: true, nonce: "n1" })).toEqual([
      ["csrf_token", "IjAb&c"],
      ["username", "flaskguard-probe-n1"],
      ["password", "flaskguard-probe-wrong-n1"],
      ["email", "flaskguard-probe-n1@example.invalid"],
      ["note", "flaskguard-probe-n1"],
      ["lang", ""],
    ]);
    expect(fillForm(login, { includeToken: false, nonce: "n1" }).map(([name]) => name)).not.toContain("csrf_token");
  });

  it("decodes entities", () => {
    expect(decodeEntities("a&amp;b&#39;c&#x41;&quot;&unknown;")).toBe("a&b'cA\"&unknown;");
  });
});

describe("target", () => {
  it("knows loopback addresses and hosts", () => {
    for (const host of ["127.0.0.1", "127.8.9.10", "::1", "[::1]", "::ffff:127.0.0.1", "localhost", "LOCALHOST.", "app.localhost"]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ["10.0.0.1", "192.168.1.2", "example.com", "localhost.example.com", "::ffff:10.0.0.1", "0.0.0.0"]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
    expect(isLoopbackAddress("localhost")).toBe(false);
  });

  it("validates the URL and the loopback rule", () => {
    expect(parseTarget("127.0.0.1:5000", false).href).toBe("http://127.0.0.1:5000/");
    expect(parseTarget("https://[::1]:8443/app#x", false).href).toBe("https://[::1]:8443/app");
    expect(() => parseTarget("http://example.com", false)).toThrow(/not a loopback address.*--allow-remote/);
    expect(parseTarget("http://example.com", true).host).toBe("example.com");
    expect(() => parseTarget("ftp://127.0.0.1/", false)).toThrow(/unsupported URL scheme ftp:/);
    expect(() => parseTarget("http://user:pw@127.0.0.1/", false)).toThrow(/credentials in the URL/);
    expect(() => parseTarget("http://[bad", false)).toThrow(TargetError);
  });

  it("resolves path options on the target's origin only", () => {
    const target = parseTarget("http://127.0.0.1:5000/app", false);
    expect(resolvePath(target, "/auth/login", "--login-path").href).toBe("http://127.0.0.1:5000/auth/login");
    expect(resolvePath(target, "upload", "--upload-path").href).toBe("http://127.0.0.1:5000/app/upload");
    expect(() => resolvePath(target, "http://127.0.0.2:5000/x", "--login-path")).toThrow("--login-path: http://127.0.0.2:5000/x is not on the target's origin http://127.0.0.1:5000");
  });
});

describe("options", () => {
  it("parses sizes in powers of 1024", () => {
    expect(parseSize("5242880")).toBe(5242880);
    expect(parseSize("5M")).toBe(5 * 1024 * 1024);
    expect(parseSize("5MB")).toBe(5 * 1024 * 1024);
    expect(parseSize("512KiB")).toBe(512 * 1024);
    expect(parseSize("0.5k")).toBe(512);
    expect(() => parseSize("5 parsecs")).toThrow(/expected a size/);
    expect(() => parseSize("1G")).toThrow(/256M/);
  });

  it("parses headers", () => {
    expect(parseHeaders(["Cookie: session=abc", "X-Test:1:2"])).toEqual({ cookie: "session=abc", "x-test": "1:2" });
    expect(() => parseHeaders(["no colon"])).toThrow(/expected `Name: value`/);
  });
});

describe("plan", () => {
  const config: ProbeConfig = {
    target: new URL("http://127.0.0.1:5000/"),
    loginPath: new URL("http://127.0.0.1:5000/auth/login"),
    formPath: null,
    uploadPath: new URL("http://127.0.0.1:5000/upload"),
    uploadField: null,
    uploadMax: 5 * 1024 * 1024,
    loginAttempts: 6,
    sessionCookies: ["session"],
    maxCookieLifetime: 86400,
  };

  it("lists every request with its bound", () => {
    const plan = planProbe(config);
    expect(plan.map((p) => `${p.method} ${p.target} ×${p.count}`)).toEqual([
      "GET http://127.0.0.1:5000/ ×1",
      "GET http://127.0.0.1:5000/console ×1",
      "GET http://127.0.0.1:5000/?__debugger__=yes&cmd=resource&f=debugger.js ×1",
      "GET http://127.0.0.1:5000/flaskguard-probe-missing-page ×1",
      "GET http://127.0.0.1:5000/auth/login ×1",
      "POST <action of the POST form on /auth/login> ×1",
      "POST <action of the POST form on /auth/login> ×1",
      "POST <action of the POST form on /auth/login> ×1",
      "POST <action of the login form on /auth/login> ×6",
      "POST http://127.0.0.1:5000/upload ×1",
    ]);
    expect(planTotal(plan)).toBe(15);
  });

  it("skips what is not configured and says so", () => {
    const bare = { ...config, loginPath: null, uploadPath: null };
    const plan = planProbe(bare);
    expect(planTotal(plan)).toBe(7);
    const text = formatPlan(plan, bare);
    expect(text).toContain("Login rate limit: not checked (give --login-path).");
    expect(text).toContain("Upload limit: not checked (give --upload-path).");
    expect(text).toContain("POST <action of the POST form on />");
  });
});
