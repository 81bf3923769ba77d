import { expect, it } from "vitest";
import { MemberRole } from "./generated/prisma/enums.js";
import { lesserRole, MEMBER_ROLES, roleAtLeast } from "./roles.js";

it("lists exactly the roles the schema's MemberRole enum stores", () => {
  expect([...MEMBER_ROLES].sort()).toEqual(Object.values(MemberRole).sort());
});

it("ranks viewer < member < admin < owner", () => {
  expect(roleAtLeast("owner", "admin")).toBe(true);
  expect(roleAtLeast("admin", "admin")).toBe(true);
  expect(roleAtLeast("member", "admin")).toBe(false);
  expect(roleAtLeast("viewer", "member")).toBe(false);
  expect(lesserRole("admin", "member")).toBe("member");
  expect(lesserRole("viewer", "owner")).toBe("viewer");
  expect(lesserRole("admin", "admin")).toBe("admin");
});
