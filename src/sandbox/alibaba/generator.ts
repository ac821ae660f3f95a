// Deterministic offers for the simulator: the documented sample offers plus seeded, realistic generated ones.
import { createHash } from 'node:crypto';
import type { SimOffer, SimSku, SimSkuAttribute, SimTier } from './catalog.js';
import { createRandom, intBetween, pick } from './util.js';

interface CategorySpec {
  id: number;
  name: string;
  nouns: string[];
  unit: string;
  axes: { id: number; name: string; values: string[] }[];
  weight: [number, number];
  priceYuan: [number, number];
}

const COLOURS = { id: 3216, name: '颜色', values: ['黑色', '白色', '红色', '藏青色', '灰色', '粉色', '卡其色', '墨绿色'] };
const CATEGORIES: CategorySpec[] = [
  { id: 1048182, name: '连衣裙', nouns: ['雪纺连衣裙', '碎花长裙', '针织连衣裙'], unit: '件', axes: [COLOURS, { id: 450, name: '尺码', values: ['S', 'M', 'L', 'XL', '2XL'] }], weight: [0.2, 0.6], priceYuan: [25, 89] },
  { id: 127424004, name: 'T恤', nouns: ['纯棉短袖T恤', '圆领打底衫', '宽松T恤'], unit: '件', axes: [COLOURS, { id: 450, name: '尺码', values: ['M', 'L', 'XL', '2XL', '3XL'] }], weight: [0.15, 0.3], priceYuan: [9, 35] },
  { id: 1038378, name: '运动鞋', nouns: ['休闲运动鞋', '透气跑步鞋', '小白鞋'], unit: '双', axes: [COLOURS, { id: 100018377, name: '尺码', values: ['36', '37', '38', '39', '40', '41', '42', '43'] }], weight: [0.6, 1.2], priceYuan: [35, 120] },
  { id: 122204003, name: '保温杯', nouns: ['不锈钢保温杯', '便携水杯', '真空焖烧杯'], unit: '个', axes: [COLOURS, { id: 1654, name: '容量', values: ['350mL', '500mL', '750mL', '1000mL'] }], weight: [0.25, 0.6], priceYuan: [12, 48] },
  { id: 1046860, name: '手机壳', nouns: ['硅胶手机壳', '磨砂防摔壳', '透明气囊壳'], unit: '个', axes: [COLOURS, { id: 7108, name: '适用型号', values: ['iPhone 15', 'iPhone 15 Pro', 'iPhone 14', '华为Mate60', '小米14'] }], weight: [0.03, 0.08], priceYuan: [2, 15] },
  { id: 1032910, name: '数据线', nouns: ['快充数据线', '编织充电线', '三合一数据线'], unit: '条', axes: [COLOURS, { id: 2176, name: '长度', values: ['1米', '1.5米', '2米'] }], weight: [0.03, 0.1], priceYuan: [1.5, 9] },
  { id: 122704001, name: '收纳盒', nouns: ['桌面收纳盒', '抽屉式收纳箱', '折叠收纳筐'], unit: '个', axes: [], weight: [0.3, 1.5], priceYuan: [6, 30] },
];
const PREFIXES = ['2024新款', '韩版', '加厚', '简约', 'ins风', '工厂直销', '跨境爆款', '外贸', '批发', '夏季'];
const SUFFIXES = ['厂家直销', '一件代发', '现货批发', '支持定制', ''];

export interface GeneratorOptions {
  seed: number;
  count: number;
  suppliers: number;
  /** Index of the first generated offer; lets a second seeding add offers without id clashes. */
  startIndex?: number;
  now: number;
}

export function specIdFor(productId: number, index: number): string {
  return createHash('md5').update(`${productId}:${index}`).digest('hex');
}

function tiersFrom(random: () => number, baseFen: number, minQty: number): SimTier[] {
  const steps = intBetween(random, 1, 3);
  const tiers: SimTier[] = [];
  let qty = minQty;
  let price = baseFen;
  for (let i = 0; i < steps; i++) {
    tiers.push({ startQuantity: qty, priceFen: price });
    qty *= intBetween(random, 5, 10);
    price = Math.round(price * (0.85 + random() * 0.1));
  }
  return tiers;
}

/** Generates `count` offers; the same options always give the same offers. */
export function generateOffers(options: GeneratorOptions): SimOffer[] {
  const offers: SimOffer[] = [];
  const start = options.startIndex ?? 0;
  for (let n = start; n < start + options.count; n++) {
    const random = createRandom(options.seed * 100_003 + n);
    const category = pick(random, CATEGORIES);
    const productID = 610_000_000_000 + n * 1013;
    const supplier = n % Math.max(1, options.suppliers);
    const baseFen = Math.round((category.priceYuan[0] + random() * (category.priceYuan[1] - category.priceYuan[0])) * 100);
    const kind = category.axes.length === 0 || random() < 0.12 ? 'single' : pick(random, ['perSku', 'perSku', 'tiers', 'skuRanges'] as const);
    const quoteType = kind === 'perSku' ? 1 : kind === 'skuRanges' ? 2 : 0;
    const minOrderQuantity = kind === 'tiers' || kind === 'single' ? pick(random, [1, 2, 3, 5, 10]) : 1;
    const axes = kind === 'single' ? [] : category.axes.slice(0, random() < 0.35 ? 1 : 2);
    const combos: SimSkuAttribute[][] = axes.reduce<SimSkuAttribute[][]>(
      (acc, axis) => {
        const values = axis.values.slice(0, intBetween(random, 2, Math.min(4, axis.values.length)));
        return acc.flatMap((combo) => values.map((v) => [...combo, { attributeID: axis.id, attributeDisplayName: axis.name, attributeValue: v }]));
      },
      [[]],
    );
    const skus: SimSku[] = axes.length === 0 ? [] : combos.map((attributes, i) => {
      const skuFen = Math.round(baseFen * (1 + 0.05 * (i % 3)));
      const first = attributes[0];
      if (first) first.skuImageUrl = `img/ibank/2024/${productID % 1000}/${productID}_sku${i}.jpg`;
      const sku: SimSku = {
        skuId: 5_000_000_000_000 + n * 100 + i,
        specId: specIdFor(productID, i),
        cargoNumber: `${category.name.length}${productID % 10000}-${i}`,
        amountOnSale: random() < 0.05 ? 0 : intBetween(random, 50, 5000),
        attributes,
      };
      if (kind === 'perSku') {
        sku.priceFen = skuFen;
        sku.consignPriceFen = Math.round(skuFen * 1.2);
      }
      if (kind === 'skuRanges') sku.priceRanges = tiersFrom(createRandom(productID + i), skuFen, 1);
      return sku;
    });
    const createTime = options.now - intBetween(random, 30, 900) * 86_400_000;
    offers.push({
      productID,
      subject: `${pick(random, PREFIXES)}${pick(random, category.nouns)}${pick(random, SUFFIXES)}`,
      categoryID: category.id,
      categoryName: category.name,
      status: 'published',
      attributes: [{ attributeID: 2176, attributeName: '品牌', value: pick(random, ['其他', '自有品牌', '无']) }],
      images: Array.from({ length: intBetween(random, 1, 4) }, (_, k) => `img/ibank/2024/${productID % 1000}/${productID}_${k}.jpg`),
      skus,
      priceRanges: tiersFrom(random, baseFen, minOrderQuantity),
      quoteType,
      unit: category.unit,
      minOrderQuantity,
      batchNumber: 1,
      amountOnSale: intBetween(random, 100, 20_000),
      unitWeight: Math.round((category.weight[0] + random() * (category.weight[1] - category.weight[0])) * 1000) / 1000,
      supplierLoginId: `supplier${String(supplier + 1).padStart(2, '0')}`,
      supplierUserId: 2_200_000_000 + supplier,
      createTime,
      modifyTime: createTime + intBetween(random, 0, 20) * 86_400_000,
      pricesAsStrings: random() < 0.3,
      permitted: true,
    });
  }
  return offers;
}

/** The documented sample offers: the productInfo sample and the offer of the fastCreateOrder request sample. */
export function documentedOffers(): SimOffer[] {
  return [
    {
      productID: 584051070147,
      subject: '高端气质OL韩版雪纺女装套头半高领长袖修身型蕾丝衫',
      categoryID: 1048182,
      categoryName: '连衣裙',
      status: 'published',
      attributes: [{ attributeID: 123456, attributeName: 'color', value: 'grey' }],
      images: ['img/ibank/2014/766/624/1652426667_642119312.jpg', 'img/ibank/2014/656/624/1652426656_642119312.jpg', 'img/ibank/2014/236/624/1652426632_642119312.jpg'],
      skus: [{ skuId: 3746778972330, specId: 'fb82997a5b64af3c729cea89bef44409', cargoNumber: 'cy小黄人', amountOnSale: 1200, priceFen: 4000, consignPriceFen: 20, attributes: [{ attributeID: 3216, attributeValue: '黑色', skuImageUrl: 'img/ibank/2018/221/909/9143909122_1606139362.jpg' }] }],
      priceRanges: [{ startQuantity: 1, priceFen: 4000 }],
      quoteType: 1,
      unit: '件',
      minOrderQuantity: 1,
      batchNumber: 1,
      amountOnSale: 24000,
      unitWeight: 121,
      supplierLoginId: 'alitestforisv01',
      supplierUserId: 1234,
      createTime: Date.UTC(2018, 11, 13, 12, 16, 38),
      modifyTime: Date.UTC(2018, 11, 19, 9, 55, 5),
      pricesAsStrings: false,
      permitted: true,
    },
    {
      productID: 554456348334,
      subject: '网商路同款纯棉短袖T恤男女款',
      categoryID: 127424004,
      categoryName: 'T恤',
      status: 'published',
      attributes: [],
      images: ['img/ibank/2017/554/456/554456348334_0.jpg'],
      skus: [
        { skuId: 3578190261391, specId: 'b266e0726506185beaf205cbae88530d', cargoNumber: 'T-01', amountOnSale: 500, priceFen: 1550, attributes: [{ attributeID: 3216, attributeDisplayName: '颜色', attributeValue: '白色' }] },
        { skuId: 3578190261392, specId: '2ba3d63866a71fbae83909d9b4814f01', cargoNumber: 'T-02', amountOnSale: 300, priceFen: 1650, attributes: [{ attributeID: 3216, attributeDisplayName: '颜色', attributeValue: '黑色' }] },
      ],
      priceRanges: [{ startQuantity: 1, priceFen: 1550 }],
      quoteType: 1,
      unit: '件',
      minOrderQuantity: 2,
      batchNumber: 1,
      amountOnSale: 800,
      unitWeight: 0.2,
      supplierLoginId: 'alitestforisv04',
      supplierUserId: 1624747073,
      createTime: Date.UTC(2017, 5, 1),
      modifyTime: Date.UTC(2018, 0, 2),
      pricesAsStrings: true,
      permitted: true,
    },
  ];
}
