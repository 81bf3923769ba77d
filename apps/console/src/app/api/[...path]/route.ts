import { serverEnv } from "@/server/env";
import { forwardToApi } from "@/server/proxy";

// Every request goes to the API as it happens: nothing here may be cached or prerendered.
export const dynamic = "force-dynamic";

function handle(request: Request): Promise<Response> {
  const env = serverEnv();
  return forwardToApi(request, env.API_URL, env.API_PROXY_SECRET);
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE, handle as OPTIONS, handle as HEAD };
