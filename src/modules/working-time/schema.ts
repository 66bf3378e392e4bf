/** Working time and holidays in GraphQL: the same operations as REST (spec "# WorkingTime&Holiday"). */
import { builder } from '../../graphql/builder.js';
import {
  createHoliday, deleteHoliday, findHoliday, getWorkingTime, listHolidays, updateHoliday, updateWorkingTime,
  type HolidayRow, type WorkingTimeEntry, type WorkingTimeSettings,
} from './service.js';

const WorkingTimeRef = builder.objectRef<WorkingTimeEntry>('WorkingTime').implement({
  description: 'One working period of a weekday (a day may have several), or a day off (isBusinessDay false).',
  fields: (t) => ({
    dayOfWeek: t.exposeString('dayOfWeek', { description: 'Sunday … Saturday.' }),
    isBusinessDay: t.exposeBoolean('isBusinessDay'),
    startHour: t.exposeInt('startHour'),
    startMin: t.exposeInt('startMin'),
    endHour: t.exposeInt('endHour', { description: '0–24; 24:00 is the end of the day.' }),
    endMin: t.exposeInt('endMin'),
  }),
});

const WorkingTimeSettingsRef = builder.objectRef<WorkingTimeSettings>('WorkingTimeSettings').implement({
  description: 'The site calendar: its time zone and working periods (holidays are listed apart).',
  fields: (t) => ({
    timeZone: t.exposeString('timeZone', { description: 'IANA time zone name (default UTC); working time and holidays are read in it.' }),
    workingTimes: t.field({ type: [WorkingTimeRef], resolve: (s) => s.workingTimes }),
    slaPausedStatuses: t.stringList({
      description: 'Statuses in which every SLA clock stops and later resumes with the time left (default pendingExternal, onHold; closed always stops them).',
      resolve: (s) => s.slaPausedStatuses,
    }),
  }),
});

export const HolidayRef = builder.objectRef<HolidayRow>('Holiday').implement({
  fields: (t) => ({
    id: t.string({ resolve: (h) => String(h.id) }),
    title: t.exposeString('title'),
    date: t.exposeString('date', { description: 'The local date (site time zone), YYYY-MM-DD: the whole day is not worked.' }),
  }),
});

const WorkingTimeInput = builder.inputType('WorkingTimeInput', {
  fields: (t) => ({
    dayOfWeek: t.string({ required: true, description: 'Sunday … Saturday (or Sun … Sat, or 0 … 6).' }),
    isBusinessDay: t.boolean({ description: 'Default true; false marks the day off (the hours are ignored).' }),
    startHour: t.int(),
    startMin: t.int(),
    endHour: t.int(),
    endMin: t.int(),
  }),
});

const HolidayInput = builder.inputType('HolidayInput', {
  fields: (t) => ({
    title: t.string(),
    date: t.string({ description: 'YYYY-MM-DD (a datetime is accepted: its date part is taken).' }),
  }),
});

const admin = { admin: true } as const;
const reader = { agent: true, integration: true } as const;

builder.queryFields((t) => ({
  workingTime: t.field({
    type: WorkingTimeSettingsRef,
    authScopes: reader,
    resolve: (_root, _args, ctx) => getWorkingTime(ctx.prisma),
  }),
  holidays: t.field({
    type: [HolidayRef],
    authScopes: reader,
    resolve: (_root, _args, ctx) => listHolidays(ctx.prisma),
  }),
  holiday: t.field({
    type: HolidayRef,
    authScopes: reader,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => findHoliday(ctx.prisma, String(args.id)),
  }),
}));

builder.mutationFields((t) => ({
  updateWorkingTime: t.field({
    type: WorkingTimeSettingsRef,
    description: 'Replaces the working time as a whole (and the time zone when given). Overlapping periods of a day and an end not after the start are refused.',
    authScopes: admin,
    args: {
      workingTimes: t.arg({ type: [WorkingTimeInput], required: true }),
      timeZone: t.arg.string(),
      slaPausedStatuses: t.arg.stringList({ description: 'Open statuses that stop the SLA clocks; left out: unchanged.' }),
    },
    resolve: (_root, args, ctx) => updateWorkingTime(ctx, { workingTimes: args.workingTimes, timeZone: args.timeZone, slaPausedStatuses: args.slaPausedStatuses }),
  }),
  createHoliday: t.field({
    type: HolidayRef,
    authScopes: admin,
    args: { input: t.arg({ type: HolidayInput, required: true }) },
    resolve: (_root, args, ctx) => createHoliday(ctx, args.input),
  }),
  updateHoliday: t.field({
    type: HolidayRef,
    authScopes: admin,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: HolidayInput, required: true }) },
    resolve: (_root, args, ctx) => updateHoliday(ctx, String(args.id), args.input),
  }),
  deleteHoliday: t.field({
    type: HolidayRef,
    authScopes: admin,
    args: { id: t.arg.id() },
    resolve: (_root, args, ctx) => deleteHoliday(ctx, args.id ?? undefined),
  }),
}));
