/**
 * ISR changes of the partitions this SPU leads, counted when the controller confirms
 * them (a proposal it refuses changes nothing). One ISR change can both drop a
 * follower and take one back, and counts once as each.
 */
export class IsrChanges {
  shrinks = 0;
  expands = 0;

  record(before: readonly number[], after: readonly number[]): void {
    if (before.some((id) => !after.includes(id))) this.shrinks += 1;
    if (after.some((id) => !before.includes(id))) this.expands += 1;
  }
}
