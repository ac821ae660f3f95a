// Simulated product API: alibaba.cross.productInfo over the seeded catalog, with the documented errors.
import type { ApiTable, SimContext } from './context.js';

export function productApis(ctx: SimContext): ApiTable {
  return {
    'com.alibaba.product:alibaba.cross.productInfo': {
      auth: true,
      required: ['productId'],
      handle: ({ params }) => {
        const productId = params['productId']!;
        const offer = ctx.catalog.get(productId);
        // The docs give these messages but not their field; the envelope is {productInfo, success, message}.
        if (!offer || offer.status === 'deleted') return { body: { success: false, message: `商品[${productId}]不存在` } };
        if (!offer.permitted) return { body: { success: false, message: '没有该商品的查询权限' } };
        return { body: { productInfo: ctx.catalog.render(offer), success: true } };
      },
    },
  };
}
