//! The demo catalogues: regions, branches in real cities, products, competitors, and the
//! pieces Chinese person and company names are built from.

/// A sales region: code, name.
pub const REGIONS: &[(&str, &str)] = &[
    ("EAST", "华东大区"),
    ("SOUTH", "华南大区"),
    ("NORTH", "华北大区"),
    ("SOUTHWEST", "西南大区"),
    ("CENTRAL", "华中大区"),
];

/// A branch: code, city, region code, relative strength (1.0 = on plan).
///
/// Tianjin is the weak branch: its targets are set as if it were on plan, its sales are not.
pub const BRANCHES: &[(&str, &str, &str, f64)] = &[
    ("SH", "上海", "EAST", 1.45),
    ("HZ", "杭州", "EAST", 1.05),
    ("NJ", "南京", "EAST", 0.95),
    ("GZ", "广州", "SOUTH", 1.25),
    ("SZ", "深圳", "SOUTH", 1.35),
    ("BJ", "北京", "NORTH", 1.40),
    ("TJ", "天津", "NORTH", 0.62),
    ("CD", "成都", "SOUTHWEST", 0.95),
    ("CQ", "重庆", "SOUTHWEST", 0.85),
    ("WH", "武汉", "CENTRAL", 0.90),
];

/// The code of the branch that misses its targets.
pub const WEAK_BRANCH: &str = "TJ";

/// Street names used for branch addresses.
pub const STREETS: &[&str] = &["人民路", "中山路", "解放路", "建设大道", "世纪大道", "科技园路"];

/// Career levels: code, name.
pub const CAREER_LEVELS: &[(&str, &str)] = &[
    ("S1", "销售代表"),
    ("S2", "高级销售代表"),
    ("M1", "销售主管"),
    ("M2", "销售经理"),
    ("M3", "大区总监"),
];

/// Team names inside every branch.
pub const TEAMS: &[&str] = &["大客户组", "渠道与中小客户组"];

/// A product of the catalogue: name, unit, list price in yuan.
pub type Product = (&'static str, &'static str, i64);

/// Product categories: code, name, products.
pub const CATEGORIES: &[(&str, &str, &[Product])] = &[
    (
        "OFFICE",
        "办公设备",
        &[
            ("商用激光打印机 P500", "台", 3_280),
            ("彩色多功能一体机 C800", "台", 12_800),
            ("高速扫描仪 S300", "台", 4_650),
            ("会议平板 65 英寸", "台", 18_900),
            ("碎纸机 D20", "台", 1_280),
            ("投影仪 X4000", "台", 6_990),
        ],
    ),
    (
        "NETWORK",
        "网络设备",
        &[
            ("千兆交换机 24 口", "台", 2_180),
            ("万兆核心交换机", "台", 36_500),
            ("企业级无线 AP", "台", 1_560),
            ("下一代防火墙 F1000", "台", 28_800),
            ("SD-WAN 网关", "台", 9_800),
            ("光模块 10G", "个", 420),
        ],
    ),
    (
        "SERVER",
        "服务器与存储",
        &[
            ("机架式服务器 R740", "台", 46_800),
            ("塔式服务器 T150", "台", 15_600),
            ("全闪存储阵列 A200", "套", 168_000),
            ("NAS 存储 8 盘位", "台", 12_400),
            ("备份一体机 B100", "台", 58_000),
            ("服务器内存 64GB", "条", 2_350),
        ],
    ),
    (
        "SECURITY",
        "安防监控",
        &[
            ("高清网络摄像机", "台", 860),
            ("网络硬盘录像机 32 路", "台", 5_400),
            ("门禁一体机", "台", 2_680),
            ("智能分析服务器", "台", 42_000),
            ("可视对讲主机", "台", 1_980),
            ("周界报警系统", "套", 16_800),
        ],
    ),
    (
        "SOFTWARE",
        "软件与服务",
        &[
            ("协同办公套件(年)", "套", 36_000),
            ("CRM 专业版(年)", "套", 48_000),
            ("数据备份软件授权", "套", 9_600),
            ("终端安全管理授权", "套", 120),
            ("驻场运维服务(月)", "月", 15_000),
            ("实施与培训服务", "人天", 2_400),
        ],
    ),
    (
        "SUPPLIES",
        "耗材配件",
        &[
            ("原装硒鼓 P500", "个", 580),
            ("A4 复印纸(箱)", "箱", 168),
            ("超五类网线(箱)", "箱", 420),
            ("UPS 电源 3kVA", "台", 4_300),
            ("机柜 42U", "台", 3_600),
            ("移动硬盘 4TB", "个", 760),
        ],
    ),
];

/// Competitors: name, headquarters, strengths, weaknesses, threat level.
pub const COMPETITORS: &[(&str, &str, &str, &str, &str)] = &[
    ("华锐科技", "深圳", "价格低,渠道下沉快,交付周期短", "售后响应慢,高端产品线薄弱", "HIGH"),
    ("东方智联", "北京", "政府与国企关系深,方案能力强", "报价高,中小客户覆盖不足", "HIGH"),
    ("鼎新信息", "杭州", "软件产品成熟,云服务一体化", "硬件依赖代工,质量波动", "MEDIUM"),
    ("海川电子", "广州", "安防产品线全,性价比高", "品牌认知度一般,网络产品弱", "MEDIUM"),
    ("博远数码", "成都", "西南区域服务网点密集", "产品线窄,跨区域能力弱", "LOW"),
];

/// Common surnames.
pub const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];

/// Characters of given names.
pub const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "晨", "浩", "宇", "欣", "佳", "子涵", "思远", "雨桐",
];

/// First parts of company names.
pub const COMPANY_HEADS: &[&str] = &[
    "华信", "恒通", "瑞丰", "中科", "鑫达", "金盛", "远航", "嘉禾", "宏图", "天成", "永泰", "新锐",
    "博雅", "同创", "安达", "汇丰", "盛世", "凯旋", "正大", "明德",
];

/// Industries with the ending of a company name.
pub const INDUSTRIES: &[(&str, &str)] = &[
    ("制造业", "精密制造有限公司"),
    ("零售", "商贸有限公司"),
    ("金融", "投资管理有限公司"),
    ("教育", "教育科技有限公司"),
    ("医疗", "医疗器械有限公司"),
    ("物流", "物流有限公司"),
    ("政府", "管理服务中心"),
    ("互联网", "网络科技有限公司"),
];

/// A deterministic Chinese person name for a number.
pub fn person(n: usize) -> String {
    let surname = SURNAMES[n % SURNAMES.len()];
    let given = GIVEN[(n / SURNAMES.len() + n * 7) % GIVEN.len()];
    format!("{surname}{given}")
}
