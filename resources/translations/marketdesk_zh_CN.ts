<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
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
        <source>Home</source>
        <translation>首页</translation>
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
</TS>
