import { expect, it } from "vitest";
import { keepingReturnPath, returnPath, signInReturningTo } from "./return-path";

it("follows a path on this origin and nothing else", () => {
  expect(returnPath("?next=%2Fdevice%3Fuser_code%3DABCD", "/clusters")).toBe("/device?user_code=ABCD");
  expect(returnPath("", "/clusters")).toBe("/clusters");
  expect(returnPath("?next=https%3A%2F%2Fevil.example", "/clusters")).toBe("/clusters");
  expect(returnPath("?next=%2F%2Fevil.example", "/clusters")).toBe("/clusters");
  expect(returnPath("?next=%2F%5Cevil.example", "/clusters")).toBe("/clusters");
  expect(returnPath("?next=clusters", "/clusters")).toBe("/clusters");
});

it("round-trips the page that sent the browser to sign in", () => {
  const signIn = signInReturningTo({ pathname: "/device", search: "?user_code=WXYZ-2345" });
  expect(signIn).toBe("/sign-in?next=%2Fdevice%3Fuser_code%3DWXYZ-2345");
  expect(returnPath(signIn.slice("/sign-in".length), "/clusters")).toBe("/device?user_code=WXYZ-2345");
});

it("carries a return path from sign-in to sign-up and back, and drops one it would not follow", () => {
  expect(keepingReturnPath("/sign-up", "?next=%2Fdevice%3Fuser_code%3DABCD")).toBe("/sign-up?next=%2Fdevice%3Fuser_code%3DABCD");
  expect(keepingReturnPath("/sign-up", "")).toBe("/sign-up");
  expect(keepingReturnPath("/sign-in", "?next=https%3A%2F%2Fevil.example")).toBe("/sign-in");
});
