// Tests that the 1688 schemas parse every copied fixture and normalise the platform's quirks.
import { describe, expect, it } from 'vitest';
import { parseJsonPreservingBigInts } from '../../src/alibaba/json.js';
import {
  FastCreateOrderResult,
  GatewayError,
  LogisticsInfosResponse,
  LogisticsTraceResponse,
  OAuthError,
  OAuthToken,
  OrderDetailResponse,
  OrderListResponse,
  ProductInfo,
  ProductInfoResponse,
  PushMessage,
  PushMessageListResponse,
  formatZodIssue,
  normaliseBusinessError,
  parseAlibabaDate,
  parsePushData,
} from '../../src/alibaba/schemas.js';
import { loadFixture } from '../helpers/fixtures.js';

const fixture = (name: string): unknown => parseJsonPreservingBigInts(loadFixture(name));

describe('parseAlibabaDate', () => {
  it('reads the API spelling with milliseconds and a +0800 offset', () => {
    expect(parseAlibabaDate('20180614101942000+0800')?.toISOString()).toBe('2018-06-14T02:19:42.000Z');
  });
  it('reads a -0700 offset', () => {
    expect(parseAlibabaDate('20170913231708000-0700')?.toISOString()).toBe('2017-09-14T06:17:08.000Z');
  });
  it('reads the token timeout spelling without milliseconds', () => {
    expect(parseAlibabaDate('20121222222222+0800')?.toISOString()).toBe('2012-12-22T14:22:22.000Z');
  });
  it('reads push-message times as China time', () => {
    expect(parseAlibabaDate('2018-05-30 19:24:18')?.toISOString()).toBe('2018-05-30T11:24:18.000Z');
  });
  it('gives undefined for a single space', () => {
    expect(parseAlibabaDate(' ')).toBeUndefined();
  });
  it('reads epoch milliseconds held in a string', () => {
    expect(parseAlibabaDate('1564984329147')?.getTime()).toBe(1564984329147);
  });
});

describe('ProductInfoResponse', () => {
  const parsed = ProductInfoResponse.parse(fixture('alibaba.cross.productInfo.response.json'));
  const info = parsed.productInfo!;

  it('gives ids as strings', () => {
    expect([info.productID, info.categoryID, info.supplierUserId]).toEqual(['584051070147', '1048182', '1234']);
  });
  it('keeps the SKU with its specId, price and attribute image', () => {
    expect(info.skuInfos[0]).toMatchObject({
      skuId: '3746778972330',
      specId: 'fb82997a5b64af3c729cea89bef44409',
      price: 40,
      consignPrice: 0.2,
      amountOnSale: 1200,
      attributes: [{ attributeID: '3216', attributeValue: '黑色', skuImageUrl: 'img/ibank/2018/221/909/9143909122_1606139362.jpg' }],
    });
  });
  it('keeps the sale info tiers and quote type', () => {
    expect(info.saleInfo).toMatchObject({ priceRanges: [{ startQuantity: 1, price: 40 }], quoteType: 1, unit: '件', minOrderQuantity: 1 });
  });
  it('parses createTime as a Date', () => {
    expect(info.createTime?.toISOString()).toBe('2018-12-13T12:16:38.000Z');
  });
  it('keeps the relative image paths', () => {
    expect(info.image.images).toHaveLength(3);
  });
  it('parses the simple.get sample whose SKUs have no prices', () => {
    const simple = ProductInfoResponse.parse(fixture('alibaba.product.simple.get.response.json'));
    expect(simple.productInfo?.skuInfos.map((s) => s.price)).toEqual([undefined, undefined, undefined]);
  });
  it('coerces prices sent as strings and prefers attributeDisplayName', () => {
    const p = ProductInfo.parse({
      productID: '1',
      subject: 's',
      skuInfos: [{ skuId: 2, specId: 'x', price: '12.50', attributes: [{ attributeDisplayName: '颜色', attributeName: 'c', attributeValue: '红' }] }],
    });
    expect([p.skuInfos[0]?.price, p.skuInfos[0]?.attributes[0]?.attributeName]).toEqual([12.5, '颜色']);
  });
  it('names the field path of a bad SKU in the formatted issue', () => {
    const result = ProductInfoResponse.safeParse({ productInfo: { productID: 1, subject: 's', skuInfos: [{ skuId: 1, specId: 'a' }, { skuId: 2, specId: 'b' }, { skuId: 3, specId: 7 }] } });
    expect(result.success ? [] : result.error.issues.map((i) => formatZodIssue(i))).toEqual(['productInfo.skuInfos[2].specId: expected string']);
  });
});

describe('FastCreateOrderResult', () => {
  it('reads the wrapped answer with the amount in fen', () => {
    expect(FastCreateOrderResult.parse(fixture('alibaba.trade.fastCreateOrder.response.json'))).toMatchObject({
      orderCreated: true, orderId: '60241415417789305', totalSuccessAmountFen: 1000, success: true, failedOfferList: [],
    });
  });
  it('treats a flat success:false answer with an orderId as a created order', () => {
    expect(FastCreateOrderResult.parse(fixture('alibaba.trade.createCrossOrder.response.alipay.json'))).toMatchObject({
      orderCreated: true, orderId: '87407346014789305', success: false, totalSuccessAmountFen: 156800,
    });
  });
  it('reports no order for the error sample', () => {
    expect(FastCreateOrderResult.parse(fixture('alibaba.trade.fastCreateOrder.error.response.json'))).toMatchObject({
      orderCreated: false, code: '400', message: 'error',
    });
  });
  it('parses failed offers inside result', () => {
    const r = FastCreateOrderResult.parse({ result: { failedOfferList: [{ offerId: 5, specId: 'x', errorCode: 'E', errorMessage: 'm' }] }, success: false });
    expect(r.failedOfferList).toEqual([{ offerId: '5', specId: 'x', errorCode: 'E', errorMessage: 'm' }]);
  });
});

describe('OrderDetailResponse', () => {
  const detail = OrderDetailResponse.parse(fixture('alibaba.trade.get.buyerView.response.json')).result!;
  it('takes the exact string id over the rounded numeric one', () => {
    expect(detail.baseInfo.id).toBe('58218860983545941');
  });
  it('reads mixed time zones in one order', () => {
    expect([detail.baseInfo.createTime?.toISOString(), detail.productItems[0]?.subItemID]).toEqual(['2017-09-14T06:17:08.000Z', '128403042259997715']);
  });
  it('reads the product items with prices in yuan', () => {
    expect(detail.productItems.map((i) => [i.productID, i.skuID, i.specId, i.price, i.quantity])).toEqual([
      ['547486647009', '3315536521048', '28b952ec96c8b5c3ab0affc1b74923f0', 0.3, 1],
      ['558700975520', '3638916762844', '6ff6071792c8ab520b9b867c61b990bd', 0.1, 1],
      ['558700975520', '3638916762843', '8ecd5cb401df85d3f2485eb120f670df', 0.1, 1],
    ]);
  });
  it('splits the logistics item sub-item ids', () => {
    expect(detail.nativeLogistics.logisticsItems[0]?.subItemIds).toHaveLength(3);
  });
});

describe('OrderListResponse', () => {
  const list = OrderListResponse.parse(fixture('alibaba.trade.getBuyerOrderList.response.json'));
  it('reads totalRecord and the numeric idOfStr as a string id', () => {
    expect([list.totalRecord, list.result[0]?.baseInfo.id, list.result[0]?.baseInfo.status]).toEqual([537, '196965465451498520', 'cancel']);
  });
});

describe('logistics schemas', () => {
  it('reads packages and splits orderEntryIds', () => {
    const r = LogisticsInfosResponse.parse(fixture('alibaba.trade.getLogisticsInfos.buyerView.response.json'));
    expect(r.result[0]).toMatchObject({ logisticsId: 'BX111841674232006', logisticsCompanyId: '8', status: 'SIGN', orderEntryIds: ['149989279191615400'], sendGoods: [{ quantity: 2, unit: '个' }] });
  });
  it('reads the trace steps with China-time dates', () => {
    const r = LogisticsTraceResponse.parse(fixture('alibaba.trade.getLogisticsTraceInfo.buyerView.response.json'));
    expect([r.logisticsTrace[0]?.orderId, r.logisticsTrace[0]?.logisticsSteps.length, r.logisticsTrace[0]?.logisticsSteps[0]?.acceptTime?.toISOString()]).toEqual(['188983797838441800', 9, '2018-07-24T13:55:33.000Z']);
  });
  it('parses the 500_2 answer and reports it as a business error', () => {
    const body = fixture('alibaba.trade.getLogisticsInfos.buyerView.error-500_2.response.json');
    expect([LogisticsInfosResponse.parse(body).result, normaliseBusinessError(body)?.code]).toEqual([[], '500_2']);
  });
  it('parses the no-permission trace answer', () => {
    const body = fixture('alibaba.trade.getLogisticsTraceInfo.buyerView.error-nopermission.response.json');
    expect(LogisticsTraceResponse.parse(body).errorCode).toBe('order.nopermission.buyer');
  });
});

describe('push messages', () => {
  const orderTopics = [
    'ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS', 'ORDER_BUYER_VIEW_BUYER_MAKE', 'ORDER_BUYER_VIEW_ORDER_BOPS_CLOSE',
    'ORDER_BUYER_VIEW_ORDER_BUYER_CLOSE', 'ORDER_BUYER_VIEW_ORDER_BUYER_REFUND_IN_SALES', 'ORDER_BUYER_VIEW_ORDER_COMFIRM_RECEIVEGOODS',
    'ORDER_BUYER_VIEW_ORDER_PAY', 'ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY', 'ORDER_BUYER_VIEW_ORDER_REFUND_AFTER_SALES',
    'ORDER_BUYER_VIEW_ORDER_SELLER_CLOSE', 'ORDER_BUYER_VIEW_ORDER_STEP_PAY', 'ORDER_BUYER_VIEW_ORDER_SUCCESS',
    'ORDER_BUYER_VIEW_PART_PART_SENDGOODS',
  ];
  it.each(orderTopics)('parses the %s sample as order data', (topic) => {
    const parsed = parsePushData(topic, fixture(`${topic}.message.json`));
    expect(parsed.kind === 'order' && parsed.data.orderId.length > 10 && parsed.data.msgSendTime instanceof Date).toBe(true);
  });
  it('parses the logistics trace sample with its blank change time', () => {
    const parsed = parsePushData('LOGISTICS_BUYER_VIEW_TRACE', fixture('LOGISTICS_BUYER_VIEW_TRACE.message.json'));
    expect(parsed.kind === 'logisticsTrace' ? [parsed.data.OrderLogisticsTracingModel.changeTime, parsed.data.OrderLogisticsTracingModel.orderLogsItems[0]?.orderId] : []).toEqual([undefined, '2938624554509662976']);
  });
  it('parses the waybill change sample', () => {
    const parsed = parsePushData('LOGISTICS_MAIL_NO_CHANGE', fixture('LOGISTICS_MAIL_NO_CHANGE.message.json'));
    expect(parsed.kind === 'mailNoChange' ? parsed.data.MailNoChangeModel.newMailNo : '').toBe('1234');
  });
  it('splits the product change productIds', () => {
    const parsed = parsePushData('PRODUCT_RELATION_VIEW_PRODUCT_CHANGE', fixture('PRODUCT_RELATION_VIEW_PRODUCT_CHANGE.message.json'));
    expect(parsed.kind === 'productChange' ? parsed.data.productIds : []).toEqual(['897022666243', '897022666242']);
  });
  it('reads the inventory change with bizTime as a date', () => {
    const parsed = parsePushData('PRODUCT_PRODUCT_INVENTORY_CHANGE', fixture('PRODUCT_PRODUCT_INVENTORY_CHANGE.message.json'));
    expect(parsed.kind === 'inventoryChange' ? parsed.data.OfferInventoryChangeList[0]?.bizTime?.getTime() : 0).toBe(1564984329147);
  });
  it('reports an unknown topic without failing', () => {
    expect(parsePushData('CAIGOU_MSG_X', {})).toEqual({ kind: 'unknown', type: 'CAIGOU_MSG_X' });
  });
  it('gives the envelope msgId as a string', () => {
    expect(PushMessage.parse({ msgId: 68891027, gmtBorn: 1, type: 'T', userInfo: 'm', data: {} }).msgId).toBe('68891027');
  });
  it('reads the messageList sample', () => {
    const r = PushMessageListResponse.parse(fixture('push.query.messageList.response.json'));
    expect([r.pushMessagePage.totalCount, r.pushMessagePage.datas[0]?.msgId]).toEqual([1, '68891027']);
  });
});

describe('OAuth', () => {
  it('reads the token sample with numbers as strings', () => {
    const t = OAuthToken.parse(fixture('system.oauth2.getToken.response.json'));
    expect([t.expiresInSeconds, t.refreshTokenExpiresAt?.toISOString(), t.memberId]).toEqual([36000, '2012-12-22T14:22:22.000Z', 'xxxxxxx']);
  });
  it('reads an OAuth error', () => {
    expect(OAuthError.parse({ error: 'invalid_grant', error_description: 'code expired' })).toEqual({ error: 'invalid_grant', description: 'code expired' });
  });
});

describe('gateway and business errors', () => {
  it('reads the observed ACL gateway error', () => {
    expect(GatewayError.parse(fixture('gateway-error.APIACLDecline.observed.json'))).toMatchObject({ code: 'gw.APIACLDecline', message: 'AppKey is not allowed(acl)' });
  });
  it('reads the exception field of the no-usage error', () => {
    expect(GatewayError.parse(fixture('gateway-error.NoUsageLeftError.observed.json')).exception).toBe('SLA bill has no usage left');
  });
  it('falls back to errorCode/errorMessage', () => {
    expect(GatewayError.parse({ errorCode: 'gw.X', errorMessage: 'm' })).toMatchObject({ code: 'gw.X', message: 'm' });
  });
  it('normalises {success:false, code, message}', () => {
    expect(normaliseBusinessError(fixture('alibaba.trade.createCrossOrder.error.response.json'))).toEqual({ code: '400', message: 'AddressId invalid:AddressId invalid' });
  });
  it('normalises {success:false, errorCode, errorMsg}', () => {
    expect(normaliseBusinessError(fixture('alibaba.createOrder.preview.error.response.json'))).toEqual({ code: '500_1', message: '错误' });
  });
  it('normalises an error inside result', () => {
    expect(normaliseBusinessError({ success: true, result: { success: false, code: 'E1', message: 'bad' } })).toEqual({ code: 'E1', message: 'bad' });
  });
  it('does not flag a success:false answer that carries an orderId', () => {
    expect(normaliseBusinessError(fixture('alibaba.trade.createCrossOrder.response.accountPeriod.json'))).toBeUndefined();
  });
  it.each(['alibaba.trade.get.buyerView.response.json', 'alibaba.createOrder.preview.response.json', 'alibaba.trade.createCrossOrder.response.multiOrder.json', 'alibaba.cross.productList.response.json'])(
    'finds no error in the success sample %s',
    (name) => {
      expect(normaliseBusinessError(fixture(name))).toBeUndefined();
    },
  );
});
