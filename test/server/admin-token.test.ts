import { describe, expect, it } from "vitest";
import { adminTokenCheck } from "../../src/server/admin-token.js";

describe("adminTokenCheck", () => {
  const check = adminTokenCheck("s3cret-token");

  it("accepts the token as a Bearer credential, in any case of the scheme", () => {
    expect(check("Bearer s3cret-token")).toBe(true);
    expect(check("bearer   s3cret-token ")).toBe(true);
  });

  it("refuses a missing header, another scheme, a wrong token, a prefix and an empty token", () => {
    for (const header of [
      undefined,
      "",
      "Basic s3cret-token",
      "s3cret-token",
      "Bearer s3cret",
      "Bearer s3cret-token2",
      "Bearer ",
    ]) {
      expect(check(header), String(header)).toBe(false);
    }
  });
});
