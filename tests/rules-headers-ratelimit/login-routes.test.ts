/**
 * @fileoverview Which routes the rate-limiting rules treat as credential endpoints: words of URL
 * rules and view names, and the URL rules that count as health checks.
 */
import { describe, expect, it } from "vitest";
import { credentialWord, wordsOf } from "../../src/rules/helpers/login-routes.js";
import { isHealthRule } from "../../src/rules/rate-limiting/health-check-rate-limited.js";

describe("credentialWord", () => {
  it.each([
    ["/login", "login"],
    ["/login2", "login"],
    ["/signin", "signin"],
    ["/sign-in", "sign in"],
    ["sign_in", "sign in"],
    ["logIn", "log in"],
    ["/api/v1/auth", "auth"],
    ["/oauth/token", "token"],
    ["/reset_password/<token>", "password reset"],
    ["resetPassword", "password reset"],
    ["/forgot", "forgot"],
    ["/account/2fa", "2fa"],
    ["verify_otp", "otp"],
    ["two_factor", "two factor"],
  ])("%s → %s", (text, word) => {
    expect(credentialWord(wordsOf(text))).toBe(word);
  });

  it.each(["/logout", "/sign-out", "/auth/callback", "/author", "/authorize", "/token/revoke", "/confirm/<token>", "/password", "/register", "/"])(
    "%s is not a login route by its words",
    (text) => {
      expect(credentialWord(wordsOf(text))).toBeNull();
    },
  );
});

describe("isHealthRule", () => {
  it.each(["/health", "/healthz", "/api/v1/health", "/ops/status", "/_internal/ping", "/readyz", "/livez/", "/heartbeat"])("%s is a health check", (rule) => {
    expect(isHealthRule(rule)).toBe(true);
  });
  it.each(["/orders/<int:id>/status", "/admin/ping", "/status/<name>/details", "/", "/healthy-recipes/list"])("%s is not", (rule) => {
    expect(isHealthRule(rule)).toBe(false);
  });
});
