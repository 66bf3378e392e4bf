-- AlterTable
ALTER TABLE "AllocationAgentPreference" DROP COLUMN "lastAllocatedTime";

