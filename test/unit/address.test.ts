import { describe, expect, it } from 'vitest';
import { mapAddress, normaliseMobile, normaliseProvince, splitChineseAddress } from '../../src/mapping/address.js';

const warehouse = {
  name: '张三',
  street: '南山区粤海街道科技南路18号',
  street2: '3栋501室',
  city: '深圳市',
  zip: '518057',
  stateName: '广东省 (CN)',
  countryCode: 'CN',
  mobile: '+86 138-0013-8000',
  phone: false as const,
};

describe('mapAddress', () => {
  it('decomposes a Chinese warehouse address into the parts 1688 expects', () => {
    expect(mapAddress(warehouse)).toEqual({
      ok: true,
      value: {
        fullName: '张三',
        mobile: '13800138000',
        postCode: '518057',
        provinceText: '广东省',
        cityText: '深圳市',
        areaText: '南山区',
        townText: '粤海街道',
        address: '科技南路18号3栋501室',
      },
    });
  });

  it('takes province and city out of a street pasted whole', () => {
    const r = mapAddress({ ...warehouse, stateName: false, city: false, street: '浙江省杭州市余杭区五常街道文一西路969号', street2: false });
    expect(r).toMatchObject({ ok: true, value: { provinceText: '浙江省', cityText: '杭州市', areaText: '余杭区', townText: '五常街道', address: '文一西路969号' } });
  });

  it('uses the municipality as the city of Shanghai', () => {
    const r = mapAddress({ ...warehouse, stateName: 'Shanghai', city: false, street: '浦东新区张江镇科苑路88号', street2: false });
    expect(r).toMatchObject({ ok: true, value: { provinceText: '上海市', cityText: '上海市', areaText: '浦东新区', townText: '张江镇' } });
  });

  it('keeps an English street as it is', () => {
    const r = mapAddress({ ...warehouse, street: 'Room 501, Building 3, Keji South Rd', street2: false, city: 'Shenzhen', stateName: 'Guangdong' });
    expect(r).toMatchObject({ ok: true, value: { provinceText: '广东省', cityText: 'Shenzhen', address: 'Room 501, Building 3, Keji South Rd' } });
  });

  it('refuses an address outside China and says to use a forwarder', () => {
    const r = mapAddress({ ...warehouse, countryCode: 'DE' });
    expect(r).toEqual({ ok: false, problems: [expect.stringContaining('forwarder') as unknown] });
  });

  it('refuses a street longer than 200 characters instead of cutting it', () => {
    const r = mapAddress({ ...warehouse, street: `南山区${'科'.repeat(210)}`, street2: false });
    expect(r).toEqual({ ok: false, problems: ['street: the street address is 210 characters; 1688 accepts at most 200'] });
  });

  it('lists every missing part at once', () => {
    const r = mapAddress({ name: '', countryCode: 'CN' });
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.problems.map((p) => p.split(':')[0])).toEqual(['state', 'city', 'street', 'mobile', 'name']);
  });

  it('falls back to the landline when there is no mobile', () => {
    const r = mapAddress({ ...warehouse, mobile: false, phone: '0755-86013388' });
    expect(r).toMatchObject({ ok: true, value: { phone: '0755-86013388' } });
    expect(r.ok && r.value.mobile).toBeFalsy();
  });
});

describe('address helpers', () => {
  it('normalises province spellings', () => {
    expect(normaliseProvince('广东省 (CN)')).toBe('广东省');
    expect(normaliseProvince('Guangdong Province')).toBe('广东省');
    expect(normaliseProvince('Inner Mongolia')).toBe('内蒙古自治区');
  });

  it('accepts only 11-digit Chinese mobile numbers', () => {
    expect(normaliseMobile('0086 13912345678')).toBe('13912345678');
    expect(normaliseMobile('12345')).toBeUndefined();
  });

  it('leaves the rest when no administrative part leads', () => {
    expect(splitChineseAddress('科技南路18号')).toEqual({ rest: '科技南路18号' });
  });
});
