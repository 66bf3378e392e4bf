/** Agents over REST (outside the Anytime spec; same conventions as the documented endpoints). */
import { pageLinks, pick, queryInt, restRoutes, withFragments } from '../../rest/route.js';
import type { RestCreateApiKeyMutation, RestListAgentsQuery } from '../../generated/rest-operations.js';

export const AgentFields = /* GraphQL */ `
  fragment AgentFields on Agent {
    id: databaseId
    name
    email
    role
    isOnline
    departmentIds
    createdTime
  }
`;
const agentInput = ['name', 'email', 'role', 'isOnline', 'departmentIds'] as const;

export const agentRoutes = restRoutes([
  {
    method: 'GET',
    path: '/api/v3/agents',
    document: withFragments(
      /* GraphQL */ `
        query RestListAgents($page: Int) {
          agents(page: $page) {
            totalCount
            nodes {
              ...AgentFields
            }
          }
        }
      `,
      AgentFields,
    ),
    variables: ({ query }) => ({ page: queryInt(query, 'pageIndex', { min: 1 }) ?? 1 }),
    shape: (data: RestListAgentsQuery, { url, query }) => ({
      agents: data.agents.nodes,
      total: data.agents.totalCount,
      ...pageLinks(url, Number(query.get('pageIndex') || 1), 50, data.agents.totalCount),
    }),
  },
  {
    method: 'GET',
    path: '/api/v3/agents/{id}',
    document: withFragments(
      /* GraphQL */ `
        query RestGetAgent($id: ID!) {
          agent(id: $id) {
            ...AgentFields
          }
        }
      `,
      AgentFields,
    ),
    variables: ({ params }) => ({ id: params.id }),
  },
  {
    method: 'POST',
    path: '/api/v3/agents',
    document: withFragments(
      /* GraphQL */ `
        mutation RestCreateAgent($input: AgentInput!) {
          createAgent(input: $input) {
            ...AgentFields
          }
        }
      `,
      AgentFields,
    ),
    variables: ({ body }) => ({ input: pick(body, agentInput) }),
    status: 201,
  },
  {
    method: 'PUT',
    path: '/api/v3/agents/{id}',
    document: withFragments(
      /* GraphQL */ `
        mutation RestUpdateAgent($id: ID!, $input: AgentInput!) {
          updateAgent(id: $id, input: $input) {
            ...AgentFields
          }
        }
      `,
      AgentFields,
    ),
    variables: ({ params, body }) => ({ id: params.id, input: pick(body, agentInput) }),
  },
  {
    method: 'DELETE',
    path: '/api/v3/agents/{id}',
    document: /* GraphQL */ `
      mutation RestDeleteAgent($id: ID!) {
        deleteAgent(id: $id) {
          id
        }
      }
    `,
    variables: ({ params }) => ({ id: params.id }),
    status: 204,
  },
  {
    method: 'POST',
    path: '/api/v3/agents/{id}/apiKeys',
    document: /* GraphQL */ `
      mutation RestCreateApiKey($agentId: ID!, $name: String) {
        createApiKey(agentId: $agentId, name: $name) {
          apiKey {
            id
            name
            prefix
            createdTime
          }
          secret
        }
      }
    `,
    variables: ({ params, body }) => ({ agentId: params.id, name: typeof body.name === 'string' ? body.name : undefined }),
    shape: (data: RestCreateApiKeyMutation) => ({ ...data.createApiKey.apiKey, apiKey: data.createApiKey.secret }),
    status: 201,
  },
]);
