namespace ReshipDashboard.Data.Seeding;

/// <summary>Real province / city / district triples for demo addresses.</summary>
internal static class ChineseRegions
{
    public static readonly (string Province, string City, string District)[] All =
    [
        ("广东省", "深圳市", "南山区"), ("广东省", "广州市", "天河区"), ("广东省", "东莞市", "南城街道"),
        ("浙江省", "杭州市", "西湖区"), ("浙江省", "宁波市", "鄞州区"), ("浙江省", "义乌市", "稠城街道"),
        ("江苏省", "南京市", "鼓楼区"), ("江苏省", "苏州市", "工业园区"), ("上海市", "上海市", "浦东新区"),
        ("上海市", "上海市", "徐汇区"), ("北京市", "北京市", "朝阳区"), ("北京市", "北京市", "海淀区"),
        ("四川省", "成都市", "武侯区"), ("湖北省", "武汉市", "洪山区"), ("湖南省", "长沙市", "岳麓区"),
        ("山东省", "青岛市", "市南区"), ("山东省", "济南市", "历下区"), ("河南省", "郑州市", "金水区"),
        ("福建省", "厦门市", "思明区"), ("陕西省", "西安市", "雁塔区"), ("重庆市", "重庆市", "渝中区"),
        ("天津市", "天津市", "南开区"), ("辽宁省", "沈阳市", "和平区"), ("安徽省", "合肥市", "蜀山区"),
    ];

    public static readonly string[] Streets =
    [
        "科技园路", "中山路", "人民路", "解放大道", "建设路", "文化路", "长江路", "和平街", "幸福里", "花园路", "学府路", "滨江大道",
    ];

    public static readonly (string Sku, string Name, long Price)[] Products =
    [
        ("PDD-TOWEL-01", "纯棉加厚毛巾 3条装", 1990), ("PDD-CUP-350", "不锈钢保温杯 350ml", 3900),
        ("PDD-SOCK-10", "男士中筒袜 10双", 2590), ("PDD-NUT-500", "每日坚果 500g", 4990),
        ("PDD-TISSUE-24", "原木抽纸 24包整箱", 3290), ("PDD-PHONE-CASE", "透明防摔手机壳", 990),
        ("PDD-CABLE-2M", "快充数据线 2米", 1590), ("PDD-RICE-5KG", "东北大米 5kg", 3980),
        ("PDD-TEA-250", "明前龙井 250g", 8800), ("PDD-SLIPPER", "EVA 防滑拖鞋", 1290),
        ("PDD-BOWL-6", "陶瓷碗 6只装", 2890), ("PDD-LAMP-LED", "LED 护眼台灯", 6900),
        ("PDD-TSHIRT", "纯棉短袖T恤", 2900), ("PDD-SNACK-BOX", "零食大礼包", 5990),
        ("PDD-HONEY-500", "土蜂蜜 500g", 3590), ("PDD-MASK-50", "一次性口罩 50只", 1490),
        ("PDD-PILLOW", "记忆棉枕头", 4590), ("PDD-UMBRELLA", "晴雨两用折叠伞", 2290),
        ("PDD-EARPHONE", "蓝牙无线耳机", 8900), ("PDD-BAG-30L", "双肩背包 30L", 5900),
    ];
}
