// Arrays from the caller may be sparse ([, 2]): every() and map() skip holes, so a hole
// would pass a check and surface later as undefined. Arrays are made dense (holes become
// undefined) before they are checked, so a hole is rejected like any other non-number.

export function dense<T>(values: readonly T[]): (T | undefined)[] {
  return Array.from(values);
}
