import base from "@freshet/eslint-config";

export default base;
