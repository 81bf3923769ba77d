import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The console is a client of the API only; the proxy route reads API_URL at request time
  // (rewrites are frozen into the build), so one build serves any API address.
  typedRoutes: true,
};

export default config;
