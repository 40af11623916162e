import { describe, expect, it } from "vitest";
import { signInSchema, signUpSchema } from "~/schemas/account";
import { wardSchema } from "~/schemas/place";
import { safeRedirectPath } from "~/utils/auth.server";
import { fieldErrors, summaryItems, typedValues } from "~/utils/forms";

describe("form rules", () => {
  it("gives GOV.UK messages, one per field, in the order of the form", () => {
    const result = signUpSchema.safeParse({ name: " ", email: "not-an-email", password: "short" });
    expect(result.success).toBe(false);
    const errors = fieldErrors(result.error!);
    expect(errors).toEqual({
      name: "Enter your full name",
      email: "Enter an email address in the correct format, like name@example.com",
      password: "Password must be 10 characters or more",
    });
    expect(summaryItems(errors, ["name", "email", "password"]).map((i) => i.href)).toEqual(["#name", "#email", "#password"]);
  });

  it("treats a missing field as empty, with the same message", () => {
    expect(fieldErrors(signInSchema.safeParse({}).error!)).toEqual({
      email: "Enter your email address",
      password: "Enter your password",
    });
  });

  it("gives back what was typed, but never a password", () => {
    const data = new FormData();
    data.set("email", "a@b.test");
    data.set("password", "secret value");
    data.set("currentPassword", "old secret");
    expect(typedValues(data)).toEqual({ email: "a@b.test" });
  });

  it("checks an ONS ward code's format", () => {
    expect(wardSchema.safeParse({ code: "e05000001", neighbourhoodId: "none" }).data).toEqual({ code: "E05000001", neighbourhoodId: null });
    expect(wardSchema.safeParse({ code: "", neighbourhoodId: "3" }).data).toEqual({ code: null, neighbourhoodId: 3 });
    expect(wardSchema.safeParse({ code: "E0500001", neighbourhoodId: "3" }).success).toBe(false);
    expect(wardSchema.safeParse({ code: "", neighbourhoodId: "3; drop table" }).success).toBe(false);
  });

  it("only redirects to paths on this site after sign-in", () => {
    expect(safeRedirectPath("/staff/outbox?page=2")).toBe("/staff/outbox?page=2");
    expect(safeRedirectPath("//evil.example")).toBeNull();
    expect(safeRedirectPath("https://evil.example")).toBeNull();
    expect(safeRedirectPath("/\\evil.example")).toBeNull();
    // Browsers drop tabs and newlines from addresses: "/\t/evil" would become "//evil".
    expect(safeRedirectPath("/\t/evil.example")).toBeNull();
    expect(safeRedirectPath("/\n/evil.example")).toBeNull();
    expect(safeRedirectPath("/%09/evil.example")).toBe("/%09/evil.example");
    expect(safeRedirectPath(null)).toBeNull();
  });
});
