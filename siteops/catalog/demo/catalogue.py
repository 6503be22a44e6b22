"""The demo shop's catalogue as data: categories, brands and a few hundred products that read like
a real Chinese shop's (brands, model names, specifications, prices, market prices, stock).

``demo_products()`` is a pure function of its seed: the same seed gives the same list, so the
loader can skip what exists and a second load changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

SEED = 20261212

TREE = {
    ("手机数码", "Phones & digital", "digital"): [
        ("手机", "Phones", "phones"), ("平板电脑", "Tablets", "tablets"),
        ("耳机音响", "Audio", "audio"), ("智能手表", "Smart watches", "watches"),
    ],
    ("家用电器", "Home appliances", "appliances"): [
        ("厨房电器", "Kitchen", "kitchen"), ("生活电器", "Household", "household"),
        ("个护健康", "Personal care", "personal-care"),
    ],
    ("服装鞋帽", "Clothing & shoes", "apparel"): [
        ("男装", "Men", "menswear"), ("女装", "Women", "womenswear"), ("运动鞋", "Sneakers", "sneakers"),
    ],
    ("食品生鲜", "Food & fresh", "food"): [
        ("休闲零食", "Snacks", "snacks"), ("茶叶冲饮", "Tea & drinks", "tea"),
        ("生鲜水果", "Fresh fruit", "fruit"),
    ],
}  # fmt: skip

BRANDS = [
    ("华为", "Huawei", "huawei"), ("小米", "Xiaomi", "xiaomi"), ("荣耀", "Honor", "honor"),
    ("一加", "OnePlus", "oneplus"), ("漫步者", "Edifier", "edifier"), ("美的", "Midea", "midea"),
    ("格力", "Gree", "gree"), ("海尔", "Haier", "haier"), ("九阳", "Joyoung", "joyoung"),
    ("苏泊尔", "Supor", "supor"), ("飞科", "Flyco", "flyco"), ("舒客", "Saky", "saky"),
    ("李宁", "Li-Ning", "li-ning"), ("安踏", "Anta", "anta"), ("特步", "Xtep", "xtep"),
    ("波司登", "Bosideng", "bosideng"), ("太平鸟", "Peacebird", "peacebird"),
    ("江南布衣", "JNBY", "jnby"), ("三只松鼠", "Three Squirrels", "three-squirrels"),
    ("良品铺子", "Bestore", "bestore"), ("百草味", "Be&Cheery", "be-cheery"),
    ("农夫山泉", "Nongfu Spring", "nongfu"), ("八马茶业", "Bama Tea", "bama-tea"),
    ("褚橙", "Chu Orange", "chu-orange"), ("佳沛", "Zespri", "zespri"), ("百果园", "Pagoda", "pagoda"),
]  # fmt: skip

# Per leaf category: the picture (style, silhouette), the kind of product in Chinese and English,
# the models (brand slug, model in Chinese, model in English — empty: no English title — and the
# base price in yuan), the editions a model comes in (Chinese, English, price factor), and the
# specification axes (颜色 first when the product comes in colours).
LINES = {
    "phones": ("digital", "phone", "5G手机", "5G smartphone", [
        ("huawei", "畅享 70X", "Enjoy 70X", 1799), ("huawei", "麦芒 30", "Maimang 30", 1499),
        ("xiaomi", "15", "15", 4499), ("xiaomi", "红米 K80", "Redmi K80", 2499),
        ("honor", "X60", "X60", 1399), ("honor", "数字系列 300", "300", 2699),
        ("oneplus", "13", "13", 4499), ("oneplus", "王牌 3", "Ace 3", 2599),
    ], [("", "", 1), ("长续航版", "long battery", Decimal("1.12")), ("典藏版", "collector's edition", Decimal("1.25")), ("官方标配", "standard kit", Decimal("0.95"))],
        {"颜色": ["曜石黑", "冰川白", "天青蓝", "樱花粉", "钛金灰"],
         "内存": ["8GB+256GB", "12GB+256GB", "12GB+512GB", "16GB+1TB"]}),
    "tablets": ("digital", "tablet", "平板电脑", "tablet", [
        ("huawei", "擎云 11", "MatePad 11", 2299), ("xiaomi", "平板 7", "Pad 7", 1999),
        ("honor", "平板 9", "Pad 9", 1499), ("huawei", "学习平板 10", "Study Pad 10", 1299),
        ("xiaomi", "平板 7 专业版", "Pad 7 Pro", 2499),
    ], [("", "", 1), ("柔光版", "PaperMatte", Decimal("1.15")), ("键盘套装", "with keyboard", Decimal("1.3")), ("教育优惠", "education", Decimal("0.9"))],
        {"颜色": ["深空灰", "银色", "星光蓝"], "版本": ["8GB+128GB", "8GB+256GB", "12GB+256GB"]}),
    "audio": ("digital", "headphones", "降噪耳机", "noise-cancelling headphones", [
        ("huawei", "自由耳机 5", "FreeBuds 5", 999), ("xiaomi", "头戴耳机", "Headphones", 599),
        ("edifier", "花再 W820", "W820NB", 299), ("edifier", "声迈 X3", "X3", 129),
        ("honor", "亲选耳机 X5", "Earbuds X5", 199), ("oneplus", "降噪耳机 3", "Buds 3", 449),
    ], [("", "", 1), ("礼盒装", "gift box", Decimal("1.1")), ("标准版", "standard", Decimal("0.95")), ("新春限定", "Spring Festival edition", Decimal("1.15"))],
        {"颜色": ["曜石黑", "陶瓷白", "晨雾蓝"]}),
    "watches": ("digital", "watch", "智能手表", "smart watch", [
        ("huawei", "手表 GT5", "Watch GT 5", 1488), ("huawei", "儿童手表 5X", "Kids Watch 5X", 998),
        ("xiaomi", "手表 S4", "Watch S4", 999), ("xiaomi", "手环 9", "Smart Band 9", 249),
        ("honor", "手表 5", "Watch 5", 899),
    ], [("", "", 1), ("运动版", "sport", Decimal("1.08")), ("商务版", "business", Decimal("1.2")), ("时尚版", "fashion", Decimal("1.1"))],
        {"颜色": ["幻夜黑", "星云灰", "冰川白"], "表盘": ["42mm", "46mm"]}),
    "kitchen": ("appliances", "pot", "厨房电器", "kitchen appliance", [
        ("midea", "智能电饭煲 MB-4", "Smart rice cooker MB-4", 299),
        ("supor", "球釜电饭煲 远红外", "Rice cooker with spherical pot", 459),
        ("joyoung", "破壁机 Y1", "High-speed blender Y1", 699),
        ("midea", "空气炸锅 可视款", "Air fryer with window", 329),
        ("supor", "电热水壶 1.7升", "Electric kettle 1.7 L", 129),
        ("joyoung", "豆浆机 免滤", "Soy milk maker", 399), ("haier", "电压力锅 5升", "Pressure cooker 5 L", 459),
    ], [("", "", 1), ("家庭装", "family size", Decimal("1.2")), ("升级款", "upgraded", Decimal("1.15")), ("小巧款", "compact", Decimal("0.85"))],
        {"颜色": ["奶油白", "深空灰", "白色"], "容量": ["3L", "4L", "5L"]}),
    "household": ("appliances", "fan", "生活电器", "home appliance", [
        ("midea", "落地扇 直流变频", "DC floor fan", 299), ("gree", "空气循环扇", "Air circulator", 399),
        ("haier", "加湿器 无雾", "Evaporative humidifier", 459), ("xiaomi", "无线吸尘器 G11", "Cordless vacuum G11", 1599),
        ("gree", "暖风机 浴室用", "Bathroom heater", 259), ("midea", "电暖器 踢脚线", "Skirting heater", 499),
    ], [("", "", 1), ("遥控款", "with remote", Decimal("1.1")), ("智能联网款", "smart", Decimal("1.25")), ("基础款", "basic", Decimal("0.85"))],
        {"颜色": ["白色", "米色", "灰色"]}),
    "personal-care": ("appliances", "dryer", "个护电器", "personal care", [
        ("flyco", "高速吹风机", "High-speed hair dryer", 299), ("xiaomi", "负离子吹风机", "Ionic hair dryer", 199),
        ("saky", "声波电动牙刷", "Sonic toothbrush", 159), ("flyco", "剃须刀 三刀头", "Triple-head shaver", 249),
        ("midea", "卷发棒", "Hair curler", 129),
    ], [("", "", 1), ("礼盒装", "gift box", Decimal("1.15")), ("旅行款", "travel", Decimal("0.9")), ("专业款", "professional", Decimal("1.3"))],
        {"颜色": ["珍珠白", "樱花粉", "曜石黑"]}),
    "menswear": ("apparel", "shirt", "男装", "men's", [
        ("bosideng", "轻薄羽绒服", "Light down jacket", 799), ("bosideng", "连帽鹅绒服", "Hooded goose-down coat", 1599),
        ("peacebird", "纯棉衬衫", "Cotton shirt", 299), ("peacebird", "休闲夹克", "Casual jacket", 599),
        ("li-ning", "运动卫衣", "Sports hoodie", 299), ("anta", "针织长裤", "Knit trousers", 199),
        ("jnby", "羊毛混纺毛衣", "Wool-blend sweater", 699),
    ], [("", "", 1), ("加厚款", "thick", Decimal("1.15")), ("冬季新款", "winter", Decimal("1.1")), ("经典款", "classic", Decimal("0.95"))],
        {"颜色": ["黑色", "藏青", "卡其", "燕麦色"], "尺码": ["M", "L", "XL", "XXL"]}),
    "womenswear": ("apparel", "dress", "女装", "women's", [
        ("jnby", "针织连衣裙", "Knit dress", 899), ("peacebird", "法式碎花裙", "French floral dress", 459),
        ("bosideng", "长款羽绒服", "Long down coat", 1399), ("jnby", "羊毛大衣", "Wool coat", 1899),
        ("peacebird", "高腰半身裙", "High-waist skirt", 359), ("anta", "瑜伽连衣裙", "Yoga dress", 269),
    ], [("", "", 1), ("新色", "new colour", Decimal("1.05")), ("冬季新款", "winter", Decimal("1.1")), ("通勤款", "office", Decimal("0.95"))],
        {"颜色": ["米白", "酒红", "黑色", "雾霾蓝"], "尺码": ["S", "M", "L"]}),
    "sneakers": ("apparel", "sneaker", "运动鞋", "sneakers", [
        ("li-ning", "赤兔 7 跑步鞋", "Chitu 7 running shoes", 499), ("li-ning", "韦德之道 篮球鞋", "Way of Wade basketball shoes", 1299),
        ("anta", "马赫 4 跑步鞋", "Mach 4 running shoes", 599), ("anta", "板鞋 复古款", "Retro skate shoes", 259),
        ("xtep", "竞速 160X", "160X racing shoes", 899), ("xtep", "动力巢 缓震跑鞋", "Cushioned running shoes", 329),
    ], [("男款", "men's", 1), ("女款", "women's", 1), ("童款", "kids'", Decimal("0.6")), ("情侣款", "couple", Decimal("1.05"))],
        {"颜色": ["白色", "黑红", "荧光绿"], "尺码": ["38", "39", "40", "41", "42", "43", "44"]}),
    "snacks": ("food", "pouch", "休闲零食", "snacks", [
        ("three-squirrels", "每日坚果 30袋", "Daily nuts, 30 bags", 129), ("three-squirrels", "夏威夷果 奶油味", "Macadamia nuts, cream", 39),
        ("bestore", "猪肉脯 原味", "Pork jerky, original", 29), ("bestore", "芒果干", "Dried mango", 25),
        ("be-cheery", "牛肉干 五香味", "Beef jerky, five-spice", 49), ("be-cheery", "年货坚果礼盒", "New Year nut gift box", 168),
    ], [("", "", 1), ("量贩装", "value pack", Decimal("1.8")), ("年货礼盒", "New Year gift box", Decimal("2.2")), ("尝鲜装", "trial pack", Decimal("0.5"))],
        {"规格": ["250g", "500g", "1kg"]}),
    "tea": ("food", "tin", "茶叶冲饮", "tea", [
        ("bama-tea", "西湖龙井 明前特级", "West Lake Longjing, pre-Qingming", 398),
        ("bama-tea", "安溪铁观音 浓香型", "Anxi Tieguanyin", 198), ("bama-tea", "云南普洱 熟茶饼", "Yunnan pu'er cake", 268),
        ("bama-tea", "武夷山 大红袍", "Wuyi Da Hong Pao", 238), ("bama-tea", "正山小种 红茶", "Lapsang souchong", 168),
        ("bama-tea", "福鼎白茶 寿眉", "Fuding white tea", 158),
    ], [("", "", 1), ("礼盒装", "gift box", Decimal("1.4")), ("罐装", "tin", Decimal("1.1")), ("袋装", "bag", Decimal("0.8"))],
        {"规格": ["100g", "250g", "500g"]}),
    "fruit": ("food", "fruit", "生鲜水果", "fresh fruit", [
        ("chu-orange", "褚橙 云南冰糖橙", "Chu oranges", 89), ("zespri", "佳沛 阳光金果 奇异果", "SunGold kiwifruit", 129),
        ("nongfu", "17.5° 赣南脐橙", "Gannan navel oranges", 69), ("pagoda", "阿克苏 冰糖心苹果", "Aksu apples", 59),
        ("zespri", "绿奇异果 经典款", "Green kiwifruit", 79), ("pagoda", "海南 贵妃芒", "Hainan mangoes", 49),
    ], [("", "", 1), ("大果", "large", Decimal("1.3")), ("礼盒装", "gift box", Decimal("1.5")), ("家庭装", "family pack", Decimal("1.2"))],
        {"规格": ["2.5kg", "5kg"]}),
}  # fmt: skip

# A model whose name says it is something else than its line's usual picture.
ICON_WORDS = {"裤": "trousers", "羽绒": "coat", "鹅绒": "coat", "大衣": "coat", "夹克": "coat",
              "卫衣": "coat", "毛衣": "coat", "牙刷": "toothbrush"}  # fmt: skip
# The fruit's colour on its picture (fruit has no colour variants).
FRUIT_COLOURS = {"橙": "橙色", "奇异果": "薄荷绿", "苹果": "#d8473c", "芒": "柠檬黄"}
ORIGINS = {
    "digital": ["广东深圳", "广东东莞", "北京"], "appliances": ["广东佛山", "浙江宁波", "山东青岛"],
    "apparel": ["江苏常熟", "福建晋江", "浙江杭州"], "food": ["安徽芜湖", "云南玉溪", "浙江杭州", "江西赣州"],
}  # fmt: skip
POINTS = {
    "digital": ["旗舰影像", "超长续航", "快速充电", "护眼屏幕"],
    "appliances": ["一级能效", "智能预约", "整机三年质保", "送装一体"],
    "apparel": ["亲肤面料", "宽松版型", "七天无理由退换", "当季新款"],
    "food": ["产地直发", "新鲜日期", "无添加蔗糖", "坏果包赔"],
}  # fmt: skip


@dataclass
class DemoProduct:
    code: str
    leaf: str
    style: str
    icon: str
    brand: str  # slug
    title: str
    title_en: str
    subtitle: str
    kind: str  # short name on the picture
    axes: dict[str, list[str]]
    skus: list[dict] = field(default_factory=list)
    draft: bool = False
    sold_out: bool = False
    on_sale: bool = False
    new: bool = False
    days_on_sale: int = 0  # published this many days ago
    sales: int = 0
    origin: str = ""
    points: list[str] = field(default_factory=list)

    def picture_colours(self) -> list[str]:
        """The colours pictured: each colour variant (at most three), or the product's one."""
        if "颜色" in self.axes:
            return self.axes["颜色"][:3]
        for word, colour in FRUIT_COLOURS.items():
            if word in self.title:
                return [colour]
        return {"pouch": ["琥珀棕"], "tin": ["雅川青"]}.get(self.icon, ["钛金灰"])


def _yuan(value) -> Decimal:
    """A shop price: whole yuan ending in 9 (or .9 under ¥100)."""
    value = Decimal(value)
    if value < 100:
        return (value.quantize(Decimal("1")) - Decimal("0.1")).max(Decimal("9.9"))
    return Decimal(int(value) // 10 * 10 + 9)


def demo_products(seed: int = SEED) -> list[DemoProduct]:
    rnd = random.Random(seed)
    brand_names = {slug: (zh, en) for zh, en, slug in BRANDS}
    out: list[DemoProduct] = []
    n = 0
    for leaf, (style, icon, kind_zh, kind_en, models, editions, axes) in LINES.items():
        for brand, model_zh, model_en, base in models:
            for edition_zh, edition_en, factor in editions:
                n += 1
                zh, en = brand_names[brand]
                # Other models' names say what they are (电饭煲, 羽绒服 …); a phone's does not.
                kind = kind_zh if icon in {"phone", "tablet"} else ""
                title = " ".join(x for x in (zh, model_zh, kind, edition_zh) if x)
                english = bool(model_en) and rnd.random() < 0.7
                title_en = ""
                if english:
                    title_en = " ".join(x for x in (en, model_en, kind_en if kind else "", f"({edition_en})" if edition_en else "") if x)  # fmt: skip
                picked = {}
                for axis, values in axes.items():
                    k = rnd.randint(1, min(len(values), 3 if axis == "颜色" else 4))
                    start = rnd.randint(0, len(values) - k)
                    picked[axis] = values[start : start + k]
                combos = [{}]
                for axis, values in picked.items():
                    combos = [{**c, axis: v} for c in combos for v in values]
                combos = combos[:8]
                price = _yuan(
                    Decimal(base) * Decimal(factor) * Decimal(rnd.choice([0.9, 1, 1, 1.05]))
                )
                sold_out = rnd.random() < 0.07
                on_sale = not sold_out and rnd.random() < 0.3
                new = rnd.random() < 0.15
                draft = rnd.random() < 0.05
                icon_here = next((v for k, v in ICON_WORDS.items() if k in model_zh), icon)
                p = DemoProduct(
                    code=f"SP{260000 + n}", leaf=leaf, style=style, brand=brand,
                    title=title, title_en=title_en, subtitle="", kind=model_zh,
                    icon=icon_here, axes=picked,
                    draft=draft, sold_out=sold_out, on_sale=on_sale, new=new,
                    days_on_sale=rnd.randint(1, 6) if new else rnd.randint(20, 360),
                    sales=0 if new else int(rnd.paretovariate(1.2) * 40) % 20000,
                    origin=rnd.choice(ORIGINS[style]), points=rnd.sample(POINTS[style], 3),
                )  # fmt: skip
                p.subtitle = (
                    "限时直降" if on_sale else "新品上市" if new else rnd.choice(POINTS[style])
                )
                for i, spec in enumerate(combos):
                    step = 0
                    for axis, values in picked.items():  # a bigger memory, size or pack costs more
                        if axis in {"内存", "版本", "容量", "规格"}:
                            step = values.index(spec[axis])
                    sku_price = _yuan(price * (1 + Decimal(step) * Decimal("0.25")))
                    market = sku_price
                    if on_sale:
                        market = _yuan(sku_price * Decimal(rnd.choice(["1.15", "1.25", "1.4"])))
                    stock = 0 if sold_out else rnd.choice([0, 8, 25, 60, 120, 300]) if i else rnd.randint(20, 400)  # fmt: skip
                    p.skus.append({
                        "code": f"{p.code}-{i + 1:02d}", "barcode": f"69{rnd.randint(10**10, 10**11 - 1)}",
                        "spec": spec, "price": sku_price, "market_price": market,
                        "cost": (sku_price * Decimal("0.62")).quantize(Decimal("0.01")),
                        "weight": Decimal(rnd.randint(100, 5000)) / 1000, "stock_on_hand": stock,
                    })  # fmt: skip
                out.append(p)
    return out
