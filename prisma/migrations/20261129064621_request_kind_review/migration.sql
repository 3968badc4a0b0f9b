-- AlterEnum
ALTER TYPE "RequestKind" ADD VALUE 'REVIEW';
