-- CreateTable
CREATE TABLE "ConsumerCursor" (
    "name" TEXT NOT NULL,
    "position" BIGINT NOT NULL DEFAULT 0,
    "updatedTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsumerCursor_pkey" PRIMARY KEY ("name")
);

