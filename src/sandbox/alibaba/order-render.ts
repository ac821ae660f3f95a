// Renders simulated orders in the get.buyerView / getBuyerOrderList wire shape (yuan, China dates, raw big ids).
import type { SimContext } from './context.js';
import { buyerMemberIdOf } from './context.js';
import type { SimOrder, SimOrderItem } from './orders.js';
import { orderTotalFen } from './orders.js';
import { fenToYuan, formatApiDate } from './util.js';

const STATUS_TEXT: Record<string, string> = {
  waitbuyerpay: '等待买家付款',
  waitsellersend: '等待卖家发货',
  waitbuyerreceive: '等待买家收货',
  confirm_goods: '已收货',
  success: '交易成功',
  cancel: '交易取消',
  terminated: '交易终止',
};

function logisticsStatus(order: SimOrder, item: SimOrderItem): number {
  if (order.status === 'confirm_goods' || order.status === 'success') return 3;
  if (item.shipped === 0) return 1;
  return item.shipped < item.quantity ? 5 : 2;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** `mode: 'list'` reproduces the list sample's quirk of `idOfStr` as a (big) number. */
export function renderOrder(ctx: SimContext, order: SimOrder, mode: 'detail' | 'list'): Record<string, unknown> {
  const a = order.address;
  const goodsFen = order.items.reduce((s, i) => s + i.priceFen * i.quantity, 0);
  const baseInfo: Record<string, unknown> = {
    businessType: 'cn',
    buyerID: buyerMemberIdOf(ctx),
    createTime: formatApiDate(order.createTime),
    id: order.id,
    modifyTime: formatApiDate(order.modifyTime),
    refund: 0,
    sellerID: `b2b-${order.sellerUserId}`,
    shippingFee: fenToYuan(order.postFeeFen),
    status: order.status,
    totalAmount: fenToYuan(orderTotalFen(order)),
    discount: 0,
    tradeType: '50060',
    refundPayment: 0,
    idOfStr: mode === 'list' ? order.id : order.id.toString(),
    receiverInfo: {
      toFullName: text(a['fullName']),
      toDivisionCode: text(a['districtCode']),
      toPost: text(a['postCode']),
      toArea: [a['provinceText'], a['cityText'], a['areaText'], a['townText']].filter((s) => typeof s === 'string' && s !== '').join(' '),
    },
    buyerLoginId: ctx.buyerLoginId,
    sellerLoginId: order.sellerLoginId,
    buyerUserId: ctx.buyerUserId,
    sellerUserId: order.sellerUserId,
    sumProductPayment: fenToYuan(goodsFen),
    stepPayAll: false,
  };
  if (order.outOrderId !== undefined) baseInfo['outOrderId'] = order.outOrderId;
  if (order.payTime !== undefined) baseInfo['payTime'] = formatApiDate(order.payTime);
  if (order.allDeliveredTime !== undefined) baseInfo['allDeliveredTime'] = formatApiDate(order.allDeliveredTime);
  if (order.completeTime !== undefined) baseInfo['completeTime'] = formatApiDate(order.completeTime);
  if (order.closeReason !== undefined) baseInfo['closeReason'] = order.closeReason;

  const productItems = order.items.map((item) => ({
    itemAmount: fenToYuan(item.priceFen * item.quantity),
    name: item.name,
    price: fenToYuan(item.priceFen),
    productID: item.productID,
    productImgUrl: [],
    quantity: item.quantity,
    refund: 0,
    ...(item.skuId !== undefined ? { skuID: item.skuId } : {}),
    status: order.status,
    subItemID: item.subItemId,
    type: 'common',
    unit: item.unit,
    guaranteesTerms: [],
    skuInfos: item.skuInfos,
    entryDiscount: 0,
    ...(item.specId !== undefined ? { specId: item.specId } : {}),
    quantityFactor: 1,
    statusStr: STATUS_TEXT[order.status] ?? order.status,
    logisticsStatus: logisticsStatus(order, item),
    gmtCreate: formatApiDate(order.createTime),
    gmtModified: formatApiDate(order.modifyTime),
    subItemIDString: item.subItemId.toString(),
  }));

  const nativeLogistics: Record<string, unknown> = {
    address: text(a['address']),
    area: text(a['areaText']),
    areaCode: text(a['districtCode']),
    city: text(a['cityText']),
    contactPerson: text(a['fullName']),
    mobile: text(a['mobile']),
    province: text(a['provinceText']),
    zip: text(a['postCode']),
  };
  if (mode === 'detail') {
    nativeLogistics['logisticsItems'] = order.packages.map((p) => ({
      deliveredTime: formatApiDate(p.createTime),
      logisticsCode: p.logisticsId,
      type: '0',
      status: p.status === 'SIGN' ? 'alreadysign' : 'alreadysend',
      gmtModified: formatApiDate(p.createTime),
      gmtCreate: formatApiDate(p.createTime),
      logisticsBillNo: p.billNo,
      logisticsCompanyId: p.carrier.id,
      logisticsCompanyName: p.carrier.name,
      logisticsCompanyNo: p.carrier.code,
      subItemIds: p.lines.map((l) => l.subItemId.toString()).join(','),
    }));
  }
  return { baseInfo, nativeLogistics, productItems };
}
