export type MigrationErrorKind =
  /** An earlier run left a migration started but neither finished nor rolled back. */
  | "failed-migration-present"
  /** A migration's script failed in this run; its error is also in `_prisma_migrations.logs`. */
  | "migration-failed"
  /** An applied migration's migration.sql was edited afterwards. */
  | "checksum-mismatch";

export class MigrationError extends Error {
  override readonly name = "MigrationError";

  constructor(
    readonly kind: MigrationErrorKind,
    readonly migration: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
