// Pure: Odoo's x2many write commands (the tuples of `order_line`, `attribute_line_ids`, `value_ids`...).
import type { OdooVals } from './models.js';

/** One x2many command as Odoo reads it: [code, id, values-or-ids]. */
export type X2ManyCommand = readonly [number, number, OdooVals | readonly number[] | 0];

export const cmd = {
  /** (0, 0, vals): create a new linked record. */
  create: (vals: OdooVals): X2ManyCommand => [0, 0, vals],
  /** (1, id, vals): update a linked record. */
  update: (id: number, vals: OdooVals): X2ManyCommand => [1, id, vals],
  /** (2, id, 0): remove the link and delete the record. */
  delete: (id: number): X2ManyCommand => [2, id, 0],
  /** (3, id, 0): remove the link, keep the record. */
  unlink: (id: number): X2ManyCommand => [3, id, 0],
  /** (4, id, 0): link an existing record. */
  link: (id: number): X2ManyCommand => [4, id, 0],
  /** (5, 0, 0): remove every link. */
  clear: (): X2ManyCommand => [5, 0, 0],
  /** (6, 0, ids): replace the links by exactly these ids. */
  set: (ids: readonly number[]): X2ManyCommand => [6, 0, [...ids]],
} as const;
