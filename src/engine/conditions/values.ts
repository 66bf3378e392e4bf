/**
 * Field types and the value formats they accept. Shared by the condition engine (condition values)
 * and the fields module (custom field values on conversations), so both read a value the same way.
 */

export const FIELD_TYPES = [
  'text', 'textarea', 'email', 'url', 'date', 'integer', 'float', 'operator', 'radio', 'checkbox',
  'dropdownList', 'checkboxList', 'link', 'department',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Types whose values come from the field's ordered option list. */
export const OPTION_TYPES: readonly FieldType[] = ['radio', 'dropdownList', 'checkboxList'];
/** Types for which `length` (maximum characters) means something. */
export const LENGTH_TYPES: readonly FieldType[] = ['text', 'textarea', 'email', 'url', 'link'];

/**
 * How a field compares. Custom field types map onto these; system fields declare theirs.
 * agent/department/contact are ids (an empty value means "none"); `changes` is the set of fields an event changed.
 */
export type FieldKind = 'string' | 'number' | 'date' | 'option' | 'multiOption' | 'checkbox' | 'agent' | 'department' | 'contact' | 'tags' | 'changes';

export function kindOfType(type: string): FieldKind {
  switch (type) {
    case 'integer':
    case 'float':
      return 'number';
    case 'date':
      return 'date';
    case 'radio':
    case 'dropdownList':
      return 'option';
    case 'checkboxList':
      return 'multiOption';
    case 'checkbox':
      return 'checkbox';
    case 'operator':
      return 'agent';
    case 'department':
      return 'department';
    default:
      return 'string';
  }
}

/** Decimal notation only (no exponent): values stay comparable in SQL as `numeric`. */
export const NUMBER_PATTERN = /^-?\d+(\.\d+)?$/;
export const INTEGER_PATTERN = /^-?\d+$/;
/** The two forms custom date values are stored in: a UTC day, or a UTC instant as toISOString() writes it. */
export const STORED_DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const STORED_INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** Same patterns, spelled for PostgreSQL's `~` operator. */
export const SQL_NUMBER_PATTERN = '^-?[0-9]+(\\.[0-9]+)?$';
export const SQL_DAY_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
export const SQL_INSTANT_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$';

const isoPattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export interface ParsedDate {
  /** The instant (midnight UTC for a date without time). */
  at: Date;
  /** True when the value was a calendar day without a time. */
  dateOnly: boolean;
}

/** An ISO-8601 date or date-time; without an offset it is UTC (the spec: all times are UTC). null if invalid. */
export function parseIsoDate(raw: string): ParsedDate | null {
  const match = isoPattern.exec(raw.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s = '00', frac = '', zone = 'Z'] = match;
  const dateOnly = h === undefined;
  const offset = zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const text = dateOnly ? `${y}-${mo}-${d}T00:00:00Z` : `${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${offset}`;
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) return null;
  // Reject days that do not exist (2026-02-30 would otherwise roll over to March).
  if (dateOnly && at.toISOString().slice(0, 10) !== `${y}-${mo}-${d}`) return null;
  if (!dateOnly && (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)) return null;
  return { at, dateOnly };
}

/** The stored form of a date value: `YYYY-MM-DD` for a day, toISOString() for an instant. */
export const storedDate = (parsed: ParsedDate) => (parsed.dateOnly ? parsed.at.toISOString().slice(0, 10) : parsed.at.toISOString());

/** Reads a stored custom date value back (the two stored forms only). */
export function storedDateInstant(value: string): Date | null {
  if (STORED_DAY_PATTERN.test(value)) return new Date(`${value}T00:00:00Z`);
  if (STORED_INSTANT_PATTERN.test(value)) return new Date(value);
  return null;
}

/** `true`/`false` (any case, also 1/0, yes/no) → 'true' | 'false'; null if not a boolean. */
export function parseCheckbox(raw: string): 'true' | 'false' | null {
  const value = raw.trim().toLowerCase();
  if (value === 'true' || value === '1' || value === 'yes') return 'true';
  if (value === 'false' || value === '0' || value === 'no') return 'false';
  return null;
}

export const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** checkboxList values are stored as the selected option values joined with ',' in option order. */
export const LIST_SEPARATOR = ',';
export const splitList = (value: string) => value.split(LIST_SEPARATOR).map((item) => item.trim()).filter(Boolean);
