/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** The fields of an agent to set; fields left out are not changed. */
export type AgentInput = {
  /** Replaces the agent’s departments. */
  departmentIds?: Array<number> | null | undefined;
  /** The agent’s email address: its sign-in name (unique). */
  email?: string | null | undefined;
  /** Whether the agent is online (and so may be allocated conversations). */
  isOnline?: boolean | null | undefined;
  /** The agent’s name. */
  name?: string | null | undefined;
  /** admin or agent. */
  role?: AgentRole | null | undefined;
};

/** What an agent may do: admins also manage agents, settings and rules. */
export type AgentRole =
  /** Manages agents, departments, fields, rules, settings and integrations, and works conversations. */
  | 'admin'
  /** Works conversations. */
  | 'agent';

/** One agent’s allocation preferences. */
export type AllocationAgentPreferenceInput = {
  /** The agent. */
  agentId: string;
  /** Whether the agent takes allocated conversations. */
  ifAcceptAllocation?: boolean | null | undefined;
  /** At most this many open conversations allocated to the agent at once. */
  maxConcurrentCount?: number | null | undefined;
};

/** The allocation rule of one department. */
export type AllocationDepartmentRuleInput = {
  /** loadBalancing or roundRobin. */
  allocationRule: string;
  /** The department. */
  departmentId: string;
  /** Ignored. */
  departmentName?: string | null | undefined;
  /** Give a returning contact’s conversation to the agent who had the last one. */
  preferLastAssignee?: boolean | null | undefined;
};

/** Auto allocation settings to change; fields left out are not changed. */
export type AutoAllocationSettingInput = {
  /** Same as allocationAgentPreferences (the object’s name). */
  agentPreferences?: Array<AllocationAgentPreferenceInput> | null | undefined;
  /** Sets the listed agents’ preferences. */
  allocationAgentPreferences?: Array<AllocationAgentPreferenceInput> | null | undefined;
  /** Replaces the department rules. */
  allocationRuleSettings?: Array<AllocationDepartmentRuleInput> | null | undefined;
  /** For departments without a rule: prefer a returning contact’s last assignee. */
  defaultPreferLastAssignee?: boolean | null | undefined;
  /** loadBalancing or roundRobin. */
  defaultRule?: string | null | undefined;
  /** Same as allocationRuleSettings (the object’s name). */
  departmentAllocationRule?: Array<AllocationDepartmentRuleInput> | null | undefined;
  /** Whether new conversations are allocated to agents automatically. */
  enable?: boolean | null | undefined;
  /** Do not count onHold conversations towards an agent’s load. */
  excludeOnHold?: boolean | null | undefined;
  /** Do not count pendingExternal conversations towards an agent’s load. */
  excludePendingExternal?: boolean | null | undefined;
  /** At most this many open conversations per agent (when setMaxNumberForEachAgent is false). */
  maxNumberForAllAgents?: number | null | undefined;
  /** true: each agent’s own maxConcurrentCount applies; false: maxNumberForAllAgents applies to all. */
  setMaxNumberForEachAgent?: boolean | null | undefined;
};

/** What to set on every conversation of a batch. */
export type BatchUpdateConversationsInput = {
  /** The new agent assignee; null unassigns. */
  assignedAgentId?: string | number | null | undefined;
  /** The new department assignee; null unassigns. */
  assignedDepartmentId?: string | number | null | undefined;
  /** Mark read (true) or unread (false). */
  isRead?: boolean | null | undefined;
  /** The new priority. */
  priority?: ConversationPriority | null | undefined;
  /** The new status. */
  status?: ConversationStatus | null | undefined;
};

/** A blocked address or domain and what happens to its mail. */
export type BlockedSenderInput = {
  /** blockEmailasJunk, rejectEmail, blockDomainasJunk or rejectDomain. */
  blockType?: string | null | undefined;
  /** An email address (email types) or a domain (domain types). */
  email?: string | null | undefined;
};

/** How conditions combine: all must match, any may match, or a logical expression over their numbers. */
export type ConditionWhen =
  /** Every condition must match. */
  | 'all'
  /** At least one condition must match. */
  | 'any'
  /** The logical expression over the conditions’ numbers decides (e.g. "1 and (2 or 3)"). */
  | 'logicalExpression';

/** One identifier of a contact. */
export type ContactIdentityInput = {
  /** email, SSOUserId or externalId. */
  type: ContactIdentityType;
  /** The identifier. */
  value: string;
};

/** The kind of identifier a contact identity is. */
export type ContactIdentityType =
  /** The user id in a single sign-on system. */
  | 'SSOUserId'
  /** An email address (stored lowercased). */
  | 'email'
  /** An id in another system (a CRM, a shop). */
  | 'externalId';

/** The fields of a contact to set; fields left out are not changed. */
export type ContactInput = {
  /** Street address. */
  address?: string | null | undefined;
  /** A short name or nickname. */
  alias?: string | null | undefined;
  /** City. */
  city?: string | null | undefined;
  /** The contact’s company. */
  company?: string | null | undefined;
  /** Country. */
  country?: string | null | undefined;
  /** Notes about the contact. */
  description?: string | null | undefined;
  /** Replaces all identities of the contact. */
  identities?: Array<ContactIdentityInput> | null | undefined;
  /** Mobile phone number. */
  mobile?: string | null | undefined;
  /** The contact’s name. */
  name?: string | null | undefined;
  /** Phone number. */
  phone?: string | null | undefined;
  /** Postal code. */
  postalCode?: string | null | undefined;
  /** State or region. */
  state?: string | null | undefined;
  /** The contact’s job title. */
  title?: string | null | undefined;
};

/** One condition of a conversation list query (field, matchType, value). */
export type ConversationConditionInput = {
  /** A system field name (subject, status, ...) or a custom field id or name. */
  field: string;
  /** contains, notContains, is, isNot, isMoreThan, isLessThan, before, after */
  matchType: string;
  /** The value to compare with. */
  value?: string | null | undefined;
};

/** The viewer’s draft reply of a conversation. */
export type ConversationDraftInput = {
  /** The integration account it would be sent through. */
  accountId?: string | null | undefined;
  /** Uploaded attachments (by their guid). */
  attachments?: Array<MessageAttachmentInput> | null | undefined;
  /** cc email addresses. */
  cc?: string | null | undefined;
  /** The contact identity it would go to. */
  contactIdentityId?: string | null | undefined;
  /** Email messages: the email account address sending it. */
  from?: string | null | undefined;
  /** Notes only: agents to @mention. */
  mentionedAgentIds?: Array<string | number> | null | undefined;
  /** The message it answers. */
  parentId?: string | null | undefined;
  /** Email messages: quoted content. */
  quote?: string | null | undefined;
  /** The tweet it quotes. */
  quoteTweetId?: string | null | undefined;
  /** Email subject. */
  subject?: string | null | undefined;
  /** The draft’s text. */
  text?: MessageTextInput | null | undefined;
  /** Several text parts (alternative to text). */
  texts?: Array<MessageTextInput> | null | undefined;
  /** note, email, reply or socialMessage. */
  type?: ReplyMessageType | null | undefined;
};

/** What a conversation list is restricted to. */
export type ConversationFilterInput = {
  /** All must match. */
  conditions?: Array<ConversationConditionInput> | null | undefined;
  /** A stored filter, or a built-in view: all, mine, unassigned, mentions. */
  filterId?: string | number | null | undefined;
  /** Full-text search in the subject and message texts. */
  keywords?: string | null | undefined;
  /** Only conversations with this tag. */
  tagId?: string | number | null | undefined;
  /** Last reply time from (ISO-8601); default 30 days before timeTo. */
  timeFrom?: string | null | undefined;
  /** Last reply time to (ISO-8601); default now. */
  timeTo?: string | null | undefined;
  /** Hours east of UTC in which times without an offset are read. */
  timeZoneOffset?: number | null | undefined;
};

/** A message to add to a conversation (a reply, a note, an email). */
export type ConversationMessageInput = {
  /** The integration account to send it through (e.g. the email account). */
  accountId?: string | null | undefined;
  /** Uploaded attachments to send with it (by their guid). */
  attachments?: Array<MessageAttachmentInput> | null | undefined;
  /** For an email: cc email addresses, separated by commas. */
  cc?: string | null | undefined;
  /** The contact identity it goes to (e.g. which email address). */
  contactIdentityId?: string | null | undefined;
  /** Email messages: the email account address sending it. */
  from?: string | null | undefined;
  /** Notes only: agents to @mention. */
  mentionedAgentIds?: Array<string | number> | null | undefined;
  /** The message it answers. */
  parentId?: string | null | undefined;
  /** Email messages: quoted content. */
  quote?: string | null | undefined;
  /** The tweet it quotes. */
  quoteTweetId?: string | null | undefined;
  /** The agent it is sent as; the viewer by default. */
  sendById?: string | number | null | undefined;
  /** Integrations: write as this party (agent or contact) instead of as system. */
  sendByType?: string | null | undefined;
  /** Email subject. */
  subject?: string | null | undefined;
  /** The message’s text. */
  text?: MessageTextInput | null | undefined;
  /** Several text parts (alternative to text). */
  texts?: Array<MessageTextInput> | null | undefined;
  /** note, email, reply or socialMessage. */
  type: ReplyMessageType;
};

/** How urgent a conversation is. */
export type ConversationPriority =
  /** High. */
  | 'high'
  /** Low. */
  | 'low'
  /** Normal (the default). */
  | 'normal'
  /** Urgent. */
  | 'urgent';

/** What a conversation list is ordered by. */
export type ConversationSortBy =
  /** The time of the last activity. */
  | 'lastActivityTime'
  /** The time of the last reply (the default). */
  | 'lastReplyTime'
  /** The next SLA breach time (soonest first when ascending). */
  | 'nextSLABreach'
  /** Priority. */
  | 'priority'
  /** Status. */
  | 'status';

/** The direction of a conversation list. */
export type ConversationSortOrder =
  /** Smallest or oldest first. */
  | 'ascending'
  /** Largest or newest first (the default). */
  | 'descending';

/** Where a conversation stands. */
export type ConversationStatus =
  /** Done. */
  | 'closed'
  /** Not worked on yet. */
  | 'new'
  /** Put aside. */
  | 'onHold'
  /** Waiting for the contact or a third party. */
  | 'pendingExternal'
  /** Waiting for the team. */
  | 'pendingInternal';

/** A new conversation and its first message. */
export type CreateConversationInput = {
  /** The agent to assign it to (otherwise routing and allocation decide). */
  assignedAgentId?: string | number | null | undefined;
  /** The department to assign it to. */
  assignedDepartmentId?: string | number | null | undefined;
  /** portal, email, chat, offlineMessage, facebookMessenger, facebookWallPost, Tweet, ... */
  channel: string;
  /** Custom field values, by field id or name. */
  customFields?: Array<CustomFieldValueInput> | null | undefined;
  /** Open in the viewing agent's active work area. */
  isActive?: boolean | null | undefined;
  /** The first message. */
  message: ConversationMessageInput;
  /** Its id on the social platform it came from. */
  originalId?: string | null | undefined;
  /** Its link on the social platform it came from. */
  originalLink?: string | null | undefined;
  /** urgent, high, normal or low; normal by default. */
  priority?: ConversationPriority | null | undefined;
  /** The integration account that received it. */
  receivedBy?: string | null | undefined;
  /** The contact or visitor id the conversation is about. */
  relatedId?: string | null | undefined;
  /** contact, visitor or agent */
  relatedType?: string | null | undefined;
  /** new, pendingInternal, pendingExternal, onHold or closed; new by default. */
  status?: ConversationStatus | null | undefined;
  /** Conversation subject. */
  subject: string;
  /** Replaces the tags. */
  tagIds?: Array<string | number> | null | undefined;
};

/** A custom field value; the field is named by id (or by name). An empty or null value clears it. */
export type CustomFieldValueInput = {
  /** The id of custom field (or give its name). */
  id?: string | null | undefined;
  /** The name of custom field (when no id is given). */
  name?: string | null | undefined;
  /** The value of custom field. */
  value?: string | null | undefined;
};

/** The fields of a department to set. */
export type DepartmentInput = {
  /** What the department does. */
  description?: string | null | undefined;
  /** The department’s name. */
  name?: string | null | undefined;
};

/** The fields of a custom field to set. */
export type FieldInput = {
  /** The value a new conversation gets. */
  defaultValue?: string | null | undefined;
  /** Help shown beside the form control. */
  helpText?: string | null | undefined;
  /** Whether a conversation must have a value for it. */
  isRequired?: boolean | null | undefined;
  /** Only false is accepted: system fields are built in. */
  isSystemField?: boolean | null | undefined;
  /** Maximum value length (text, textarea, email, url, link). */
  length?: number | null | undefined;
  /** The field’s name. */
  name?: string | null | undefined;
  /** For radio, dropdownList and checkboxList: replaces the options. */
  options?: Array<FieldOptionInput> | null | undefined;
  /** The kind of value. */
  type?: FieldType | null | undefined;
};

/** Which chat or offline-message form field fills a field. */
export type FieldMappingInput = {
  /** The chat field id; null or "" clears it. */
  chatFieldMapping?: string | null | undefined;
  /** The field. */
  fieldId: string | number;
  /** The offline message field id; null or "" clears it. */
  offlineMessageFieldMapping?: string | null | undefined;
};

/** One option of a radio, drop-down or check-box field. */
export type FieldOptionInput = {
  /** Keeps an existing option (and its id) on update; omit for a new option. */
  id?: string | null | undefined;
  /** Shown to people; defaults to the value. */
  name?: string | null | undefined;
  /** Defaults to the position in the list. */
  order?: number | null | undefined;
  /** The option’s stored value. */
  value: string;
};

/** The kind of value a field holds, and so the form control that edits it. */
export type FieldType =
  /** Yes or no. */
  | 'checkbox'
  /** Any of the options, as check boxes. */
  | 'checkboxList'
  /** A date. */
  | 'date'
  /** A department (system field). */
  | 'department'
  /** One of the options, as a drop-down list. */
  | 'dropdownList'
  /** An email address. */
  | 'email'
  /** A decimal number. */
  | 'float'
  /** A whole number. */
  | 'integer'
  /** A link. */
  | 'link'
  /** An agent (system field). */
  | 'operator'
  /** One of the options, as radio buttons. */
  | 'radio'
  /** One line of text. */
  | 'text'
  /** Several lines of text. */
  | 'textarea'
  /** A URL. */
  | 'url';

/** One condition of a filter. */
export type FilterConditionInput = {
  /** A system or custom field id (a field name is accepted too). */
  fieldId: string;
  /** Ignored: conditions are replaced as a whole. */
  id?: string | null | undefined;
  /** contains, notContains, is, isNot, isMoreThan, isLessThan, before or after. */
  matchType: string;
  /** Condition value. */
  value?: string | null | undefined;
};

/** The fields of a filter to set. */
export type FilterInput = {
  /** Replaces the conditions. */
  conditions?: Array<FilterConditionInput> | null | undefined;
  /** Private filters are visible and usable only by their creator. Default false. */
  isPrivate?: boolean | null | undefined;
  /** Same as logicalExpression (the spelling routing rules use). */
  logicExpression?: string | null | undefined;
  /** e.g. "(1 and 2) or 3" over the 1-based condition numbers, with when = logicalExpression. */
  logicalExpression?: string | null | undefined;
  /** Filter name. */
  name?: string | null | undefined;
  /** Default all. */
  when?: ConditionWhen | null | undefined;
};

/** A holiday: a day that is not a working day. */
export type HolidayInput = {
  /** YYYY-MM-DD (a datetime is accepted: its date part is taken). */
  date?: string | null | undefined;
  /** The holiday’s name. */
  title?: string | null | undefined;
};

/** The fields of an integration account to set. */
export type IntegrationAccountInput = {
  /** Email accounts only: unique. */
  address?: string | null | undefined;
  /** Required on create, fixed afterwards. */
  channelId?: string | null | undefined;
  /** The incoming mail server to fetch from. */
  imap?: MailServerSettingsInput | null | undefined;
  /** The account’s name (e.g. the email address). */
  name?: string | null | undefined;
  /** The outgoing mail server. */
  smtp?: MailServerSettingsInput | null | undefined;
};

/** How to reach a mail server (SMTP or IMAP). */
export type MailServerSettingsInput = {
  /** Host name. */
  host?: string | null | undefined;
  /** IMAP only (default INBOX). */
  mailbox?: string | null | undefined;
  /** Write-only: never returned. */
  password?: string | null | undefined;
  /** Port. */
  port?: number | null | undefined;
  /** TLS from the start (true) or STARTTLS when offered (false). */
  secure?: boolean | null | undefined;
  /** User name to sign in with. */
  username?: string | null | undefined;
};

/** An uploaded attachment, by id (POST /api/v3/anytime/attachments or uploadAttachment). */
export type MessageAttachmentInput = {
  /** The guid of an uploaded attachment. */
  id: string;
};

/** The text of a message. */
export type MessageTextInput = {
  /** Plain text or HTML body. */
  content: string;
  /** plaintext or html; plaintext by default. */
  format?: TextFormat | null | undefined;
};

/** The kind of message. */
export type MessageType =
  /** A chat transcript. */
  | 'chat'
  /** An email. */
  | 'email'
  /** An internal note between agents; the contact does not see it. */
  | 'note'
  /** A message left while chat was offline. */
  | 'offlineMessage'
  /** A reply (portal or API). */
  | 'reply'
  /** A message on a social platform. */
  | 'socialMessage';

/** A custom field value a contact submits, by field id or name. */
export type PortalCustomFieldValueInput = {
  /** The custom field id (or give its name). */
  id?: string | null | undefined;
  /** The field’s name (when no id is given). */
  name?: string | null | undefined;
  /** The value. */
  value?: string | null | undefined;
};

/** The first message of a portal conversation. */
export type PortalMessageInput = {
  /** Ids (guids) of attachments uploaded beforehand. */
  attachmentIds?: Array<string> | null | undefined;
  /** The message’s text. */
  text?: PortalTextInput | null | undefined;
};

/** A contact’s reply in a portal conversation. */
export type PortalReplyInput = {
  /** Ids (guids) of attachments uploaded beforehand. */
  attachmentIds?: Array<string> | null | undefined;
  /** Required for agents and portal integrations; a contact viewer always acts for itself. */
  contactId?: string | number | null | undefined;
  /** The reply’s text. */
  text?: PortalTextInput | null | undefined;
};

/** The text of a portal message (plain text). */
export type PortalTextInput = {
  /** The text. */
  content?: string | null | undefined;
  /** plaintext (default) or html */
  format?: string | null | undefined;
};

/** The message types an agent or integration writes: note, email, reply, socialMessage. */
export type ReplyMessageType =
  /** An email to the contact. */
  | 'email'
  /** An internal note between agents. */
  | 'note'
  /** A reply (portal or API). */
  | 'reply'
  /** A message on a social platform. */
  | 'socialMessage';

/** How a range report splits each bucket into rows. */
export type ReportDimension =
  /** One row per bucket and assigned agent (id null: no agent). */
  | 'byAgent'
  /** One row per bucket and channel (id: the channel name). */
  | 'byChannel'
  /** One row per bucket and department (id null: no department). */
  | 'byDepartment'
  /** One row per bucket, empty buckets included (the default). */
  | 'byTime';

/** An export: the report's parameters, plus timeOffset (minutes east of UTC; default the site zone) and dateFormat (default YYYY-MM-DD HH:mm:ss). */
export type ReportExportInput = {
  /** How the CSV writes dates: tokens YYYY YY MM M DD D HH H mm m ss s SSS; default YYYY-MM-DD HH:mm:ss. */
  dateFormat?: string | null | undefined;
  /** byTime, byAgent, byDepartment, byChannel; SLA: slaPolicies, agent, department. */
  dimensionType?: string | null | undefined;
  /** End of the range (exclusive), rounded up to the hour. */
  endTime: string;
  /** Which conversations to count (default site); ignored for the SLA report. */
  filterType?: ReportFilterType | null | undefined;
  /** An agent, department or account id, or a channel name, for filterType. */
  filterValue?: string | null | undefined;
  /** The site (one site: any integer is accepted). */
  siteId?: number | null | undefined;
  /** Start of the range (inclusive), rounded down to the hour. */
  startTime: string;
  /** Minutes east of UTC (−720…840) at which buckets are cut and dates written; default the site time zone. */
  timeOffset?: number | null | undefined;
  /** Bucket size: hour, day (default), week or month; SLA: day, week or month. */
  timeUnit?: ReportTimeUnit | null | undefined;
};

/** Which conversations a report counts; filterValue names the agent, department, account or channel. */
export type ReportFilterType =
  /** Conversations received by the integration account whose id is filterValue. */
  | 'account'
  /** Conversations assigned to the agent whose id is filterValue. */
  | 'agent'
  /** Conversations of the channel named by filterValue (e.g. email). */
  | 'channel'
  /** Conversations of the department whose id is filterValue. */
  | 'department'
  /** All conversations (the default; no filterValue). */
  | 'site';

/** Which range report an export is of. */
export type ReportKind =
  /** The channel report. */
  | 'channel'
  /** The efficiency report. */
  | 'efficiency'
  /** The SLA report. */
  | 'sla'
  /** The volume report. */
  | 'volume';

/** A report range: [startTime, endTime) widened to whole hours, buckets in the site time zone (README "Reports"). */
export type ReportRangeInput = {
  /** Default byTime. */
  dimensionType?: ReportDimension | null | undefined;
  /** End of the range (exclusive), rounded up to the hour; after startTime, at most REPORT_MAX_RANGE_DAYS later. */
  endTime: string;
  /** Default site (everything). */
  filterType?: ReportFilterType | null | undefined;
  /** An agent, department or account id, or a channel name. */
  filterValue?: string | null | undefined;
  /** The site (one site: any integer is accepted). */
  siteId?: number | null | undefined;
  /** Start of the range (inclusive), rounded down to the hour. */
  startTime: string;
  /** Default day. */
  timeUnit?: ReportTimeUnit | null | undefined;
};

/** How the SLA report splits each bucket into rows. */
export type ReportSlaDimension =
  /** One row per bucket and assigned agent. */
  | 'agent'
  /** One row per bucket and department. */
  | 'department'
  /** One row per bucket and SLA policy (the default). */
  | 'slaPolicies';

/** An SLA report range: [startTime, endTime) widened to whole hours, buckets in the site time zone; no filter. */
export type ReportSlaInput = {
  /** Default slaPolicies. */
  dimensionType?: ReportSlaDimension | null | undefined;
  /** End of the range (exclusive), rounded up to the hour; after startTime, at most REPORT_MAX_RANGE_DAYS later. */
  endTime: string;
  /** The site (one site: any integer is accepted). */
  siteId?: number | null | undefined;
  /** Start of the range (inclusive), rounded down to the hour. */
  startTime: string;
  /** day, week or month (default day). */
  timeUnit?: ReportTimeUnit | null | undefined;
};

/** The bucket size of a range report, cut in the site time zone (exports: at timeOffset). */
export type ReportTimeUnit =
  /** One bucket per local day (the default). */
  | 'day'
  /** One bucket per hour (not for the SLA report). */
  | 'hour'
  /** One bucket per calendar month. */
  | 'month'
  /** One bucket per ISO week, from Monday. */
  | 'week';

/** One condition of a custom routing rule. */
export type RoutingConditionInput = {
  /** Field id. */
  fieldId: string;
  /** Ignored: conditions are replaced as a whole. */
  id?: string | null | undefined;
  /** contains, notContains, is, isNot, isMoreThan, isLessThan, before or after. */
  matchType: string;
  /** Ignored (routingRule). */
  type?: string | null | undefined;
  /** Condition value. */
  value?: string | null | undefined;
};

/** The conditions of a custom routing rule. */
export type RoutingConditionsInput = {
  /** The conditions. */
  list?: Array<RoutingConditionInput> | null | undefined;
  /** The logical expression of the conditions (with when = logicalExpression). */
  logicExpression?: string | null | undefined;
  /** Same as logicExpression. */
  logicalExpression?: string | null | undefined;
  /** all (default), any or logicalExpression. */
  when?: string | null | undefined;
};

/** The fields of a custom routing rule to set. */
export type RoutingCustomRuleInput = {
  /** When the rule applies. */
  conditions?: RoutingConditionsInput | null | undefined;
  /** Default true. */
  enable?: boolean | null | undefined;
  /** Name of the custom rule. */
  name?: string | null | undefined;
  /** Id of the agent or department to route to. */
  routeToId?: string | null | undefined;
  /** urgent, high, normal or low. */
  routeToPriority?: string | null | undefined;
  /** agent or department. */
  routeType?: string | null | undefined;
};

/** Routing settings to change. */
export type RoutingSettingInput = {
  /** Whether routing rules are enabled. */
  enable?: boolean | null | undefined;
  /** Id of the agent or department when no custom rule matches. */
  matchFailedToId?: string | null | undefined;
  /** urgent, high, normal or low, when no custom rule matches. */
  matchFailedToPriority?: string | null | undefined;
  /** agent or department. */
  matchFailedType?: string | null | undefined;
  /** Same as matchFailedToId (the object’s spelling). */
  matchFailedrouteToId?: string | null | undefined;
  /** urgent, high, normal or low. */
  simpleRoutePriority?: string | null | undefined;
  /** Id of the agent or department simple routing sends to. */
  simpleRouteToId?: string | null | undefined;
  /** Same as simpleRoutePriority (the object’s name). */
  simpleRouteToPriority?: string | null | undefined;
  /** agent or department. */
  simpleRouteType?: string | null | undefined;
  /** simple or rules (customRules is accepted too). */
  type?: string | null | undefined;
};

/** One condition of an SLA policy. */
export type SlaConditionInput = {
  /** Field id. */
  fieldId: string;
  /** Ignored: conditions are replaced as a whole. */
  id?: string | null | undefined;
  /** contains, notContains, is, isNot, isMoreThan, isLessThan, before or after. */
  matchType: string;
  /** Ignored (sla). */
  type?: string | null | undefined;
  /** Condition value. */
  value?: string | null | undefined;
};

/** The fields of an SLA policy to set. */
export type SlaPolicyInput = {
  /** true / businessHours (default) or false / calenderHours. */
  businessHours?: string | null | undefined;
  /** Replaces the conditions when given. */
  conditions?: Array<SlaConditionInput> | null | undefined;
  /** Default true. */
  enable?: boolean | null | undefined;
  /** Whole hours, at least 1 (required on create). */
  firstRespondWithin?: number | null | undefined;
  /** The logical expression of the conditions (with when = logicalExpression). */
  logicExpression?: string | null | undefined;
  /** Whole hours, at least 1 (required on create). */
  nextRespondWithin?: number | null | undefined;
  /** Whole hours, at least 1 (required on create). */
  resolveRespondWithin?: number | null | undefined;
  /** all (default), any or logicalExpression. */
  when?: string | null | undefined;
};

/** A conversation a contact submits from the portal. */
export type SubmitPortalConversationInput = {
  /** Required for agents and portal integrations; a contact viewer always submits as itself. */
  contactId?: string | number | null | undefined;
  /** Custom field values. */
  customFields?: Array<PortalCustomFieldValueInput> | null | undefined;
  /** The first message: text and/or attachments. Required. */
  message?: PortalMessageInput | null | undefined;
  /** Required. */
  subject?: string | null | undefined;
};

/** The fields of a tag to set. */
export type TagInput = {
  /** #RRGGBB */
  color?: string | null | undefined;
  /** Tag name. */
  name?: string | null | undefined;
};

/** How a text’s content is written. */
export type TextFormat =
  /** HTML. */
  | 'html'
  /** Plain text. */
  | 'plaintext';

/** A field the trigger sets on the conversation. */
export type TriggerAutoUpdateInput = {
  /** A field id (system fields also by key: status, priority, assignedAgent, assignedDepartment, tags). */
  fieldId: string;
  /** Ignored: autoUpdate is replaced as a whole. */
  id?: string | null | undefined;
  /** Ignored. */
  triggerId?: string | null | undefined;
  /** The value to set. */
  value?: string | null | undefined;
};

/** One condition of a trigger. */
export type TriggerConditionInput = {
  /** Field id. */
  fieldId: string;
  /** Ignored: conditions are replaced as a whole. */
  id?: string | null | undefined;
  /** contains, notContains, is, isNot, isMoreThan, isLessThan, before or after. */
  matchType: string;
  /** Ignored (trigger). */
  type?: string | null | undefined;
  /** Condition value. */
  value?: string | null | undefined;
};

/** The conditions of a trigger. */
export type TriggerConditionsInput = {
  /** The conditions. */
  list?: Array<TriggerConditionInput> | null | undefined;
  /** The logical expression of the conditions (with when = logicalExpression). */
  logicExpression?: string | null | undefined;
  /** Same as logicExpression. */
  logicalExpression?: string | null | undefined;
  /** all (default), any or logicalExpression. */
  when?: string | null | undefined;
};

/** The fields of a trigger to set. */
export type TriggerInput = {
  /** The guid of an uploaded attachment (REST: attachment: { id }). */
  attachmentId?: string | null | undefined;
  /** The fields to set when it fires; replaces the list. */
  autoUpdate?: Array<TriggerAutoUpdateInput> | null | undefined;
  /** REST also takes the spec’s condition array. */
  conditions?: TriggerConditionsInput | null | undefined;
  /** What the trigger is for. */
  description?: string | null | undefined;
  /** Default true. */
  enable?: boolean | null | undefined;
  /** conversationCreated, conversationReplyReceived, agentReplied, conversationAssigneeChanged, conversationStatusChanged, conversationStatusLastForCertainTime, slaBreached. */
  event?: string | null | undefined;
  /** The email’s HTML body. */
  htmlText?: string | null | undefined;
  /** The email’s plain-text body. */
  plainText?: string | null | undefined;
  /** Whether the trigger sends an email when it fires. */
  sendEmail?: boolean | null | undefined;
  /** Send the email to the agents in toAgents. */
  sendToAgents?: boolean | null | undefined;
  /** Send the email to the conversation’s contact. */
  sendToContacts?: boolean | null | undefined;
  /** Whether the trigger sets field values (autoUpdate). */
  setValue?: boolean | null | undefined;
  /** Whether the email shows as a message of the conversation. */
  showInConversationCorrespondences?: boolean | null | undefined;
  /** Minutes, at least 5; only with conversationStatusLastForCertainTime. */
  statusDuration?: number | null | undefined;
  /** The email’s subject. */
  subject?: string | null | undefined;
  /** Agent ids. */
  toAgents?: Array<string> | null | undefined;
};

/** The fields of a conversation to change; fields left out are not changed. */
export type UpdateConversationInput = {
  /** The agent assignee; null unassigns. */
  assignedAgentId?: string | number | null | undefined;
  /** The department assignee; null unassigns. */
  assignedDepartmentId?: string | number | null | undefined;
  /** Custom field values to set, by field id or name. */
  customFields?: Array<CustomFieldValueInput> | null | undefined;
  /** Open in the viewing agent's active work area. */
  isActive?: boolean | null | undefined;
  /** For the viewing agent only. */
  isRead?: boolean | null | undefined;
  /** Its id on the social platform it came from. */
  originalId?: string | null | undefined;
  /** Its link on the social platform it came from. */
  originalLink?: string | null | undefined;
  /** urgent, high, normal or low. */
  priority?: ConversationPriority | null | undefined;
  /** The integration account that received it. */
  receivedBy?: string | null | undefined;
  /** The contact or visitor id the conversation is about. */
  relatedId?: string | null | undefined;
  /** contact, visitor or agent */
  relatedType?: string | null | undefined;
  /** new, pendingInternal, pendingExternal, onHold or closed. */
  status?: ConversationStatus | null | undefined;
  /** Conversation subject. */
  subject?: string | null | undefined;
  /** Replaces the tags. */
  tagIds?: Array<string | number> | null | undefined;
};

/** A webhook endpoint to create or change: URL, event types, secret, enabled. */
export type WebhookInput = {
  /** Default true. */
  enabled?: boolean | null | undefined;
  /** Event types of the catalogue, e.g. ["conversation.created", "message.added"]. */
  eventTypes?: Array<string> | null | undefined;
  /** At least 16 characters; the HMAC-SHA256 key of X-Anytime-Signature. Write-only. */
  secret?: string | null | undefined;
  /** http or https; private and loopback targets are refused unless WEBHOOK_ALLOW_PRIVATE=true. */
  url?: string | null | undefined;
};

/** One working period of a weekday. */
export type WorkingTimeInput = {
  /** Sunday … Saturday (or Sun … Sat, or 0 … 6). */
  dayOfWeek: string;
  /** End hour. */
  endHour?: number | null | undefined;
  /** End minute (0–59). */
  endMin?: number | null | undefined;
  /** Default true; false marks the day off (the hours are ignored). */
  isBusinessDay?: boolean | null | undefined;
  /** Start hour (0–23). */
  startHour?: number | null | undefined;
  /** Start minute (0–59). */
  startMin?: number | null | undefined;
};

export type AgentFieldsFragment = { name: string, email: string, role: AgentRole, isOnline: boolean, departmentIds: Array<number>, createdTime: string, id: number };

export type RestListAgentsQueryVariables = Exact<{
  page?: number | null | undefined;
}>;


export type RestListAgentsQuery = { agents: { totalCount: number, nodes: Array<{ name: string, email: string, role: AgentRole, isOnline: boolean, departmentIds: Array<number>, createdTime: string, id: number }> } };

export type RestGetAgentQueryVariables = Exact<{
  id: string | number;
}>;


export type RestGetAgentQuery = { agent: { name: string, email: string, role: AgentRole, isOnline: boolean, departmentIds: Array<number>, createdTime: string, id: number } };

export type RestCreateAgentMutationVariables = Exact<{
  input: AgentInput;
}>;


export type RestCreateAgentMutation = { createAgent: { name: string, email: string, role: AgentRole, isOnline: boolean, departmentIds: Array<number>, createdTime: string, id: number } };

export type RestUpdateAgentMutationVariables = Exact<{
  id: string | number;
  input: AgentInput;
}>;


export type RestUpdateAgentMutation = { updateAgent: { name: string, email: string, role: AgentRole, isOnline: boolean, departmentIds: Array<number>, createdTime: string, id: number } };

export type RestDeleteAgentMutationVariables = Exact<{
  id: string | number;
}>;


export type RestDeleteAgentMutation = { deleteAgent: { id: string } };

export type RestCreateApiKeyMutationVariables = Exact<{
  agentId: string | number;
  name?: string | null | undefined;
}>;


export type RestCreateApiKeyMutation = { createApiKey: { secret: string, apiKey: { id: number, name: string, prefix: string, createdTime: string } } };

export type AttachmentFieldsFragment = { id: string, messageId: string | null, type: string, mimetype: string, originalId: string | null, originalLink: string | null, text: string | null, fileName: string, url: string, previewUrl: string | null, size: number, scale: string | null, isAvailable: boolean };

export type RestUpdateAttachmentMutationVariables = Exact<{
  id: string;
  isAvailable: boolean;
}>;


export type RestUpdateAttachmentMutation = { updateAttachment: { id: string, messageId: string | null, type: string, mimetype: string, originalId: string | null, originalLink: string | null, text: string | null, fileName: string, url: string, previewUrl: string | null, size: number, scale: string | null, isAvailable: boolean } };

export type RestGetAttachmentQueryVariables = Exact<{
  id: string;
}>;


export type RestGetAttachmentQuery = { attachment: { id: string, messageId: string | null, type: string, mimetype: string, originalId: string | null, originalLink: string | null, text: string | null, fileName: string, url: string, previewUrl: string | null, size: number, scale: string | null, isAvailable: boolean } };

export type RestDeleteAttachmentMutationVariables = Exact<{
  id: string;
}>;


export type RestDeleteAttachmentMutation = { deleteAttachment: { id: string } };

export type AutoAllocationFieldsFragment = { enable: boolean, defaultRule: string, defaultPreferLastAssignee: boolean, setMaxNumberForEachAgent: boolean, maxNumberForAllAgents: number, excludePendingExternal: boolean, excludeOnHold: boolean, departmentAllocationRule: Array<{ departmentId: string, departmentName: string | null, allocationRule: string, preferLastAssignee: boolean }>, agentPreferences: Array<{ agentId: string, maxConcurrentCount: number, ifAcceptAllocation: boolean }> };

export type RestGetAutoAllocationQueryVariables = Exact<{ [key: string]: never; }>;


export type RestGetAutoAllocationQuery = { autoAllocation: { enable: boolean, defaultRule: string, defaultPreferLastAssignee: boolean, setMaxNumberForEachAgent: boolean, maxNumberForAllAgents: number, excludePendingExternal: boolean, excludeOnHold: boolean, departmentAllocationRule: Array<{ departmentId: string, departmentName: string | null, allocationRule: string, preferLastAssignee: boolean }>, agentPreferences: Array<{ agentId: string, maxConcurrentCount: number, ifAcceptAllocation: boolean }> } };

export type RestEnableAutoAllocationMutationVariables = Exact<{
  enable: boolean;
}>;


export type RestEnableAutoAllocationMutation = { setAutoAllocationEnabled: { enable: boolean } };

export type RestUpdateAutoAllocationMutationVariables = Exact<{
  input: AutoAllocationSettingInput;
}>;


export type RestUpdateAutoAllocationMutation = { updateAutoAllocation: { enable: boolean, defaultRule: string, defaultPreferLastAssignee: boolean, setMaxNumberForEachAgent: boolean, maxNumberForAllAgents: number, excludePendingExternal: boolean, excludeOnHold: boolean, departmentAllocationRule: Array<{ departmentId: string, departmentName: string | null, allocationRule: string, preferLastAssignee: boolean }>, agentPreferences: Array<{ agentId: string, maxConcurrentCount: number, ifAcceptAllocation: boolean }> } };

export type RestSetMyOnlineStatusMutationVariables = Exact<{
  isOnline: boolean;
  ifAcceptAllocation?: boolean | null | undefined;
}>;


export type RestSetMyOnlineStatusMutation = { setMyOnlineStatus: { isOnline: boolean, id: number } };

export type BlockedSenderFieldsFragment = { id: string, email: string, blockType: string };

export type RestListBlockedSendersQueryVariables = Exact<{
  email?: string | null | undefined;
}>;


export type RestListBlockedSendersQuery = { blockedSenders: Array<{ id: string, email: string, blockType: string }> };

export type RestGetBlockedSenderQueryVariables = Exact<{
  id: string | number;
}>;


export type RestGetBlockedSenderQuery = { blockedSender: { id: string, email: string, blockType: string } };

export type RestPutBlockedSenderMutationVariables = Exact<{
  input: BlockedSenderInput;
}>;


export type RestPutBlockedSenderMutation = { putBlockedSender: { id: string, email: string, blockType: string } };

export type RestDeleteBlockedSenderMutationVariables = Exact<{
  email?: string | null | undefined;
}>;


export type RestDeleteBlockedSenderMutation = { deleteBlockedSender: { id: string } };

export type ContactFieldsFragment = { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> };

export type RestListContactsQueryVariables = Exact<{
  keywords?: string | null | undefined;
  page?: number | null | undefined;
}>;


export type RestListContactsQuery = { contacts: { totalCount: number, nodes: Array<{ name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> }> } };

export type RestGetContactQueryVariables = Exact<{
  id: string | number;
}>;


export type RestGetContactQuery = { contact: { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> } };

export type RestCreateContactMutationVariables = Exact<{
  input: ContactInput;
}>;


export type RestCreateContactMutation = { createContact: { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> } };

export type RestUpdateContactMutationVariables = Exact<{
  id: string | number;
  input: ContactInput;
}>;


export type RestUpdateContactMutation = { updateContact: { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> } };

export type RestDeleteContactMutationVariables = Exact<{
  id: string | number;
}>;


export type RestDeleteContactMutation = { deleteContact: { id: string } };

export type ConversationFieldsFragment = { guid: string, relatedType: string | null, relatedId: string | null, subject: string, assignedAgentId: number | null, assignedDepartmentId: number | null, channel: string, receivedBy: string | null, originalId: string | null, originalLink: string | null, priority: ConversationPriority, status: ConversationStatus, hasDraft: boolean, isDeleted: boolean, isRead: boolean, isReadByContact: boolean, isEditable: boolean, isActive: boolean, lastMessage: string, tagIds: Array<number>, createdById: string | null, createdByType: string, createdTime: string, lastActivityTime: string, lastStatusChangeTime: string, lastRepliedTime: string, lastRepliedById: number | null, lastRepliedByType: string | null, slaPolicyId: string | null, firstRespondBreachAt: string | null, nextRespondBreachAt: string | null, resolveBreachAt: string | null, contactId: number | null, mergedIntoId: number | null, id: number, mentionedAgents: Array<{ agentId: number, isRead: boolean, messageId: string }>, customFields: Array<{ id: string, name: string, value: string }> };

export type ConversationIncludesFragment = { assignedAgent?: { name: string, email: string, role: AgentRole, isOnline: boolean, departmentIds: Array<number>, createdTime: string, id: number } | null, assignedDepartment?: { name: string, description: string, createdTime: string, id: number } | null, contact?: { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> } | null, createdBy?:
    | { name: string, email: string, role: AgentRole, isOnline: boolean, departmentIds: Array<number>, createdTime: string, id: number }
    | { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> }
   | null, lastRepliedBy?:
    | { name: string, email: string, role: AgentRole, isOnline: boolean, departmentIds: Array<number>, createdTime: string, id: number }
    | { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> }
   | null };

export type MessageFieldsFragment = { conversationId: number, type: MessageType, directType: string, accountId: string | null, contactIdentityId: string | null, source: string, originalMessageId: string | null, originalMessageLink: string | null, parentId: string | null, quoteTweetId: string | null, quote: string | null, subject: string | null, from: string | null, cc: string | null, mentionedAgentIds: Array<number>, isRead: boolean, sendStatus: string, senderId: string | null, senderType: string, time: string, id: string, sendertId: string | null, texts: Array<{ id: string, format: TextFormat, content: string }>, attachments: Array<{ id: string, messageId: string | null, type: string, mimetype: string, originalId: string | null, originalLink: string | null, text: string | null, fileName: string, url: string, previewUrl: string | null, size: number, scale: string | null, isAvailable: boolean }> };

export type DraftFieldsFragment = { id: string, conversationId: number, type: MessageType, accountId: string | null, contactIdentityId: string | null, parentId: string | null, quoteTweetId: string | null, quote: string | null, subject: string | null, cc: string | null, mentionedAgentIds: Array<number>, senderId: string, time: string, sendertId: string, texts: Array<{ id: string, format: TextFormat, content: string }>, attachments: Array<{ id: string, messageId: string | null, type: string, mimetype: string, originalId: string | null, originalLink: string | null, text: string | null, fileName: string, url: string, previewUrl: string | null, size: number, scale: string | null, isAvailable: boolean }> };

export type RestListConversationsQueryVariables = Exact<{
  filter?: ConversationFilterInput | null | undefined;
  sortBy?: ConversationSortBy | null | undefined;
  sortOrder?: ConversationSortOrder | null | undefined;
  page?: number | null | undefined;
  withAssignedAgent?: boolean;
  withAssignedDepartment?: boolean;
  withContact?: boolean;
  withCreatedBy?: boolean;
  withLastRepliedBy?: boolean;
}>;


export type RestListConversationsQuery = { conversations: { totalCount: number, nodes: Array<{ guid: string, relatedType: string | null, relatedId: string | null, subject: string, assignedAgentId: number | null, assignedDepartmentId: number | null, channel: string, receivedBy: string | null, originalId: string | null, originalLink: string | null, priority: ConversationPriority, status: ConversationStatus, hasDraft: boolean, isDeleted: boolean, isRead: boolean, isReadByContact: boolean, isEditable: boolean, isActive: boolean, lastMessage: string, tagIds: Array<number>, createdById: string | null, createdByType: string, createdTime: string, lastActivityTime: string, lastStatusChangeTime: string, lastRepliedTime: string, lastRepliedById: number | null, lastRepliedByType: string | null, slaPolicyId: string | null, firstRespondBreachAt: string | null, nextRespondBreachAt: string | null, resolveBreachAt: string | null, contactId: number | null, mergedIntoId: number | null, id: number, mentionedAgents: Array<{ agentId: number, isRead: boolean, messageId: string }>, customFields: Array<{ id: string, name: string, value: string }>, assignedAgent?: { name: string, email: string, role: AgentRole, isOnline: boolean, departmentIds: Array<number>, createdTime: string, id: number } | null, assignedDepartment?: { name: string, description: string, createdTime: string, id: number } | null, contact?: { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> } | null, createdBy?:
        | { name: string, email: string, role: AgentRole, isOnline: boolean, departmentIds: Array<number>, createdTime: string, id: number }
        | { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> }
       | null, lastRepliedBy?:
        | { name: string, email: string, role: AgentRole, isOnline: boolean, departmentIds: Array<number>, createdTime: string, id: number }
        | { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> }
       | null }> } };

export type RestConversationUnreadCountQueryVariables = Exact<{
  filterIds: Array<string | number> | string | number;
}>;


export type RestConversationUnreadCountQuery = { conversationUnreadCounts: { allCount: number, filters: Array<{ filterId: string, unreadCount: number, unreadMentionedCount: number }> } };

export type RestGetConversationQueryVariables = Exact<{
  id: string | number;
  withAssignedAgent?: boolean;
  withAssignedDepartment?: boolean;
  withContact?: boolean;
  withCreatedBy?: boolean;
  withLastRepliedBy?: boolean;
  withMessages?: boolean;
}>;


export type RestGetConversationQuery = { conversation: { guid: string, relatedType: string | null, relatedId: string | null, subject: string, assignedAgentId: number | null, assignedDepartmentId: number | null, channel: string, receivedBy: string | null, originalId: string | null, originalLink: string | null, priority: ConversationPriority, status: ConversationStatus, hasDraft: boolean, isDeleted: boolean, isRead: boolean, isReadByContact: boolean, isEditable: boolean, isActive: boolean, lastMessage: string, tagIds: Array<number>, createdById: string | null, createdByType: string, createdTime: string, lastActivityTime: string, lastStatusChangeTime: string, lastRepliedTime: string, lastRepliedById: number | null, lastRepliedByType: string | null, slaPolicyId: string | null, firstRespondBreachAt: string | null, nextRespondBreachAt: string | null, resolveBreachAt: string | null, contactId: number | null, mergedIntoId: number | null, id: number, messages?: Array<{ conversationId: number, type: MessageType, directType: string, accountId: string | null, contactIdentityId: string | null, source: string, originalMessageId: string | null, originalMessageLink: string | null, parentId: string | null, quoteTweetId: string | null, quote: string | null, subject: string | null, from: string | null, cc: string | null, mentionedAgentIds: Array<number>, isRead: boolean, sendStatus: string, senderId: string | null, senderType: string, time: string, id: string, sendertId: string | null, texts: Array<{ id: string, format: TextFormat, content: string }>, attachments: Array<{ id: string, messageId: string | null, type: string, mimetype: string, originalId: string | null, originalLink: string | null, text: string | null, fileName: string, url: string, previewUrl: string | null, size: number, scale: string | null, isAvailable: boolean }> }>, mentionedAgents: Array<{ agentId: number, isRead: boolean, messageId: string }>, customFields: Array<{ id: string, name: string, value: string }>, assignedAgent?: { name: string, email: string, role: AgentRole, isOnline: boolean, departmentIds: Array<number>, createdTime: string, id: number } | null, assignedDepartment?: { name: string, description: string, createdTime: string, id: number } | null, contact?: { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> } | null, createdBy?:
      | { name: string, email: string, role: AgentRole, isOnline: boolean, departmentIds: Array<number>, createdTime: string, id: number }
      | { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> }
     | null, lastRepliedBy?:
      | { name: string, email: string, role: AgentRole, isOnline: boolean, departmentIds: Array<number>, createdTime: string, id: number }
      | { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> }
     | null } };

export type RestCreateConversationMutationVariables = Exact<{
  input: CreateConversationInput;
}>;


export type RestCreateConversationMutation = { createConversation: { guid: string, relatedType: string | null, relatedId: string | null, subject: string, assignedAgentId: number | null, assignedDepartmentId: number | null, channel: string, receivedBy: string | null, originalId: string | null, originalLink: string | null, priority: ConversationPriority, status: ConversationStatus, hasDraft: boolean, isDeleted: boolean, isRead: boolean, isReadByContact: boolean, isEditable: boolean, isActive: boolean, lastMessage: string, tagIds: Array<number>, createdById: string | null, createdByType: string, createdTime: string, lastActivityTime: string, lastStatusChangeTime: string, lastRepliedTime: string, lastRepliedById: number | null, lastRepliedByType: string | null, slaPolicyId: string | null, firstRespondBreachAt: string | null, nextRespondBreachAt: string | null, resolveBreachAt: string | null, contactId: number | null, mergedIntoId: number | null, id: number, mentionedAgents: Array<{ agentId: number, isRead: boolean, messageId: string }>, customFields: Array<{ id: string, name: string, value: string }> } };

export type RestListConversationMessagesQueryVariables = Exact<{
  id: string | number;
  withSender?: boolean;
}>;


export type RestListConversationMessagesQuery = { conversation: { messages: Array<{ conversationId: number, type: MessageType, directType: string, accountId: string | null, contactIdentityId: string | null, source: string, originalMessageId: string | null, originalMessageLink: string | null, parentId: string | null, quoteTweetId: string | null, quote: string | null, subject: string | null, from: string | null, cc: string | null, mentionedAgentIds: Array<number>, isRead: boolean, sendStatus: string, senderId: string | null, senderType: string, time: string, id: string, sendertId: string | null, sender?:
        | { name: string, email: string, role: AgentRole, isOnline: boolean, departmentIds: Array<number>, createdTime: string, id: number }
        | { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> }
       | null, texts: Array<{ id: string, format: TextFormat, content: string }>, attachments: Array<{ id: string, messageId: string | null, type: string, mimetype: string, originalId: string | null, originalLink: string | null, text: string | null, fileName: string, url: string, previewUrl: string | null, size: number, scale: string | null, isAvailable: boolean }> }> } };

export type RestUpdateConversationMutationVariables = Exact<{
  id: string | number;
  input: UpdateConversationInput;
}>;


export type RestUpdateConversationMutation = { updateConversation: { guid: string, relatedType: string | null, relatedId: string | null, subject: string, assignedAgentId: number | null, assignedDepartmentId: number | null, channel: string, receivedBy: string | null, originalId: string | null, originalLink: string | null, priority: ConversationPriority, status: ConversationStatus, hasDraft: boolean, isDeleted: boolean, isRead: boolean, isReadByContact: boolean, isEditable: boolean, isActive: boolean, lastMessage: string, tagIds: Array<number>, createdById: string | null, createdByType: string, createdTime: string, lastActivityTime: string, lastStatusChangeTime: string, lastRepliedTime: string, lastRepliedById: number | null, lastRepliedByType: string | null, slaPolicyId: string | null, firstRespondBreachAt: string | null, nextRespondBreachAt: string | null, resolveBreachAt: string | null, contactId: number | null, mergedIntoId: number | null, id: number, mentionedAgents: Array<{ agentId: number, isRead: boolean, messageId: string }>, customFields: Array<{ id: string, name: string, value: string }> } };

export type RestBatchUpdateConversationsMutationVariables = Exact<{
  ids: Array<string | number> | string | number;
  input: BatchUpdateConversationsInput;
}>;


export type RestBatchUpdateConversationsMutation = { updateConversations: Array<{ guid: string, relatedType: string | null, relatedId: string | null, subject: string, assignedAgentId: number | null, assignedDepartmentId: number | null, channel: string, receivedBy: string | null, originalId: string | null, originalLink: string | null, priority: ConversationPriority, status: ConversationStatus, hasDraft: boolean, isDeleted: boolean, isRead: boolean, isReadByContact: boolean, isEditable: boolean, isActive: boolean, lastMessage: string, tagIds: Array<number>, createdById: string | null, createdByType: string, createdTime: string, lastActivityTime: string, lastStatusChangeTime: string, lastRepliedTime: string, lastRepliedById: number | null, lastRepliedByType: string | null, slaPolicyId: string | null, firstRespondBreachAt: string | null, nextRespondBreachAt: string | null, resolveBreachAt: string | null, contactId: number | null, mergedIntoId: number | null, id: number, mentionedAgents: Array<{ agentId: number, isRead: boolean, messageId: string }>, customFields: Array<{ id: string, name: string, value: string }> }> };

export type RestReplyConversationMutationVariables = Exact<{
  id: string | number;
  input: ConversationMessageInput;
}>;


export type RestReplyConversationMutation = { replyConversation: { conversationId: number, type: MessageType, directType: string, accountId: string | null, contactIdentityId: string | null, source: string, originalMessageId: string | null, originalMessageLink: string | null, parentId: string | null, quoteTweetId: string | null, quote: string | null, subject: string | null, from: string | null, cc: string | null, mentionedAgentIds: Array<number>, isRead: boolean, sendStatus: string, senderId: string | null, senderType: string, time: string, id: string, sendertId: string | null, texts: Array<{ id: string, format: TextFormat, content: string }>, attachments: Array<{ id: string, messageId: string | null, type: string, mimetype: string, originalId: string | null, originalLink: string | null, text: string | null, fileName: string, url: string, previewUrl: string | null, size: number, scale: string | null, isAvailable: boolean }> } };

export type RestMarkConversationReadMutationVariables = Exact<{
  id: string | number;
}>;


export type RestMarkConversationReadMutation = { markConversationRead: { databaseId: number } };

export type RestMarkConversationUnreadMutationVariables = Exact<{
  id: string | number;
}>;


export type RestMarkConversationUnreadMutation = { markConversationUnread: { databaseId: number } };

export type RestMarkMessageReadMutationVariables = Exact<{
  id: string | number;
}>;


export type RestMarkMessageReadMutation = { markMessageRead: { databaseId: string } };

export type RestMarkMessageUnreadMutationVariables = Exact<{
  id: string | number;
}>;


export type RestMarkMessageUnreadMutation = { markMessageUnread: { databaseId: string } };

export type RestDeleteConversationMutationVariables = Exact<{
  id: string | number;
}>;


export type RestDeleteConversationMutation = { deleteConversation: { databaseId: number } };

export type RestBatchDeleteConversationsMutationVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type RestBatchDeleteConversationsMutation = { deleteConversations: Array<{ databaseId: number }> };

export type RestListDeletedConversationsQueryVariables = Exact<{
  keywords?: string | null | undefined;
  timeFrom?: string | null | undefined;
  timeTo?: string | null | undefined;
  timeZoneOffset?: number | null | undefined;
  page?: number | null | undefined;
  withAssignedAgent?: boolean;
  withAssignedDepartment?: boolean;
  withContact?: boolean;
  withCreatedBy?: boolean;
  withLastRepliedBy?: boolean;
}>;


export type RestListDeletedConversationsQuery = { deletedConversations: { totalCount: number, nodes: Array<{ guid: string, relatedType: string | null, relatedId: string | null, subject: string, assignedAgentId: number | null, assignedDepartmentId: number | null, channel: string, receivedBy: string | null, originalId: string | null, originalLink: string | null, priority: ConversationPriority, status: ConversationStatus, hasDraft: boolean, isDeleted: boolean, isRead: boolean, isReadByContact: boolean, isEditable: boolean, isActive: boolean, lastMessage: string, tagIds: Array<number>, createdById: string | null, createdByType: string, createdTime: string, lastActivityTime: string, lastStatusChangeTime: string, lastRepliedTime: string, lastRepliedById: number | null, lastRepliedByType: string | null, slaPolicyId: string | null, firstRespondBreachAt: string | null, nextRespondBreachAt: string | null, resolveBreachAt: string | null, contactId: number | null, mergedIntoId: number | null, id: number, mentionedAgents: Array<{ agentId: number, isRead: boolean, messageId: string }>, customFields: Array<{ id: string, name: string, value: string }>, assignedAgent?: { name: string, email: string, role: AgentRole, isOnline: boolean, departmentIds: Array<number>, createdTime: string, id: number } | null, assignedDepartment?: { name: string, description: string, createdTime: string, id: number } | null, contact?: { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> } | null, createdBy?:
        | { name: string, email: string, role: AgentRole, isOnline: boolean, departmentIds: Array<number>, createdTime: string, id: number }
        | { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> }
       | null, lastRepliedBy?:
        | { name: string, email: string, role: AgentRole, isOnline: boolean, departmentIds: Array<number>, createdTime: string, id: number }
        | { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> }
       | null }> } };

export type RestGetDeletedConversationQueryVariables = Exact<{
  id: string | number;
  withAssignedAgent?: boolean;
  withAssignedDepartment?: boolean;
  withContact?: boolean;
  withCreatedBy?: boolean;
  withLastRepliedBy?: boolean;
  withMessages?: boolean;
}>;


export type RestGetDeletedConversationQuery = { deletedConversation: { guid: string, relatedType: string | null, relatedId: string | null, subject: string, assignedAgentId: number | null, assignedDepartmentId: number | null, channel: string, receivedBy: string | null, originalId: string | null, originalLink: string | null, priority: ConversationPriority, status: ConversationStatus, hasDraft: boolean, isDeleted: boolean, isRead: boolean, isReadByContact: boolean, isEditable: boolean, isActive: boolean, lastMessage: string, tagIds: Array<number>, createdById: string | null, createdByType: string, createdTime: string, lastActivityTime: string, lastStatusChangeTime: string, lastRepliedTime: string, lastRepliedById: number | null, lastRepliedByType: string | null, slaPolicyId: string | null, firstRespondBreachAt: string | null, nextRespondBreachAt: string | null, resolveBreachAt: string | null, contactId: number | null, mergedIntoId: number | null, id: number, messages?: Array<{ conversationId: number, type: MessageType, directType: string, accountId: string | null, contactIdentityId: string | null, source: string, originalMessageId: string | null, originalMessageLink: string | null, parentId: string | null, quoteTweetId: string | null, quote: string | null, subject: string | null, from: string | null, cc: string | null, mentionedAgentIds: Array<number>, isRead: boolean, sendStatus: string, senderId: string | null, senderType: string, time: string, id: string, sendertId: string | null, texts: Array<{ id: string, format: TextFormat, content: string }>, attachments: Array<{ id: string, messageId: string | null, type: string, mimetype: string, originalId: string | null, originalLink: string | null, text: string | null, fileName: string, url: string, previewUrl: string | null, size: number, scale: string | null, isAvailable: boolean }> }>, mentionedAgents: Array<{ agentId: number, isRead: boolean, messageId: string }>, customFields: Array<{ id: string, name: string, value: string }>, assignedAgent?: { name: string, email: string, role: AgentRole, isOnline: boolean, departmentIds: Array<number>, createdTime: string, id: number } | null, assignedDepartment?: { name: string, description: string, createdTime: string, id: number } | null, contact?: { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> } | null, createdBy?:
      | { name: string, email: string, role: AgentRole, isOnline: boolean, departmentIds: Array<number>, createdTime: string, id: number }
      | { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> }
     | null, lastRepliedBy?:
      | { name: string, email: string, role: AgentRole, isOnline: boolean, departmentIds: Array<number>, createdTime: string, id: number }
      | { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> }
     | null } };

export type RestListDeletedConversationMessagesQueryVariables = Exact<{
  id: string | number;
  withSender?: boolean;
}>;


export type RestListDeletedConversationMessagesQuery = { deletedConversation: { messages: Array<{ conversationId: number, type: MessageType, directType: string, accountId: string | null, contactIdentityId: string | null, source: string, originalMessageId: string | null, originalMessageLink: string | null, parentId: string | null, quoteTweetId: string | null, quote: string | null, subject: string | null, from: string | null, cc: string | null, mentionedAgentIds: Array<number>, isRead: boolean, sendStatus: string, senderId: string | null, senderType: string, time: string, id: string, sendertId: string | null, sender?:
        | { name: string, email: string, role: AgentRole, isOnline: boolean, departmentIds: Array<number>, createdTime: string, id: number }
        | { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> }
       | null, texts: Array<{ id: string, format: TextFormat, content: string }>, attachments: Array<{ id: string, messageId: string | null, type: string, mimetype: string, originalId: string | null, originalLink: string | null, text: string | null, fileName: string, url: string, previewUrl: string | null, size: number, scale: string | null, isAvailable: boolean }> }> } };

export type RestRestoreConversationMutationVariables = Exact<{
  id: string | number;
}>;


export type RestRestoreConversationMutation = { restoreConversation: { guid: string, relatedType: string | null, relatedId: string | null, subject: string, assignedAgentId: number | null, assignedDepartmentId: number | null, channel: string, receivedBy: string | null, originalId: string | null, originalLink: string | null, priority: ConversationPriority, status: ConversationStatus, hasDraft: boolean, isDeleted: boolean, isRead: boolean, isReadByContact: boolean, isEditable: boolean, isActive: boolean, lastMessage: string, tagIds: Array<number>, createdById: string | null, createdByType: string, createdTime: string, lastActivityTime: string, lastStatusChangeTime: string, lastRepliedTime: string, lastRepliedById: number | null, lastRepliedByType: string | null, slaPolicyId: string | null, firstRespondBreachAt: string | null, nextRespondBreachAt: string | null, resolveBreachAt: string | null, contactId: number | null, mergedIntoId: number | null, id: number, mentionedAgents: Array<{ agentId: number, isRead: boolean, messageId: string }>, customFields: Array<{ id: string, name: string, value: string }> } };

export type RestDeleteConversationPermanentlyMutationVariables = Exact<{
  id: string | number;
}>;


export type RestDeleteConversationPermanentlyMutation = { deleteConversationPermanently: number };

export type RestGetConversationDraftQueryVariables = Exact<{
  id: string | number;
}>;


export type RestGetConversationDraftQuery = { conversationDraft: { id: string, conversationId: number, type: MessageType, accountId: string | null, contactIdentityId: string | null, parentId: string | null, quoteTweetId: string | null, quote: string | null, subject: string | null, cc: string | null, mentionedAgentIds: Array<number>, senderId: string, time: string, sendertId: string, texts: Array<{ id: string, format: TextFormat, content: string }>, attachments: Array<{ id: string, messageId: string | null, type: string, mimetype: string, originalId: string | null, originalLink: string | null, text: string | null, fileName: string, url: string, previewUrl: string | null, size: number, scale: string | null, isAvailable: boolean }> } };

export type RestCreateConversationDraftMutationVariables = Exact<{
  id: string | number;
  input: ConversationDraftInput;
}>;


export type RestCreateConversationDraftMutation = { createConversationDraft: { id: string, conversationId: number, type: MessageType, accountId: string | null, contactIdentityId: string | null, parentId: string | null, quoteTweetId: string | null, quote: string | null, subject: string | null, cc: string | null, mentionedAgentIds: Array<number>, senderId: string, time: string, sendertId: string, texts: Array<{ id: string, format: TextFormat, content: string }>, attachments: Array<{ id: string, messageId: string | null, type: string, mimetype: string, originalId: string | null, originalLink: string | null, text: string | null, fileName: string, url: string, previewUrl: string | null, size: number, scale: string | null, isAvailable: boolean }> } };

export type RestUpdateConversationDraftMutationVariables = Exact<{
  id: string | number;
  input: ConversationDraftInput;
}>;


export type RestUpdateConversationDraftMutation = { updateConversationDraft: { id: string, conversationId: number, type: MessageType, accountId: string | null, contactIdentityId: string | null, parentId: string | null, quoteTweetId: string | null, quote: string | null, subject: string | null, cc: string | null, mentionedAgentIds: Array<number>, senderId: string, time: string, sendertId: string, texts: Array<{ id: string, format: TextFormat, content: string }>, attachments: Array<{ id: string, messageId: string | null, type: string, mimetype: string, originalId: string | null, originalLink: string | null, text: string | null, fileName: string, url: string, previewUrl: string | null, size: number, scale: string | null, isAvailable: boolean }> } };

export type RestDeleteConversationDraftMutationVariables = Exact<{
  id: string | number;
}>;


export type RestDeleteConversationDraftMutation = { deleteConversationDraft: { id: string } };

export type RestMergeConversationMutationVariables = Exact<{
  id: string | number;
  sourceId: string | number;
}>;


export type RestMergeConversationMutation = { mergeConversation: { guid: string, relatedType: string | null, relatedId: string | null, subject: string, assignedAgentId: number | null, assignedDepartmentId: number | null, channel: string, receivedBy: string | null, originalId: string | null, originalLink: string | null, priority: ConversationPriority, status: ConversationStatus, hasDraft: boolean, isDeleted: boolean, isRead: boolean, isReadByContact: boolean, isEditable: boolean, isActive: boolean, lastMessage: string, tagIds: Array<number>, createdById: string | null, createdByType: string, createdTime: string, lastActivityTime: string, lastStatusChangeTime: string, lastRepliedTime: string, lastRepliedById: number | null, lastRepliedByType: string | null, slaPolicyId: string | null, firstRespondBreachAt: string | null, nextRespondBreachAt: string | null, resolveBreachAt: string | null, contactId: number | null, mergedIntoId: number | null, id: number, mentionedAgents: Array<{ agentId: number, isRead: boolean, messageId: string }>, customFields: Array<{ id: string, name: string, value: string }> } };

export type DepartmentFieldsFragment = { name: string, description: string, createdTime: string, id: number };

export type RestListDepartmentsQueryVariables = Exact<{
  page?: number | null | undefined;
}>;


export type RestListDepartmentsQuery = { departments: { totalCount: number, nodes: Array<{ name: string, description: string, createdTime: string, id: number }> } };

export type RestGetDepartmentQueryVariables = Exact<{
  id: string | number;
}>;


export type RestGetDepartmentQuery = { department: { name: string, description: string, createdTime: string, id: number } };

export type RestCreateDepartmentMutationVariables = Exact<{
  input: DepartmentInput;
}>;


export type RestCreateDepartmentMutation = { createDepartment: { name: string, description: string, createdTime: string, id: number } };

export type RestUpdateDepartmentMutationVariables = Exact<{
  id: string | number;
  input: DepartmentInput;
}>;


export type RestUpdateDepartmentMutation = { updateDepartment: { name: string, description: string, createdTime: string, id: number } };

export type RestDeleteDepartmentMutationVariables = Exact<{
  id: string | number;
}>;


export type RestDeleteDepartmentMutation = { deleteDepartment: { id: string } };

export type FieldFieldsFragment = { type: FieldType, name: string, isSystemField: boolean, isRequired: boolean, defaultValue: string | null, helpText: string | null, length: number | null, chatFieldMapping: string | null, offlineMessageFieldMapping: string | null, id: string, options: Array<{ id: string, name: string, value: string, order: number }> };

export type RestListFieldsQueryVariables = Exact<{
  isSystemField?: boolean | null | undefined;
}>;


export type RestListFieldsQuery = { fields: Array<{ type: FieldType, name: string, isSystemField: boolean, isRequired: boolean, defaultValue: string | null, helpText: string | null, length: number | null, chatFieldMapping: string | null, offlineMessageFieldMapping: string | null, id: string, options: Array<{ id: string, name: string, value: string, order: number }> }> };

export type RestUpdateFieldMappingsMutationVariables = Exact<{
  fieldMappings: Array<FieldMappingInput> | FieldMappingInput;
}>;


export type RestUpdateFieldMappingsMutation = { updateFieldMappings: Array<{ id: string }> };

export type RestGetFieldQueryVariables = Exact<{
  id: string | number;
}>;


export type RestGetFieldQuery = { field: { type: FieldType, name: string, isSystemField: boolean, isRequired: boolean, defaultValue: string | null, helpText: string | null, length: number | null, chatFieldMapping: string | null, offlineMessageFieldMapping: string | null, id: string, options: Array<{ id: string, name: string, value: string, order: number }> } };

export type RestCreateFieldMutationVariables = Exact<{
  input: FieldInput;
}>;


export type RestCreateFieldMutation = { createField: { type: FieldType, name: string, isSystemField: boolean, isRequired: boolean, defaultValue: string | null, helpText: string | null, length: number | null, chatFieldMapping: string | null, offlineMessageFieldMapping: string | null, id: string, options: Array<{ id: string, name: string, value: string, order: number }> } };

export type RestUpdateFieldMutationVariables = Exact<{
  id: string | number;
  input: FieldInput;
}>;


export type RestUpdateFieldMutation = { updateField: { type: FieldType, name: string, isSystemField: boolean, isRequired: boolean, defaultValue: string | null, helpText: string | null, length: number | null, chatFieldMapping: string | null, offlineMessageFieldMapping: string | null, id: string, options: Array<{ id: string, name: string, value: string, order: number }> } };

export type RestDeleteFieldMutationVariables = Exact<{
  id: string | number;
}>;


export type RestDeleteFieldMutation = { deleteField: { id: string } };

export type FilterSummaryFieldsFragment = { name: string, isPrivate: boolean, createdById: string | null, when: ConditionWhen, logicalExpression: string | null, id: string };

export type FilterFieldsFragment = { name: string, isPrivate: boolean, createdById: string | null, when: ConditionWhen, logicalExpression: string | null, id: string, conditions: Array<{ id: string, fieldId: string, matchType: string, value: string }> };

export type RestListFiltersQueryVariables = Exact<{ [key: string]: never; }>;


export type RestListFiltersQuery = { filters: Array<{ name: string, isPrivate: boolean, createdById: string | null, when: ConditionWhen, logicalExpression: string | null, id: string }> };

export type RestGetFilterQueryVariables = Exact<{
  id: string | number;
}>;


export type RestGetFilterQuery = { filter: { name: string, isPrivate: boolean, createdById: string | null, when: ConditionWhen, logicalExpression: string | null, id: string, conditions: Array<{ id: string, fieldId: string, matchType: string, value: string }> } };

export type RestCreateFilterMutationVariables = Exact<{
  input: FilterInput;
}>;


export type RestCreateFilterMutation = { createFilter: { name: string, isPrivate: boolean, createdById: string | null, when: ConditionWhen, logicalExpression: string | null, id: string, conditions: Array<{ id: string, fieldId: string, matchType: string, value: string }> } };

export type RestUpdateFilterMutationVariables = Exact<{
  id: string | number;
  input: FilterInput;
}>;


export type RestUpdateFilterMutation = { updateFilter: { name: string, isPrivate: boolean, createdById: string | null, when: ConditionWhen, logicalExpression: string | null, id: string, conditions: Array<{ id: string, fieldId: string, matchType: string, value: string }> } };

export type RestDeleteFilterMutationVariables = Exact<{
  id: string | number;
}>;


export type RestDeleteFilterMutation = { deleteFilter: { id: string } };

export type RestFetchIntegrationAccountMailMutationVariables = Exact<{
  id: string | number;
}>;


export type RestFetchIntegrationAccountMailMutation = { fetchIntegrationAccountMail: { lastFetchTime: string | null, lastSuccessTime: string | null, lastError: string | null, lastErrorTime: string | null, fetchedCount: number } };

export type IntegrationAccountFieldsFragment = { id: string, name: string, channelId: string };

export type RestListIntegrationAccountsQueryVariables = Exact<{
  channelId?: string | null | undefined;
}>;


export type RestListIntegrationAccountsQuery = { integrationAccounts: Array<{ id: string, name: string, channelId: string }> };

export type RestCreateIntegrationAccountMutationVariables = Exact<{
  input: IntegrationAccountInput;
}>;


export type RestCreateIntegrationAccountMutation = { createIntegrationAccount: { id: string, name: string, channelId: string } };

export type RestUpdateIntegrationAccountMutationVariables = Exact<{
  id: string | number;
  input: IntegrationAccountInput;
}>;


export type RestUpdateIntegrationAccountMutation = { updateIntegrationAccount: { id: string, name: string, channelId: string } };

export type RestDeleteIntegrationAccountMutationVariables = Exact<{
  id: string | number;
}>;


export type RestDeleteIntegrationAccountMutation = { deleteIntegrationAccount: { id: string } };

export type JunkFieldsFragment = { id: string, type: string, accountId: string, contactIdentityId: string | null, source: string, originalMessageId: string, originalMessageLink: string | null, parentId: string | null, quoteTweetId: string | null, subject: string, from: string | null, cc: string | null, isRead: boolean, senderType: string, time: string, sendertId: string | null, texts: Array<{ id: string, format: TextFormat, content: string }>, attachments: Array<{ id: string, messageId: string | null, type: string, mimetype: string, originalId: string | null, originalLink: string | null, text: string | null, fileName: string, url: string, previewUrl: string | null, size: number, scale: string | null, isAvailable: boolean }> };

export type RestListJunksQueryVariables = Exact<{
  keywords?: string | null | undefined;
  timeFrom?: string | null | undefined;
  timeTo?: string | null | undefined;
  page?: number | null | undefined;
}>;


export type RestListJunksQuery = { junks: { totalCount: number, nodes: Array<{ id: string, type: string, accountId: string, contactIdentityId: string | null, source: string, originalMessageId: string, originalMessageLink: string | null, parentId: string | null, quoteTweetId: string | null, subject: string, from: string | null, cc: string | null, isRead: boolean, senderType: string, time: string, sendertId: string | null, texts: Array<{ id: string, format: TextFormat, content: string }>, attachments: Array<{ id: string, messageId: string | null, type: string, mimetype: string, originalId: string | null, originalLink: string | null, text: string | null, fileName: string, url: string, previewUrl: string | null, size: number, scale: string | null, isAvailable: boolean }> }> } };

export type RestGetJunkQueryVariables = Exact<{
  id: string | number;
}>;


export type RestGetJunkQuery = { junk: { id: string, type: string, accountId: string, contactIdentityId: string | null, source: string, originalMessageId: string, originalMessageLink: string | null, parentId: string | null, quoteTweetId: string | null, subject: string, from: string | null, cc: string | null, isRead: boolean, senderType: string, time: string, sendertId: string | null, texts: Array<{ id: string, format: TextFormat, content: string }>, attachments: Array<{ id: string, messageId: string | null, type: string, mimetype: string, originalId: string | null, originalLink: string | null, text: string | null, fileName: string, url: string, previewUrl: string | null, size: number, scale: string | null, isAvailable: boolean }> } };

export type RestUpdateJunkMutationVariables = Exact<{
  id: string | number;
  isRead?: boolean | null | undefined;
}>;


export type RestUpdateJunkMutation = { updateJunk: { id: string, type: string, accountId: string, contactIdentityId: string | null, source: string, originalMessageId: string, originalMessageLink: string | null, parentId: string | null, quoteTweetId: string | null, subject: string, from: string | null, cc: string | null, isRead: boolean, senderType: string, time: string, sendertId: string | null, texts: Array<{ id: string, format: TextFormat, content: string }>, attachments: Array<{ id: string, messageId: string | null, type: string, mimetype: string, originalId: string | null, originalLink: string | null, text: string | null, fileName: string, url: string, previewUrl: string | null, size: number, scale: string | null, isAvailable: boolean }> } };

export type RestNotJunkMutationVariables = Exact<{
  id: string | number;
}>;


export type RestNotJunkMutation = { notJunk: { guid: string, relatedType: string | null, relatedId: string | null, subject: string, assignedAgentId: number | null, assignedDepartmentId: number | null, channel: string, receivedBy: string | null, originalId: string | null, originalLink: string | null, priority: ConversationPriority, status: ConversationStatus, hasDraft: boolean, isDeleted: boolean, isRead: boolean, isReadByContact: boolean, isEditable: boolean, isActive: boolean, lastMessage: string, tagIds: Array<number>, createdById: string | null, createdByType: string, createdTime: string, lastActivityTime: string, lastStatusChangeTime: string, lastRepliedTime: string, lastRepliedById: number | null, lastRepliedByType: string | null, slaPolicyId: string | null, firstRespondBreachAt: string | null, nextRespondBreachAt: string | null, resolveBreachAt: string | null, contactId: number | null, mergedIntoId: number | null, id: number, mentionedAgents: Array<{ agentId: number, isRead: boolean, messageId: string }>, customFields: Array<{ id: string, name: string, value: string }> } };

export type RestDeleteJunkMutationVariables = Exact<{
  id: string | number;
}>;


export type RestDeleteJunkMutation = { deleteJunk: { id: string } };

export type PortalMessageFieldsFragment = { senderId: string | null, senderType: string, time: string, id: string, text: { id: string, format: string, content: string } | null, attachments: Array<{ id: string, messageId: string | null, type: string, mimetype: string, originalId: string | null, originalLink: string | null, text: string | null, fileName: string, url: string, previewUrl: string | null, size: number, scale: string | null, isAvailable: boolean }> };

export type PortalConversationFieldsFragment = { subject: string, contactId: string | null, isClosed: boolean, isReadByContact: boolean, createdTime: string, closedTime: string | null, id: number, customFields: Array<{ id: string, name: string, value: string }> };

export type RestClosePortalConversationMutationVariables = Exact<{
  id: string | number;
  contactId?: string | number | null | undefined;
}>;


export type RestClosePortalConversationMutation = { closePortalConversation: { subject: string, contactId: string | null, isClosed: boolean, isReadByContact: boolean, createdTime: string, closedTime: string | null, id: number, customFields: Array<{ id: string, name: string, value: string }> } };

export type RestReopenPortalConversationMutationVariables = Exact<{
  id: string | number;
  contactId?: string | number | null | undefined;
}>;


export type RestReopenPortalConversationMutation = { reopenPortalConversation: { subject: string, contactId: string | null, isClosed: boolean, isReadByContact: boolean, createdTime: string, closedTime: string | null, id: number, customFields: Array<{ id: string, name: string, value: string }> } };

export type RestGetPortalConversationQueryVariables = Exact<{
  id: string | number;
  contactId?: string | number | null | undefined;
  withContact?: boolean;
  withMessages?: boolean;
}>;


export type RestGetPortalConversationQuery = { portalConversation: { subject: string, contactId: string | null, isClosed: boolean, isReadByContact: boolean, createdTime: string, closedTime: string | null, id: number, contact?: { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> } | null, messages?: Array<{ senderId: string | null, senderType: string, time: string, id: string, text: { id: string, format: string, content: string } | null, attachments: Array<{ id: string, messageId: string | null, type: string, mimetype: string, originalId: string | null, originalLink: string | null, text: string | null, fileName: string, url: string, previewUrl: string | null, size: number, scale: string | null, isAvailable: boolean }> }>, customFields: Array<{ id: string, name: string, value: string }> } };

export type RestListPortalConversationsQueryVariables = Exact<{
  contactIds?: Array<string | number> | string | number | null | undefined;
  withContact?: boolean;
}>;


export type RestListPortalConversationsQuery = { portalConversations: Array<{ subject: string, contactId: string | null, isClosed: boolean, isReadByContact: boolean, createdTime: string, closedTime: string | null, id: number, contact?: { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> } | null, customFields: Array<{ id: string, name: string, value: string }> }> };

export type RestSubmitPortalConversationMutationVariables = Exact<{
  input: SubmitPortalConversationInput;
}>;


export type RestSubmitPortalConversationMutation = { submitPortalConversation: { subject: string, contactId: string | null, isClosed: boolean, isReadByContact: boolean, createdTime: string, closedTime: string | null, id: number, customFields: Array<{ id: string, name: string, value: string }> } };

export type RestListPortalMessagesQueryVariables = Exact<{
  id: string | number;
  contactId?: string | number | null | undefined;
  withSender?: boolean;
}>;


export type RestListPortalMessagesQuery = { portalConversation: { messages: Array<{ senderId: string | null, senderType: string, time: string, id: string, sender?:
        | { name: string, alias: string, company: string, title: string, phone: string, mobile: string, address: string, city: string, state: string, country: string, postalCode: string, description: string, createdTime: string, id: number, identities: Array<{ id: number, type: ContactIdentityType, value: string }> }
        | { name: string, id: number }
       | null, text: { id: string, format: string, content: string } | null, attachments: Array<{ id: string, messageId: string | null, type: string, mimetype: string, originalId: string | null, originalLink: string | null, text: string | null, fileName: string, url: string, previewUrl: string | null, size: number, scale: string | null, isAvailable: boolean }> }> } };

export type RestReplyPortalConversationMutationVariables = Exact<{
  id: string | number;
  input: PortalReplyInput;
}>;


export type RestReplyPortalConversationMutation = { replyPortalConversation: { senderId: string | null, senderType: string, time: string, id: string, text: { id: string, format: string, content: string } | null, attachments: Array<{ id: string, messageId: string | null, type: string, mimetype: string, originalId: string | null, originalLink: string | null, text: string | null, fileName: string, url: string, previewUrl: string | null, size: number, scale: string | null, isAvailable: boolean }> } };

export type RestReadPortalConversationMutationVariables = Exact<{
  id: string | number;
  contactId?: string | number | null | undefined;
}>;


export type RestReadPortalConversationMutation = { markPortalConversationRead: { databaseId: number } };

export type RestUnreadPortalConversationMutationVariables = Exact<{
  id: string | number;
  contactId?: string | number | null | undefined;
}>;


export type RestUnreadPortalConversationMutation = { markPortalConversationUnread: { databaseId: number } };

export type RestReportExportQueryVariables = Exact<{
  report: ReportKind;
  input: ReportExportInput;
}>;


export type RestReportExportQuery = { reportExport: { filename: string } };

export type RestRealtimeNowQueryVariables = Exact<{
  siteId?: number | null | undefined;
}>;


export type RestRealtimeNowQuery = { realtimeNowReport: { unassignedConversations: number, openConversations: number, newConversations: number, pendingInternalConversations: number, pendingExternalConversations: number, onHoldConversations: number, urgentConversations: number, highConversations: number } };

export type RestRealtimeTodayQueryVariables = Exact<{
  siteId?: number | null | undefined;
}>;


export type RestRealtimeTodayQuery = { realtimeTodayReport: { createdConversations: number, closedConversations: number, repliedConversations: number, reopenedConversations: number } };

export type RestRealtimeDepartmentsQueryVariables = Exact<{
  siteId?: number | null | undefined;
}>;


export type RestRealtimeDepartmentsQuery = { realtimeDepartmentsReport: Array<{ id: number | null, openConversations: number, todayRepliedConversations: number, todayClosedConversations: number, newConversations: number, pendingInternalConversations: number, pendingExternalConversations: number, onHoldConversations: number, urgentConversations: number, highConversations: number }> };

export type RestRealtimeAgentsQueryVariables = Exact<{
  siteId?: number | null | undefined;
  filterType?: ReportFilterType | null | undefined;
  filterValue?: string | null | undefined;
}>;


export type RestRealtimeAgentsQuery = { realtimeAgentsReport: Array<{ id: number | null, openConversations: number, todayRepliedConversations: number, todayClosedConversations: number, newConversations: number, pendingInternalConversations: number, pendingExternalConversations: number, onHoldConversations: number, urgentConversations: number, highConversations: number }> };

export type RestVolumeReportQueryVariables = Exact<{
  input: ReportRangeInput;
}>;


export type RestVolumeReportQuery = { volumeReport: { totalCreatedConversations: number, totalClosedConversations: number, totalRepliedConversations: number, totalReopenedConversations: number, totalOpenConversations: number, dataList: Array<{ id: string | null, createdConversations: number, createdConversationsPercentage: number, closedConversations: number, closedConversationsPercentage: number, repliedConversations: number, repliedConversationsPercentage: number, reopenedConversations: number, reopenedConversationsPercentage: number, openConversations: number, openConversationsPercentage: number, startTime: string, endTime: string }> } };

export type RestChannelReportQueryVariables = Exact<{
  input: ReportRangeInput;
}>;


export type RestChannelReportQuery = { channelReport: { dataList: Array<{ id: string | null, name: string, startTime: string, endTime: string, channelEfficiencies: Array<{ channelId: string, channelName: string, channelPercentage: number }> }>, channelTotalNumbers: Array<{ channelId: string, channelName: string, totalNumber: number }> } };

export type RestEfficiencyReportQueryVariables = Exact<{
  input: ReportRangeInput;
}>;


export type RestEfficiencyReportQuery = { efficiencyReport: { totalAvgAgentResponseTime: string, totalAvgFirstResponseTime: string, totalAvgConversationTime: string, totalAvgContactMessages: number, totalAvgAgentMessages: number, dataList: Array<{ id: string | null, avgAgentResponseTime: string, avgFirstResponseTime: string, avgConversationTime: string, avgContactMessages: number, avgAgentMessages: number, startTime: string, endTime: string }> } };

export type RestSlaReportQueryVariables = Exact<{
  input: ReportSlaInput;
}>;


export type RestSlaReportQuery = { slaReport: { dataList: Array<{ id: number | null, firstRespondTimeAchievedPercentage: number, avgFirstRespondTime: number, nextRespondTimeAchievedPercentage: number, avgNextRespondTime: number, ResolveTimeAchievedPercentage: number, avgResolveTime: number, breachedTickets: number, startTime: string, endTime: string }> } };

export type CustomRuleFieldsFragment = { id: string, routeId: string, orderIndex: number, enable: boolean, name: string, routeType: string, routeToId: string, routeToPriority: string | null, conditions: { when: string, logicExpression: string | null, list: Array<{ id: string, type: string, fieldId: string, matchType: string, value: string }> } };

export type RoutingSettingFieldsFragment = { id: string, enable: boolean, type: string, simpleRouteType: string | null, simpleRouteToId: string | null, simpleRouteToPriority: string | null, matchFailedType: string | null, matchFailedrouteToId: string | null, matchFailedToPriority: string | null, rules: Array<{ id: string, routeId: string, orderIndex: number, enable: boolean, name: string, routeType: string, routeToId: string, routeToPriority: string | null, conditions: { when: string, logicExpression: string | null, list: Array<{ id: string, type: string, fieldId: string, matchType: string, value: string }> } }> };

export type RestListRoutingRulesQueryVariables = Exact<{ [key: string]: never; }>;


export type RestListRoutingRulesQuery = { routingRules: Array<{ id: string, enable: boolean, type: string, simpleRouteType: string | null, simpleRouteToId: string | null, simpleRouteToPriority: string | null, matchFailedType: string | null, matchFailedrouteToId: string | null, matchFailedToPriority: string | null, rules: Array<{ id: string, routeId: string, orderIndex: number, enable: boolean, name: string, routeType: string, routeToId: string, routeToPriority: string | null, conditions: { when: string, logicExpression: string | null, list: Array<{ id: string, type: string, fieldId: string, matchType: string, value: string }> } }> }> };

export type RestEnableRoutingRulesMutationVariables = Exact<{
  enable: boolean;
}>;


export type RestEnableRoutingRulesMutation = { setRoutingRulesEnabled: { id: string } };

export type RestCreateRoutingCustomRuleMutationVariables = Exact<{
  input: RoutingCustomRuleInput;
}>;


export type RestCreateRoutingCustomRuleMutation = { createRoutingCustomRule: { id: string, routeId: string, orderIndex: number, enable: boolean, name: string, routeType: string, routeToId: string, routeToPriority: string | null, conditions: { when: string, logicExpression: string | null, list: Array<{ id: string, type: string, fieldId: string, matchType: string, value: string }> } } };

export type RestGetRoutingCustomRuleQueryVariables = Exact<{
  id: string | number;
}>;


export type RestGetRoutingCustomRuleQuery = { routingCustomRule: { id: string, routeId: string, orderIndex: number, enable: boolean, name: string, routeType: string, routeToId: string, routeToPriority: string | null, conditions: { when: string, logicExpression: string | null, list: Array<{ id: string, type: string, fieldId: string, matchType: string, value: string }> } } };

export type RestEnableRoutingCustomRuleMutationVariables = Exact<{
  id: string | number;
  enable: boolean;
}>;


export type RestEnableRoutingCustomRuleMutation = { setRoutingCustomRuleEnabled: { id: string, routeId: string, orderIndex: number, enable: boolean, name: string, routeType: string, routeToId: string, routeToPriority: string | null, conditions: { when: string, logicExpression: string | null, list: Array<{ id: string, type: string, fieldId: string, matchType: string, value: string }> } } };

export type RestSortRoutingCustomRuleMutationVariables = Exact<{
  id: string | number;
  type: string;
}>;


export type RestSortRoutingCustomRuleMutation = { sortRoutingCustomRule: { id: string } };

export type RestUpdateRoutingCustomRuleMutationVariables = Exact<{
  id: string | number;
  input: RoutingCustomRuleInput;
}>;


export type RestUpdateRoutingCustomRuleMutation = { updateRoutingCustomRule: { id: string, routeId: string, orderIndex: number, enable: boolean, name: string, routeType: string, routeToId: string, routeToPriority: string | null, conditions: { when: string, logicExpression: string | null, list: Array<{ id: string, type: string, fieldId: string, matchType: string, value: string }> } } };

export type RestDeleteRoutingCustomRuleMutationVariables = Exact<{
  id: string | number;
}>;


export type RestDeleteRoutingCustomRuleMutation = { deleteRoutingCustomRule: { id: string } };

export type RestUpdateRoutingRuleMutationVariables = Exact<{
  id: string | number;
  input: RoutingSettingInput;
}>;


export type RestUpdateRoutingRuleMutation = { updateRoutingRule: { id: string, enable: boolean, type: string, simpleRouteType: string | null, simpleRouteToId: string | null, simpleRouteToPriority: string | null, matchFailedType: string | null, matchFailedrouteToId: string | null, matchFailedToPriority: string | null, rules: Array<{ id: string, routeId: string, orderIndex: number, enable: boolean, name: string, routeType: string, routeToId: string, routeToPriority: string | null, conditions: { when: string, logicExpression: string | null, list: Array<{ id: string, type: string, fieldId: string, matchType: string, value: string }> } }> } };

export type SlaPolicyFieldsFragment = { id: string, enable: boolean, firstRespondWithin: number, nextRespondWithin: number, resolveRespondWithin: number, businessHours: boolean, when: string, logicExpression: string | null, orderIndex: number, conditions: Array<{ id: string, type: string, fieldId: string, matchType: string, value: string }> };

export type RestListSlaPoliciesQueryVariables = Exact<{ [key: string]: never; }>;


export type RestListSlaPoliciesQuery = { slaPolicies: Array<{ id: string, enable: boolean, firstRespondWithin: number, nextRespondWithin: number, resolveRespondWithin: number, businessHours: boolean, when: string, logicExpression: string | null, orderIndex: number, conditions: Array<{ id: string, type: string, fieldId: string, matchType: string, value: string }> }> };

export type RestGetSlaPolicyQueryVariables = Exact<{
  id: string | number;
}>;


export type RestGetSlaPolicyQuery = { slaPolicy: { id: string, enable: boolean, firstRespondWithin: number, nextRespondWithin: number, resolveRespondWithin: number, businessHours: boolean, when: string, logicExpression: string | null, orderIndex: number, conditions: Array<{ id: string, type: string, fieldId: string, matchType: string, value: string }> } };

export type RestCreateSlaPolicyMutationVariables = Exact<{
  input: SlaPolicyInput;
}>;


export type RestCreateSlaPolicyMutation = { createSlaPolicy: { id: string, enable: boolean, firstRespondWithin: number, nextRespondWithin: number, resolveRespondWithin: number, businessHours: boolean, when: string, logicExpression: string | null, orderIndex: number, conditions: Array<{ id: string, type: string, fieldId: string, matchType: string, value: string }> } };

export type RestSortSlaPolicyMutationVariables = Exact<{
  id: string | number;
  type: string;
}>;


export type RestSortSlaPolicyMutation = { sortSlaPolicy: { id: string } };

export type RestUpdateSlaPolicyMutationVariables = Exact<{
  id: string | number;
  input: SlaPolicyInput;
}>;


export type RestUpdateSlaPolicyMutation = { updateSlaPolicy: { id: string, enable: boolean, firstRespondWithin: number, nextRespondWithin: number, resolveRespondWithin: number, businessHours: boolean, when: string, logicExpression: string | null, orderIndex: number, conditions: Array<{ id: string, type: string, fieldId: string, matchType: string, value: string }> } };

export type RestDeleteSlaPolicyMutationVariables = Exact<{
  id: string | number;
}>;


export type RestDeleteSlaPolicyMutation = { deleteSlaPolicy: { id: string } };

export type TagFieldsFragment = { name: string, color: string, createdTime: string, id: number };

export type RestListTagsQueryVariables = Exact<{ [key: string]: never; }>;


export type RestListTagsQuery = { tags: Array<{ name: string, color: string, createdTime: string, id: number }> };

export type RestCreateTagMutationVariables = Exact<{
  input: TagInput;
}>;


export type RestCreateTagMutation = { createTag: { name: string, color: string, createdTime: string, id: number } };

export type RestUpdateTagMutationVariables = Exact<{
  id: string | number;
  input: TagInput;
}>;


export type RestUpdateTagMutation = { updateTag: { name: string, color: string, createdTime: string, id: number } };

export type RestDeleteTagMutationVariables = Exact<{
  id: string | number;
}>;


export type RestDeleteTagMutation = { deleteTag: { id: string } };

export type TriggerFieldsFragment = { id: string, description: string, enable: boolean, event: string, statusDuration: number | null, when: string, logicExpression: string | null, setValue: boolean, sendEmail: boolean, sendToContacts: boolean, sendToAgents: boolean, toAgents: Array<number>, subject: string | null, htmlText: string | null, plainText: string | null, showInConversationCorrespondences: boolean, orderIndex: number, conditions: Array<{ id: string, type: string, fieldId: string, matchType: string, value: string }>, autoUpdate: Array<{ id: string, triggerId: string, fieldId: string, value: string }>, attachment: { id: string, messageId: string | null, type: string, mimetype: string, fileName: string, url: string, size: number } | null };

export type RestListTriggersQueryVariables = Exact<{ [key: string]: never; }>;


export type RestListTriggersQuery = { triggers: Array<{ id: string, description: string, enable: boolean, event: string, statusDuration: number | null, when: string, logicExpression: string | null, setValue: boolean, sendEmail: boolean, sendToContacts: boolean, sendToAgents: boolean, toAgents: Array<number>, subject: string | null, htmlText: string | null, plainText: string | null, showInConversationCorrespondences: boolean, orderIndex: number, conditions: Array<{ id: string, type: string, fieldId: string, matchType: string, value: string }>, autoUpdate: Array<{ id: string, triggerId: string, fieldId: string, value: string }>, attachment: { id: string, messageId: string | null, type: string, mimetype: string, fileName: string, url: string, size: number } | null }> };

export type RestGetTriggerQueryVariables = Exact<{
  id: string | number;
}>;


export type RestGetTriggerQuery = { trigger: { id: string, description: string, enable: boolean, event: string, statusDuration: number | null, when: string, logicExpression: string | null, setValue: boolean, sendEmail: boolean, sendToContacts: boolean, sendToAgents: boolean, toAgents: Array<number>, subject: string | null, htmlText: string | null, plainText: string | null, showInConversationCorrespondences: boolean, orderIndex: number, conditions: Array<{ id: string, type: string, fieldId: string, matchType: string, value: string }>, autoUpdate: Array<{ id: string, triggerId: string, fieldId: string, value: string }>, attachment: { id: string, messageId: string | null, type: string, mimetype: string, fileName: string, url: string, size: number } | null } };

export type RestCreateTriggerMutationVariables = Exact<{
  input: TriggerInput;
}>;


export type RestCreateTriggerMutation = { createTrigger: { id: string, description: string, enable: boolean, event: string, statusDuration: number | null, when: string, logicExpression: string | null, setValue: boolean, sendEmail: boolean, sendToContacts: boolean, sendToAgents: boolean, toAgents: Array<number>, subject: string | null, htmlText: string | null, plainText: string | null, showInConversationCorrespondences: boolean, orderIndex: number, conditions: Array<{ id: string, type: string, fieldId: string, matchType: string, value: string }>, autoUpdate: Array<{ id: string, triggerId: string, fieldId: string, value: string }>, attachment: { id: string, messageId: string | null, type: string, mimetype: string, fileName: string, url: string, size: number } | null } };

export type RestSortTriggerMutationVariables = Exact<{
  id: string | number;
  type: string;
}>;


export type RestSortTriggerMutation = { sortTrigger: { id: string } };

export type RestUpdateTriggerMutationVariables = Exact<{
  id: string | number;
  input: TriggerInput;
}>;


export type RestUpdateTriggerMutation = { updateTrigger: { id: string, description: string, enable: boolean, event: string, statusDuration: number | null, when: string, logicExpression: string | null, setValue: boolean, sendEmail: boolean, sendToContacts: boolean, sendToAgents: boolean, toAgents: Array<number>, subject: string | null, htmlText: string | null, plainText: string | null, showInConversationCorrespondences: boolean, orderIndex: number, conditions: Array<{ id: string, type: string, fieldId: string, matchType: string, value: string }>, autoUpdate: Array<{ id: string, triggerId: string, fieldId: string, value: string }>, attachment: { id: string, messageId: string | null, type: string, mimetype: string, fileName: string, url: string, size: number } | null } };

export type RestDeleteTriggerMutationVariables = Exact<{
  id: string | number;
}>;


export type RestDeleteTriggerMutation = { deleteTrigger: { id: string } };

export type WebhookFieldsFragment = { id: string, url: string, eventTypes: Array<string>, enabled: boolean, hasSecret: boolean, createdTime: string, updatedTime: string };

export type WebhookDeliveryFieldsFragment = { id: string, webhookId: string, eventType: string, eventCursor: string, conversationId: number | null, status: string, attempts: number, lastStatusCode: number | null, lastError: string | null, lastDurationMs: number | null, nextAttemptTime: string | null, createdTime: string, finishedTime: string | null, attemptLog: Array<{ attempt: number, status: string, statusCode: number | null, durationMs: number, error: string | null, time: string }> };

export type RestListWebhooksQueryVariables = Exact<{ [key: string]: never; }>;


export type RestListWebhooksQuery = { webhooks: Array<{ id: string, url: string, eventTypes: Array<string>, enabled: boolean, hasSecret: boolean, createdTime: string, updatedTime: string }> };

export type RestCreateWebhookMutationVariables = Exact<{
  input: WebhookInput;
}>;


export type RestCreateWebhookMutation = { createWebhook: { id: string, url: string, eventTypes: Array<string>, enabled: boolean, hasSecret: boolean, createdTime: string, updatedTime: string } };

export type RestGetWebhookQueryVariables = Exact<{
  id: string | number;
}>;


export type RestGetWebhookQuery = { webhook: { id: string, url: string, eventTypes: Array<string>, enabled: boolean, hasSecret: boolean, createdTime: string, updatedTime: string } };

export type RestUpdateWebhookMutationVariables = Exact<{
  id: string | number;
  input: WebhookInput;
}>;


export type RestUpdateWebhookMutation = { updateWebhook: { id: string, url: string, eventTypes: Array<string>, enabled: boolean, hasSecret: boolean, createdTime: string, updatedTime: string } };

export type RestDeleteWebhookMutationVariables = Exact<{
  id: string | number;
}>;


export type RestDeleteWebhookMutation = { deleteWebhook: { id: string } };

export type RestListWebhookDeliveriesQueryVariables = Exact<{
  id: string | number;
  status?: string | null | undefined;
  limit?: number | null | undefined;
  offset?: number | null | undefined;
}>;


export type RestListWebhookDeliveriesQuery = { webhookDeliveries: Array<{ id: string, webhookId: string, eventType: string, eventCursor: string, conversationId: number | null, status: string, attempts: number, lastStatusCode: number | null, lastError: string | null, lastDurationMs: number | null, nextAttemptTime: string | null, createdTime: string, finishedTime: string | null, attemptLog: Array<{ attempt: number, status: string, statusCode: number | null, durationMs: number, error: string | null, time: string }> }> };

export type RestListWebhookDeadLettersQueryVariables = Exact<{
  id: string | number;
  limit?: number | null | undefined;
  offset?: number | null | undefined;
}>;


export type RestListWebhookDeadLettersQuery = { webhookDeadLetters: Array<{ id: string, webhookId: string, eventType: string, eventCursor: string, conversationId: number | null, status: string, attempts: number, lastStatusCode: number | null, lastError: string | null, lastDurationMs: number | null, nextAttemptTime: string | null, createdTime: string, finishedTime: string | null, attemptLog: Array<{ attempt: number, status: string, statusCode: number | null, durationMs: number, error: string | null, time: string }> }> };

export type RestReplayWebhookDeliveryMutationVariables = Exact<{
  id: string | number;
  deliveryId: string | number;
}>;


export type RestReplayWebhookDeliveryMutation = { replayWebhookDelivery: { id: string, webhookId: string, eventType: string, eventCursor: string, conversationId: number | null, status: string, attempts: number, lastStatusCode: number | null, lastError: string | null, lastDurationMs: number | null, nextAttemptTime: string | null, createdTime: string, finishedTime: string | null, attemptLog: Array<{ attempt: number, status: string, statusCode: number | null, durationMs: number, error: string | null, time: string }> } };

export type HolidayFieldsFragment = { id: string, title: string, date: string };

export type RestGetWorkingTimeQueryVariables = Exact<{ [key: string]: never; }>;


export type RestGetWorkingTimeQuery = { workingTime: { timeZone: string, slaPausedStatuses: Array<string>, workingTimes: Array<{ dayOfWeek: string, isBusinessDay: boolean, startHour: number, startMin: number, endHour: number, endMin: number }> } };

export type RestUpdateWorkingTimeMutationVariables = Exact<{
  workingTimes: Array<WorkingTimeInput> | WorkingTimeInput;
  timeZone?: string | null | undefined;
  slaPausedStatuses?: Array<string> | string | null | undefined;
}>;


export type RestUpdateWorkingTimeMutation = { updateWorkingTime: { timeZone: string } };

export type RestListHolidaysQueryVariables = Exact<{ [key: string]: never; }>;


export type RestListHolidaysQuery = { holidays: Array<{ id: string, title: string, date: string }> };

export type RestGetHolidayQueryVariables = Exact<{
  id: string | number;
}>;


export type RestGetHolidayQuery = { holiday: { id: string, title: string, date: string } };

export type RestCreateHolidayMutationVariables = Exact<{
  input: HolidayInput;
}>;


export type RestCreateHolidayMutation = { createHoliday: { id: string, title: string, date: string } };

export type RestUpdateHolidayMutationVariables = Exact<{
  id: string | number;
  input: HolidayInput;
}>;


export type RestUpdateHolidayMutation = { updateHoliday: { id: string, title: string, date: string } };

export type RestDeleteHolidayMutationVariables = Exact<{
  id?: string | number | null | undefined;
}>;


export type RestDeleteHolidayMutation = { deleteHoliday: { id: string } };

export type RestDeleteHolidayByIdMutationVariables = Exact<{
  id?: string | number | null | undefined;
}>;


export type RestDeleteHolidayByIdMutation = { deleteHoliday: { id: string } };
