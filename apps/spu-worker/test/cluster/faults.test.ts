import { describe } from "vitest";
import { consumersFollowScenario } from "./consumers-follow.js";
import { controllerKillScenario } from "./controller-kill.js";
import { followerCorruptionScenario } from "./follower-corruption.js";
import { leaderKillScenario } from "./leader-kill.js";
import { operationsScenario } from "./operations.js";

/*
 * Every cluster fault scenario lives in this one file so that they run one
 * after another (each starts its own SC + 3 SPUs; two at once would fight over
 * the 2 cores and turn timing into spurious SPU deaths). The history checker's
 * unit tests are in checker.test.ts and run in parallel with anything.
 */
describe.sequential("a 3-SPU cluster under faults", () => {
  leaderKillScenario();
  controllerKillScenario();
  followerCorruptionScenario();
  consumersFollowScenario();
  operationsScenario();
});
