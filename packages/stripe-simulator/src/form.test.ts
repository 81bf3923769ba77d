import { describe, expect, it } from "vitest";
import { parseForm } from "./form.js";

describe("parseForm", () => {
  it("rebuilds Stripe's bracket notation into objects and arrays", () => {
    const body = "customer=cus_1&metadata[plan]=pro&metadata[tenant]=t%201&invoice_settings[default_payment_method]=pm_1&expand[0]=lines&expand[1]=customer&tags[]=a&tags[]=b";
    expect(parseForm(body)).toEqual({
      customer: "cus_1",
      metadata: { plan: "pro", tenant: "t 1" },
      invoice_settings: { default_payment_method: "pm_1" },
      expand: ["lines", "customer"],
      tags: ["a", "b"],
    });
  });

  it("keeps an empty value, which Stripe reads as unset", () => {
    expect(parseForm("metadata[plan]=")).toEqual({ metadata: { plan: "" } });
  });
});
