/**
 * The reports' plain-SQL reference: the rollup's hourly counters computed straight from the raw
 * rows (the DomainEvent log, plus each conversation's receivedBy and slaPolicyId) with window
 * functions, no rollup and no consumer. The tests check that ReportHour equals it over randomized
 * data; the benchmark times it against the rollup for the ratio. Same definitions as README
 * "Reports" and `foldEvents` in rollup.ts, written set-wise.
 */
import { Prisma } from '../../generated/prisma/client.js';

/** Hourly rows with the ReportHour columns, from the raw log; `where` narrows the events (a time range for the benchmark). */
export function referenceHourlySql(where: Prisma.Sql = Prisma.sql`TRUE`): Prisma.Sql {
  return Prisma.sql`
WITH created AS (
  SELECT "conversationId" AS cid, min("id") AS first_id FROM "DomainEvent"
  WHERE "type" = 'conversation.created' AND "conversationId" IS NOT NULL GROUP BY 1
),
ev AS (
  SELECT e."id", e."type", e."conversationId" AS cid, e."time", e."payload",
    (e."type" = 'message.added' AND e."payload"->>'senderType' = 'contact') AS is_contact,
    (e."type" = 'message.added' AND e."payload"->>'senderType' = 'agent' AND e."payload"->>'type' IN ('reply', 'email', 'socialMessage')) AS is_agent,
    CASE WHEN coalesce(c."receivedBy", '') ~ '^[1-9][0-9]{0,9}$' AND c."receivedBy"::bigint <= 2147483647 THEN c."receivedBy"::int ELSE 0 END AS account,
    CASE WHEN coalesce(c."slaPolicyId", '') ~ '^[1-9][0-9]{0,9}$' AND c."slaPolicyId"::bigint <= 2147483647 THEN c."slaPolicyId"::int ELSE 0 END AS policy
  FROM "DomainEvent" e
  JOIN created k ON k.cid = e."conversationId" AND e."id" >= k.first_id
  LEFT JOIN "Conversation" c ON c."id" = e."conversationId"
  WHERE e."type" IN ('conversation.created', 'conversation.assigneeChanged', 'conversation.statusChanged', 'conversation.deleted',
                     'conversation.restored', 'conversation.purged', 'message.added', 'sla.breached')
),
s1 AS (
  SELECT ev.*,
    count(*) FILTER (WHERE "type" IN ('conversation.created', 'conversation.assigneeChanged')) OVER w AS g_dim,
    count(*) FILTER (WHERE "type" = 'conversation.created' OR ("type" = 'conversation.statusChanged' AND "payload"->>'from' IS DISTINCT FROM "payload"->>'to')) OVER w AS g_status,
    count(*) FILTER (WHERE "type" IN ('conversation.deleted', 'conversation.restored', 'conversation.purged')) OVER w AS g_del,
    coalesce(count(*) FILTER (WHERE is_agent) OVER wb, 0) AS seg,
    coalesce(count(*) FILTER (WHERE is_contact) OVER wb, 0) AS contacts_before,
    coalesce(count(*) FILTER (WHERE is_agent) OVER wb, 0) AS agents_before,
    first_value("time") OVER w AS created_at,
    first_value("payload"->>'createdByType') OVER w AS created_by,
    first_value(coalesce("payload"->>'channel', '')) OVER w AS channel
  FROM ev
  WINDOW w AS (PARTITION BY cid ORDER BY "id"), wb AS (PARTITION BY cid ORDER BY "id" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
s2 AS (
  SELECT s1.*,
    first_value(CASE WHEN "type" = 'conversation.created' THEN coalesce(("payload"->>'assignedAgentId')::int, 0) ELSE coalesce(("payload"->'to'->>'agentId')::int, 0) END)
      OVER (PARTITION BY cid, g_dim ORDER BY "id") AS agent,
    first_value(CASE WHEN "type" = 'conversation.created' THEN coalesce(("payload"->>'assignedDepartmentId')::int, 0) ELSE coalesce(("payload"->'to'->>'departmentId')::int, 0) END)
      OVER (PARTITION BY cid, g_dim ORDER BY "id") AS dept,
    first_value(CASE WHEN "type" = 'conversation.created' THEN "payload"->>'status' ELSE "payload"->>'to' END) OVER (PARTITION BY cid, g_status ORDER BY "id") AS status,
    CASE WHEN g_del = 0 THEN false ELSE first_value("type" <> 'conversation.restored') OVER (PARTITION BY cid, g_del ORDER BY "id") END AS deleted,
    -- the start of the wait this event is in: creation (not created by an agent) or the first contact message since the last agent message
    CASE WHEN seg = 0 AND created_by IS DISTINCT FROM 'agent' THEN created_at
         -- the first in log order (times need not grow with the id: a transaction's time is its start, its id its commit)
         ELSE (array_agg("time") FILTER (WHERE is_contact) OVER (PARTITION BY cid, seg ORDER BY "id"))[1] END AS wait_since
  FROM s1
),
s3 AS (
  SELECT s2.*,
    (status <> 'closed' AND NOT deleted) AS open_after,
    coalesce(lag(status <> 'closed' AND NOT deleted) OVER w, false) AS open_before,
    coalesce(lag(agent) OVER w, agent) AS prev_agent,
    coalesce(lag(dept) OVER w, dept) AS prev_dept,
    (is_agent AND wait_since IS NOT NULL) AS is_response,
    ("type" = 'conversation.statusChanged' AND "payload"->>'to' = 'closed' AND "payload"->>'from' IS DISTINCT FROM 'closed') AS is_close
  FROM s2 WINDOW w AS (PARTITION BY cid ORDER BY "id")
),
s4 AS (
  SELECT s3.*,
    coalesce(count(*) FILTER (WHERE is_response) OVER wb, 0) AS responses_before
  FROM s3 WINDOW wb AS (PARTITION BY cid ORDER BY "id" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
s5 AS (
  SELECT s4.*,
    ("type" = 'sla.breached' AND "payload"->>'target' = 'firstRespond' AND responses_before = 0) AS fb,
    ("type" = 'sla.breached' AND "payload"->>'target' = 'nextRespond' AND responses_before > 0 AND wait_since IS NOT NULL) AS nb,
    ((is_close AND policy <> 0) OR ("type" = 'sla.breached' AND "payload"->>'target' = 'resolve')) AS rd
  FROM s4
),
s6 AS (
  SELECT s5.*,
    (fb AND count(*) FILTER (WHERE fb) OVER w = 1) AS fb_counted,
    coalesce(count(*) FILTER (WHERE fb) OVER wb, 0) AS fb_before,
    (nb AND count(*) FILTER (WHERE nb) OVER (PARTITION BY cid, seg ORDER BY "id") = 1) AS nb_counted,
    count(*) FILTER (WHERE nb) OVER (PARTITION BY cid, seg ORDER BY "id") AS nb_in_wait,
    (rd AND count(*) FILTER (WHERE rd) OVER w = 1) AS rd_first
  FROM s5
  WINDOW w AS (PARTITION BY cid ORDER BY "id"), wb AS (PARTITION BY cid ORDER BY "id" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
s7 AS (
  SELECT s6.*,
    (fb_counted OR nb_counted OR (rd_first AND "type" = 'sla.breached')) AS breach_counted
  FROM s6
),
s8 AS (
  SELECT s7.*, (breach_counted AND count(*) FILTER (WHERE breach_counted) OVER (PARTITION BY cid ORDER BY "id") = 1) AS ticket
  FROM s7
),
contrib AS (
  SELECT date_trunc('hour', "time") AS hour, agent, dept, channel, account, policy,
    ("type" = 'conversation.created')::int AS created,
    is_close::int AS closed,
    ("type" = 'conversation.statusChanged' AND "payload"->>'from' = 'closed' AND "payload"->>'to' <> 'closed')::int AS reopened,
    is_response::int AS replied,
    open_after::int - CASE WHEN "type" = 'conversation.assigneeChanged' THEN 0 ELSE open_before::int END AS open_delta,
    (is_response AND responses_before = 0)::int AS first_responses,
    CASE WHEN is_response AND responses_before = 0 THEN round(extract(epoch FROM "time" - wait_since) * 1000)::bigint ELSE 0 END AS first_response_ms,
    CASE WHEN is_response THEN round(extract(epoch FROM "time" - wait_since) * 1000)::bigint ELSE 0 END AS response_ms,
    CASE WHEN is_close THEN round(extract(epoch FROM "time" - created_at) * 1000)::bigint ELSE 0 END AS conversation_ms,
    CASE WHEN is_close THEN contacts_before ELSE 0 END AS closed_contact,
    CASE WHEN is_close THEN agents_before ELSE 0 END AS closed_agent,
    (is_response AND responses_before = 0 AND policy <> 0 AND fb_before = 0)::int AS sla_first_achieved,
    fb_counted::int AS sla_first_breached,
    (is_response AND responses_before > 0 AND policy <> 0 AND nb_in_wait = 0)::int AS sla_next_achieved,
    nb_counted::int AS sla_next_breached,
    (rd_first AND is_close)::int AS sla_resolve_achieved,
    (rd_first AND "type" = 'sla.breached')::int AS sla_resolve_breached,
    ticket::int AS sla_tickets
  FROM s8 WHERE ${where}
  UNION ALL
  -- a reassigned open conversation leaves its previous agent's and department's open set
  SELECT date_trunc('hour', "time"), prev_agent, prev_dept, channel, account, policy,
    0, 0, 0, 0, -open_before::int, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
  FROM s8 WHERE "type" = 'conversation.assigneeChanged' AND open_before AND ${where}
)
SELECT hour, agent AS "agentId", dept AS "departmentId", channel, account AS "accountId", policy AS "slaPolicyId",
  sum(created)::int AS created, sum(closed)::int AS closed, sum(reopened)::int AS reopened, sum(replied)::int AS replied,
  sum(open_delta)::int AS "openDelta", sum(first_responses)::int AS "firstResponses", sum(first_response_ms)::bigint AS "firstResponseMs",
  sum(response_ms)::bigint AS "responseMs", sum(conversation_ms)::bigint AS "conversationMs",
  sum(closed_contact)::int AS "closedContactMessages", sum(closed_agent)::int AS "closedAgentMessages",
  sum(sla_first_achieved)::int AS "slaFirstAchieved", sum(sla_first_breached)::int AS "slaFirstBreached",
  sum(sla_next_achieved)::int AS "slaNextAchieved", sum(sla_next_breached)::int AS "slaNextBreached",
  sum(sla_resolve_achieved)::int AS "slaResolveAchieved", sum(sla_resolve_breached)::int AS "slaResolveBreached",
  sum(sla_tickets)::int AS "slaBreachedTickets"
FROM contrib
GROUP BY 1, 2, 3, 4, 5, 6`;
}
