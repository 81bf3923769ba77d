import base from "@freshet/eslint-config";
import react from "@freshet/eslint-config/react";

export default [...base, ...react];
