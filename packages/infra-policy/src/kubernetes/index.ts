export { renderKustomization, parseManifests, KustomizeError, type KubernetesObject } from "./render.js";
export { modelFor } from "./models.js";
export { validateManifests, type ManifestRules, type ManifestViolation } from "./validate.js";
