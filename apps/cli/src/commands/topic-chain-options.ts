import { InvalidArgumentError } from "commander";

/** One `--sm NAME[@VERSION]` with the `--param k=v` flags that follow it. */
export interface ChainStepFlags {
  readonly module: string;
  readonly params: Record<string, string>;
}

/**
 * Commander parsers for `--sm` and `--param` sharing one list, so each `--param`
 * configures the `--sm` written before it (commander keeps no order across options).
 */
export function chainFlagParsers(): { steps: ChainStepFlags[]; sm: (value: string) => ChainStepFlags[]; param: (value: string) => ChainStepFlags[] } {
  const steps: ChainStepFlags[] = [];
  return {
    steps,
    sm(value) {
      steps.push({ module: value, params: {} });
      return steps;
    },
    param(value) {
      const step = steps.at(-1);
      if (step === undefined) throw new InvalidArgumentError("--param configures the --sm before it; put it after one");
      const eq = value.indexOf("=");
      if (eq <= 0) throw new InvalidArgumentError(`--param takes key=value, got '${value}'`);
      step.params[value.slice(0, eq)] = value.slice(eq + 1);
      return steps;
    },
  };
}

/** `name(k=v, ...) -> name2` for the chain in a topic's `freshet.smartmodules` config. */
export function chainText(json: string): string {
  const steps = JSON.parse(json) as ChainStepFlags[];
  return steps
    .map((s) => {
      const params = Object.entries(s.params ?? {}).map(([k, v]) => `${k}=${v}`);
      return params.length === 0 ? s.module : `${s.module}(${params.join(", ")})`;
    })
    .join(" -> ");
}
