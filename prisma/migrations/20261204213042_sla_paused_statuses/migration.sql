-- AlterTable
ALTER TABLE "WorkingTimeSetting" ADD COLUMN     "slaPausedStatuses" TEXT[] DEFAULT ARRAY['pendingExternal', 'onHold']::TEXT[];

