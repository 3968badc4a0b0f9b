-- DropIndex
DROP INDEX "PolicyVersion_contentHash_key";

-- CreateIndex
CREATE INDEX "PolicyVersion_contentHash_idx" ON "PolicyVersion"("contentHash");
