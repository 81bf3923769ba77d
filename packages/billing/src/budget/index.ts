export { ALERT_LEVELS, alertsToFire, budgetSettingsSchema, capState, type AlertLevel, type BudgetSettings, type CapState } from "./budget.js";
