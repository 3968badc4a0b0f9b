-- Full-text search for the evidence explorer. Each tsvector is a STORED generated column, so
-- the database keeps it current on every insert and update and no code has to. The 2-argument
-- to_tsvector with a regconfig constant is IMMUTABLE, as a generated column requires.
-- schema.prisma declares the same expressions with dbgenerated(): Prisma cannot say GENERATED
-- ALWAYS itself, and its diff reads the generation expression back as the column's default.

-- AlterTable
ALTER TABLE "AccessRequest" ADD COLUMN     "searchVector" tsvector GENERATED ALWAYS AS ((to_tsvector('english'::regconfig, justification) || to_tsvector('english'::regconfig, scope))) STORED;

-- AlterTable
ALTER TABLE "ApprovalDecision" ADD COLUMN     "searchVector" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, COALESCE(comment, ''::text))) STORED;

-- AlterTable
ALTER TABLE "Comment" ADD COLUMN     "searchVector" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, body)) STORED;

-- CreateIndex
CREATE INDEX "AccessRequest_searchVector_idx" ON "AccessRequest" USING GIN ("searchVector");

-- CreateIndex
CREATE INDEX "ApprovalDecision_searchVector_idx" ON "ApprovalDecision" USING GIN ("searchVector");

-- CreateIndex
CREATE INDEX "Comment_searchVector_idx" ON "Comment" USING GIN ("searchVector");
