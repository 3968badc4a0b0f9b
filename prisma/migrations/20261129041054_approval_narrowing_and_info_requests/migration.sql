-- AlterTable
ALTER TABLE "AccessRequest" ADD COLUMN     "approvedScope" JSONB;

-- AlterTable
ALTER TABLE "ApprovalStage" ADD COLUMN     "infoRequest" JSONB;
