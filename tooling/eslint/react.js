import reactHooks from "eslint-plugin-react-hooks";

/** Rules of hooks (and the React Compiler's checks) for the React code in the console. */
export default [
  {
    files: ["apps/console/**/*.tsx", "apps/console/**/*.ts"],
    ...reactHooks.configs.flat["recommended-latest"],
  },
];
