/** The assembled schema and REST table: importing a module registers its types and routes. */
import { builder } from './builder.js';
import { describeSchema } from './descriptions.js';
import './nodes.js';
import type { RestRoute } from '../rest/route.js';
import { agentRoutes } from '../modules/agents/index.js';
import { attachmentRoutes } from '../modules/attachments/index.js';
import { contactRoutes } from '../modules/contacts/index.js';
import { conversationRoutes } from '../modules/conversations/index.js';
import { departmentRoutes } from '../modules/departments/index.js';
import { fieldRoutes } from '../modules/fields/index.js';
import { filterRoutes } from '../modules/filters/index.js';
import { portalRoutes } from '../modules/portal/index.js';
import { autoAllocationRoutes } from '../modules/auto-allocation/index.js';
import { integrationAccountRoutes } from '../modules/integration-accounts/index.js';
import { routingRuleRoutes } from '../modules/routing-rules/index.js';
import { slaPolicyRoutes } from '../modules/sla-policies/index.js';
import { workingTimeRoutes } from '../modules/working-time/index.js';
import '../modules/subscriptions/index.js';
import '../modules/oauth-clients/types.js';
import { tagRoutes } from '../modules/tags/index.js';
import { triggerRoutes } from '../modules/triggers/index.js';
import '../modules/email/index.js';
import { webhookRoutes } from '../modules/webhooks/index.js';
import { blockedSenderRoutes } from '../modules/blocked-senders/index.js';
import { junkRoutes } from '../modules/junks/index.js';
import { inboundEmailRoutes } from '../modules/inbound-email/index.js';
import { reportRoutes } from '../modules/reports/index.js';

export const schema = builder.toSchema({ sortSchema: false });
/** Descriptions the module definitions leave out, from src/graphql/descriptions.ts (its test lists what is still missing). */
export const schemaDescriptions = describeSchema(schema);

export const restRouteTable: RestRoute[] = [...agentRoutes, ...departmentRoutes, ...contactRoutes, ...tagRoutes, ...attachmentRoutes, ...portalRoutes, ...conversationRoutes, ...fieldRoutes, ...filterRoutes, ...routingRuleRoutes, ...autoAllocationRoutes, ...triggerRoutes, ...integrationAccountRoutes, ...slaPolicyRoutes, ...workingTimeRoutes];
restRouteTable.push(...blockedSenderRoutes, ...junkRoutes);
restRouteTable.push(...webhookRoutes);
restRouteTable.push(...inboundEmailRoutes);
restRouteTable.push(...reportRoutes);
