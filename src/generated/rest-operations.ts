/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 date-time, always answered in UTC (e.g. 2026-11-25T10:00:00.000Z). */
  DateTime: { input: string; output: string; }
  /** Any JSON value. */
  JSON: { input: unknown; output: unknown; }
};

export type Agent = Node & {
  /** Visible to admins and to the agent itself. */
  apiKeys: Array<ApiKey>;
  createdTime: Scalars['DateTime']['output'];
  /** The id REST shows. */
  databaseId: Scalars['Int']['output'];
  departmentIds: Array<Scalars['Int']['output']>;
  departments: Array<Department>;
  email: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  isOnline: Scalars['Boolean']['output'];
  name: Scalars['String']['output'];
  role: AgentRole;
};

export type AgentInput = {
  /** Replaces the agent’s departments. */
  departmentIds?: InputMaybe<Array<Scalars['Int']['input']>>;
  email?: InputMaybe<Scalars['String']['input']>;
  isOnline?: InputMaybe<Scalars['Boolean']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  role?: InputMaybe<AgentRole>;
};

export type AgentRole =
  | 'admin'
  | 'agent';

/** An API key. The secret itself is shown only once, when the key is created. */
export type ApiKey = {
  agentId: Scalars['Int']['output'];
  createdTime: Scalars['DateTime']['output'];
  id: Scalars['Int']['output'];
  name: Scalars['String']['output'];
  /** The first characters of the secret. */
  prefix: Scalars['String']['output'];
  revokedTime: Maybe<Scalars['DateTime']['output']>;
};

export type Contact = Node & {
  address: Scalars['String']['output'];
  alias: Scalars['String']['output'];
  city: Scalars['String']['output'];
  company: Scalars['String']['output'];
  country: Scalars['String']['output'];
  createdTime: Scalars['DateTime']['output'];
  /** The id REST shows. */
  databaseId: Scalars['Int']['output'];
  description: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  identities: Array<ContactIdentity>;
  mobile: Scalars['String']['output'];
  name: Scalars['String']['output'];
  phone: Scalars['String']['output'];
  postalCode: Scalars['String']['output'];
  state: Scalars['String']['output'];
  title: Scalars['String']['output'];
};

export type ContactIdentity = {
  id: Scalars['Int']['output'];
  type: ContactIdentityType;
  value: Scalars['String']['output'];
};

export type ContactIdentityInput = {
  type: ContactIdentityType;
  value: Scalars['String']['input'];
};

export type ContactIdentityType =
  | 'SSOUserId'
  | 'email'
  | 'externalId';

export type ContactInput = {
  address?: InputMaybe<Scalars['String']['input']>;
  alias?: InputMaybe<Scalars['String']['input']>;
  city?: InputMaybe<Scalars['String']['input']>;
  company?: InputMaybe<Scalars['String']['input']>;
  country?: InputMaybe<Scalars['String']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  /** Replaces all identities of the contact. */
  identities?: InputMaybe<Array<ContactIdentityInput>>;
  mobile?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  phone?: InputMaybe<Scalars['String']['input']>;
  postalCode?: InputMaybe<Scalars['String']['input']>;
  state?: InputMaybe<Scalars['String']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
};

export type CreatedApiKey = {
  apiKey: ApiKey;
  /** Shown only now: store it safely. Use it as HTTP Basic email:secret. */
  secret: Scalars['String']['output'];
};

export type CreatedOAuthClient = {
  client: OAuthClient;
  /** Shown only now: store it safely. */
  clientSecret: Scalars['String']['output'];
};

export type Department = Node & {
  createdTime: Scalars['DateTime']['output'];
  /** The id REST shows. */
  databaseId: Scalars['Int']['output'];
  description: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};

export type DepartmentInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
};

export type Mutation = {
  createAgent: Agent;
  /** Creates an API key for an agent (admins: any agent; agents: themselves). */
  createApiKey: CreatedApiKey;
  createContact: Contact;
  createDepartment: Department;
  /** Registers an OAuth client for the client_credentials grant. Scopes: api, portal. */
  createOAuthClient: CreatedOAuthClient;
  createTag: Tag;
  deleteAgent: Agent;
  deleteContact: Contact;
  deleteDepartment: Department;
  deleteTag: Tag;
  revokeApiKey: ApiKey;
  revokeOAuthClient: OAuthClient;
  updateAgent: Agent;
  updateContact: Contact;
  updateDepartment: Department;
  updateTag: Tag;
};


export type MutationCreateAgentArgs = {
  input: AgentInput;
};


export type MutationCreateApiKeyArgs = {
  agentId: Scalars['ID']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
};


export type MutationCreateContactArgs = {
  input: ContactInput;
};


export type MutationCreateDepartmentArgs = {
  input: DepartmentInput;
};


export type MutationCreateOAuthClientArgs = {
  name: Scalars['String']['input'];
  scopes: Array<Scalars['String']['input']>;
};


export type MutationCreateTagArgs = {
  input: TagInput;
};


export type MutationDeleteAgentArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteContactArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteDepartmentArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteTagArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeApiKeyArgs = {
  id: Scalars['Int']['input'];
};


export type MutationRevokeOAuthClientArgs = {
  clientId: Scalars['String']['input'];
};


export type MutationUpdateAgentArgs = {
  id: Scalars['ID']['input'];
  input: AgentInput;
};


export type MutationUpdateContactArgs = {
  id: Scalars['ID']['input'];
  input: ContactInput;
};


export type MutationUpdateDepartmentArgs = {
  id: Scalars['ID']['input'];
  input: DepartmentInput;
};


export type MutationUpdateTagArgs = {
  id: Scalars['ID']['input'];
  input: TagInput;
};

export type Node = {
  id: Scalars['ID']['output'];
};

export type OAuthClient = {
  clientId: Scalars['String']['output'];
  createdTime: Scalars['DateTime']['output'];
  name: Scalars['String']['output'];
  revokedTime: Maybe<Scalars['DateTime']['output']>;
  scopes: Array<Scalars['String']['output']>;
};

export type PageInfo = {
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor: Maybe<Scalars['String']['output']>;
};

export type Query = {
  agent: Agent;
  agents: QueryAgentsConnection;
  contact: Contact;
  contacts: QueryContactsConnection;
  department: Department;
  departments: QueryDepartmentsConnection;
  node: Maybe<Node>;
  nodes: Array<Maybe<Node>>;
  oauthClients: Array<OAuthClient>;
  tag: Tag;
  /** All tags, by name. */
  tags: Array<Tag>;
  /** The agent making the request. */
  viewerAgent: Agent;
};


export type QueryAgentArgs = {
  id: Scalars['ID']['input'];
};


export type QueryAgentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  page?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryContactArgs = {
  id: Scalars['ID']['input'];
};


export type QueryContactsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  keywords?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  page?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryDepartmentArgs = {
  id: Scalars['ID']['input'];
};


export type QueryDepartmentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  page?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


export type QueryNodesArgs = {
  ids: Array<Scalars['ID']['input']>;
};


export type QueryTagArgs = {
  id: Scalars['ID']['input'];
};

export type QueryAgentsConnection = {
  edges: Array<QueryAgentsConnectionEdge>;
  nodes: Array<Agent>;
  pageInfo: PageInfo;
  /** All items matching the query, across pages. */
  totalCount: Scalars['Int']['output'];
};

export type QueryAgentsConnectionEdge = {
  cursor: Scalars['String']['output'];
  node: Agent;
};

export type QueryContactsConnection = {
  edges: Array<QueryContactsConnectionEdge>;
  nodes: Array<Contact>;
  pageInfo: PageInfo;
  /** All items matching the query, across pages. */
  totalCount: Scalars['Int']['output'];
};

export type QueryContactsConnectionEdge = {
  cursor: Scalars['String']['output'];
  node: Contact;
};

export type QueryDepartmentsConnection = {
  edges: Array<QueryDepartmentsConnectionEdge>;
  nodes: Array<Department>;
  pageInfo: PageInfo;
  /** All items matching the query, across pages. */
  totalCount: Scalars['Int']['output'];
};

export type QueryDepartmentsConnectionEdge = {
  cursor: Scalars['String']['output'];
  node: Department;
};

export type Tag = Node & {
  color: Scalars['String']['output'];
  createdTime: Scalars['DateTime']['output'];
  /** The id REST shows. */
  databaseId: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};

export type TagInput = {
  /** #RRGGBB */
  color?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
};

export type AgentInput = {
  /** Replaces the agent’s departments. */
  departmentIds?: Array<number> | null | undefined;
  email?: string | null | undefined;
  isOnline?: boolean | null | undefined;
  name?: string | null | undefined;
  role?: AgentRole | null | undefined;
};

export type AgentRole =
  | 'admin'
  | 'agent';

export type ContactIdentityInput = {
  type: ContactIdentityType;
  value: string;
};

export type ContactIdentityType =
  | 'SSOUserId'
  | 'email'
  | 'externalId';

export type ContactInput = {
  address?: string | null | undefined;
  alias?: string | null | undefined;
  city?: string | null | undefined;
  company?: string | null | undefined;
  country?: string | null | undefined;
  description?: string | null | undefined;
  /** Replaces all identities of the contact. */
  identities?: Array<ContactIdentityInput> | null | undefined;
  mobile?: string | null | undefined;
  name?: string | null | undefined;
  phone?: string | null | undefined;
  postalCode?: string | null | undefined;
  state?: string | null | undefined;
  title?: string | null | undefined;
};

export type DepartmentInput = {
  description?: string | null | undefined;
  name?: string | null | undefined;
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

export type TagFieldsFragment = { name: string, color: string, createdTime: string, id: number };

export type RestDeleteTagMutationVariables = Exact<{
  id: string | number;
}>;


export type RestDeleteTagMutation = { deleteTag: { id: string } };
