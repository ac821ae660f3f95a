// `doctor --fix`: what can be repaired with an administrator login (custom fields, an inactive currency), in few calls.
import { AppError, ExitCode } from '../../errors.js';
import type { OdooClient } from '../../odoo/client.js';
import { MODELS, type CustomFieldSpec } from '../../odoo/models.js';

export type Repair =
  | { kind: 'custom_field'; field: CustomFieldSpec }
  | { kind: 'activate_currency'; currencyId: number; name: string };

/** Applies the repairs as the administrator; returns one line per change made. */
export async function applyRepairs(admin: OdooClient, repairs: readonly Repair[]): Promise<string[]> {
  const done: string[] = [];
  const fields = repairs.flatMap((r) => (r.kind === 'custom_field' ? [r.field] : []));
  if (fields.length > 0) {
    const models = [...new Set(fields.map((f) => f.model))];
    const rows = await admin.searchReadAll<{ id: number; model: string }>(MODELS.model, [['model', 'in', models]], ['model']);
    const modelIds = new Map(rows.map((r) => [r.model, r.id]));
    const missing = models.filter((m) => !modelIds.has(m));
    if (missing.length > 0) {
      throw new AppError('doctor_fix', ExitCode.Usage, `cannot add custom fields: Odoo has no model ${missing.join(', ')}`, {
        hint: 'install the Odoo modules the checks name first',
      });
    }
    // One batch create: Odoo adds all fields or none.
    await admin.create(
      MODELS.field,
      fields.map((f) => ({
        model_id: modelIds.get(f.model)!,
        name: f.name,
        field_description: f.label,
        ttype: f.type,
        store: true,
        copied: false,
      })),
    );
    done.push(...fields.map((f) => `created custom field ${f.name} on ${f.model}`));
  }
  for (const repair of repairs) {
    if (repair.kind !== 'activate_currency') continue;
    await admin.write(MODELS.currency, [repair.currencyId], { active: true });
    done.push(`activated currency ${repair.name}`);
  }
  return done;
}
