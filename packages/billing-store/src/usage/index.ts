export { loadUsageRows, planOfClusters } from "./load-usage.js";
