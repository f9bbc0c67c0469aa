# dept|also|tags|text   (tags: english, referrer, typo, own_dept, ambiguous; 'jargon' is added by build.py from TERMS)
T = """
medaff||| 检验科报了一个危急值，钾6.8，值班医生半小时没回电话，这种情况要找谁
medaff||| 想给这个病人申请MDT，肝癌合并门脉癌栓，外科介入肿瘤都要来
medaff||| 非计划再次手术的病例要在几天内报医务处？
medaff||typo| 主刀医生的手术全线还没批下来，下周的腹腔镜手术能不能先上
medaff|||  病人家属拉横幅说我们耽误治疗，要求赔五十万，已经走医调委了
medaff||referrer| 质控办让我来问你们：我们科想开展达芬奇机器人手术，医疗技术临床应用备案要什么
medaff||english| Our department wants to invite an external expert for a joint consultation on a rare case. What's the process?
medaff||| 医师电子化注册系统里我的执业范围只有内科，要加急诊医学专业
medaff||own_dept| 我们护理部这边发现有医生口头医嘱不补开，核心制度落实的问题想请医务处出面
medaff|quality|ambiguous| 三级查房记录不全，被点名了，是谁来督导整改
medaff||| 春节期间的二线值班表要报给谁审
medaff||typo| 今晚总只班电话打不通，急诊有三个重伤病人同时来
nursing||| 护理敏感指标上个季度的数据我们病区的跌倒坠床率怎么这么高
nursing||| 能不能从护理人力池里调一个人给我们，这周两个休病假
nursing|quality|ambiguous| 病人非计划拔管了，护理不良事件怎么报
nursing||| 弹性排班方案我们科做了一个，要护理部审批吗
nursing||english| Is there a refresher course on CPR for the nurses on our ward this quarter?
nursing||typo| 护死长说分级互理的标识要全院统一，是真的吗
nursing||referrer| 人事处让我问护理部：新入职护士的规范化培训考核谁来组织
nursing||| 责任制整体护理的分组我们能自己定吗
nursing||| 护工公司派来的人不会给病人鼻饲，能换人吗
nursing||| PICC维护门诊每周几开
nursing||| N0护士能不能单独上夜班
nursing||| 全院护士长竞聘什么时候开始报名
it||| HIS一到中午就卡，开医嘱要转好几分钟
it||| PACS上调不出上周的MR片子，放射科说已经传了
it||| LIS和HIS的接口好像断了，检验报告回不来
it||typo| 新西中心吗，我们科的电脑上不了网了，显示IP冲突
it||english| The EMR keeps logging me out every five minutes, can you extend the session timeout?
it||| CA证书过期了，电子病历没法签名
it||| 互联网医院的问诊页面患者打不开，一直转圈
it||own_dept| 我们医保办要从系统里批量导出去年所有异地病人的结算明细，能帮忙跑个数吗
it|clineng|ambiguous| 新买的超声机要接到PACS上，谁来做接口
it||referrer| 设备处让我来找你们：麻醉信息系统的工作站蓝屏了，机器本身没问题
it||| 等保测评要整改的那几项什么时候弄完
it||| 集成平台上的消息队列堵了，好几个科室收不到会诊通知
clineng||| 科室的耗材二级库盘点差了一批吻合器，谁来核对
clineng||| 监护仪的计量证书过期了，检查组说要贴合格标签
clineng||| 呼吸机的预防性维护是不是今年还没做
clineng||english| One of our infusion pumps gave a wrong flow rate alarm and the patient got overdosed. Do we report it as a device incident?
clineng||typo| 输液崩又坏了，按键没反应，今天第三台了
clineng||referrer| 采购中心让我先找你们：我们想配一台术中神经监测仪，配置论证怎么做
clineng||| 高值耗材扫码追溯UDI在手术室怎么用
clineng||| 器械不良事件上报，球囊导管打开包装就是破的
clineng||| 乙类大型设备配置许可证要申请，PET-CT那台
clineng|logistics|ambiguous| 手术室中心供氧压力不稳，氧气终端漏气
clineng||own_dept| 我们院感办发现有科室重复使用一次性活检钳，这个耗材的准入和供应归谁管
clineng||| 血透机水处理系统报警，透析病人都在等
logistics||| 配电房跳闸了，门诊三楼一整层没电
logistics||typo| 病房空掉漏水，滴得满地都是
logistics||english| The elevator in building B is stuck between floors with no one inside, please send maintenance.
logistics||own_dept| 我们财务处办公室的门禁旁边那个大窗户玻璃裂了，麻烦尽快换一下
logistics||referrer| 保卫科说这个不归他们管让我找你们：地下车库的排水沟堵了，一下雨就淹
logistics||| 物业外包公司的保洁员最近老换人，厕所没人打扫
logistics||| 食堂的职工餐能不能加一个清真窗口
logistics|scied|ambiguous| 值班宿舍的床位不够，规培生没地方住
logistics||| 被服中心送来的病号服有破洞
logistics||| 下周三院长接待检查，要借一辆商务车
logistics||| 污水处理站有异味，门诊病人投诉
logistics||| 办公区的饮水机没有桶装水了
finance|scied|ambiguous| 国自然的经费报销要走哪个系统
finance||| 增值税专用发票和普通发票报销有区别吗
finance||english| I paid for the hotel during the training course, but the invoice has the wrong tax number. Can I still claim it?
finance||typo| 保消的时候说发漂要验真，在哪验
finance||referrer| 医保办让我来找财务：病人现金交的住院预交金要退，收费处说要你们审批
finance||own_dept| 我们科教处年底要结转的专项资金，预算执行率太低了，怎么调
finance||| 电子票据开错了能不能红冲
finance||| 往来款挂账好几年了，供应商早不在了怎么处理
finance||| 科室的全成本核算报表里设备折旧怎么这么高
finance||| 财政拨款的项目年底花不完会收回吗
finance|medins|ambiguous| 收费处说医保统筹支付的款对不上，少了两万多
finance||| 差旅费里的伙食补助怎么计算
hr||| 今年的职称评审什么时候申报，论文要求变了吗
hr||english| When is the deadline for submitting documents for the senior title promotion this year?
hr||typo| 五险一金的缴费记录在哪打印，买房要用，职层证明也要
hr||referrer| 科教处让我来问你们人事处：我们科规培结束的医生想留院，招聘怎么报名
hr||own_dept| 我们设备处缺一个工程师，想招个合同制的
hr||own_dept| 我们药学部有两个药师要休产假，能不能申请临时人员顶岗
hr||| 人才引进的博士后进站算不算编制内
hr||| 职业年金什么时候开始缴
hr||| 岗位绩效方案里夜班系数是不是调低了
hr||| 退休返聘的合同要签几年
hr||| 事业单位考试合格后多久能办入职
hr|scied|ambiguous| 出国访学一年，人事关系和工资怎么算
medins||| DRG高倍率病例太多了，医保办能不能帮我们看看入组
medins||| DIP分值怎么算的，我们科好几个病例分值低得离谱
medins||| 医保飞检下周来，重点查哪些问题
medins||english| A patient wants to use the national insurance e-voucher on his phone to pay at discharge. Is that supported?
medins||typo| 一保病人出院的时候显示结算失败，说没有备案
medins||referrer| 财务处让我来问你们：国谈药双通道的患者在院外药店买药，报销怎么结
medins||| 医保结算清单的主诊断和病历不一致，被退回来了
medins||| 医保智能审核提示我们违规，超限定支付范围用药
medins||own_dept| 我们质控办统计发现有科室分解住院，这个医保违规要不要跟你们通报后处理
medins||| 新增的医疗服务价格项目要去物价局审批吗
medins||| 门诊统筹的额度用完了，病人问还能不能报
medins||| 跨省直接结算的病人出院了，备案信息填错了
pharmacy||| 处方点评结果说我们科抗菌药物使用强度超标
pharmacy||| 特殊使用级抗菌药物会诊请临床药师来
pharmacy||english| Could a clinical pharmacist join our ward round on Thursday for a patient with renal failure on vancomycin?
pharmacy||typo| 麻精药品的红出方用完了，去哪里领
pharmacy||referrer| 医保办让我先问药学部：某个国谈药院内没有，能不能临时采购
pharmacy||| 药品不良反应上报，病人用了头孢以后过敏性休克
pharmacy||| PIVAS的配置单打印出来顺序乱了
pharmacy||| 一品两规的限制，我们科想同时用两个厂家的奥美拉唑
pharmacy||| 基药使用比例我们科达不到，怎么办
pharmacy||| 前置审方拦截了好几张处方，说是重复用药
pharmacy||own_dept| 我们护理部查房发现高警示药品和普通药混放，药品管理规范你们能出一份吗
pharmacy||| DDDs是怎么算出来的，我们科不认
infection||| 多重耐药菌的病人要单间隔离吗，我们病房没单间了
infection||| 职业暴露后预防用药，HIV的病人针刺伤
infection||| 手卫生依从性观察我们科被查了，想知道具体不合格的点
infection||english| A nurse got splashed with blood in the eyes while suctioning a hepatitis C patient. What should she do first?
infection||typo| 院敢办能不能来我们科看一下，好几个病人术后切口感然了
infection||referrer| 总务处让我来问院感办：医疗废物暂存间的消毒记录谁来检查
infection|logistics|ambiguous| 医废桶满了一天没人来收，都溢出来了
infection||| CRE筛查阳性，这个病人转科要注意什么
infection||| 疑似传染病要直报，系统里找不到填报的入口
infection||own_dept| 我们总务处的保洁员被病区的锐器扎了，要怎么处理
infection||| 标准预防的培训资料能发我们一份吗
infection||| 重症监护室的呼吸机相关肺炎发病率为什么突然上去了
quality||| 病案首页的主要手术编码填错了，能不能改
quality||| 单病种质控的数据上报要谁来做
quality||| 三级公立医院绩效考核的指标我们科拖后腿了，数据口径是什么
quality||| 国考的低风险组死亡率是怎么算出来的
quality||english| A lawyer is asking for certified copies of a discharged patient's chart. Where do we send the request?
quality||typo| 病按室复印病例要带什么证件
quality||referrer| 医务处让我来找质控：我们科的甲级病案率怎么算的
quality||| 不良事件上报系统里我报了一例用药错误，后面的根因分析谁组织
quality||own_dept| 我们医保办要借一份出院病人的病历核对收费，怎么借
quality||| ICD编码员说我们的诊断写法编不了码
quality||| 归档率每个月的排名在哪看
quality|medaff|ambiguous| 临床路径入径率和完成率的统计谁来出
scied||| 规培生的轮转出科考核成绩在哪录
scied||| 伦理审查的会议下次什么时候开
scied||| 国自然申报书的校内形式审查截止是哪天
scied||english| I'm a resident trainee and want to defer my final exam to next year. Who approves that?
scied||typo| 归培学员的补助什么时候发
scied||referrer| 人事处让我来问你们：继续教育学分不够，能不能补
scied||own_dept| 我们信息中心想申请一个院级科研课题，做AI辅助诊断
scied||| GCP证书过期了还能当研究者吗
scied||| 横向课题的合同要院里盖章
scied||| SCI论文的奖励什么时候兑现
scied||| 科研诚信承诺书要交纸质的吗
scied||| 研究生导师遴选的条件
procure|clineng|ambiguous| 集采的中标结果出来了吗，我们科用的支架要换品牌
procure||| 比选文件挂网了吗，保洁外包那个项目
procure||english| We're a supplier. Our tender deposit hasn't been refunded two months after the award.
procure||typo| 彩购中心吗，招镖文件里的技术参数写错了
procure||referrer| 设备处让我来问你们：论证通过的那台腔镜系统什么时候开标
procure||own_dept| 我们总务处的物业外包合同明年到期，要提前多久启动采购
procure||| 竞争性磋商和询价的区别，我们这个项目该走哪个
procure||| 政府采购的框架协议内的供应商能直接下单吗
procure||| 供应商投诉说评标不公平，要质疑
procure||| 阳光平台上这个试剂挂网价格变了，合同要重签吗
procure||| 小额零星采购超过五万要招标吗
procure||| 采购合同签完了，供应商问履约保证金怎么交
medaff||english| A patient's family is threatening to sue the hospital over a delayed diagnosis. Who should I report this to?
nursing||| 优质护理服务满意度调查，病区护士怎么配合
it||english| Can I get VPN access to the hospital network from home? I need to write notes remotely.
clineng||| 新进的彩超什么时候安装验收，厂家说设备已经到库房了
logistics||| 开水房的锅炉坏了，病人打不到热水
finance||| 我的借款逾期没还，系统不让我再报销了
hr||| 体检报告的复查项目能请假吗，算不算病假
medins||| 谈判药品的医保支付标准什么时候执行
pharmacy||| 急诊缺破伤风抗毒素，能不能紧急调拨
infection||| 新冠阳性的陪护能不能留在病房
quality||| 死亡病例讨论记录缺了，病历质控扣分
scied||| 进修医生的进修证书什么时候发
nursing||english| Our ward is two nurses short for tomorrow night. Can the nursing department send someone from the float pool?
medins||english| The insurer refused to pay for one of our DRG cases. Who prepares the appeal?
procure||| 中标的供应商供货不及时，合同里有违约条款吗
"""
