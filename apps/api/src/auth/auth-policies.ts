import { createAuthMiddleware } from "better-auth/api";

/**
 * The paths of a better-auth plugin's HTTP endpoints, to switch them off with `disabledPaths`.
 * Used for the organization plugin: it stays for its session field (activeOrganizationId) and its
 * tables, but its endpoints would invite, change roles, rename and delete organizations past our
 * audit log, and delete an organization without deprovisioning its clusters. Our tRPC procedures
 * (orgs.*, members.*, invitations.*) are the only way to do those.
 */
export function endpointPathsOf(plugin: { endpoints: Record<string, { path?: string | undefined }> }): string[] {
  return Object.values(plugin.endpoints).flatMap((endpoint) => (endpoint.path === undefined ? [] : [endpoint.path]));
}

/**
 * A changed password ends every other session of the person (other browsers, CLI logins), whatever
 * the caller asked: someone who changes a password they believe leaked must not stay signed in
 * elsewhere. better-auth then replaces the current session with a new one (its cookie is in the answer).
 */
export const revokeOtherSessionsOnPasswordChange = createAuthMiddleware(async (ctx) => {
  if (ctx.path !== "/change-password") return;
  return { context: { body: { ...(ctx.body as Record<string, unknown>), revokeOtherSessions: true } } };
});
