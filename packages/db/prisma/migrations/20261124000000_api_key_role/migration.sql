-- AlterTable
ALTER TABLE "api_key" ADD COLUMN     "role" "MemberRole" NOT NULL DEFAULT 'member';

