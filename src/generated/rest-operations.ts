/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
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
