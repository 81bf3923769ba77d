-- CreateTable
CREATE TABLE "cluster_metric_point" (
    "clusterId" TEXT NOT NULL,
    "resolution" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "data" JSONB NOT NULL,
    "counters" JSONB,

    CONSTRAINT "cluster_metric_point_pkey" PRIMARY KEY ("clusterId","resolution","at")
);
