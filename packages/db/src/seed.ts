import { type PrismaClient } from "./client.js";
import { newId } from "./ids.js";

export interface SeedOptions {
  staffEmail?: string;
  staffName?: string;
  orgSlug?: string;
  orgName?: string;
}

export interface SeedResult {
  staffUserId: string;
  orgId: string;
  memberId: string;
}

/**
 * The smallest useful control plane: one staff user who owns one org. Safe to run any number of
 * times: existing rows (matched by email, slug and membership) are kept, not duplicated. The user
 * gets no password; sign-in credentials come from better-auth (sign-up or a reset).
 */
export async function seed(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeedResult> {
  const email = options.staffEmail ?? "staff@freshet.local";
  const slug = options.orgSlug ?? "freshet";
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.upsert({
      where: { email },
      create: { id: newId("user"), email, name: options.staffName ?? "Freshet Staff", emailVerified: true, isStaff: true },
      update: { isStaff: true },
    });
    const org = await tx.organization.upsert({
      where: { slug },
      create: { id: newId("organization"), slug, name: options.orgName ?? "Freshet", createdAt: new Date() },
      update: {},
    });
    const existing = await tx.member.findFirst({ where: { organizationId: org.id, userId: user.id } });
    const member =
      existing ??
      (await tx.member.create({
        data: { id: newId("member"), organizationId: org.id, userId: user.id, role: "owner", createdAt: new Date() },
      }));
    return { staffUserId: user.id, orgId: org.id, memberId: member.id };
  });
}
