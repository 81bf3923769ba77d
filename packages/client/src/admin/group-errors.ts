/**
 * Kafka changes a group's offsets or deletes it only while no consumer is a member: a member
 * would overwrite the new offsets with its next commit. The message is one sentence for people.
 */
export class GroupNotEmptyError extends Error {
  readonly retriable = false;
  constructor(
    readonly groupId: string,
    readonly state: string,
    readonly members: number,
    /** What was refused, as in "stop them before <action>". */
    action: string,
  ) {
    super(
      members > 0
        ? `The group has ${members} active member${members === 1 ? "" : "s"}; stop ${members === 1 ? "it" : "them"} before ${action}.`
        : `The group is ${state}; wait until it is Empty before ${action}.`,
    );
    this.name = "GroupNotEmptyError";
  }
}
