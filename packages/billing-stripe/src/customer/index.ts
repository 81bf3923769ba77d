export { ensureBillingAccount, ensureStripeCustomer, type StripeCustomerRef } from "./ensure-customer.js";
export { createSetupCheckout, type SetupCheckoutInput } from "./setup-checkout.js";
