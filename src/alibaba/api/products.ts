// Product API: one offer's detail (alibaba.cross.productInfo), with not-found and no-permission told apart.
import { AlibabaApiError } from '../../errors.js';
import type { AlibabaClient } from '../client.js';
import { ProductInfoResponse, type ProductInfo } from '../schemas.js';

const PRODUCT_INFO = { namespace: 'com.alibaba.product', name: 'alibaba.cross.productInfo', version: 1 };
const API = `${PRODUCT_INFO.namespace}:${PRODUCT_INFO.name}`;

/** The platform gives these only as text (Chinese or English), without a distinct code. */
const NOT_FOUND = /不存在|not\s*exist|not\s*found|已删除|deleted/i;
const NO_PERMISSION = /权限|permission|not\s*allowed|关系/i;

/** The offer's detail; AlibabaApiError `product_not_found` or `product_no_permission` for the documented refusals. */
export async function getProduct(client: AlibabaClient, offerId: string): Promise<ProductInfo> {
  const answer = await client.call(PRODUCT_INFO, { productId: offerId }, ProductInfoResponse, { acceptBusinessError: () => true });
  if (answer.productInfo && answer.success !== false) return answer.productInfo;
  const message = answer.message ?? '';
  if (NO_PERMISSION.test(message)) {
    throw new AlibabaApiError('product_no_permission', `no permission for offer ${offerId}: ${message}`, {
      api: API,
      hint: 'the buyer account needs a listing relationship with this offer (follow or buy it once on 1688)',
    });
  }
  if (NOT_FOUND.test(message)) throw new AlibabaApiError('product_not_found', `offer ${offerId} does not exist: ${message}`, { api: API });
  if (answer.success === false) throw new AlibabaApiError('product_error', `offer ${offerId}: ${message || 'refused'}`, { api: API });
  throw new AlibabaApiError('bad_response', `offer ${offerId}: the answer has no productInfo`, { api: API });
}
