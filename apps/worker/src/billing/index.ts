export { billingJobs, startBillingJobs, BILLING_JOBS, type BillingJob, type BillingWorkerOptions } from "./billing-jobs.js";
export { closeOrganizationPeriod, type ClosedPeriod } from "./period-close/close-period.js";
export { closeDuePeriods, periodToClose, type PeriodCloseReport } from "./period-close/close-due-periods.js";
export { dispatchOutbox, type DispatchDeps, type DispatchReport } from "./outbox/dispatch-outbox.js";
export { evaluateBudgets, type BudgetReport } from "./budget/evaluate-budgets.js";
export { suspendOverdueAccounts } from "./budget/dunning.js";
