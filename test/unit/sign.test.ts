// Golden tests for the 1688 API and push-message signatures.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signAop, signPushMessage, urlPathFor, verifyAopSignature, verifyPushSignature } from '../../src/alibaba/sign.js';

/** Reference HMAC written out by hand, over an already sorted and concatenated string. */
function referenceHmac(message: string, secret: string): string {
  return createHmac('sha1', secret).update(Buffer.from(message, 'utf8')).digest('hex').toUpperCase();
}

describe('urlPathFor', () => {
  it('builds param2/{version}/{namespace}/{apiName}/{appKey} without a leading slash', () => {
    expect(urlPathFor(1, 'com.alibaba.trade', 'alibaba.trade.get.buyerView', '1234567')).toBe(
      'param2/1/com.alibaba.trade/alibaba.trade.get.buyerView/1234567',
    );
  });
});

describe('signAop', () => {
  it('reproduces the documented example signature', () => {
    expect(signAop('param2/1/system/currentTime/1000000', { b: '2', a: '1' }, 'test123')).toBe(
      '33E54F4F7B989E3E0E912D3FBD2F1A03CA7CCE88',
    );
  });

  it('sorts the key+value strings, not the keys, when one key is a prefix of another', () => {
    // Sorting keys would give "a"+"z", "ab"+"1" = "azab1"; sorting the strings gives "ab1" < "az".
    const expected = referenceHmac('param2/1/ns/api/123' + 'ab1' + 'az', 'secret');
    expect(signAop('param2/1/ns/api/123', { a: 'z', ab: '1' }, 'secret')).toBe(expected);
  });

  it('differs from a key-sorted signature in the prefix case', () => {
    const keySorted = referenceHmac('param2/1/ns/api/123' + 'az' + 'ab1', 'secret');
    expect(signAop('param2/1/ns/api/123', { a: 'z', ab: '1' }, 'secret')).not.toBe(keySorted);
  });

  it('leaves _aop_signature out of the signed string', () => {
    const withSig = signAop('param2/1/ns/api/1', { a: '1', _aop_signature: 'ABC' }, 's');
    expect(withSig).toBe(referenceHmac('param2/1/ns/api/1a1', 's'));
  });

  it('signs Chinese values as UTF-8', () => {
    const expected = referenceHmac('param2/1/ns/api/1' + 'access_tokent1' + 'message留言：尽快发货', 'k');
    expect(signAop('param2/1/ns/api/1', { message: '留言：尽快发货', access_token: 't1' }, 'k')).toBe(expected);
  });

  it('signs JSON-valued parameters exactly as sent', () => {
    const cargo = '[{"offerId":554456348334,"specId":"b266e0726506185beaf205cbae88530d","quantity":5}]';
    const address = '{"fullName":"张三","address":"网商路699号"}';
    const expected = referenceHmac(
      'param2/1/com.alibaba.trade/alibaba.trade.fastCreateOrder/9' +
        'addressParam' + address + 'cargoParamList' + cargo + 'flowgeneral',
      'sec',
    );
    const actual = signAop(
      'param2/1/com.alibaba.trade/alibaba.trade.fastCreateOrder/9',
      { flow: 'general', cargoParamList: cargo, addressParam: address },
      'sec',
    );
    expect(actual).toBe(expected);
  });

  it('is verified by verifyAopSignature in lower case too', () => {
    const sig = signAop('param2/1/a/b/c', { x: '1' }, 's');
    expect(verifyAopSignature('param2/1/a/b/c', { x: '1' }, sig.toLowerCase(), 's')).toBe(true);
  });
});

describe('push message signatures', () => {
  const message = '{"msgId":1,"type":"ORDER_BUYER_VIEW_ORDER_PAY","data":{"orderId":3012345678901234567}}';

  it('signs "message" + the JSON text with no url path', () => {
    expect(signPushMessage({ message }, 'pushsecret')).toBe(referenceHmac('message' + message, 'pushsecret'));
  });

  it('accepts a matching signature in lower case', () => {
    const sig = signPushMessage({ message }, 'pushsecret').toLowerCase();
    expect(verifyPushSignature({ message }, sig, 'pushsecret')).toBe(true);
  });

  it('rejects a signature made with another secret', () => {
    const sig = signPushMessage({ message }, 'other');
    expect(verifyPushSignature({ message }, sig, 'pushsecret')).toBe(false);
  });

  it('rejects a signature of the wrong length without throwing', () => {
    expect(verifyPushSignature({ message }, 'ABC', 'pushsecret')).toBe(false);
  });

  it('rejects a signature over a tampered message', () => {
    const sig = signPushMessage({ message }, 'pushsecret');
    expect(verifyPushSignature({ message: message.replace('PAY', 'SUCCESS') }, sig, 'pushsecret')).toBe(false);
  });
});
