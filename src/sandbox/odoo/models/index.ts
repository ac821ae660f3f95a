// Every simulated model definition, in ir.model order.
import type { ModelDef } from '../types.js';
import { attributeModels } from './attributes.js';
import { baseModels } from './base.js';
import { irModels } from './ir.js';
import { productModels } from './product.js';
import { purchaseModels } from './purchase.js';
import { stockModels } from './stock.js';

export function allModels(): ModelDef[] {
  return [...baseModels, ...irModels, ...productModels, ...attributeModels, ...purchaseModels, ...stockModels];
}
