// Run-scoped Odoo reference data for pull-products: currency, categories, units, attributes, suppliers.
import { AppError, ExitCode } from '../../errors.js';
import type { OdooClient } from '../../odoo/client.js';
import { fieldText, m2oId, MODELS } from '../../odoo/models.js';
import type { Uom } from '../../mapping/units.js';
import type { OfferPlan } from '../../mapping/product.js';
import type { Store } from '../../state/store.js';

const ALL = { context: { active_test: false } } as const;

/**
 * Loads each kind of reference data once per run, on first need, and creates what is missing in
 * batches (one search and at most one create per kind and batch of offers).
 */
export class CatalogRefs {
  private categories: Promise<Map<string, number>> | undefined;
  private uoms: Promise<Map<string, Uom>> | undefined;
  private cny: Promise<{ id: number; rate: number }> | undefined;
  private readonly attributes = new Map<string, number>();
  private readonly values = new Map<string, number>();

  constructor(private readonly odoo: OdooClient, private readonly store: Store, private readonly currency: string) {}

  /** The CNY currency id and its rate (CNY per company unit); inactive CNY is a configuration error. */
  currencyInfo(): Promise<{ id: number; rate: number }> {
    this.cny ??= (async () => {
      const rows = await this.odoo.searchReadAll(MODELS.currency, [['name', '=', this.currency]], ['name', 'active', 'rate'], ALL);
      const row = rows[0];
      if (!row || row.active !== true) {
        throw new AppError('currency_inactive', ExitCode.Usage, `currency ${this.currency} is ${row ? 'not active' : 'missing'} in Odoo`, {
          hint: `activate it (Accounting > Configuration > Currencies, or \`alibaba-odoo-sync doctor --fix\` with an administrator login), then add a rate`,
        });
      }
      return { id: row.id, rate: typeof row.rate === 'number' ? row.rate : 0 };
    })();
    return this.cny;
  }

  /** The id of a category by complete name (`All / Saleable`), created with its missing parents. */
  async categoryId(completeName: string): Promise<number> {
    this.categories ??= this.odoo
      .searchReadAll(MODELS.category, [], ['complete_name'])
      .then((rows) => new Map(rows.map((r) => [String(r.complete_name), r.id])));
    const known = await this.categories;
    const parts = completeName.split('/').map((p) => p.trim()).filter(Boolean);
    let parent: number | undefined;
    for (let i = 0; i < parts.length; i += 1) {
      const path = parts.slice(0, i + 1).join(' / ');
      let id = known.get(path);
      if (id === undefined) {
        [id] = await this.odoo.create(MODELS.category, [{ name: parts[i]!, ...(parent ? { parent_id: parent } : {}) }]);
        known.set(path, id!);
      }
      parent = id;
    }
    if (parent === undefined) throw new AppError('category', ExitCode.Usage, `category name "${completeName}" is empty`);
    return parent;
  }

  /** A unit of measure by name; a missing one is a configuration error (units are not created). */
  async uom(name: string): Promise<Uom> {
    this.uoms ??= this.odoo
      .searchReadAll(MODELS.uom, [], ['name', 'category_id', 'factor'])
      .then((rows) => new Map(rows.map((r) => [String(r.name), { id: r.id, name: String(r.name), categoryId: m2oId(r.category_id) ?? 0, factor: Number(r.factor) }])));
    const found = (await this.uoms).get(name);
    if (!found) {
      throw new AppError('unit_missing', ExitCode.Usage, `unit of measure "${name}" does not exist in Odoo`, {
        hint: 'fix sync.unitMap / sync.defaultUnit to name an existing unit (Inventory > Configuration > Units of Measure)',
      });
    }
    return found;
  }

  /** Attribute and value ids for every attribute of these plans; missing ones created in two calls at most. */
  async ensureAttributes(plans: readonly OfferPlan[]): Promise<void> {
    const wanted = new Map<string, Set<string>>();
    for (const p of plans) for (const a of p.attributes) for (const v of a.values) (wanted.get(a.name) ?? wanted.set(a.name, new Set()).get(a.name)!).add(v);
    const unknownAttrs = [...wanted.keys()].filter((n) => !this.attributes.has(n));
    if (unknownAttrs.length > 0) {
      const rows = await this.odoo.searchReadAll(MODELS.attribute, [['name', 'in', unknownAttrs]], ['name'], { ...ALL, order: 'id' });
      for (const r of rows) if (!this.attributes.has(String(r.name))) this.attributes.set(String(r.name), r.id);
      const ids = [...new Set(rows.map((r) => r.id))];
      if (ids.length > 0) {
        const vals = await this.odoo.searchReadAll(MODELS.attributeValue, [['attribute_id', 'in', ids]], ['name', 'attribute_id'], { ...ALL, order: 'id' });
        for (const v of vals) {
          const key = `${m2oId(v.attribute_id)}\u0000${String(v.name)}`;
          if (!this.values.has(key)) this.values.set(key, v.id);
        }
      }
    }
    const newAttrs = [...wanted.keys()].filter((n) => !this.attributes.has(n));
    if (newAttrs.length > 0) {
      const created = await this.odoo.create(
        MODELS.attribute,
        newAttrs.map((name) => ({ name, create_variant: 'always', display_type: 'radio' })),
        { lookup: { domain: (chunk) => [['name', 'in', chunk.map((c) => fieldText(c.name))]], key: 'name' } },
      );
      newAttrs.forEach((name, i) => this.attributes.set(name, created[i]!));
    }
    const newValues: { attribute_id: number; name: string }[] = [];
    for (const [attr, vals] of wanted) {
      const attrId = this.attributes.get(attr)!;
      for (const v of vals) if (!this.values.has(`${attrId}\u0000${v}`)) newValues.push({ attribute_id: attrId, name: v });
    }
    if (newValues.length > 0) {
      const ids = await this.odoo.create(MODELS.attributeValue, newValues);
      newValues.forEach((v, i) => this.values.set(`${v.attribute_id}\u0000${v.name}`, ids[i]!));
    }
  }

  attributeId(name: string): number {
    const id = this.attributes.get(name);
    if (id === undefined) throw new Error(`attribute ${name} was not ensured`);
    return id;
  }

  valueId(attribute: string, value: string): number {
    const id = this.values.get(`${this.attributeId(attribute)}\u0000${value}`);
    if (id === undefined) throw new Error(`attribute value ${attribute}: ${value} was not ensured`);
    return id;
  }

  /** Vendor partner ids by 1688 supplier id: linked, found by x_alibaba_supplier_id, or created. */
  async ensureSuppliers(plans: readonly OfferPlan[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const names = new Map(plans.map((p) => [p.supplierId, p.supplierName]));
    const missing: string[] = [];
    for (const id of names.keys()) {
      const link = this.store.links.get('supplier', id);
      if (link) out.set(id, link.odooId);
      else missing.push(id);
    }
    if (missing.length === 0) return out;
    const rows = await this.odoo.searchReadAll(MODELS.partner, [['x_alibaba_supplier_id', 'in', missing]], ['x_alibaba_supplier_id'], { ...ALL, order: 'id' });
    for (const r of rows) if (!out.has(String(r.x_alibaba_supplier_id))) out.set(String(r.x_alibaba_supplier_id), r.id);
    const toCreate = missing.filter((id) => !out.has(id));
    if (toCreate.length > 0) {
      const ids = await this.odoo.create(
        MODELS.partner,
        toCreate.map((id) => ({ name: names.get(id)!, is_company: true, supplier_rank: 1, x_alibaba_supplier_id: id })),
        { lookup: { domain: (chunk) => [['x_alibaba_supplier_id', 'in', chunk.map((c) => fieldText(c.x_alibaba_supplier_id))]], key: 'x_alibaba_supplier_id' } },
      );
      toCreate.forEach((id, i) => out.set(id, ids[i]!));
    }
    this.store.links.upsert(missing.map((id) => ({ kind: 'supplier' as const, externalId: id, odooId: out.get(id)!, hash: null, extra: null })));
    return out;
  }
}
