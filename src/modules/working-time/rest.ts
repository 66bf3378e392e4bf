/** Working time and holidays over REST, as documented under "# WorkingTime&Holiday". */
import { restRoutes, withFragments } from '../../rest/route.js';

const HolidayFields = /* GraphQL */ `
  fragment HolidayFields on Holiday {
    id
    title
    date
  }
`;

const withHoliday = (operation: string) => withFragments(operation, HolidayFields);
/** JSON callers may write ids as numbers. */
const asText = (value: unknown) => (typeof value === 'number' ? String(value) : value);

export const workingTimeRoutes = restRoutes([
  {
    method: 'GET',
    path: '/api/v3/anytime/workingTime',
    document: /* GraphQL */ `
      query RestGetWorkingTime {
        workingTime {
          timeZone
          slaPausedStatuses
          workingTimes {
            dayOfWeek
            isBusinessDay
            startHour
            startMin
            endHour
            endMin
          }
        }
      }
    `,
  },
  {
    method: 'PUT',
    path: '/api/v3/anytime/workingTime',
    document: /* GraphQL */ `
      mutation RestUpdateWorkingTime($workingTimes: [WorkingTimeInput!]!, $timeZone: String, $slaPausedStatuses: [String!]) {
        updateWorkingTime(workingTimes: $workingTimes, timeZone: $timeZone, slaPausedStatuses: $slaPausedStatuses) {
          timeZone
        }
      }
    `,
    variables: ({ body }) => ({ workingTimes: body.workingTimes, timeZone: body.timeZone, slaPausedStatuses: body.slaPausedStatuses }),
    status: 204,
  },
  {
    method: 'GET',
    path: '/api/v3/anytime/holidays',
    document: withHoliday(/* GraphQL */ `
      query RestListHolidays {
        holidays {
          ...HolidayFields
        }
      }
    `),
    shape: (data: { holidays: unknown[] }) => ({ holidays: data.holidays }),
  },
  {
    method: 'GET',
    path: '/api/v3/anytime/holidays/{id}',
    document: withHoliday(/* GraphQL */ `
      query RestGetHoliday($id: ID!) {
        holiday(id: $id) {
          ...HolidayFields
        }
      }
    `),
    variables: ({ params }) => ({ id: params.id }),
  },
  {
    method: 'POST',
    path: '/api/v3/anytime/holidays',
    document: withHoliday(/* GraphQL */ `
      mutation RestCreateHoliday($input: HolidayInput!) {
        createHoliday(input: $input) {
          ...HolidayFields
        }
      }
    `),
    variables: ({ body }) => ({ input: { title: body.title, date: body.date } }),
  },
  {
    method: 'PUT',
    path: '/api/v3/anytime/holidays/{id}',
    document: withHoliday(/* GraphQL */ `
      mutation RestUpdateHoliday($id: ID!, $input: HolidayInput!) {
        updateHoliday(id: $id, input: $input) {
          ...HolidayFields
        }
      }
    `),
    variables: ({ params, body }) => ({ id: params.id, input: { title: body.title, date: body.date } }),
  },
  {
    // The spec's path has no id: it comes in the query string (?id=) or the body ({ "id": … }).
    method: 'DELETE',
    path: '/api/v3/anytime/holidays',
    document: /* GraphQL */ `
      mutation RestDeleteHoliday($id: ID) {
        deleteHoliday(id: $id) {
          id
        }
      }
    `,
    variables: ({ query, body }) => ({ id: query.get('id') ?? asText(body.id) ?? null }),
    status: 204,
  },
  {
    // Also by path, like every other delete.
    method: 'DELETE',
    path: '/api/v3/anytime/holidays/{id}',
    document: /* GraphQL */ `
      mutation RestDeleteHolidayById($id: ID) {
        deleteHoliday(id: $id) {
          id
        }
      }
    `,
    variables: ({ params }) => ({ id: params.id }),
    status: 204,
  },
]);
