import { z } from "zod";

/*
 * A cluster's limits, in one place: the API's input schemas, the console's form attributes and
 * the CLI's checks all read them here, so a form never accepts what the server refuses (nor the
 * other way round). Other concepts' limits sit beside this file, one file each.
 */

/** Longest cluster name; it also names the cluster's processes and data directory. */
export const CLUSTER_NAME_MAX_LENGTH = 40;

/** Lowercase letters, digits and dashes, not starting or ending with a dash (a DNS label's rules). */
export const CLUSTER_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** The rule as people read it, shown when a name breaks it. */
export const CLUSTER_NAME_RULE = "A cluster name uses lowercase letters, digits and dashes, and does not start or end with a dash.";

/** Fewest and most SPUs (brokers) one cluster runs. */
export const CLUSTER_MIN_SPUS = 1;
export const CLUSTER_MAX_SPUS = 16;

/** A cluster name as the API accepts it; the length is checked first, so a long name is told its limit. */
export const clusterNameSchema = z.string().min(1).max(CLUSTER_NAME_MAX_LENGTH).regex(CLUSTER_NAME_PATTERN, CLUSTER_NAME_RULE);

export const clusterSpusSchema = z.number().int().min(CLUSTER_MIN_SPUS).max(CLUSTER_MAX_SPUS);
