/** Departments over REST (outside the Anytime spec; same conventions). */
import { pageLinks, pick, queryInt, restRoutes, withFragments } from '../../rest/route.js';
import type { RestListDepartmentsQuery } from '../../generated/rest-operations.js';

export const DepartmentFields = /* GraphQL */ `
  fragment DepartmentFields on Department {
    id: databaseId
    name
    description
    createdTime
  }
`;

export const departmentRoutes = restRoutes([
  {
    method: 'GET',
    path: '/api/v3/departments',
    document: withFragments(
      /* GraphQL */ `
        query RestListDepartments($page: Int) {
          departments(page: $page) {
            totalCount
            nodes {
              ...DepartmentFields
            }
          }
        }
      `,
      DepartmentFields,
    ),
    variables: ({ query }) => ({ page: queryInt(query, 'pageIndex', { min: 1 }) ?? 1 }),
    shape: (data: RestListDepartmentsQuery, { url, query }) => ({
      departments: data.departments.nodes,
      total: data.departments.totalCount,
      ...pageLinks(url, Number(query.get('pageIndex') || 1), 50, data.departments.totalCount),
    }),
  },
  {
    method: 'GET',
    path: '/api/v3/departments/{id}',
    document: withFragments(
      /* GraphQL */ `
        query RestGetDepartment($id: ID!) {
          department(id: $id) {
            ...DepartmentFields
          }
        }
      `,
      DepartmentFields,
    ),
    variables: ({ params }) => ({ id: params.id }),
  },
  {
    method: 'POST',
    path: '/api/v3/departments',
    document: withFragments(
      /* GraphQL */ `
        mutation RestCreateDepartment($input: DepartmentInput!) {
          createDepartment(input: $input) {
            ...DepartmentFields
          }
        }
      `,
      DepartmentFields,
    ),
    variables: ({ body }) => ({ input: pick(body, ['name', 'description']) }),
    status: 201,
  },
  {
    method: 'PUT',
    path: '/api/v3/departments/{id}',
    document: withFragments(
      /* GraphQL */ `
        mutation RestUpdateDepartment($id: ID!, $input: DepartmentInput!) {
          updateDepartment(id: $id, input: $input) {
            ...DepartmentFields
          }
        }
      `,
      DepartmentFields,
    ),
    variables: ({ params, body }) => ({ id: params.id, input: pick(body, ['name', 'description']) }),
  },
  {
    method: 'DELETE',
    path: '/api/v3/departments/{id}',
    document: /* GraphQL */ `
      mutation RestDeleteDepartment($id: ID!) {
        deleteDepartment(id: $id) {
          id
        }
      }
    `,
    variables: ({ params }) => ({ id: params.id }),
    status: 204,
  },
]);
