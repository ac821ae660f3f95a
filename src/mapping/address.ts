// Pure: an Odoo delivery partner -> the `addressParam` 1688 expects (province, city, area, town, detail, contact).

export interface PartnerAddress {
  name: string;
  street?: string | false | undefined;
  street2?: string | false | undefined;
  city?: string | false | undefined;
  zip?: string | false | undefined;
  /** The state's name as Odoo shows it, e.g. `广东省` or `广东省 (CN)` or `Guangdong`. */
  stateName?: string | false | undefined;
  countryCode?: string | false | undefined;
  phone?: string | false | undefined;
  mobile?: string | false | undefined;
}

export interface AddressParam {
  fullName: string;
  mobile?: string;
  phone?: string;
  postCode?: string;
  provinceText: string;
  cityText: string;
  areaText?: string;
  townText?: string;
  address: string;
}

export type AddressResult = { ok: true; value: AddressParam } | { ok: false; problems: string[] };

/** 1688's documented limit on the detailed address. */
export const ADDRESS_MAX = 200;

const PROVINCES: Record<string, string> = {
  beijing: '北京市', tianjin: '天津市', shanghai: '上海市', chongqing: '重庆市', hebei: '河北省', shanxi: '山西省',
  liaoning: '辽宁省', jilin: '吉林省', heilongjiang: '黑龙江省', jiangsu: '江苏省', zhejiang: '浙江省', anhui: '安徽省',
  fujian: '福建省', jiangxi: '江西省', shandong: '山东省', henan: '河南省', hubei: '湖北省', hunan: '湖南省',
  guangdong: '广东省', hainan: '海南省', sichuan: '四川省', guizhou: '贵州省', yunnan: '云南省', shaanxi: '陕西省',
  gansu: '甘肃省', qinghai: '青海省', taiwan: '台湾省', 'inner mongolia': '内蒙古自治区', guangxi: '广西壮族自治区',
  tibet: '西藏自治区', xizang: '西藏自治区', ningxia: '宁夏回族自治区', xinjiang: '新疆维吾尔自治区',
  'hong kong': '香港特别行政区', macau: '澳门特别行政区', macao: '澳门特别行政区',
};
const MUNICIPALITIES = new Set(['北京市', '天津市', '上海市', '重庆市']);

const text = (v: string | false | undefined): string => (typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : '');
const length = (s: string): number => [...s].length;

/** `广东省 (CN)` -> `广东省`; `Guangdong Province` -> `广东省`. */
export function normaliseProvince(raw: string): string {
  const bare = raw.replace(/\s*\([A-Z]{2}\)\s*$/, '').trim();
  const english = bare.toLowerCase().replace(/\s+(province|municipality|autonomous region|sar)$/, '').trim();
  return PROVINCES[english] ?? bare;
}

/** Splits a Chinese address text into its leading administrative parts and the rest. */
export interface AddressParts {
  province?: string;
  city?: string;
  area?: string;
  town?: string;
  rest: string;
}

export function splitChineseAddress(input: string): AddressParts {
  let rest = input.replace(/\s+/g, '');
  const take = (re: RegExp): string | undefined => {
    const m = re.exec(rest);
    if (!m) return undefined;
    rest = rest.slice(m[0].length);
    return m[0];
  };
  const province = take(/^(北京市|天津市|上海市|重庆市|.{2,8}?(省|自治区|特别行政区))/);
  const city = take(/^.{2,10}?(市|自治州|地区|盟)/);
  const area = take(/^.{1,10}?(区|县|旗|市)/);
  const town = take(/^.{1,12}?(街道|镇|乡)/);
  return {
    ...(province ? { province } : {}),
    ...(city ? { city } : {}),
    ...(area ? { area } : {}),
    ...(town ? { town } : {}),
    rest,
  };
}

/** Chinese mobile numbers: 11 digits starting with 1, after dropping +86/0086 and separators. */
export function normaliseMobile(raw: string): string | undefined {
  const digits = raw.replace(/[\s\-()]/g, '').replace(/^(\+86|0086)/, '');
  return /^1\d{10}$/.test(digits) ? digits : undefined;
}

export function mapAddress(partner: PartnerAddress): AddressResult {
  const problems: string[] = [];
  const country = text(partner.countryCode).toUpperCase();
  if (country && country !== 'CN') {
    problems.push(`country: 1688 delivers within China only; the delivery address is in ${country} (use a forwarder's address in China)`);
  }
  const street = [text(partner.street), text(partner.street2)].filter(Boolean).join(' ');
  const parts: AddressParts = /[\u4e00-\u9fff]/.test(street) ? splitChineseAddress(street) : { rest: street };
  const province = normaliseProvince(text(partner.stateName)) || parts.province || '';
  let city = text(partner.city) || parts.city || '';
  if (!city && MUNICIPALITIES.has(province)) city = province;
  // A street that repeats the province and city (common when pasted whole) keeps only what follows them.
  const detail = parts.rest;
  if (!province) problems.push('state: the province is missing (set the partner\'s State, e.g. 广东省)');
  if (!city) problems.push('city: the city is missing (set the partner\'s City, e.g. 深圳市)');
  if (!detail) problems.push('street: the street address is missing');
  if (length(detail) > ADDRESS_MAX) {
    problems.push(`street: the street address is ${length(detail)} characters; 1688 accepts at most ${ADDRESS_MAX}`);
  }
  const mobileRaw = text(partner.mobile) || text(partner.phone);
  const mobile = mobileRaw ? normaliseMobile(mobileRaw) : undefined;
  const phone = text(partner.phone).replace(/[^\d\-+]/g, '');
  if (!mobile && !phone) problems.push('mobile: a mobile or phone number is required by 1688 for delivery');
  const fullName = text(partner.name);
  if (!fullName) problems.push('name: the recipient name is missing');
  const zip = text(partner.zip);
  if (zip && !/^\d{6}$/.test(zip)) problems.push(`zip: "${zip}" is not a 6-digit Chinese postcode`);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      fullName,
      ...(mobile ? { mobile } : {}),
      ...(phone && phone !== mobile ? { phone } : {}),
      ...(zip ? { postCode: zip } : {}),
      provinceText: province,
      cityText: city,
      ...(parts.area ? { areaText: parts.area } : {}),
      ...(parts.town ? { townText: parts.town } : {}),
      address: detail,
    },
  };
}
