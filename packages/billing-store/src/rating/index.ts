export { rateOrganization, type OrganizationRating, type PlanLine } from "./rate-organization.js";
