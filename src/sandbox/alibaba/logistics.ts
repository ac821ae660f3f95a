// Simulated logistics APIs: 500_2 before shipment, one entry per package after, and tracking steps.
import type { ApiResult, ApiTable, SimContext } from './context.js';
import type { SimOrder, SimPackage } from './orders.js';
import { formatSpacedDate } from './util.js';

const NO_PERMISSION = { errorCode: 'order.nopermission.buyer', errorMessage: '你没有权限获取该订单详情(买家端)', success: false };
const NOT_SHIPPED = { errorCode: '500_2', errorMessage: '订单尚未发货，暂无物流详情，请稍候再试。', success: false };

function steps(pkg: SimPackage, now: number): { acceptTime: string; remark: string }[] {
  const out = [{ acceptTime: formatSpacedDate(pkg.createTime), remark: `【${pkg.carrier.name}】在浙江义乌公司进行揽件扫描` }];
  const transit = pkg.createTime + 3600_000;
  if (pkg.status === 'SIGN' || now >= transit) {
    out.push({ acceptTime: formatSpacedDate(Math.min(transit, now)), remark: '在浙江义乌分拨中心进行装车扫描，即将发往：目的地分拨中心' });
  }
  if (pkg.status === 'SIGN') out.push({ acceptTime: formatSpacedDate(now), remark: '快件已被 已签收 签收' });
  return out;
}

function withOrder(ctx: SimContext, orderId: string | undefined, render: (order: SimOrder) => ApiResult): ApiResult {
  const order = orderId === undefined ? undefined : ctx.orders.get(orderId);
  if (!order) return { body: NO_PERMISSION };
  return render(order);
}

export function logisticsApis(ctx: SimContext): ApiTable {
  return {
    'com.alibaba.logistics:alibaba.trade.getLogisticsInfos.buyerView': {
      auth: true,
      required: ['orderId', 'webSite'],
      handle: ({ params }) =>
        withOrder(ctx, params['orderId'], (order) => {
          if (order.packages.length === 0) return { body: NOT_SHIPPED };
          const result = order.packages.map((p) => ({
            logisticsId: p.logisticsId,
            logisticsBillNo: p.billNo,
            orderEntryIds: p.lines.map((l) => l.subItemId.toString()).join(','),
            status: p.status,
            logisticsCompanyId: p.carrier.id,
            logisticsCompanyName: p.carrier.name,
            remarks: '',
            sendGoods: p.lines.map((l) => {
              const item = order.items.find((i) => i.subItemId === l.subItemId);
              return { unit: item?.unit ?? '件', quantity: l.quantity, goodName: item?.name ?? '' };
            }),
          }));
          return { body: { result, success: true } };
        }),
    },
    'com.alibaba.logistics:alibaba.trade.getLogisticsTraceInfo.buyerView': {
      auth: true,
      required: ['orderId', 'webSite'],
      handle: ({ params }) =>
        withOrder(ctx, params['orderId'], (order) => {
          if (order.packages.length === 0) return { body: { errorCode: '404', errorMessage: '无法找到相对应的物流单跟踪信息。', success: false } };
          const now = ctx.now();
          const logisticsTrace = order.packages.map((p) => ({
            logisticsId: p.logisticsId,
            logisticsBillNo: p.billNo,
            orderId: order.id,
            logisticsSteps: steps(p, now),
          }));
          return { body: { logisticsTrace, success: true } };
        }),
    },
  };
}
