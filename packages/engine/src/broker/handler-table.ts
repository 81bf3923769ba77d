import { createAclsHandler, deleteAclsHandler, describeAclsHandler } from "../handlers/acls.js";
import { alterConfigsHandler, incrementalAlterConfigsHandler } from "../handlers/alter-configs.js";
import { apiVersionsHandler } from "../handlers/api-versions.js";
import { authorizeHandlers } from "../handlers/authorize.js";
import { alterClientQuotasHandler, describeClientQuotasHandler } from "../handlers/client-quotas.js";
import { configGates } from "../handlers/config-gates.js";
import { describeConfigsHandler } from "../handlers/describe-configs.js";
import { deleteRecordsHandler } from "../handlers/delete-records.js";
import { describeReplicasHandler } from "../handlers/describe-replicas.js";
import { fetchHandler } from "../handlers/fetch.js";
import { groupGates } from "../handlers/group-gates.js";
import { findCoordinatorHandler, heartbeatHandler, joinGroupHandler, leaveGroupHandler, syncGroupHandler } from "../handlers/group-membership.js";
import { deleteGroupsHandler, describeGroupsHandler, listGroupsHandler, offsetCommitHandler, offsetDeleteHandler, offsetFetchHandler } from "../handlers/group-offsets.js";
import { initProducerIdHandler } from "../handlers/init-producer-id.js";
import { listOffsetsHandler } from "../handlers/list-offsets.js";
import { metadataHandler } from "../handlers/metadata.js";
import { offsetForLeaderEpochHandler } from "../handlers/offset-for-leader-epoch.js";
import { produceHandler } from "../handlers/produce.js";
import { smartFetchHandler } from "../handlers/smart-fetch.js";
import { deleteSmartModuleHandler, fetchSmartModuleHandler, listSmartModulesHandler, loadSmartModuleHandler } from "../handlers/smartmodule-admin.js";
import { smartModuleGates } from "../handlers/smartmodule-gates.js";
import { createPartitionsHandler, createTopicsHandler, deleteTopicsHandler } from "../handlers/topic-admin.js";
import { topicGates } from "../handlers/topic-gates.js";
import type { ApiHandler } from "../server/handler.js";
import type { BrokerContext } from "../handlers/broker-context.js";

/** Every Kafka API the broker serves, behind the ACL gates; ApiVersions advertises exactly this table. */
export function brokerHandlers(ctx: BrokerContext) {
  const gates = [...topicGates(ctx), ...groupGates(), ...configGates(), ...smartModuleGates()];
  return (advertised: Parameters<typeof apiVersionsHandler>[0]): ApiHandler[] => authorizeHandlers(ctx, servedHandlers(ctx, advertised), gates);
}

function servedHandlers(ctx: BrokerContext, advertised: Parameters<typeof apiVersionsHandler>[0]): ApiHandler[] {
  return [
    metadataHandler(ctx),
    produceHandler(ctx),
    fetchHandler(ctx),
    listOffsetsHandler(ctx),
    createTopicsHandler(ctx),
    deleteTopicsHandler(ctx),
    createPartitionsHandler(ctx),
    describeConfigsHandler(ctx),
    alterConfigsHandler(ctx),
    incrementalAlterConfigsHandler(ctx),
    initProducerIdHandler(ctx),
    offsetForLeaderEpochHandler(ctx),
    describeReplicasHandler(ctx),
    smartFetchHandler(ctx),
    loadSmartModuleHandler(ctx),
    listSmartModulesHandler(ctx),
    deleteSmartModuleHandler(ctx),
    fetchSmartModuleHandler(ctx),
    findCoordinatorHandler(ctx),
    joinGroupHandler(ctx),
    syncGroupHandler(ctx),
    heartbeatHandler(ctx),
    leaveGroupHandler(ctx),
    offsetCommitHandler(ctx),
    offsetFetchHandler(ctx),
    describeGroupsHandler(ctx),
    listGroupsHandler(ctx),
    deleteGroupsHandler(ctx),
    offsetDeleteHandler(ctx),
    deleteRecordsHandler(ctx),
    describeClientQuotasHandler(ctx),
    alterClientQuotasHandler(ctx),
    describeAclsHandler(ctx),
    createAclsHandler(ctx),
    deleteAclsHandler(ctx),
    apiVersionsHandler(advertised),
  ];
}
