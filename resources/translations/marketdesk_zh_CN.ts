<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AccountActions</name>
    <message>
        <source>Unfreeze…</source>
        <translation>解冻…</translation>
    </message>
    <message>
        <source>Freeze…</source>
        <translation>冻结…</translation>
    </message>
    <message>
        <source>Overdraft limit…</source>
        <translation>透支额度…</translation>
    </message>
    <message>
        <source>Close account…</source>
        <translation>销户…</translation>
    </message>
</context>
<context>
    <name>AccountCard</name>
    <message>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>Overdraft limit</source>
        <translation>透支额度</translation>
    </message>
    <message>
        <source>No account chosen: find one above and press Enter.</source>
        <translation>尚未选择账户：请在上方查找并按回车。</translation>
    </message>
</context>
<context>
    <name>AccountFinder</name>
    <message>
        <source>Find account (Ctrl+F)</source>
        <translation>查找账户 (Ctrl+F)</translation>
    </message>
    <message>
        <source>account number, name, pinyin initials, phone or plate; Enter takes the first</source>
        <translation>账号、户名、拼音首字母、电话或车牌；回车选第一个</translation>
    </message>
    <message>
        <source>No prepaid account matches “%1”.</source>
        <translation>没有与“%1”匹配的预付账户。</translation>
    </message>
</context>
<context>
    <name>AdjustDialog</name>
    <message>
        <source>Adjust handover %1</source>
        <translation>调整交账单 %1</translation>
    </message>
    <message>
        <source>The handover stays as received; the correction is recorded beside it.</source>
        <translation>交账单保持收款时的记录不变，调整另行登记。</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>调整类型</translation>
    </message>
    <message>
        <source>Cash found (+)</source>
        <translation>长款（+）</translation>
    </message>
    <message>
        <source>Cash missing (−)</source>
        <translation>短款（−）</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Amount: more than zero; choose found or missing above.</source>
        <translation>金额：须大于零；长款或短款请在上面选择。</translation>
    </message>
</context>
<context>
    <name>BeneficiariesView</name>
    <message>
        <source>Beneficiary</source>
        <translation>收款方</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>New beneficiary</source>
        <translation>新收款方</translation>
    </message>
    <message>
        <source>e.g. the vegetable cooperative</source>
        <translation>如:蔬菜合作社</translation>
    </message>
    <message>
        <source>External (owed to them)</source>
        <translation>外部(应付给对方)</translation>
    </message>
    <message>
        <source>The market&apos;s own income</source>
        <translation>市场自有收入</translation>
    </message>
    <message>
        <source>%1 added.</source>
        <translation>已添加 %1。</translation>
    </message>
</context>
<context>
    <name>BrandingBox</name>
    <message>
        <source>Receipt branding (the same at every counter)</source>
        <translation>票据抬头与页脚（各收费台通用）</translation>
    </message>
    <message>
        <source>Market name</source>
        <translation>市场名称</translation>
    </message>
    <message>
        <source>Footer</source>
        <translation>页脚</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>标志</translation>
    </message>
    <message>
        <source>e.g. a service telephone number</source>
        <translation>例如：服务电话</translation>
    </message>
    <message>
        <source>Choose PNG…</source>
        <translation>选择 PNG 图片…</translation>
    </message>
    <message>
        <source>Remove logo</source>
        <translation>移除标志</translation>
    </message>
    <message>
        <source>Save branding</source>
        <translation>保存票据抬头</translation>
    </message>
    <message>
        <source>Changing these needs the permission “%1”.</source>
        <translation>修改这些内容需要“%1”权限。</translation>
    </message>
    <message>
        <source>No logo</source>
        <translation>无标志</translation>
    </message>
    <message>
        <source>Choose the receipt logo</source>
        <translation>选择票据标志</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Logo chosen; Save branding to keep it.</source>
        <translation>已选择标志；点击“保存票据抬头”后生效。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>CashMoveDialog</name>
    <message>
        <source>Cash drop / pay-out</source>
        <translation>解款 / 支出</translation>
    </message>
    <message>
        <source>Cash taken out of the drawer of your open shift: it counts in the cash you hand over, and a slip prints.</source>
        <translation>从本班钱箱取出的现金：计入交账现金，并打印凭条。</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Drop to the safe</source>
        <translation>解款入保险柜</translation>
    </message>
    <message>
        <source>Pay-out</source>
        <translation>现金支出</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Paid to</source>
        <translation>退至</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>amount</source>
        <translation>金额</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>User: %1</source>
        <translation>用户：%1</translation>
    </message>
    <message>
        <source>Your password was reset. Choose a new one to continue, %1.</source>
        <translation>%1，您的密码已被重置。请设置新密码后继续。</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Repeat new password</source>
        <translation>确认新密码</translation>
    </message>
</context>
<context>
    <name>ChangePriceForm</name>
    <message>
        <source>New price (yuan/t)</source>
        <translation>新单价（元/吨）</translation>
    </message>
    <message>
        <source>e.g. 12.50</source>
        <translation>例如 12.50</translation>
    </message>
    <message>
        <source>Effective</source>
        <translation>生效时间</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>why the price changes (kept in the history)</source>
        <translation>调价原因（记入历史）</translation>
    </message>
    <message>
        <source>Choose a commodity or a category in the list.</source>
        <translation>请在列表中选择品种或品种大类。</translation>
    </message>
    <message>
        <source>Price of the commodity %1</source>
        <translation>品种 %1 的单价</translation>
    </message>
    <message>
        <source>Price of the category %1 (for its commodities without a price of their own)</source>
        <translation>品种大类 %1 的单价（适用于其下未单独定价的品种）</translation>
    </message>
    <message>
        <source>now %1 yuan/t</source>
        <translation>现为 %1 元/吨</translation>
    </message>
    <message>
        <source>Choose a commodity or a category in the list first.</source>
        <translation>请先在列表中选择品种或品种大类。</translation>
    </message>
    <message>
        <source>New price of %1: %2 yuan/t, effective from %3.</source>
        <translation>%1 的新单价：%2 元/吨，自 %3 起生效。</translation>
    </message>
</context>
<context>
    <name>ChargeFlow</name>
    <message>
        <source>Reading the scale…</source>
        <translation>正在读取地磅…</translation>
    </message>
    <message>
        <source>The weight settled at %1: the fee is %2. Check it and press Enter to charge.</source>
        <translation>重量稳定在 %1：收费 %2。请核对后按回车收费。</translation>
    </message>
    <message>
        <source>Not charged.</source>
        <translation>未收费。</translation>
    </message>
    <message>
        <source>Charging…</source>
        <translation>正在收费…</translation>
    </message>
    <message>
        <source>It is not known whether the charge was recorded. Press Enter to send the same charge again: it is never recorded twice.</source>
        <translation>无法确认本次收费是否已记账。按回车重新提交同一笔收费：绝不会重复记账。</translation>
    </message>
</context>
<context>
    <name>CloseAccountDialog</name>
    <message>
        <source>Close account</source>
        <translation>销户</translation>
    </message>
    <message>
        <source>Close %1 (%2) for good? Its balance of %3 is paid out now; the account takes nothing afterwards.</source>
        <translation>确定将 %1（%2）永久销户？余额 %3 现在退还；销户后该账户不再收付任何款项。</translation>
    </message>
    <message>
        <source>Cash from the drawer</source>
        <translation>钱箱现金</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>银行转账</translation>
    </message>
    <message>
        <source>Pay out by</source>
        <translation>退款方式</translation>
    </message>
    <message>
        <source>Transfer reference</source>
        <translation>转账流水号</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Type the bank transfer&apos;s reference.</source>
        <translation>请输入银行转账的流水号。</translation>
    </message>
    <message>
        <source>Say why the account is closed.</source>
        <translation>请说明销户原因。</translation>
    </message>
</context>
<context>
    <name>DayClosePanel</name>
    <message>
        <source>Business day</source>
        <translation>营业日</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Close the day</source>
        <translation>日结</translation>
    </message>
    <message>
        <source>Open the day report</source>
        <translation>打开日报表</translation>
    </message>
    <message>
        <source>Handovers received: %1</source>
        <translation>已收款交账：%1 笔</translation>
    </message>
    <message>
        <source>Shifts still open: %1</source>
        <translation>未交班：%1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Handovers waiting: %1</source>
        <translation>待收款交账：%1</translation>
    </message>
    <message>
        <source>This day is already closed.</source>
        <translation>该营业日已日结。</translation>
    </message>
    <message>
        <source>Ready to close.</source>
        <translation>可以日结。</translation>
    </message>
    <message>
        <source>Closing the day: checking the ledger and writing the day report…</source>
        <translation>正在日结：核对账本并生成日报表…</translation>
    </message>
    <message>
        <source>%1 closed: %2 handover(s), expected cash %3, counted %4, difference %5. The day report is %6.</source>
        <translation>%1 已日结：交账 %2 笔，应收现金 %3，实点 %4，差额 %5。日报表：%6</translation>
    </message>
</context>
<context>
    <name>DbProblemDialog</name>
    <message>
        <source>MarketDesk — cannot open the database</source>
        <translation>市场收费台 — 无法打开数据库</translation>
    </message>
    <message>
        <source>Database address</source>
        <translation>数据库地址</translation>
    </message>
    <message>
        <source>sqlite:///FILE or postgresql://USER:PASSWORD@HOST:PORT/DATABASE. A changed address is saved in this counter&apos;s settings.</source>
        <translation>格式为 sqlite:///文件路径 或 postgresql://用户名:密码@主机:端口/数据库名。修改后的地址会保存到本收费台的设置中。</translation>
    </message>
    <message>
        <source>Retry (Enter)</source>
        <translation>重试 (Enter)</translation>
    </message>
    <message>
        <source>Change database… (F2)</source>
        <translation>更换数据库… (F2)</translation>
    </message>
    <message>
        <source>Quit (Esc)</source>
        <translation>退出 (Esc)</translation>
    </message>
</context>
<context>
    <name>DenominationGrid</name>
    <message>
        <source>Note / coin</source>
        <translation>面额</translation>
    </message>
    <message>
        <source>Pieces</source>
        <translation>张/枚数</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Total counted</source>
        <translation>清点合计</translation>
    </message>
</context>
<context>
    <name>DeskErrors</name>
    <message>
        <source>The scale gives no weight to charge.</source>
        <translation>地磅读不到可收费的重量。</translation>
    </message>
    <message>
        <source>This voucher is not genuine: do not refund it.</source>
        <translation>此凭证不是本系统开具的真凭证：不得退费。</translation>
    </message>
    <message>
        <source>No such voucher or ticket.</source>
        <translation>没有这张凭证或票据。</translation>
    </message>
</context>
<context>
    <name>DeskFormat</name>
    <message>
        <source>licensed curb weight</source>
        <translation>行驶证空车重</translation>
    </message>
    <message>
        <source>vehicle type</source>
        <translation>车型皮重</translation>
    </message>
    <message>
        <source>weighed at exit</source>
        <translation>出场称皮</translation>
    </message>
    <message>
        <source>entered by hand</source>
        <translation>手工录入</translation>
    </message>
    <message>
        <source>fixed merchant</source>
        <translation>固定户</translation>
    </message>
    <message>
        <source>temporary customer</source>
        <translation>临时户</translation>
    </message>
    <message>
        <source>on site</source>
        <translation>在场</translation>
    </message>
    <message>
        <source>refunded</source>
        <translation>已退费</translation>
    </message>
    <message>
        <source>voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>to the account</source>
        <translation>退回账户</translation>
    </message>
    <message>
        <source>in cash</source>
        <translation>退现金</translation>
    </message>
    <message>
        <source>%1 t</source>
        <translation>%1 吨</translation>
    </message>
    <message>
        <source>%1 / t</source>
        <translation>%1/吨</translation>
    </message>
    <message>
        <source>weight: type kilograms, e.g. 32560, or tonnes, e.g. 32.56t</source>
        <translation>重量：请输入公斤数（如 32560）或吨数（如 32.56t）</translation>
    </message>
    <message>
        <source>weight: more than 0, in whole grams</source>
        <translation>重量：须大于 0，精确到克</translation>
    </message>
</context>
<context>
    <name>EffectiveTimeField</name>
    <message>
        <source>Now</source>
        <translation>立即</translation>
    </message>
    <message>
        <source>From</source>
        <translation>自</translation>
    </message>
</context>
<context>
    <name>EntryForm</name>
    <message>
        <source>&amp;Plate</source>
        <translation>车牌(&amp;P)</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>经营户</translation>
    </message>
    <message>
        <source>Customer &amp;name</source>
        <translation>客户姓名(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Commodity</source>
        <translation>品种(&amp;C)</translation>
    </message>
    <message>
        <source>Tare</source>
        <translation>皮重</translation>
    </message>
    <message>
        <source>&amp;Vehicle type</source>
        <translation>车型(&amp;V)</translation>
    </message>
    <message>
        <source>plate, merchant or pinyin initials, then Enter</source>
        <translation>车牌、经营户或拼音首字母，然后回车</translation>
    </message>
    <message>
        <source>name or pinyin initials</source>
        <translation>品名或拼音首字母</translation>
    </message>
    <message>
        <source>optional: printed on the voucher</source>
        <translation>可不填：打印在凭证上</translation>
    </message>
    <message>
        <source>Weigh the tare at exit (tare 0 now, refund by weight)</source>
        <translation>出场称皮（现按皮重 0 收费，出场按重量退费）</translation>
    </message>
    <message>
        <source>Pay the whole fee in cash</source>
        <translation>全部付现金</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
    <message>
        <source>Temporary customer: pays in cash</source>
        <translation>临时户：现金付款</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 · available %4</source>
        <translation>%1 · %2 · %3 · 可用余额 %4</translation>
    </message>
    <message>
        <source>%1 · %2: pays in cash</source>
        <translation>%1 · %2：现金付款</translation>
    </message>
    <message>
        <source>SUSPENDED</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Not on record: choose the vehicle type, or weigh the tare at exit</source>
        <translation>无登记：请选择车型，或出场称皮</translation>
    </message>
</context>
<context>
    <name>EntryPanel</name>
    <message>
        <source>Weight by hand</source>
        <translation>手工录入重量</translation>
    </message>
    <message>
        <source>Charge (Enter / F12)</source>
        <translation>收费（回车 / F12）</translation>
    </message>
    <message>
        <source>Clear (Esc)</source>
        <translation>清空（Esc）</translation>
    </message>
    <message>
        <source>Charging to %1: type the plate.</source>
        <translation>记入 %1：请输入车牌。</translation>
    </message>
    <message>
        <source>%1 is not on record: choose its vehicle type or weigh the tare at exit.</source>
        <translation>%1 无登记：请选择车型，或出场称皮。</translation>
    </message>
    <message>
        <source>No commodity matches “%1”: type its name or pinyin initials.</source>
        <translation>没有与“%1”相符的品种：请输入品名或拼音首字母。</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>收费金额</translation>
    </message>
    <message>
        <source>tare %1 (%2)</source>
        <translation>皮重 %1（%2）</translation>
    </message>
    <message>
        <source>tare weighed at exit</source>
        <translation>皮重出场称</translation>
    </message>
    <message>
        <source>gross %1 − %2 = net %3 × %4 (%5)</source>
        <translation>毛重 %1 − %2 = 净重 %3 × %4（%5）</translation>
    </message>
    <message>
        <source>Collect %1 in cash</source>
        <translation>收现金 %1</translation>
    </message>
    <message>
        <source>Balance short: the account pays %1, collect %2 in cash.</source>
        <translation>余额不足：账户付 %1，现金收 %2。</translation>
    </message>
    <message>
        <source>From the account of %1 (available %2)</source>
        <translation>从 %1 的账户扣款（可用 %2）</translation>
    </message>
    <message>
        <source>Type the plate and press Enter.</source>
        <translation>请输入车牌并回车。</translation>
    </message>
    <message>
        <source>Choose the commodity.</source>
        <translation>请选择品种。</translation>
    </message>
    <message>
        <source>No weight from the scale. Ctrl+M types a weight by hand.</source>
        <translation>地磅没有读数。按 Ctrl+M 可手工录入重量。</translation>
    </message>
    <message>
        <source>Waiting for a stable weight…</source>
        <translation>等待重量稳定…</translation>
    </message>
    <message>
        <source>Working out the fee…</source>
        <translation>正在计算费用…</translation>
    </message>
    <message>
        <source>No open shift: open your shift first (Shift → Open shift, Ctrl+Shift+O).</source>
        <translation>没有开班：请先开班（班次 → 开班，Ctrl+Shift+O）。</translation>
    </message>
    <message>
        <source>%1 charged %2 · %3 %4</source>
        <translation>%1 已收费 %2 · %3 %4</translation>
    </message>
    <message>
        <source>Account paid %1, balance now %2</source>
        <translation>账户扣款 %1，当前余额 %2</translation>
    </message>
    <message>
        <source>Voucher printed.</source>
        <translation>凭证已打印。</translation>
    </message>
    <message>
        <source>Voucher NOT printed: %1. The charge is recorded; the print queue (F11) prints it again.</source>
        <translation>凭证未打印：%1。收费已记账；可在打印队列（F11）重新打印。</translation>
    </message>
    <message>
        <source>Gross weight</source>
        <translation>毛重</translation>
    </message>
    <message>
        <source>WEIGHT ENTERED BY HAND: %1, authorised by %2</source>
        <translation>手工录入重量：%1，由 %2 授权</translation>
    </message>
    <message>
        <source>WEIGHT ENTERED BY HAND: %1</source>
        <translation>手工录入重量：%1</translation>
    </message>
</context>
<context>
    <name>ExitPanel</name>
    <message>
        <source>&amp;Voucher</source>
        <translation>凭证(&amp;V)</translation>
    </message>
    <message>
        <source>scan the entry voucher&apos;s QR code, or type its number</source>
        <translation>扫描进场凭证二维码，或输入凭证号</translation>
    </message>
    <message>
        <source>Plate</source>
        <translation>车牌</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>经营户</translation>
    </message>
    <message>
        <source>Commodity</source>
        <translation>品种</translation>
    </message>
    <message>
        <source>Gross at entry</source>
        <translation>进场毛重</translation>
    </message>
    <message>
        <source>Tare at entry</source>
        <translation>进场皮重</translation>
    </message>
    <message>
        <source>Fee charged</source>
        <translation>已收费用</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>付款</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Weight by hand</source>
        <translation>手工录入重量</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退费金额</translation>
    </message>
    <message>
        <source>Refund (Enter / F12)</source>
        <translation>退费（回车 / F12）</translation>
    </message>
    <message>
        <source>Clear (Esc)</source>
        <translation>清空（Esc）</translation>
    </message>
    <message>
        <source>Scan the entry voucher or type its number.</source>
        <translation>请扫描进场凭证或输入凭证号。</translation>
    </message>
    <message>
        <source>Looking the voucher up…</source>
        <translation>正在查找凭证…</translation>
    </message>
    <message>
        <source>%1 was already refunded (%2, %3): no second refund.</source>
        <translation>%1 已退过费（%2，%3）：不能再次退费。</translation>
    </message>
    <message>
        <source>%1 was voided: no refund.</source>
        <translation>%1 已作废：不能退费。</translation>
    </message>
    <message>
        <source>Weigh the empty truck; the refund appears when the weight is stable. Enter refunds it.</source>
        <translation>请称空车；重量稳定后显示退费金额，按回车退费。</translation>
    </message>
    <message>
        <source>account %1, cash %2</source>
        <translation>账户 %1，现金 %2</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1：%2（%3）</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>by hand</source>
        <translation>手工录入</translation>
    </message>
    <message>
        <source>exit %1 − entry tare %2 = %3 × %4, at most the fee %5</source>
        <translation>出场 %1 − 进场皮重 %2 = %3 × %4，不超过已收 %5</translation>
    </message>
    <message>
        <source>The truck is as heavy as it came in: a supervisor must approve.</source>
        <translation>车辆未卸货（不低于进场毛重）：须主管批准。</translation>
    </message>
    <message>
        <source>Paid back %1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>Scan the entry voucher.</source>
        <translation>请扫描进场凭证。</translation>
    </message>
    <message>
        <source>No refund: the voucher is %1.</source>
        <translation>不能退费：凭证%1。</translation>
    </message>
    <message>
        <source>Waiting for a stable weight of the empty truck…</source>
        <translation>等待空车重量稳定…</translation>
    </message>
    <message>
        <source>Working out the refund…</source>
        <translation>正在计算退费…</translation>
    </message>
    <message>
        <source>No open shift: open your shift first (Shift → Open shift, Ctrl+Shift+O).</source>
        <translation>没有开班：请先开班（班次 → 开班，Ctrl+Shift+O）。</translation>
    </message>
    <message>
        <source>Refund voucher printed.</source>
        <translation>退费凭证已打印。</translation>
    </message>
    <message>
        <source>Refund voucher NOT printed: %1. The refund is recorded; the print queue (F11) prints it again.</source>
        <translation>退费凭证未打印：%1。退费已记账；可在打印队列（F11）重新打印。</translation>
    </message>
    <message>
        <source>Exit weight of the empty truck</source>
        <translation>空车出场重量</translation>
    </message>
    <message>
        <source>WEIGHT ENTERED BY HAND: %1, authorised by %2</source>
        <translation>手工录入重量：%1，由 %2 授权</translation>
    </message>
    <message>
        <source>WEIGHT ENTERED BY HAND: %1</source>
        <translation>手工录入重量：%1</translation>
    </message>
</context>
<context>
    <name>FeeRoundingForm</name>
    <message>
        <source>Round every fee</source>
        <translation>收费取整</translation>
    </message>
    <message>
        <source>Half up, once per fee and refund. Tickets already charged keep the rule they were charged with.</source>
        <translation>四舍五入，每笔收费和退费只取整一次。已收费的票据仍按当时的规则。</translation>
    </message>
    <message>
        <source>Fees are now rounded %1.</source>
        <translation>收费取整规则已改为：%1。</translation>
    </message>
</context>
<context>
    <name>FinanceDeskScreen</name>
    <message>
        <source>Handovers (F2)</source>
        <translation>交账（F2）</translation>
    </message>
    <message>
        <source>Open shifts (F3)</source>
        <translation>未交班（F3）</translation>
    </message>
    <message>
        <source>Day close (F4)</source>
        <translation>日结（F4）</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>交账规则</translation>
    </message>
    <message>
        <source>Receive…</source>
        <translation>收款…</translation>
    </message>
    <message>
        <source>Adjust…</source>
        <translation>调整…</translation>
    </message>
    <message>
        <source>Handover %1 received: counted %2, difference %3.</source>
        <translation>交账单 %1 已收款：实点 %2，差额 %3。</translation>
    </message>
    <message>
        <source>Handover %1 adjusted.</source>
        <translation>交账单 %1 已调整。</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <source>MarketDesk — first start</source>
        <translation>市场收费台 — 首次启动</translation>
    </message>
    <message>
        <source>This database has no users yet. Create the administrator: this user manages the other users and the settings. Keep the password safe.</source>
        <translation>数据库中还没有任何用户。请先创建系统管理员，由其管理其他用户和系统设置。请妥善保管密码。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>确认密码</translation>
    </message>
    <message>
        <source>Create administrator</source>
        <translation>创建管理员</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>FreezeDialog</name>
    <message>
        <source>Freeze account</source>
        <translation>冻结账户</translation>
    </message>
    <message>
        <source>Unfreeze account</source>
        <translation>解冻账户</translation>
    </message>
    <message>
        <source>Freeze %1 (%2)? A frozen account takes no recharge and pays no fee until it is unfrozen.</source>
        <translation>冻结 %1（%2）？冻结后在解冻之前不能充值，也不能扣费。</translation>
    </message>
    <message>
        <source>Unfreeze %1 (%2)? It takes recharges and pays fees again.</source>
        <translation>解冻 %1（%2）？解冻后可再充值和扣费。</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Freeze</source>
        <translation>冻结</translation>
    </message>
    <message>
        <source>Unfreeze</source>
        <translation>解冻</translation>
    </message>
    <message>
        <source>Say why the account is frozen.</source>
        <translation>请说明冻结原因。</translation>
    </message>
</context>
<context>
    <name>HandoverDetailPanel</name>
    <message>
        <source>Item</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Handover</source>
        <translation>交账单</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Closed by</source>
        <translation>交班人</translation>
    </message>
    <message>
        <source>Opening float</source>
        <translation>备用金</translation>
    </message>
    <message>
        <source>Cash in</source>
        <translation>现金收入</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>现金支出</translation>
    </message>
    <message>
        <source>Dropped to the safe</source>
        <translation>已解款</translation>
    </message>
    <message>
        <source>Expected cash</source>
        <translation>应交现金</translation>
    </message>
    <message>
        <source>Counted by cashier</source>
        <translation>收费员清点</translation>
    </message>
    <message>
        <source>expected %1, declared %2, %3 payment(s)</source>
        <translation>应收 %1，申报 %2，共 %3 笔</translation>
    </message>
    <message>
        <source>Vouchers</source>
        <translation>票据</translation>
    </message>
    <message>
        <source>Cashier&apos;s note</source>
        <translation>收费员备注</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>未收款</translation>
    </message>
    <message>
        <source>safe</source>
        <translation>保险柜</translation>
    </message>
    <message>
        <source>bank</source>
        <translation>银行</translation>
    </message>
    <message>
        <source>Counted by finance</source>
        <translation>财务清点</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异类型</translation>
    </message>
    <message>
        <source>Finance note</source>
        <translation>财务备注</translation>
    </message>
    <message>
        <source>Adjustment</source>
        <translation>调整</translation>
    </message>
</context>
<context>
    <name>HandoverList</name>
    <message>
        <source>Show received ones too</source>
        <translation>显示已收款</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Handover</source>
        <translation>交账单</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>收费台</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收费员</translation>
    </message>
    <message>
        <source>Closed at</source>
        <translation>交班时间</translation>
    </message>
    <message>
        <source>Expected cash</source>
        <translation>应交现金</translation>
    </message>
    <message>
        <source>Counted by cashier</source>
        <translation>收费员清点</translation>
    </message>
    <message>
        <source>Non-cash expected</source>
        <translation>非现金应收</translation>
    </message>
    <message>
        <source>Non-cash declared</source>
        <translation>非现金申报</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异类型</translation>
    </message>
    <message>
        <source>%1 handover(s) waiting to be received</source>
        <translation>待收款交账 %1 笔</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Welcome, %1 (%2)</source>
        <translation>欢迎，%1（%2）</translation>
    </message>
    <message>
        <source>Choose a screen on the left with the arrow keys, or press Ctrl+1, Ctrl+2, … to jump to it.</source>
        <translation>用方向键在左侧选择功能，或按 Ctrl+1、Ctrl+2 … 直接跳转。</translation>
    </message>
</context>
<context>
    <name>LargeAmountDialog</name>
    <message>
        <source>Large recharge</source>
        <translation>大额充值</translation>
    </message>
    <message>
        <source>This is a large amount. Recharge %1 by %2?</source>
        <translation>这是一笔大额充值。确定以%2为 %1 充值？</translation>
    </message>
    <message>
        <source>Yes, recharge (Enter)</source>
        <translation>确定充值 (Enter)</translation>
    </message>
    <message>
        <source>No (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
</context>
<context>
    <name>LiveWeight</name>
    <message>
        <source>no scale is running at this counter: set it up in Scale, or enter the weight by hand (Ctrl+M)</source>
        <translation>本收费台没有运行中的地磅：请在“地磅”中设置，或手工录入重量（Ctrl+M）</translation>
    </message>
</context>
<context>
    <name>LoginWindow</name>
    <message>
        <source>MarketDesk — log in</source>
        <translation>市场收费台 — 登录</translation>
    </message>
    <message>
        <source>MarketDesk</source>
        <translation>市场收费台</translation>
    </message>
    <message>
        <source>Counter: %1</source>
        <translation>收费台：%1</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>Log in (Enter)</source>
        <translation>登录 (Enter)</translation>
    </message>
    <message>
        <source>Quit (Esc)</source>
        <translation>退出 (Esc)</translation>
    </message>
    <message>
        <source>Connecting to the database…</source>
        <translation>正在连接数据库…</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>MarketDesk — %1</source>
        <translation>市场收费台 — %1</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>账户(&amp;A)</translation>
    </message>
    <message>
        <source>Change password…</source>
        <translation>修改密码…</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>注销</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;Shift</source>
        <translation>班次(&amp;S)</translation>
    </message>
    <message>
        <source>Open shift…</source>
        <translation>开班…</translation>
    </message>
    <message>
        <source>&amp;Printing</source>
        <translation>打印(&amp;P)</translation>
    </message>
    <message>
        <source>Print queue…</source>
        <translation>打印队列…</translation>
    </message>
</context>
<context>
    <name>ManualWeightDialog</name>
    <message>
        <source>Weight by hand</source>
        <translation>手工录入重量</translation>
    </message>
    <message>
        <source>%1: type the weight in kilograms (or tonnes with t). The ticket and the voucher say it was entered by hand.</source>
        <translation>%1：请输入公斤数（或带 t 的吨数）。票据和凭证上会注明为手工录入。</translation>
    </message>
    <message>
        <source>Weight (kg)</source>
        <translation>重量（公斤）</translation>
    </message>
    <message>
        <source>Use this weight</source>
        <translation>使用此重量</translation>
    </message>
</context>
<context>
    <name>MasterTerms</name>
    <message>
        <source>Fixed (prepaid account)</source>
        <translation>固定经营户（预付费账户）</translation>
    </message>
    <message>
        <source>Temporary (cash)</source>
        <translation>临时经营户（现金）</translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation>固定</translation>
    </message>
    <message>
        <source>Temporary</source>
        <translation>临时</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已注销</translation>
    </message>
    <message>
        <source>own price</source>
        <translation>品种单价</translation>
    </message>
    <message>
        <source>category price</source>
        <translation>大类单价</translation>
    </message>
    <message>
        <source>to the fen (0.01 yuan)</source>
        <translation>精确到分（0.01 元）</translation>
    </message>
    <message>
        <source>to the jiao (0.10 yuan)</source>
        <translation>精确到角（0.10 元）</translation>
    </message>
    <message>
        <source>to the yuan (1.00 yuan)</source>
        <translation>精确到元（1.00 元）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>MasterUnits</name>
    <message>
        <source>Price: type the yuan per tonne, e.g. 12.50.</source>
        <translation>单价：请输入每吨元数，例如 12.50。</translation>
    </message>
    <message>
        <source>Price: &apos;%1&apos; is not an amount in yuan per tonne with at most two decimals, e.g. 12.50.</source>
        <translation>单价：“%1”不是有效的每吨元数（最多两位小数），例如 12.50。</translation>
    </message>
    <message>
        <source>Amount: &apos;%1&apos; is not an amount in yuan with at most two decimals, e.g. 500.00.</source>
        <translation>金额：“%1”不是有效的元数（最多两位小数），例如 500.00。</translation>
    </message>
    <message>
        <source>%1 t</source>
        <translation>%1 吨</translation>
    </message>
    <message>
        <source>Weight: &apos;%1&apos; is not a number of tonnes or kilograms with at most three decimals, e.g. 12.08 t or 12080 kg.</source>
        <translation>重量：“%1”不是有效的吨数或公斤数（最多三位小数），例如 12.08 吨或 12080 公斤。</translation>
    </message>
    <message>
        <source>Weight: more than 0 and at most %1 t.</source>
        <translation>重量：须大于 0，且不超过 %1 吨。</translation>
    </message>
</context>
<context>
    <name>MerchantForm</name>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Overdraft limit (yuan)</source>
        <translation>透支额度（元）</translation>
    </message>
    <message>
        <source>Available balance</source>
        <translation>可用余额</translation>
    </message>
    <message>
        <source>required for a fixed merchant</source>
        <translation>固定经营户必填</translation>
    </message>
    <message>
        <source>resident ID card, 15 or 18 characters</source>
        <translation>居民身份证，15 位或 18 位</translation>
    </message>
    <message>
        <source>New merchant</source>
        <translation>新建经营户</translation>
    </message>
    <message>
        <source>%1 yuan</source>
        <translation>%1 元</translation>
    </message>
    <message>
        <source>a prepaid account is opened with the merchant</source>
        <translation>建档时同时开立预付费账户</translation>
    </message>
    <message>
        <source>pays cash (no account)</source>
        <translation>现金结算（无账户）</translation>
    </message>
    <message>
        <source>0: no credit</source>
        <translation>0：不允许透支</translation>
    </message>
    <message>
        <source>Name: a fixed merchant needs a name (the account holder).</source>
        <translation>名称：固定经营户必须填写名称（账户户名）。</translation>
    </message>
    <message>
        <source>Merchant %1 created.</source>
        <translation>经营户 %1 已建档。</translation>
    </message>
    <message>
        <source>Merchant %1 saved.</source>
        <translation>经营户 %1 已保存。</translation>
    </message>
</context>
<context>
    <name>MerchantPicker</name>
    <message>
        <source>name, initials, code or phone; Enter takes the first</source>
        <translation>名称、拼音首字母、编号或电话；回车选第一个</translation>
    </message>
    <message>
        <source>not chosen yet: Enter takes the first hit</source>
        <translation>尚未选定：回车选第一个结果</translation>
    </message>
    <message>
        <source>no merchant</source>
        <translation>无经营户</translation>
    </message>
</context>
<context>
    <name>MerchantVehiclesView</name>
    <message>
        <source>Plate</source>
        <translation>车牌号</translation>
    </message>
    <message>
        <source>Vehicle type</source>
        <translation>车型</translation>
    </message>
    <message>
        <source>Licensed curb weight</source>
        <translation>行驶证空车重量</translation>
    </message>
    <message>
        <source>Weigh tare at exit</source>
        <translation>出场称皮重</translation>
    </message>
    <message>
        <source>Vehicles: save the merchant first, then add them on the Vehicles screen.</source>
        <translation>车辆：请先保存经营户，再到“车辆”界面添加。</translation>
    </message>
    <message>
        <source>Vehicles of this merchant: %1</source>
        <translation>该经营户的车辆：%1 辆</translation>
    </message>
</context>
<context>
    <name>MerchantsScreen</name>
    <message>
        <source>Search: name, pinyin initials, code or phone; Enter picks the first</source>
        <translation>搜索：名称、拼音首字母、编号或电话；回车选第一个</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Available (yuan)</source>
        <translation>可用余额（元）</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>New merchant</source>
        <translation>新建经营户</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>This user is locked.</source>
        <translation>该用户已被锁定。</translation>
    </message>
    <message>
        <source>The password was not accepted.</source>
        <translation>密码验证未通过。</translation>
    </message>
    <message>
        <source>Not allowed: this needs the permission “%1”.</source>
        <translation>无权操作：需要“%1”权限。</translation>
    </message>
    <message>
        <source>Please check the input.</source>
        <translation>请检查输入内容。</translation>
    </message>
    <message>
        <source>Not found.</source>
        <translation>未找到。</translation>
    </message>
    <message>
        <source>This cannot be done now.</source>
        <translation>当前无法执行此操作。</translation>
    </message>
    <message>
        <source>The database version does not match this program.</source>
        <translation>数据库版本与本程序不匹配。</translation>
    </message>
    <message>
        <source>The database cannot be reached.</source>
        <translation>无法连接数据库。</translation>
    </message>
    <message>
        <source>The database reported a problem.</source>
        <translation>数据库出现问题。</translation>
    </message>
    <message>
        <source>Unexpected error. Please tell the administrator.</source>
        <translation>发生意外错误，请联系系统管理员。</translation>
    </message>
    <message>
        <source>MarketDesk</source>
        <translation>市场收费台</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <source>Weigh desk</source>
        <translation>称重收费</translation>
    </message>
    <message>
        <source>Recharge</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>Finance desk</source>
        <translation>财务收款</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation>渠道对账</translation>
    </message>
    <message>
        <source>Payment splits</source>
        <translation>分账</translation>
    </message>
    <message>
        <source>Prices</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Merchants</source>
        <translation>经营户</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Users and roles</source>
        <translation>用户与角色</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>系统设置</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>地磅</translation>
    </message>
    <message>
        <source>Printers</source>
        <translation>打印机</translation>
    </message>
</context>
<context>
    <name>NewCategoryForm</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>After saving, choose the category in the list and set its price: it applies to its commodities without a price of their own.</source>
        <translation>保存后，在列表中选中该大类并设置单价：它适用于其下未单独定价的品种。</translation>
    </message>
    <message>
        <source>Name: type the category&apos;s name.</source>
        <translation>名称：请输入品种大类名称。</translation>
    </message>
    <message>
        <source>Category %1 created.</source>
        <translation>品种大类 %1 已创建。</translation>
    </message>
</context>
<context>
    <name>NewCommodityForm</name>
    <message>
        <source>Category</source>
        <translation>品种大类</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>First price (yuan/t)</source>
        <translation>初始单价（元/吨）</translation>
    </message>
    <message>
        <source>empty: the category&apos;s price applies</source>
        <translation>留空：按大类单价收费</translation>
    </message>
    <message>
        <source>Effective</source>
        <translation>生效时间</translation>
    </message>
    <message>
        <source>Create a category first: every commodity belongs to one.</source>
        <translation>请先创建品种大类：每个品种都属于一个大类。</translation>
    </message>
    <message>
        <source>Name: type the commodity&apos;s name.</source>
        <translation>名称：请输入品种名称。</translation>
    </message>
    <message>
        <source>Commodity %1 created in %2.</source>
        <translation>品种 %1 已在 %2 下创建。</translation>
    </message>
</context>
<context>
    <name>NewUserDialog</name>
    <message>
        <source>New user</source>
        <translation>新建用户</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>letters a–z, digits, _ . -</source>
        <translation>小写字母 a–z、数字及 _ . -</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>确认密码</translation>
    </message>
</context>
<context>
    <name>NoShiftBar</name>
    <message>
        <source>No open shift at this counter: no recharge can be taken until you open one (Shift menu → Open shift, Ctrl+Shift+O).</source>
        <translation>本收费台没有已开班次：开班前不能充值（班次菜单 → 开班，Ctrl+Shift+O）。</translation>
    </message>
    <message>
        <source>No open shift at this counter: vehicles cannot be charged until you open one.</source>
        <translation>本收费台尚未开班：开班后才能收费。</translation>
    </message>
    <message>
        <source>No open shift at this counter, and you may not open one: ask a supervisor.</source>
        <translation>本收费台尚未开班，您没有开班权限：请找主管。</translation>
    </message>
    <message>
        <source>Open shift… (Ctrl+Shift+O)</source>
        <translation>开班…（Ctrl+Shift+O）</translation>
    </message>
</context>
<context>
    <name>OpenShiftDialog</name>
    <message>
        <source>Open shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>%1 at %2: count the cash in the drawer and enter it.</source>
        <translation>%1，%2：请清点钱箱中的现金并输入。</translation>
    </message>
    <message>
        <source>Opening float (yuan)</source>
        <translation>备用金（元）</translation>
    </message>
    <message>
        <source>opening float</source>
        <translation>备用金</translation>
    </message>
</context>
<context>
    <name>OpenShiftsPanel</name>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收费员</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>收费台</translation>
    </message>
    <message>
        <source>Opened at</source>
        <translation>开班时间</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Close for absent cashier…</source>
        <translation>代为交班…</translation>
    </message>
    <message>
        <source>%1 shift(s) still open</source>
        <translation>未交班 %1 个</translation>
    </message>
</context>
<context>
    <name>OtherPrinterDialog</name>
    <message>
        <source>Print on another printer</source>
        <translation>改用其他打印机</translation>
    </message>
    <message>
        <source>Send %1 to:</source>
        <translation>将%1发送到：</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
</context>
<context>
    <name>OverdraftDialog</name>
    <message>
        <source>Overdraft limit</source>
        <translation>透支额度</translation>
    </message>
    <message>
        <source>How far %1 (%2) may go below zero when paying fees. 0: not at all.</source>
        <translation>%1（%2）扣费时最多可透支的金额。0：不允许透支。</translation>
    </message>
    <message>
        <source>Limit (yuan)</source>
        <translation>额度（元）</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <source>Supervisor authorisation</source>
        <translation>主管授权</translation>
    </message>
    <message>
        <source>This needs a supervisor&apos;s permission: %1.</source>
        <translation>此操作需要主管授权：%1。</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>主管用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Authorise</source>
        <translation>授权</translation>
    </message>
</context>
<context>
    <name>Permissions</name>
    <message>
        <source>View the fee price list</source>
        <translation>查看收费价格表</translation>
    </message>
    <message>
        <source>Change fee prices</source>
        <translation>修改收费价格</translation>
    </message>
    <message>
        <source>Create priced commodities</source>
        <translation>新增计价品种</translation>
    </message>
    <message>
        <source>Charge trucks at entry</source>
        <translation>进场称重收费</translation>
    </message>
    <message>
        <source>Refund at exit</source>
        <translation>出场退费</translation>
    </message>
    <message>
        <source>Void a ticket</source>
        <translation>作废票据</translation>
    </message>
    <message>
        <source>Enter a weight by hand</source>
        <translation>手工录入重量</translation>
    </message>
    <message>
        <source>Reprint vouchers</source>
        <translation>重打凭证</translation>
    </message>
    <message>
        <source>Recharge prepaid accounts</source>
        <translation>预付费账户充值</translation>
    </message>
    <message>
        <source>Reverse a recharge</source>
        <translation>充值冲正</translation>
    </message>
    <message>
        <source>Open a shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>Close another user&apos;s shift</source>
        <translation>结束他人班次</translation>
    </message>
    <message>
        <source>Take cash from the drawer to the safe during a shift</source>
        <translation>班中将现金解缴入保险柜</translation>
    </message>
    <message>
        <source>Pay out cash from the drawer</source>
        <translation>从钱箱支出现金</translation>
    </message>
    <message>
        <source>Receive handovers</source>
        <translation>接收交账</translation>
    </message>
    <message>
        <source>Accept a cash difference</source>
        <translation>确认现金长短款</translation>
    </message>
    <message>
        <source>Manage merchants</source>
        <translation>管理经营户</translation>
    </message>
    <message>
        <source>Manage vehicles</source>
        <translation>管理车辆</translation>
    </message>
    <message>
        <source>View reports</source>
        <translation>查看报表</translation>
    </message>
    <message>
        <source>Manage settings</source>
        <translation>管理系统设置</translation>
    </message>
    <message>
        <source>Manage users and roles</source>
        <translation>管理用户与角色</translation>
    </message>
    <message>
        <source>Manage devices</source>
        <translation>管理设备</translation>
    </message>
    <message>
        <source>Control meters</source>
        <translation>电表拉合闸控制</translation>
    </message>
    <message>
        <source>Enter meter readings</source>
        <translation>录入抄表读数</translation>
    </message>
    <message>
        <source>Generate bills</source>
        <translation>生成账单</translation>
    </message>
    <message>
        <source>Run reconciliation</source>
        <translation>执行对账</translation>
    </message>
    <message>
        <source>Edit split rules</source>
        <translation>编辑分账规则</translation>
    </message>
</context>
<context>
    <name>PolicyPanel</name>
    <message>
        <source>Blind count: cashiers do not see the expected cash before they submit</source>
        <translation>盲点：收费员提交前看不到应交金额</translation>
    </message>
    <message>
        <source>Difference finance may accept without a note (yuan)</source>
        <translation>免备注可接受差额（元）</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>tolerance</source>
        <translation>可接受差额</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>PriceHistoryView</name>
    <message>
        <source>Effective from</source>
        <translation>生效时间</translation>
    </message>
    <message>
        <source>Old (yuan/t)</source>
        <translation>原单价（元/吨）</translation>
    </message>
    <message>
        <source>New (yuan/t)</source>
        <translation>新单价（元/吨）</translation>
    </message>
    <message>
        <source>Changed by</source>
        <translation>修改人</translation>
    </message>
    <message>
        <source>Changed at</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Price history: choose a commodity or a category.</source>
        <translation>价格历史：请选择品种或品种大类。</translation>
    </message>
    <message>
        <source>Price history of the commodity %1</source>
        <translation>品种 %1 的价格历史</translation>
    </message>
    <message>
        <source>Price history of the category %1</source>
        <translation>品种大类 %1 的价格历史</translation>
    </message>
</context>
<context>
    <name>PriceTree</name>
    <message>
        <source>Commodity</source>
        <translation>品种</translation>
    </message>
    <message>
        <source>Price (yuan/t)</source>
        <translation>单价（元/吨）</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Effective since</source>
        <translation>生效时间</translation>
    </message>
    <message>
        <source>Pending changes</source>
        <translation>待生效调价</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>no price</source>
        <translation>未定价</translation>
    </message>
    <message>
        <source>%1 from %2</source>
        <translation>%1（自 %2 起）</translation>
    </message>
    <message>
        <source>active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>inactive</source>
        <translation>停用</translation>
    </message>
</context>
<context>
    <name>PricesScreen</name>
    <message>
        <source>Filter by name or pinyin initials (Ctrl+F), Enter picks the first</source>
        <translation>按名称或拼音首字母筛选（Ctrl+F），回车选第一个</translation>
    </message>
    <message>
        <source>Change price</source>
        <translation>调整单价</translation>
    </message>
    <message>
        <source>New commodity</source>
        <translation>新建品种</translation>
    </message>
    <message>
        <source>New category</source>
        <translation>新建品种大类</translation>
    </message>
    <message>
        <source>Fee rounding</source>
        <translation>收费取整</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Fees are rounded %1.</source>
        <translation>收费取整规则：%1。</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>%1 is active again.</source>
        <translation>%1 已重新启用。</translation>
    </message>
    <message>
        <source>%1 is deactivated: the desk no longer offers it.</source>
        <translation>%1 已停用：收费台不再提供该项。</translation>
    </message>
</context>
<context>
    <name>PrintNames</name>
    <message>
        <source>Entry voucher</source>
        <translation>进场缴费凭证</translation>
    </message>
    <message>
        <source>Refund voucher</source>
        <translation>退费凭证</translation>
    </message>
    <message>
        <source>Recharge receipt</source>
        <translation>账户充值收据</translation>
    </message>
    <message>
        <source>Handover slip</source>
        <translation>交班交账单</translation>
    </message>
    <message>
        <source>Test page</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待打印</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>正在打印</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>打印失败</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Paper low</source>
        <translation>纸将用完</translation>
    </message>
    <message>
        <source>Out of paper</source>
        <translation>缺纸</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>脱机</translation>
    </message>
    <message>
        <source>Cover open</source>
        <translation>机盖打开</translation>
    </message>
    <message>
        <source>Printer error</source>
        <translation>打印机故障</translation>
    </message>
    <message>
        <source>Not responding</source>
        <translation>未响应</translation>
    </message>
</context>
<context>
    <name>PrintQueuePanel</name>
    <message>
        <source>Print queue</source>
        <translation>打印队列</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>单据</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>重打</translation>
    </message>
    <message>
        <source>Reprint with a supervisor…</source>
        <translation>主管授权重打…</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Other printer…</source>
        <translation>其他打印机…</translation>
    </message>
    <message>
        <source>Skip…</source>
        <translation>跳过…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>%1 (reprint %2)</source>
        <translation>%1（第 %2 次重打）</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>票据打印机</translation>
    </message>
    <message>
        <source>Failed, may have printed</source>
        <translation>打印失败，可能已打印</translation>
    </message>
    <message>
        <source>Failed, retrying now</source>
        <translation>打印失败，正在重试</translation>
    </message>
    <message>
        <source>Failed, retrying in %1 s</source>
        <translation>打印失败，%1 秒后重试</translation>
    </message>
    <message>
        <source>Sent to the printer again.</source>
        <translation>已重新发送到打印机。</translation>
    </message>
    <message>
        <source>No other printer is configured at this counter (Printers screen).</source>
        <translation>本收费台没有配置其他打印机（见“打印机”页面）。</translation>
    </message>
    <message>
        <source>Sent to the other printer.</source>
        <translation>已发送到其他打印机。</translation>
    </message>
    <message>
        <source>Skipped.</source>
        <translation>已跳过。</translation>
    </message>
    <message>
        <source>Reprint queued.</source>
        <translation>已提交重打。</translation>
    </message>
</context>
<context>
    <name>PrinterForm</name>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Paper and printing</source>
        <translation>纸张与打印</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>钱箱</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Connected by</source>
        <translation>连接方式</translation>
    </message>
    <message>
        <source>IP address or host name</source>
        <translation>IP 地址或主机名</translation>
    </message>
    <message>
        <source>TCP port</source>
        <translation>TCP 端口</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>串口</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>波特率</translation>
    </message>
    <message>
        <source>USB vendor id (hex)</source>
        <translation>USB 厂商 ID（十六进制）</translation>
    </message>
    <message>
        <source>USB product id (hex)</source>
        <translation>USB 产品 ID（十六进制）</translation>
    </message>
    <message>
        <source>Device or file</source>
        <translation>设备或文件</translation>
    </message>
    <message>
        <source>Windows printer name</source>
        <translation>Windows 打印机名称</translation>
    </message>
    <message>
        <source>Give up waiting after</source>
        <translation>等待超时</translation>
    </message>
    <message>
        <source>Printer status</source>
        <translation>打印机状态</translation>
    </message>
    <message>
        <source>Paper width</source>
        <translation>纸宽</translation>
    </message>
    <message>
        <source>Characters per line</source>
        <translation>每行字符数</translation>
    </message>
    <message>
        <source>Chinese code page</source>
        <translation>中文编码</translation>
    </message>
    <message>
        <source>QR code</source>
        <translation>二维码</translation>
    </message>
    <message>
        <source>Cutter</source>
        <translation>切纸</translation>
    </message>
    <message>
        <source>Drawer pin</source>
        <translation>钱箱引脚</translation>
    </message>
    <message>
        <source>Network (port 9100)</source>
        <translation>网络（9100 端口）</translation>
    </message>
    <message>
        <source>USB</source>
        <translation>USB</translation>
    </message>
    <message>
        <source>Device file</source>
        <translation>设备文件</translation>
    </message>
    <message>
        <source>Windows printer</source>
        <translation>Windows 打印机</translation>
    </message>
    <message>
        <source>GB18030 (simplified Chinese)</source>
        <translation>GB18030（简体中文）</translation>
    </message>
    <message>
        <source>Big5 (traditional Chinese)</source>
        <translation>Big5（繁体中文）</translation>
    </message>
    <message>
        <source>Drawn by the printer</source>
        <translation>由打印机生成</translation>
    </message>
    <message>
        <source>Sent as an image (older printers)</source>
        <translation>以图片发送（较旧的打印机）</translation>
    </message>
    <message>
        <source>Pin %1</source>
        <translation>%1 号引脚</translation>
    </message>
    <message>
        <source>COM3, /dev/ttyUSB0 or socket://10.0.0.5:4001</source>
        <translation>COM3、/dev/ttyUSB0 或 socket://10.0.0.5:4001</translation>
    </message>
    <message>
        <source>as in Windows&apos; Printers list</source>
        <translation>与 Windows“打印机”列表中的名称一致</translation>
    </message>
    <message>
        <source>Cut the paper after each document</source>
        <translation>每张单据打印后切纸</translation>
    </message>
    <message>
        <source>Open it on cash payments</source>
        <translation>现金收款时弹开</translation>
    </message>
    <message>
        <source>Ask before printing</source>
        <translation>打印前查询</translation>
    </message>
    <message>
        <source>Paper default (%1)</source>
        <translation>按纸宽默认（%1）</translation>
    </message>
</context>
<context>
    <name>PrinterIndicator</name>
    <message>
        <source>Printer: settings cannot be read</source>
        <translation>打印机：设置无法读取</translation>
    </message>
    <message>
        <source>Printer: %1 failed</source>
        <translation>打印机：%1 个打印失败</translation>
    </message>
    <message>
        <source>Printer: %1</source>
        <translation>打印机：%1</translation>
    </message>
    <message>
        <source>Printer: idle</source>
        <translation>打印机：空闲</translation>
    </message>
    <message>
        <source>Nothing printed yet in this session</source>
        <translation>本次登录后尚未打印</translation>
    </message>
</context>
<context>
    <name>PrinterList</name>
    <message>
        <source>The first printer prints the receipts; the others can take a failed job (Other printer… in the print queue).</source>
        <translation>第一台打印机打印票据；其他打印机可接手打印失败的任务（打印队列中的“其他打印机…”）。</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>(receipts)</source>
        <translation>（票据）</translation>
    </message>
</context>
<context>
    <name>PrinterPreview</name>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Preview: a sample entry voucher, %1 characters per line</source>
        <translation>预览：进场缴费凭证样张，每行 %1 个字符</translation>
    </message>
</context>
<context>
    <name>PrinterSettingsScreen</name>
    <message>
        <source>Check status</source>
        <translation>查询状态</translation>
    </message>
    <message>
        <source>Print test page</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <source>Printer “%1”:</source>
        <translation>打印机“%1”：</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Asking “%1”…</source>
        <translation>正在查询“%1”…</translation>
    </message>
    <message>
        <source>“%1”: %2</source>
        <translation>“%1”：%2</translation>
    </message>
    <message>
        <source>No answer:</source>
        <translation>无应答：</translation>
    </message>
    <message>
        <source>Saving first…</source>
        <translation>先保存设置…</translation>
    </message>
    <message>
        <source>Test page queued for “%1”.</source>
        <translation>测试页已加入“%1”的打印队列。</translation>
    </message>
    <message>
        <source>Test page printed on “%1”.</source>
        <translation>测试页已在“%1”打印。</translation>
    </message>
    <message>
        <source>Test page not printed:</source>
        <translation>测试页未打印：</translation>
    </message>
</context>
<context>
    <name>RawMonitor</name>
    <message>
        <source>Raw monitor: the last %1 frames (time since the previous one, bytes in hex, decoded)</source>
        <translation>原始数据监视：最近 %1 帧（距上一帧的时间、十六进制字节、解码结果）</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>ReceiveDialog</name>
    <message>
        <source>Receive handover %1</source>
        <translation>交账单 %1 收款</translation>
    </message>
    <message>
        <source>%1 at %2: expected cash %3, the cashier counted %4.</source>
        <translation>%1（%2）：应交现金 %3，收费员清点 %4。</translation>
    </message>
    <message>
        <source>Accept the cashier&apos;s count</source>
        <translation>认可收费员的清点</translation>
    </message>
    <message>
        <source>Finance&apos;s count</source>
        <translation>财务清点</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异类型</translation>
    </message>
    <message>
        <source>Cash goes to</source>
        <translation>现金存入</translation>
    </message>
    <message>
        <source>The safe</source>
        <translation>保险柜</translation>
    </message>
    <message>
        <source>The bank</source>
        <translation>银行</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>处理说明</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>above the tolerance of %1: a note is required</source>
        <translation>超出可接受差额 %1，须填写备注</translation>
    </message>
    <message>
        <source>, and a supervisor&apos;s authorisation</source>
        <translation>，并需主管授权</translation>
    </message>
    <message>
        <source>Required: say why the cash differs</source>
        <translation>必填：说明差额原因</translation>
    </message>
    <message>
        <source>Note: a difference of %1 needs a note saying why.</source>
        <translation>备注：差额 %1，请注明原因。</translation>
    </message>
</context>
<context>
    <name>RechargeDeskScreen</name>
    <message>
        <source>Recharge (F7)</source>
        <translation>充值 (F7)</translation>
    </message>
    <message>
        <source>Statement (F8)</source>
        <translation>对账单 (F8)</translation>
    </message>
    <message>
        <source>Account %1 (%2) is FROZEN: it takes no recharge until it is unfrozen.</source>
        <translation>账户 %1（%2）已冻结：解冻前不能充值。</translation>
    </message>
    <message>
        <source>Account %1 (%2) is CLOSED: it takes no recharge.</source>
        <translation>账户 %1（%2）已销户：不能充值。</translation>
    </message>
    <message>
        <source>Account %1 closed: %2 paid out (receipt %3).</source>
        <translation>账户 %1 已销户：退还 %2（收据 %3）。</translation>
    </message>
</context>
<context>
    <name>RechargeFlow</name>
    <message>
        <source>Recharging…</source>
        <translation>正在充值…</translation>
    </message>
    <message>
        <source>It is not known whether the recharge was recorded. Press Enter to send the same recharge again: it is never credited twice.</source>
        <translation>无法确定本次充值是否已入账。请按回车重新提交同一笔充值：同一笔绝不会重复入账。</translation>
    </message>
    <message>
        <source>Not recharged.</source>
        <translation>未充值。</translation>
    </message>
</context>
<context>
    <name>RechargeForm</name>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Transaction no.</source>
        <translation>交易流水号</translation>
    </message>
    <message>
        <source>e.g. 500 or 500.50</source>
        <translation>例如 500 或 500.50</translation>
    </message>
    <message>
        <source>Type the amount in yuan, e.g. 500 or 500.50.</source>
        <translation>请输入金额（元），例如 500 或 500.50。</translation>
    </message>
    <message>
        <source>“%1” is not an amount in yuan (at most two decimals), e.g. 500.50.</source>
        <translation>“%1”不是有效的金额（元，最多两位小数），例如 500.50。</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>金额必须大于零。</translation>
    </message>
    <message>
        <source>%1 needs its transaction number: type or scan it.</source>
        <translation>%1需要交易流水号：请输入或扫码。</translation>
    </message>
    <message>
        <source>type or scan the payment&apos;s transaction number</source>
        <translation>输入或扫描付款的交易流水号</translation>
    </message>
    <message>
        <source>cash: none needed</source>
        <translation>现金：无需流水号</translation>
    </message>
</context>
<context>
    <name>RechargeFormat</name>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>银行转账</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>FROZEN: no recharge, no charge</source>
        <translation>已冻结：不能充值，不能扣费</translation>
    </message>
    <message>
        <source>CLOSED</source>
        <translation>已销户</translation>
    </message>
    <message>
        <source>All movements</source>
        <translation>全部收支</translation>
    </message>
    <message>
        <source>Recharges and reversals</source>
        <translation>充值与冲正</translation>
    </message>
    <message>
        <source>Trade fees</source>
        <translation>交易管理费</translation>
    </message>
    <message>
        <source>Exit refunds</source>
        <translation>出场退费</translation>
    </message>
    <message>
        <source>Meter top-ups</source>
        <translation>电表售电</translation>
    </message>
    <message>
        <source>Account closing</source>
        <translation>销户退款</translation>
    </message>
    <message>
        <source>Recharge</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>Recharge reversal</source>
        <translation>充值冲正</translation>
    </message>
    <message>
        <source>Trade fee</source>
        <translation>交易管理费</translation>
    </message>
    <message>
        <source>Exit refund</source>
        <translation>出场退费</translation>
    </message>
    <message>
        <source>Voided entry returned</source>
        <translation>作废冲回</translation>
    </message>
    <message>
        <source>Paid out at closing</source>
        <translation>销户退款</translation>
    </message>
    <message>
        <source>Meter top-up</source>
        <translation>电表售电</translation>
    </message>
    <message>
        <source>Payment split</source>
        <translation>分账</translation>
    </message>
</context>
<context>
    <name>RechargePanel</name>
    <message>
        <source>Recharge (Enter)</source>
        <translation>充值 (Enter)</translation>
    </message>
    <message>
        <source>Clear (Esc)</source>
        <translation>清空 (Esc)</translation>
    </message>
    <message>
        <source>Find the account first (Ctrl+F).</source>
        <translation>请先查找账户 (Ctrl+F)。</translation>
    </message>
    <message>
        <source>Account %1 (%2) is FROZEN: it takes no recharge until it is unfrozen.</source>
        <translation>账户 %1（%2）已冻结：解冻前不能充值。</translation>
    </message>
    <message>
        <source>Account %1 (%2) is CLOSED: it takes no recharge.</source>
        <translation>账户 %1（%2）已销户：不能充值。</translation>
    </message>
    <message>
        <source>No open shift at this counter: open one (Shift menu → Open shift, Ctrl+Shift+O) before taking money.</source>
        <translation>本收费台没有已开班次：收款前请先开班（班次菜单 → 开班，Ctrl+Shift+O）。</translation>
    </message>
    <message>
        <source>Receipt printed.</source>
        <translation>收据已打印。</translation>
    </message>
    <message>
        <source>Receipt NOT printed: %1. The money is credited; the print queue (F11) prints it again.</source>
        <translation>收据未打印：%1。款项已入账；打印队列 (F11) 会重新打印。</translation>
    </message>
    <message>
        <source>Receipt %1: %2 recharged to %3 by %4. Balance %5 → %6.</source>
        <translation>收据 %1：以%4为 %3 充值 %2。余额 %5 → %6。</translation>
    </message>
</context>
<context>
    <name>ReconcileDialogs</name>
    <message>
        <source>Statement not imported</source>
        <translation>对账单未导入</translation>
    </message>
    <message>
        <source>%1: %2 rows are wrong, %3 are valid. Nothing was imported.</source>
        <translation>%1：%2 行有误，%3 行有效。未导入任何数据。</translation>
    </message>
    <message>
        <source>Import the valid rows</source>
        <translation>只导入有效行</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Resolve %1</source>
        <translation>处理 %1</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>处理说明</translation>
    </message>
</context>
<context>
    <name>ReconcileScreen</name>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>银行转账</translation>
    </message>
    <message>
        <source>Usual for the channel</source>
        <translation>按渠道默认格式</translation>
    </message>
    <message>
        <source>WeChat Pay bill</source>
        <translation>微信支付账单</translation>
    </message>
    <message>
        <source>Alipay business detail</source>
        <translation>支付宝业务明细</translation>
    </message>
    <message>
        <source>Bank (date, reference, amount, fee)</source>
        <translation>银行通用（日期、流水号、金额、手续费）</translation>
    </message>
    <message>
        <source>Custom mapping</source>
        <translation>自定义列映射</translation>
    </message>
    <message>
        <source>Missing on our side</source>
        <translation>我方缺失</translation>
    </message>
    <message>
        <source>Missing on the channel side</source>
        <translation>渠道缺失</translation>
    </message>
    <message>
        <source>Amount mismatch</source>
        <translation>金额不符</translation>
    </message>
    <message>
        <source>All differences</source>
        <translation>全部差异</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Resolved too</source>
        <translation>含已处理</translation>
    </message>
    <message>
        <source>Import statement…</source>
        <translation>导入对账单…</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>处理…</translation>
    </message>
    <message>
        <source>Export XLSX…</source>
        <translation>导出 XLSX…</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异类型</translation>
    </message>
    <message>
        <source>Transaction no.</source>
        <translation>交易号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Channel amount</source>
        <translation>渠道金额</translation>
    </message>
    <message>
        <source>Our amount</source>
        <translation>我方金额</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>手续费</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>处理说明</translation>
    </message>
    <message>
        <source>Statements %1 · lines %2 · matched %3 (%4 yuan) · fees %5 yuan · open: missing on our side %6, missing on the channel side %7, amount mismatch %8 · resolved %9</source>
        <translation>对账单 %1 份 · 明细 %2 笔 · 已匹配 %3 笔（%4 元）· 手续费 %5 元 · 未处理：我方缺失 %6 笔，渠道缺失 %7 笔，金额不符 %8 笔 · 已处理 %9 笔</translation>
    </message>
    <message>
        <source>Showing the first %1 of %2 differences.</source>
        <translation>仅显示前 %1 笔差异，共 %2 笔。</translation>
    </message>
    <message>
        <source>Import a channel statement</source>
        <translation>导入渠道对账单</translation>
    </message>
    <message>
        <source>Statements (*.csv *.xlsx *.txt)</source>
        <translation>对账单 (*.csv *.xlsx *.txt)</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <source>%1: %2 lines imported, %3 matched, %4 rows skipped.</source>
        <translation>%1：已导入 %2 笔，匹配 %3 笔，跳过 %4 行。</translation>
    </message>
    <message>
        <source>The statement was not imported.</source>
        <translation>对账单未导入。</translation>
    </message>
    <message>
        <source>Select a difference in the list first.</source>
        <translation>请先在列表中选择一条差异。</translation>
    </message>
    <message>
        <source>Export the reconciliation report</source>
        <translation>导出对账报告</translation>
    </message>
    <message>
        <source>Writing the report…</source>
        <translation>正在生成报告…</translation>
    </message>
    <message>
        <source>Report saved: %1</source>
        <translation>报告已保存：%1</translation>
    </message>
</context>
<context>
    <name>RefundFlow</name>
    <message>
        <source>Reading the scale…</source>
        <translation>正在读取地磅…</translation>
    </message>
    <message>
        <source>The exit weight settled at %1: the refund is %2. Check it and press Enter to refund.</source>
        <translation>出场重量稳定在 %1：退费 %2。请核对后按回车退费。</translation>
    </message>
    <message>
        <source>The truck is as heavy as it came in (nothing unloaded): a supervisor must approve this refund.</source>
        <translation>车辆出场重量不低于进场毛重（未卸货）：须主管批准才能退费。</translation>
    </message>
    <message>
        <source>Not refunded: no supervisor approved it.</source>
        <translation>未退费：没有主管批准。</translation>
    </message>
    <message>
        <source>Refunding…</source>
        <translation>正在退费…</translation>
    </message>
    <message>
        <source>It is not known whether the refund was recorded. Press Enter to send the same refund again: it is never paid twice.</source>
        <translation>无法确认本次退费是否已记账。按回车重新提交同一笔退费：绝不会重复退款。</translation>
    </message>
    <message>
        <source>%1 refunded %2 for %3: give %2 in cash to the driver.</source>
        <translation>%1 已为 %3 退费 %2：请将现金 %2 交给司机。</translation>
    </message>
    <message>
        <source>%1 refunded %2 for %3 to the account, balance now %4.</source>
        <translation>%1 已为 %3 退费 %2 到账户，当前余额 %4。</translation>
    </message>
</context>
<context>
    <name>ReportScreen</name>
    <message>
        <source>Report of</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日报</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月报</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <source>Save XLSX…</source>
        <translation>保存 Excel…</translation>
    </message>
    <message>
        <source>Running the report…</source>
        <translation>正在生成报表…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>正在写入 %1…</translation>
    </message>
    <message>
        <source>Save report as PDF</source>
        <translation>将报表保存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Save report as XLSX</source>
        <translation>将报表保存为 Excel</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Report of %1 ready.</source>
        <translation>%1 的报表已生成。</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消，未写入任何文件。</translation>
    </message>
    <message>
        <source>The report failed.</source>
        <translation>报表生成失败。</translation>
    </message>
</context>
<context>
    <name>ReportView</name>
    <message>
        <source>By commodity</source>
        <translation>按品种</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>按类别</translation>
    </message>
    <message>
        <source>By counter</source>
        <translation>按收费台</translation>
    </message>
    <message>
        <source>By cashier</source>
        <translation>按收费员</translation>
    </message>
    <message>
        <source>By method</source>
        <translation>按支付方式</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退费</translation>
    </message>
    <message>
        <source>Voids</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Recharges</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>Account balances</source>
        <translation>账户余额</translation>
    </message>
    <message>
        <source>Over/short</source>
        <translation>长短款</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>票数</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>作废数</translation>
    </message>
    <message>
        <source>Net weight (t)</source>
        <translation>净重(吨)</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>收费</translation>
    </message>
    <message>
        <source>Voided fees</source>
        <translation>作废金额</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>净额</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收费员</translation>
    </message>
    <message>
        <source>Paid to</source>
        <translation>退至</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>笔数</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Voucher</source>
        <translation>凭证号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Commodity</source>
        <translation>品种</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Authorised by</source>
        <translation>授权人</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Reversed</source>
        <translation>冲正笔数</translation>
    </message>
    <message>
        <source>Reversed amount</source>
        <translation>冲正金额</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>笔数</translation>
    </message>
    <message>
        <source>Over</source>
        <translation>长款</translation>
    </message>
    <message>
        <source>Short</source>
        <translation>短款</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>收费台</translation>
    </message>
    <message>
        <source>Choose a day or a month and press Run.</source>
        <translation>请选择日报或月报，然后点击“生成”。</translation>
    </message>
    <message>
        <source>%1 · %2 tickets, %3 voided · fees %4, refunds %5, voided %6 · net income %7 · balances as of %8</source>
        <translation>%1 · 共 %2 票，作废 %3 票 · 收费 %4，退费 %5，作废 %6 · 净收入 %7 · 余额截至 %8</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>Give %1 a temporary password and tell it to them in person; they should change it after logging in. This also lifts a lockout.</source>
        <translation>为 %1 设置临时密码，并当面告知本人；本人登录后应立即修改。重置密码同时会解除因密码错误造成的锁定。</translation>
    </message>
    <message>
        <source>Temporary password</source>
        <translation>临时密码</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>确认密码</translation>
    </message>
</context>
<context>
    <name>ReverseDialog</name>
    <message>
        <source>Reverse recharge</source>
        <translation>充值冲正</translation>
    </message>
    <message>
        <source>Reverse %1: %2 to %3 (%4) by %5? The whole amount goes back the way it came: cash out of the drawer, or recorded as owed back through the channel.</source>
        <translation>冲正 %1：以%5向 %3（%4）充值的 %2？全部金额原路退回：现金从钱箱付出，其他方式记为经该渠道应退款。</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>e.g. wrong account; amount typed wrong</source>
        <translation>例如：充错账户；金额输错</translation>
    </message>
    <message>
        <source>Reverse</source>
        <translation>冲正</translation>
    </message>
    <message>
        <source>Say why the recharge is reversed.</source>
        <translation>请说明冲正原因。</translation>
    </message>
</context>
<context>
    <name>RoleDialog</name>
    <message>
        <source>Change role</source>
        <translation>更改角色</translation>
    </message>
    <message>
        <source>User: %1 (%2)</source>
        <translation>用户：%1（%2）</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Toll cashier</source>
        <translation>收费员</translation>
    </message>
    <message>
        <source>Recharge clerk</source>
        <translation>充值员</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>财务</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>经理</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <source>Meter reader</source>
        <translation>抄表员</translation>
    </message>
</context>
<context>
    <name>SaveBar</name>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>ScaleForm</name>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>称重仪表</translation>
    </message>
    <message>
        <source>Stable weight</source>
        <translation>稳定判定</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>通讯协议</translation>
    </message>
    <message>
        <source>Demo</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>波特率</translation>
    </message>
    <message>
        <source>Data bits</source>
        <translation>数据位</translation>
    </message>
    <message>
        <source>Parity</source>
        <translation>校验位</translation>
    </message>
    <message>
        <source>Stop bits</source>
        <translation>停止位</translation>
    </message>
    <message>
        <source>DTR line</source>
        <translation>DTR 信号</translation>
    </message>
    <message>
        <source>RTS line</source>
        <translation>RTS 信号</translation>
    </message>
    <message>
        <source>Unit when the frame has none</source>
        <translation>数据帧无单位时按</translation>
    </message>
    <message>
        <source>Indicator address</source>
        <translation>仪表地址</translation>
    </message>
    <message>
        <source>Ask every</source>
        <translation>查询间隔</translation>
    </message>
    <message>
        <source>Steady for at least</source>
        <translation>持续稳定至少</translation>
    </message>
    <message>
        <source>Readings in that time, at least</source>
        <translation>期间读数至少</translation>
    </message>
    <message>
        <source>Allowed spread (one division)</source>
        <translation>允许波动（一个分度值）</translation>
    </message>
    <message>
        <source>Empty scale below</source>
        <translation>低于此重量视为空磅</translation>
    </message>
    <message>
        <source>Newest reading at most this old</source>
        <translation>最新读数最长时效</translation>
    </message>
    <message>
        <source>A scale is connected to this counter</source>
        <translation>本收费台连接了地磅</translation>
    </message>
    <message>
        <source>Simulated truck scale, no hardware (never at a real counter)</source>
        <translation>模拟地磅，无需硬件（切勿用于真实收费台）</translation>
    </message>
    <message>
        <source>COM3, /dev/ttyUSB0 or socket://10.0.0.5:4001</source>
        <translation>COM3、/dev/ttyUSB0 或 socket://10.0.0.5:4001</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无校验</translation>
    </message>
    <message>
        <source>Even</source>
        <translation>偶校验</translation>
    </message>
    <message>
        <source>Odd</source>
        <translation>奇校验</translation>
    </message>
    <message>
        <source>Leave as the driver sets it</source>
        <translation>保持驱动默认</translation>
    </message>
    <message>
        <source>On</source>
        <translation>开</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>None: the indicator sends by itself</source>
        <translation>无：仪表连续发送</translation>
    </message>
</context>
<context>
    <name>ScaleIndicator</name>
    <message>
        <source>Scale: connected</source>
        <translation>地磅：已连接</translation>
    </message>
    <message>
        <source>Scale: connecting…</source>
        <translation>地磅：正在连接…</translation>
    </message>
    <message>
        <source>Scale: no data</source>
        <translation>地磅：无数据</translation>
    </message>
    <message>
        <source>Scale: error: %1</source>
        <translation>地磅：故障：%1</translation>
    </message>
    <message>
        <source>Scale: off</source>
        <translation>地磅：关闭</translation>
    </message>
</context>
<context>
    <name>ScaleSettingsScreen</name>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>ScaleTestPanel</name>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>断开</translation>
    </message>
    <message>
        <source>Test capture</source>
        <translation>测试取数</translation>
    </message>
    <message>
        <source>Detect baud rate</source>
        <translation>检测波特率</translation>
    </message>
    <message>
        <source>Enter the port to connect to.</source>
        <translation>请填写要连接的端口。</translation>
    </message>
    <message>
        <source>Listening at each baud rate…</source>
        <translation>正在逐个波特率监听…</translation>
    </message>
    <message>
        <source>Frames validate at %1 baud.</source>
        <translation>在 %1 波特率下数据帧校验通过。</translation>
    </message>
    <message>
        <source>Waiting for a stable weight…</source>
        <translation>正在等待稳定重量…</translation>
    </message>
    <message>
        <source>Captured %1 %2 (%3 g), stable over %4 readings.</source>
        <translation>已取数 %1 %2（%3 克），%4 个读数稳定。</translation>
    </message>
    <message>
        <source>Not captured: %1</source>
        <translation>未取到重量：%1</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <source>Counter name</source>
        <translation>收费台名称</translation>
    </message>
    <message>
        <source>Database address</source>
        <translation>数据库地址</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>empty: the database file on this computer</source>
        <translation>留空：使用本机上的数据库文件</translation>
    </message>
    <message>
        <source>sqlite:///FILE or postgresql://USER:PASSWORD@HOST:PORT/DATABASE. A new address is used from the next start.</source>
        <translation>格式为 sqlite:///文件路径 或 postgresql://用户名:密码@主机:端口/数据库名。新地址在下次启动时生效。</translation>
    </message>
    <message>
        <source>Saved. The new database address is used from the next start.</source>
        <translation>已保存。新的数据库地址将在下次启动时生效。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>ShiftCloseActions</name>
    <message>
        <source>Close shift…</source>
        <translation>交班…</translation>
    </message>
    <message>
        <source>Cash drop / pay-out…</source>
        <translation>解款 / 支出…</translation>
    </message>
</context>
<context>
    <name>ShiftCloseDialog</name>
    <message>
        <source>Close shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Shift %1 of %2: count the cash in the drawer by note and coin, and enter the totals of the card terminal and the payment apps.</source>
        <translation>%2 的班次 %1：按面额清点钱箱现金，并填写刷卡机和各支付应用的合计。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>%1 total (yuan)</source>
        <translation>%1合计（元）</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>处理说明</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close shift…</source>
        <translation>交班…</translation>
    </message>
    <message>
        <source>Yes, close the shift</source>
        <translation>确定交班</translation>
    </message>
    <message>
        <source>Closing…</source>
        <translation>正在交班…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Close the shift now? This cannot be undone. Enter: yes, Esc: back to the count.</source>
        <translation>现在交班吗？交班后不能撤销。Enter：确定；Esc：返回清点。</translation>
    </message>
</context>
<context>
    <name>ShiftCloseResult</name>
    <message>
        <source>Method</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>应交</translation>
    </message>
    <message>
        <source>Counted / declared</source>
        <translation>实点 / 申报</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异类型</translation>
    </message>
    <message>
        <source>Shift closed: handover %1.</source>
        <translation>已交班：交账单 %1。</translation>
    </message>
    <message>
        <source>The handover slip is printing.</source>
        <translation>交账单正在打印。</translation>
    </message>
    <message>
        <source>No slip: this workstation has no counter name.</source>
        <translation>未打印交账单：本机未设置收费台名称。</translation>
    </message>
    <message>
        <source>Blind count: the expected figures are shown after you submit.</source>
        <translation>盲点：提交后才显示应交金额。</translation>
    </message>
    <message>
        <source>Expected cash %1</source>
        <translation>应交现金 %1</translation>
    </message>
</context>
<context>
    <name>ShiftCounters</name>
    <message>
        <source>This shift</source>
        <translation>本班</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>车辆数</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>收费</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退费</translation>
    </message>
    <message>
        <source>Net income</source>
        <translation>净收入</translation>
    </message>
    <message>
        <source>From accounts</source>
        <translation>账户扣款</translation>
    </message>
    <message>
        <source>Cash from tickets</source>
        <translation>票据现金</translation>
    </message>
    <message>
        <source>Cash in drawer</source>
        <translation>钱箱现金</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Opening float %1 plus the cash of this shift&apos;s tickets</source>
        <translation>开班备用金 %1 加本班票据现金</translation>
    </message>
</context>
<context>
    <name>ShortfallDialog</name>
    <message>
        <source>Balance short</source>
        <translation>余额不足</translation>
    </message>
    <message>
        <source>Balance short: the account pays %1, collect %2 in cash.</source>
        <translation>余额不足：账户付 %1，现金收 %2。</translation>
    </message>
    <message>
        <source>%1: fee %2, available on the account %3.</source>
        <translation>%1：应收 %2，账户可用 %3。</translation>
    </message>
    <message>
        <source>Collect %1 in cash (Enter)</source>
        <translation>收现金 %1（回车）</translation>
    </message>
    <message>
        <source>All in cash: %1 (F4)</source>
        <translation>全部现金：%1（F4）</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消（Esc）</translation>
    </message>
</context>
<context>
    <name>SkipJobDialog</name>
    <message>
        <source>Skip printing</source>
        <translation>跳过打印</translation>
    </message>
    <message>
        <source>%1 will not be printed. Say why: the reason is kept in the audit trail.</source>
        <translation>%1将不再打印。请说明原因，原因会记入审计记录。</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>e.g. the driver has left; paper jammed, written by hand</source>
        <translation>例如：司机已离开；卡纸，已手写凭证</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Say why the document is not printed.</source>
        <translation>请说明不打印的原因。</translation>
    </message>
</context>
<context>
    <name>SplitReportView</name>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to (inclusive)</source>
        <translation>至(含当天)</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Beneficiary</source>
        <translation>收款方</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>票数</translation>
    </message>
    <message>
        <source>Shares (yuan)</source>
        <translation>分账(元)</translation>
    </message>
    <message>
        <source>Returned (yuan)</source>
        <translation>退回(元)</translation>
    </message>
    <message>
        <source>Net (yuan)</source>
        <translation>净额(元)</translation>
    </message>
    <message>
        <source>Owed now (yuan)</source>
        <translation>当前应付(元)</translation>
    </message>
    <message>
        <source>Split log total (yuan)</source>
        <translation>分账记录累计(元)</translation>
    </message>
</context>
<context>
    <name>SplitRuleForm</name>
    <message>
        <source>For</source>
        <translation>适用于</translation>
    </message>
    <message>
        <source>Shares</source>
        <translation>分账比例</translation>
    </message>
    <message>
        <source>Another line</source>
        <translation>再加一行</translation>
    </message>
    <message>
        <source>The rest to</source>
        <translation>余额归属</translation>
    </message>
    <message>
        <source>Effective</source>
        <translation>生效时间</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>why the rule changes (kept in the history)</source>
        <translation>修改原因(记入历史)</translation>
    </message>
    <message>
        <source>12.5% or 3.00 yuan</source>
        <translation>如 12.5% 或 3.00 元</translation>
    </message>
    <message>
        <source>Category %1</source>
        <translation>品种大类 %1</translation>
    </message>
    <message>
        <source>Commodity %1</source>
        <translation>品种 %1</translation>
    </message>
    <message>
        <source>Line %1: choose a beneficiary.</source>
        <translation>第 %1 行:请选择收款方。</translation>
    </message>
    <message>
        <source>Line %1: type a percentage like 12.5% or an amount like 3.00.</source>
        <translation>第 %1 行:请输入比例(如 12.5%)或金额(如 3.00)。</translation>
    </message>
    <message>
        <source>Choose who gets the rest of the fee.</source>
        <translation>请选择余额归属方。</translation>
    </message>
    <message>
        <source>Shares add up. A fee of %1 yuan gives: %2 = %1.</source>
        <translation>分账合计无误。收费 %1 元时:%2 = %1。</translation>
    </message>
    <message>
        <source>Choose a category or a commodity first.</source>
        <translation>请先选择品种大类或品种。</translation>
    </message>
    <message>
        <source>Version %1 of the rule of %2 saved, effective from %3.</source>
        <translation>%2 的分账规则第 %1 版已保存,自 %3 起生效。</translation>
    </message>
</context>
<context>
    <name>SplitRulesScreen</name>
    <message>
        <source>Rules</source>
        <translation>分账规则</translation>
    </message>
    <message>
        <source>Beneficiaries</source>
        <translation>收款方</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>For</source>
        <translation>适用于</translation>
    </message>
    <message>
        <source>Shares now</source>
        <translation>当前分账</translation>
    </message>
    <message>
        <source>The rest to</source>
        <translation>余额归属</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Effective from</source>
        <translation>生效时间</translation>
    </message>
    <message>
        <source>Shares</source>
        <translation>分账比例</translation>
    </message>
    <message>
        <source>Changed by</source>
        <translation>修改人</translation>
    </message>
    <message>
        <source>Changed at</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Category %1</source>
        <translation>品种大类 %1</translation>
    </message>
    <message>
        <source>Commodity %1</source>
        <translation>品种 %1</translation>
    </message>
    <message>
        <source>no split</source>
        <translation>不分账</translation>
    </message>
    <message>
        <source>History of the rule: %1</source>
        <translation>分账规则历史:%1</translation>
    </message>
    <message>
        <source>History: choose a rule in the list.</source>
        <translation>历史:请在列表中选择一条规则。</translation>
    </message>
    <message>
        <source>cleared</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>StatementPanel</name>
    <message>
        <source>From</source>
        <translation>自</translation>
    </message>
    <message>
        <source>to (inclusive)</source>
        <translation>至（含）</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Voucher</source>
        <translation>凭证</translation>
    </message>
    <message>
        <source>In</source>
        <translation>收入</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>支出</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <source>Find an account to see its statement.</source>
        <translation>请先查找账户以查看对账单。</translation>
    </message>
    <message>
        <source>The period ends before it starts.</source>
        <translation>期间的结束日期早于开始日期。</translation>
    </message>
    <message>
        <source>Statement of %1 (%2)</source>
        <translation>%1（%2）的对账单</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>对账单</translation>
    </message>
    <message>
        <source>Opening balance: %1</source>
        <translation>期初余额：%1</translation>
    </message>
    <message>
        <source>Closing balance: %1</source>
        <translation>期末余额：%1</translation>
    </message>
    <message>
        <source>Page %1</source>
        <translation>第 %1 页</translation>
    </message>
    <message>
        <source>Save statement as PDF</source>
        <translation>将对账单保存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Laying out the statement…</source>
        <translation>正在生成对账单…</translation>
    </message>
    <message>
        <source>Laying out the statement: page %1…</source>
        <translation>正在生成对账单：第 %1 页…</translation>
    </message>
    <message>
        <source>Statement saved: %1</source>
        <translation>对账单已保存：%1</translation>
    </message>
    <message>
        <source>The statement was not saved.</source>
        <translation>对账单未保存。</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <source>Counter: %1</source>
        <translation>收费台：%1</translation>
    </message>
    <message>
        <source>User: %1 (%2)</source>
        <translation>操作员：%1（%2）</translation>
    </message>
    <message>
        <source>No open shift</source>
        <translation>未开班</translation>
    </message>
    <message>
        <source>Shift %1 since %2</source>
        <translation>班次 %1（%2 开班）</translation>
    </message>
    <message>
        <source>Ledger check failed: money operations are stopped</source>
        <translation>账务自检失败：已停止一切收付款操作</translation>
    </message>
</context>
<context>
    <name>TicketList</name>
    <message>
        <source>Tickets of this shift</source>
        <translation>本班票据</translation>
    </message>
    <message>
        <source>plate or voucher number (Ctrl+F)</source>
        <translation>车牌或凭证号（Ctrl+F）</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Voucher</source>
        <translation>凭证号</translation>
    </message>
    <message>
        <source>Plate</source>
        <translation>车牌</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>经营户</translation>
    </message>
    <message>
        <source>Commodity</source>
        <translation>品种</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>净重</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>收费</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退费</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>重打凭证</translation>
    </message>
    <message>
        <source>Reprint with a supervisor</source>
        <translation>重打凭证（需主管）</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Void with a supervisor…</source>
        <translation>作废（需主管）…</translation>
    </message>
    <message>
        <source>%1 (by hand)</source>
        <translation>%1（手工）</translation>
    </message>
    <message>
        <source>No ticket to act on.</source>
        <translation>没有可操作的票据。</translation>
    </message>
    <message>
        <source>Reprinting %1…</source>
        <translation>正在重打 %1…</translation>
    </message>
    <message>
        <source>Reprint of %1 sent to the printer (marked DUPLICATE).</source>
        <translation>%1 的重打凭证已送打印机（标注“重打”）。</translation>
    </message>
    <message>
        <source>%1 is %2: only an entry still on site can be voided.</source>
        <translation>%1 %2：只有仍在场的进场票据才能作废。</translation>
    </message>
    <message>
        <source>%1 voided: give back %2 in cash; %3 went back to the account.</source>
        <translation>%1 已作废：退还现金 %2；%3 已退回账户。</translation>
    </message>
</context>
<context>
    <name>TodayRecharges</name>
    <message>
        <source>Recharges of this shift</source>
        <translation>本班次充值记录</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>收据</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Transaction no.</source>
        <translation>交易流水号</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>充值后余额</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Reverse…</source>
        <translation>冲正…</translation>
    </message>
    <message>
        <source>Reverse with a supervisor…</source>
        <translation>主管授权冲正…</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>重打</translation>
    </message>
    <message>
        <source>Reprint with a supervisor</source>
        <translation>主管授权重打</translation>
    </message>
    <message>
        <source>REVERSED</source>
        <translation>已冲正</translation>
    </message>
    <message>
        <source>No recharge of this shift to act on.</source>
        <translation>本班次没有可操作的充值记录。</translation>
    </message>
    <message>
        <source>%1 has already been reversed.</source>
        <translation>%1 已经冲正过了。</translation>
    </message>
    <message>
        <source>%1 reversed (receipt %2): %3 back by %4; the balance is now %5.</source>
        <translation>%1 已冲正（收据 %2）：以%4退回 %3；现余额 %5。</translation>
    </message>
    <message>
        <source>Reprinting %1…</source>
        <translation>正在重打 %1…</translation>
    </message>
    <message>
        <source>Reprint of %1 sent to the printer (marked DUPLICATE).</source>
        <translation>%1 的重打已发送到打印机（标注“重打”）。</translation>
    </message>
</context>
<context>
    <name>UpgradeDialog</name>
    <message>
        <source>MarketDesk — upgrade the database</source>
        <translation>市场收费台 — 升级数据库</translation>
    </message>
    <message>
        <source>The database is empty. MarketDesk can create its tables in it.</source>
        <translation>该数据库是空的，可以在其中创建市场收费台所需的数据表。</translation>
    </message>
    <message>
        <source>The database was made by an older MarketDesk (schema %1); this version needs schema %2.</source>
        <translation>该数据库由旧版市场收费台创建（结构版本 %1），本版本需要结构版本 %2。</translation>
    </message>
    <message>
        <source>Quit (Esc)</source>
        <translation>退出 (Esc)</translation>
    </message>
    <message>
        <source>Log in as a user who may manage settings:</source>
        <translation>请以有“管理系统设置”权限的用户身份验证：</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Upgrade the database now? Close MarketDesk on every other counter first; afterwards they all need this version.</source>
        <translation>现在升级数据库吗？请先关闭其他所有收费台上的市场收费台程序；升级后，这些收费台都需要安装本版本。</translation>
    </message>
    <message>
        <source>Upgrading… do not switch off this computer.</source>
        <translation>正在升级… 请勿关闭电脑。</translation>
    </message>
    <message>
        <source>Continue (Enter)</source>
        <translation>继续 (Enter)</translation>
    </message>
    <message>
        <source>Upgrade now (Enter)</source>
        <translation>立即升级 (Enter)</translation>
    </message>
</context>
<context>
    <name>UsersScreen</name>
    <message>
        <source>New user</source>
        <translation>新建用户</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>更改角色</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Locked by an administrator</source>
        <translation>已被管理员锁定</translation>
    </message>
    <message>
        <source>Locked until %1 (wrong passwords)</source>
        <translation>密码错误次数过多，锁定至 %1</translation>
    </message>
    <message>
        <source>Active, must change password</source>
        <translation>正常（须修改密码）</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>User %1 created.</source>
        <translation>已创建用户 %1。</translation>
    </message>
    <message>
        <source>%1 is now: %2.</source>
        <translation>%1 的角色已改为：%2。</translation>
    </message>
    <message>
        <source>Password of %1 reset.</source>
        <translation>已重置 %1 的密码。</translation>
    </message>
    <message>
        <source>User %1 locked.</source>
        <translation>已锁定用户 %1。</translation>
    </message>
    <message>
        <source>User %1 unlocked.</source>
        <translation>已解锁用户 %1。</translation>
    </message>
</context>
<context>
    <name>VehicleForm</name>
    <message>
        <source>Plate</source>
        <translation>车牌号</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>经营户</translation>
    </message>
    <message>
        <source>Vehicle type</source>
        <translation>车型</translation>
    </message>
    <message>
        <source>Licensed curb weight</source>
        <translation>行驶证空车重量</translation>
    </message>
    <message>
        <source>e.g. 鲁A12345</source>
        <translation>例如 鲁A12345</translation>
    </message>
    <message>
        <source>Weigh the tare at exit (the merchant asks for it)</source>
        <translation>出场时称皮重（经营户要求）</translation>
    </message>
    <message>
        <source>Approved tare at the desk: the licensed curb weight, else the vehicle type&apos;s tare, else 0 and the tare is weighed at exit.</source>
        <translation>收费台的核定皮重：优先用行驶证空车重量，其次用车型皮重，否则按 0 计并在出场时称皮重。</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>(not in use)</source>
        <translation>（已停用）</translation>
    </message>
    <message>
        <source>New vehicle</source>
        <translation>新建车辆</translation>
    </message>
    <message>
        <source>Vehicle %1</source>
        <translation>车辆 %1</translation>
    </message>
    <message>
        <source>Plate: type the licence plate, e.g. 鲁A12345.</source>
        <translation>车牌号：请输入车牌号，例如 鲁A12345。</translation>
    </message>
    <message>
        <source>Merchant: take one from the hits (Enter takes the first), or empty the field for none.</source>
        <translation>经营户：请从搜索结果中选择（回车选第一个），或清空表示无经营户。</translation>
    </message>
    <message>
        <source>Plate %1 is already on record: search for it to change it.</source>
        <translation>车牌 %1 已有档案：请搜索该车辆后再修改。</translation>
    </message>
    <message>
        <source>Vehicle %1 saved.</source>
        <translation>车辆 %1 已保存。</translation>
    </message>
    <message>
        <source>Changes to %1 saved.</source>
        <translation>%1 的修改已保存。</translation>
    </message>
</context>
<context>
    <name>VehicleTypeForm</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Tare</source>
        <translation>皮重</translation>
    </message>
    <message>
        <source>In use (offered for vehicles)</source>
        <translation>启用（可供车辆选用）</translation>
    </message>
    <message>
        <source>New vehicle type</source>
        <translation>新建车型</translation>
    </message>
    <message>
        <source>Vehicle type %1</source>
        <translation>车型 %1</translation>
    </message>
    <message>
        <source>Name: type the vehicle type&apos;s name, e.g. 三轮车.</source>
        <translation>名称：请输入车型名称，例如 三轮车。</translation>
    </message>
    <message>
        <source>Tare: type the empty vehicle&apos;s weight, e.g. 0.45 t or 450 kg.</source>
        <translation>皮重：请输入空车重量，例如 0.45 吨或 450 公斤。</translation>
    </message>
    <message>
        <source>Vehicle type %1 saved.</source>
        <translation>车型 %1 已保存。</translation>
    </message>
</context>
<context>
    <name>VehicleTypesPage</name>
    <message>
        <source>Vehicle type</source>
        <translation>车型</translation>
    </message>
    <message>
        <source>Tare</source>
        <translation>皮重</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>New vehicle type</source>
        <translation>新建车型</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>not in use</source>
        <translation>停用</translation>
    </message>
</context>
<context>
    <name>VehiclesPage</name>
    <message>
        <source>Search: plate fragment, merchant name or initials; Enter picks the first</source>
        <translation>搜索：车牌片段、经营户名称或拼音首字母；回车选第一个</translation>
    </message>
    <message>
        <source>Plate</source>
        <translation>车牌号</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>经营户</translation>
    </message>
    <message>
        <source>Vehicle type</source>
        <translation>车型</translation>
    </message>
    <message>
        <source>Licensed curb weight</source>
        <translation>行驶证空车重量</translation>
    </message>
    <message>
        <source>Weigh tare at exit</source>
        <translation>出场称皮重</translation>
    </message>
    <message>
        <source>Last commodity</source>
        <translation>上次品种</translation>
    </message>
    <message>
        <source>New vehicle</source>
        <translation>新建车辆</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Type a plate fragment (e.g. the last digits), a merchant&apos;s name or initials.</source>
        <translation>请输入车牌片段（如末几位数字）、经营户名称或拼音首字母。</translation>
    </message>
    <message>
        <source>Vehicles found: %1</source>
        <translation>找到车辆：%1 辆</translation>
    </message>
</context>
<context>
    <name>VehiclesScreen</name>
    <message>
        <source>Vehicles</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Vehicle types (tare library)</source>
        <translation>车型（非标车辆皮重库）</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Void entry</source>
        <translation>作废进场票据</translation>
    </message>
    <message>
        <source>Void %1 (%2, fee %3)? The fee goes back: %4 in cash to the driver, %5 to the account.</source>
        <translation>作废 %1（%2，收费 %3）？费用将退回：现金 %4 还给司机，%5 退回账户。</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>e.g. wrong commodity; weighed twice</source>
        <translation>例如：品种选错；重复过磅</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Say why the entry is voided.</source>
        <translation>请说明作废原因。</translation>
    </message>
</context>
<context>
    <name>WeighDeskScreen</name>
    <message>
        <source>Entry (F2)</source>
        <translation>进场 (F2)</translation>
    </message>
    <message>
        <source>Exit (F3)</source>
        <translation>出场 (F3)</translation>
    </message>
</context>
<context>
    <name>WeightDisplay</name>
    <message>
        <source>STABLE</source>
        <translation>稳定</translation>
    </message>
    <message>
        <source>ZERO</source>
        <translation>零位</translation>
    </message>
    <message>
        <source>NEGATIVE</source>
        <translation>负重</translation>
    </message>
    <message>
        <source>OVERLOAD</source>
        <translation>超载</translation>
    </message>
    <message>
        <source>UNDERLOAD</source>
        <translation>欠载</translation>
    </message>
    <message>
        <source>NO SIGNAL</source>
        <translation>无信号</translation>
    </message>
</context>
<context>
    <name>WeightField</name>
    <message>
        <source>t</source>
        <translation>吨</translation>
    </message>
    <message>
        <source>kg</source>
        <translation>公斤</translation>
    </message>
    <message>
        <source>e.g. 12.08 t or 12080 kg</source>
        <translation>例如 12.08 吨或 12080 公斤</translation>
    </message>
</context>
</TS>
