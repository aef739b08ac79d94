<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AccountActions</name>
    <message>
        <source>Unfreeze…</source>
        <translation>Unfreeze…</translation>
    </message>
    <message>
        <source>Freeze…</source>
        <translation>Freeze…</translation>
    </message>
    <message>
        <source>Overdraft limit…</source>
        <translation>Overdraft limit…</translation>
    </message>
    <message>
        <source>Close account…</source>
        <translation>Close account…</translation>
    </message>
</context>
<context>
    <name>AccountCard</name>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>Holder</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Balance</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Available</translation>
    </message>
    <message>
        <source>Overdraft limit</source>
        <translation>Overdraft limit</translation>
    </message>
    <message>
        <source>No account chosen: find one above and press Enter.</source>
        <translation>No account chosen: find one above and press Enter.</translation>
    </message>
</context>
<context>
    <name>AccountFinder</name>
    <message>
        <source>Find account (Ctrl+F)</source>
        <translation>Find account (Ctrl+F)</translation>
    </message>
    <message>
        <source>account number, name, pinyin initials, phone or plate; Enter takes the first</source>
        <translation>account number, name, pinyin initials, phone or plate; Enter takes the first</translation>
    </message>
    <message>
        <source>No prepaid account matches “%1”.</source>
        <translation>No prepaid account matches “%1”.</translation>
    </message>
</context>
<context>
    <name>AdjustDialog</name>
    <message>
        <source>Adjust handover %1</source>
        <translation>Adjust handover %1</translation>
    </message>
    <message>
        <source>The handover stays as received; the correction is recorded beside it.</source>
        <translation>The handover stays as received; the correction is recorded beside it.</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>Correction</translation>
    </message>
    <message>
        <source>Cash found (+)</source>
        <translation>Cash found (+)</translation>
    </message>
    <message>
        <source>Cash missing (−)</source>
        <translation>Cash missing (−)</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>amount</source>
        <translation>amount</translation>
    </message>
    <message>
        <source>Amount: more than zero; choose found or missing above.</source>
        <translation>Amount: more than zero; choose found or missing above.</translation>
    </message>
</context>
<context>
    <name>BeneficiariesView</name>
    <message>
        <source>Beneficiary</source>
        <translation>Beneficiary</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>New beneficiary</source>
        <translation>New beneficiary</translation>
    </message>
    <message>
        <source>e.g. the vegetable cooperative</source>
        <translation>e.g. the vegetable cooperative</translation>
    </message>
    <message>
        <source>External (owed to them)</source>
        <translation>External (owed to them)</translation>
    </message>
    <message>
        <source>The market&apos;s own income</source>
        <translation>The market&apos;s own income</translation>
    </message>
    <message>
        <source>%1 added.</source>
        <translation>%1 added.</translation>
    </message>
</context>
<context>
    <name>BrandingBox</name>
    <message>
        <source>Receipt branding (the same at every counter)</source>
        <translation>Receipt branding (the same at every counter)</translation>
    </message>
    <message>
        <source>Market name</source>
        <translation>Market name</translation>
    </message>
    <message>
        <source>Footer</source>
        <translation>Footer</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>Logo</translation>
    </message>
    <message>
        <source>e.g. a service telephone number</source>
        <translation>e.g. a service telephone number</translation>
    </message>
    <message>
        <source>Choose PNG…</source>
        <translation>Choose PNG…</translation>
    </message>
    <message>
        <source>Remove logo</source>
        <translation>Remove logo</translation>
    </message>
    <message>
        <source>Save branding</source>
        <translation>Save branding</translation>
    </message>
    <message>
        <source>Changing these needs the permission “%1”.</source>
        <translation>Changing these needs the permission “%1”.</translation>
    </message>
    <message>
        <source>No logo</source>
        <translation>No logo</translation>
    </message>
    <message>
        <source>Choose the receipt logo</source>
        <translation>Choose the receipt logo</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <source>Logo chosen; Save branding to keep it.</source>
        <translation>Logo chosen; Save branding to keep it.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Saved.</translation>
    </message>
</context>
<context>
    <name>CashMoveDialog</name>
    <message>
        <source>Cash drop / pay-out</source>
        <translation>Cash drop / pay-out</translation>
    </message>
    <message>
        <source>Cash taken out of the drawer of your open shift: it counts in the cash you hand over, and a slip prints.</source>
        <translation>Cash taken out of the drawer of your open shift: it counts in the cash you hand over, and a slip prints.</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Drop to the safe</source>
        <translation>Drop to the safe</translation>
    </message>
    <message>
        <source>Pay-out</source>
        <translation>Pay-out</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <source>Paid to</source>
        <translation>Paid to</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>amount</source>
        <translation>amount</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Your password was reset. Choose a new one to continue, %1.</source>
        <translation>Your password was reset. Choose a new one to continue, %1.</translation>
    </message>
    <message>
        <source>User: %1</source>
        <translation>User: %1</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Current password</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>Repeat new password</source>
        <translation>Repeat new password</translation>
    </message>
</context>
<context>
    <name>ChangePriceForm</name>
    <message>
        <source>New price (yuan/t)</source>
        <translation>New price (yuan/t)</translation>
    </message>
    <message>
        <source>e.g. 12.50</source>
        <translation>e.g. 12.50</translation>
    </message>
    <message>
        <source>Effective</source>
        <translation>Effective</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>why the price changes (kept in the history)</source>
        <translation>why the price changes (kept in the history)</translation>
    </message>
    <message>
        <source>Choose a commodity or a category in the list.</source>
        <translation>Choose a commodity or a category in the list.</translation>
    </message>
    <message>
        <source>Price of the commodity %1</source>
        <translation>Price of the commodity %1</translation>
    </message>
    <message>
        <source>Price of the category %1 (for its commodities without a price of their own)</source>
        <translation>Price of the category %1 (for its commodities without a price of their own)</translation>
    </message>
    <message>
        <source>now %1 yuan/t</source>
        <translation>now %1 yuan/t</translation>
    </message>
    <message>
        <source>Choose a commodity or a category in the list first.</source>
        <translation>Choose a commodity or a category in the list first.</translation>
    </message>
    <message>
        <source>New price of %1: %2 yuan/t, effective from %3.</source>
        <translation>New price of %1: %2 yuan/t, effective from %3.</translation>
    </message>
</context>
<context>
    <name>ChargeFlow</name>
    <message>
        <source>Reading the scale…</source>
        <translation>Reading the scale…</translation>
    </message>
    <message>
        <source>The weight settled at %1: the fee is %2. Check it and press Enter to charge.</source>
        <translation>The weight settled at %1: the fee is %2. Check it and press Enter to charge.</translation>
    </message>
    <message>
        <source>Not charged.</source>
        <translation>Not charged.</translation>
    </message>
    <message>
        <source>Charging…</source>
        <translation>Charging…</translation>
    </message>
    <message>
        <source>It is not known whether the charge was recorded. Press Enter to send the same charge again: it is never recorded twice.</source>
        <translation>It is not known whether the charge was recorded. Press Enter to send the same charge again: it is never recorded twice.</translation>
    </message>
</context>
<context>
    <name>CloseAccountDialog</name>
    <message>
        <source>Close account</source>
        <translation>Close account</translation>
    </message>
    <message>
        <source>Close %1 (%2) for good? Its balance of %3 is paid out now; the account takes nothing afterwards.</source>
        <translation>Close %1 (%2) for good? Its balance of %3 is paid out now; the account takes nothing afterwards.</translation>
    </message>
    <message>
        <source>Cash from the drawer</source>
        <translation>Cash from the drawer</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>Bank transfer</translation>
    </message>
    <message>
        <source>Pay out by</source>
        <translation>Pay out by</translation>
    </message>
    <message>
        <source>Transfer reference</source>
        <translation>Transfer reference</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Type the bank transfer&apos;s reference.</source>
        <translation>Type the bank transfer&apos;s reference.</translation>
    </message>
    <message>
        <source>Say why the account is closed.</source>
        <translation>Say why the account is closed.</translation>
    </message>
</context>
<context>
    <name>DayClosePanel</name>
    <message>
        <source>Business day</source>
        <translation>Business day</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>Close the day</source>
        <translation>Close the day</translation>
    </message>
    <message>
        <source>Open the day report</source>
        <translation>Open the day report</translation>
    </message>
    <message>
        <source>Handovers received: %1</source>
        <translation>Handovers received: %1</translation>
    </message>
    <message>
        <source>Shifts still open: %1</source>
        <translation>Shifts still open: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Handovers waiting: %1</source>
        <translation>Handovers waiting: %1</translation>
    </message>
    <message>
        <source>This day is already closed.</source>
        <translation>This day is already closed.</translation>
    </message>
    <message>
        <source>Ready to close.</source>
        <translation>Ready to close.</translation>
    </message>
    <message>
        <source>Closing the day: checking the ledger and writing the day report…</source>
        <translation>Closing the day: checking the ledger and writing the day report…</translation>
    </message>
    <message>
        <source>%1 closed: %2 handover(s), expected cash %3, counted %4, difference %5. The day report is %6.</source>
        <translation>%1 closed: %2 handover(s), expected cash %3, counted %4, difference %5. The day report is %6.</translation>
    </message>
</context>
<context>
    <name>DbProblemDialog</name>
    <message>
        <source>MarketDesk — cannot open the database</source>
        <translation>MarketDesk — cannot open the database</translation>
    </message>
    <message>
        <source>Database address</source>
        <translation>Database address</translation>
    </message>
    <message>
        <source>sqlite:///FILE or postgresql://USER:PASSWORD@HOST:PORT/DATABASE. A changed address is saved in this counter&apos;s settings.</source>
        <translation>sqlite:///FILE or postgresql://USER:PASSWORD@HOST:PORT/DATABASE. A changed address is saved in this counter&apos;s settings.</translation>
    </message>
    <message>
        <source>Retry (Enter)</source>
        <translation>Retry (Enter)</translation>
    </message>
    <message>
        <source>Change database… (F2)</source>
        <translation>Change database… (F2)</translation>
    </message>
    <message>
        <source>Quit (Esc)</source>
        <translation>Quit (Esc)</translation>
    </message>
</context>
<context>
    <name>DenominationGrid</name>
    <message>
        <source>Note / coin</source>
        <translation>Note / coin</translation>
    </message>
    <message>
        <source>Pieces</source>
        <translation>Pieces</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Total counted</source>
        <translation>Total counted</translation>
    </message>
</context>
<context>
    <name>DeskErrors</name>
    <message>
        <source>The scale gives no weight to charge.</source>
        <translation>The scale gives no weight to charge.</translation>
    </message>
    <message>
        <source>This voucher is not genuine: do not refund it.</source>
        <translation>This voucher is not genuine: do not refund it.</translation>
    </message>
    <message>
        <source>No such voucher or ticket.</source>
        <translation>No such voucher or ticket.</translation>
    </message>
</context>
<context>
    <name>DeskFormat</name>
    <message>
        <source>licensed curb weight</source>
        <translation>licensed curb weight</translation>
    </message>
    <message>
        <source>vehicle type</source>
        <translation>vehicle type</translation>
    </message>
    <message>
        <source>weighed at exit</source>
        <translation>weighed at exit</translation>
    </message>
    <message>
        <source>entered by hand</source>
        <translation>entered by hand</translation>
    </message>
    <message>
        <source>fixed merchant</source>
        <translation>fixed merchant</translation>
    </message>
    <message>
        <source>temporary customer</source>
        <translation>temporary customer</translation>
    </message>
    <message>
        <source>on site</source>
        <translation>on site</translation>
    </message>
    <message>
        <source>refunded</source>
        <translation>refunded</translation>
    </message>
    <message>
        <source>voided</source>
        <translation>voided</translation>
    </message>
    <message>
        <source>to the account</source>
        <translation>to the account</translation>
    </message>
    <message>
        <source>in cash</source>
        <translation>in cash</translation>
    </message>
    <message>
        <source>%1 t</source>
        <translation>%1 t</translation>
    </message>
    <message>
        <source>%1 / t</source>
        <translation>%1 / t</translation>
    </message>
    <message>
        <source>weight: type kilograms, e.g. 32560, or tonnes, e.g. 32.56t</source>
        <translation>weight: type kilograms, e.g. 32560, or tonnes, e.g. 32.56t</translation>
    </message>
    <message>
        <source>weight: more than 0, in whole grams</source>
        <translation>weight: more than 0, in whole grams</translation>
    </message>
</context>
<context>
    <name>EffectiveTimeField</name>
    <message>
        <source>Now</source>
        <translation>Now</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
</context>
<context>
    <name>EntryForm</name>
    <message>
        <source>&amp;Plate</source>
        <translation>&amp;Plate</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>Merchant</translation>
    </message>
    <message>
        <source>Customer &amp;name</source>
        <translation>Customer &amp;name</translation>
    </message>
    <message>
        <source>&amp;Commodity</source>
        <translation>&amp;Commodity</translation>
    </message>
    <message>
        <source>Tare</source>
        <translation>Tare</translation>
    </message>
    <message>
        <source>&amp;Vehicle type</source>
        <translation>&amp;Vehicle type</translation>
    </message>
    <message>
        <source>plate, merchant or pinyin initials, then Enter</source>
        <translation>plate, merchant or pinyin initials, then Enter</translation>
    </message>
    <message>
        <source>name or pinyin initials</source>
        <translation>name or pinyin initials</translation>
    </message>
    <message>
        <source>optional: printed on the voucher</source>
        <translation>optional: printed on the voucher</translation>
    </message>
    <message>
        <source>Weigh the tare at exit (tare 0 now, refund by weight)</source>
        <translation>Weigh the tare at exit (tare 0 now, refund by weight)</translation>
    </message>
    <message>
        <source>Pay the whole fee in cash</source>
        <translation>Pay the whole fee in cash</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>— choose —</translation>
    </message>
    <message>
        <source>Temporary customer: pays in cash</source>
        <translation>Temporary customer: pays in cash</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 · available %4</source>
        <translation>%1 · %2 · %3 · available %4</translation>
    </message>
    <message>
        <source>%1 · %2: pays in cash</source>
        <translation>%1 · %2: pays in cash</translation>
    </message>
    <message>
        <source>SUSPENDED</source>
        <translation>SUSPENDED</translation>
    </message>
    <message>
        <source>Not on record: choose the vehicle type, or weigh the tare at exit</source>
        <translation>Not on record: choose the vehicle type, or weigh the tare at exit</translation>
    </message>
</context>
<context>
    <name>EntryPanel</name>
    <message>
        <source>Weight by hand</source>
        <translation>Weight by hand</translation>
    </message>
    <message>
        <source>Charge (Enter / F12)</source>
        <translation>Charge (Enter / F12)</translation>
    </message>
    <message>
        <source>Clear (Esc)</source>
        <translation>Clear (Esc)</translation>
    </message>
    <message>
        <source>Charging to %1: type the plate.</source>
        <translation>Charging to %1: type the plate.</translation>
    </message>
    <message>
        <source>%1 is not on record: choose its vehicle type or weigh the tare at exit.</source>
        <translation>%1 is not on record: choose its vehicle type or weigh the tare at exit.</translation>
    </message>
    <message>
        <source>No commodity matches “%1”: type its name or pinyin initials.</source>
        <translation>No commodity matches “%1”: type its name or pinyin initials.</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Fee</translation>
    </message>
    <message>
        <source>Type the plate and press Enter.</source>
        <translation>Type the plate and press Enter.</translation>
    </message>
    <message>
        <source>Choose the commodity.</source>
        <translation>Choose the commodity.</translation>
    </message>
    <message>
        <source>No weight from the scale. Ctrl+M types a weight by hand.</source>
        <translation>No weight from the scale. Ctrl+M types a weight by hand.</translation>
    </message>
    <message>
        <source>Waiting for a stable weight…</source>
        <translation>Waiting for a stable weight…</translation>
    </message>
    <message>
        <source>Working out the fee…</source>
        <translation>Working out the fee…</translation>
    </message>
    <message>
        <source>No open shift: open your shift first (Shift → Open shift, Ctrl+Shift+O).</source>
        <translation>No open shift: open your shift first (Shift → Open shift, Ctrl+Shift+O).</translation>
    </message>
    <message>
        <source>Voucher printed.</source>
        <translation>Voucher printed.</translation>
    </message>
    <message>
        <source>Voucher NOT printed: %1. The charge is recorded; the print queue (F11) prints it again.</source>
        <translation>Voucher NOT printed: %1. The charge is recorded; the print queue (F11) prints it again.</translation>
    </message>
    <message>
        <source>Gross weight</source>
        <translation>Gross weight</translation>
    </message>
    <message>
        <source>WEIGHT ENTERED BY HAND: %1, authorised by %2</source>
        <translation>WEIGHT ENTERED BY HAND: %1, authorised by %2</translation>
    </message>
    <message>
        <source>WEIGHT ENTERED BY HAND: %1</source>
        <translation>WEIGHT ENTERED BY HAND: %1</translation>
    </message>
    <message>
        <source>tare %1 (%2)</source>
        <translation>tare %1 (%2)</translation>
    </message>
    <message>
        <source>tare weighed at exit</source>
        <translation>tare weighed at exit</translation>
    </message>
    <message>
        <source>gross %1 − %2 = net %3 × %4 (%5)</source>
        <translation>gross %1 − %2 = net %3 × %4 (%5)</translation>
    </message>
    <message>
        <source>Collect %1 in cash</source>
        <translation>Collect %1 in cash</translation>
    </message>
    <message>
        <source>Balance short: the account pays %1, collect %2 in cash.</source>
        <translation>Balance short: the account pays %1, collect %2 in cash.</translation>
    </message>
    <message>
        <source>From the account of %1 (available %2)</source>
        <translation>From the account of %1 (available %2)</translation>
    </message>
    <message>
        <source>%1 charged %2 · %3 %4</source>
        <translation>%1 charged %2 · %3 %4</translation>
    </message>
    <message>
        <source>Account paid %1, balance now %2</source>
        <translation>Account paid %1, balance now %2</translation>
    </message>
</context>
<context>
    <name>ExitPanel</name>
    <message>
        <source>&amp;Voucher</source>
        <translation>&amp;Voucher</translation>
    </message>
    <message>
        <source>scan the entry voucher&apos;s QR code, or type its number</source>
        <translation>scan the entry voucher&apos;s QR code, or type its number</translation>
    </message>
    <message>
        <source>Plate</source>
        <translation>Plate</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>Merchant</translation>
    </message>
    <message>
        <source>Commodity</source>
        <translation>Commodity</translation>
    </message>
    <message>
        <source>Gross at entry</source>
        <translation>Gross at entry</translation>
    </message>
    <message>
        <source>Tare at entry</source>
        <translation>Tare at entry</translation>
    </message>
    <message>
        <source>Fee charged</source>
        <translation>Fee charged</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Weight by hand</source>
        <translation>Weight by hand</translation>
    </message>
    <message>
        <source>Refund (Enter / F12)</source>
        <translation>Refund (Enter / F12)</translation>
    </message>
    <message>
        <source>Clear (Esc)</source>
        <translation>Clear (Esc)</translation>
    </message>
    <message>
        <source>Scan the entry voucher or type its number.</source>
        <translation>Scan the entry voucher or type its number.</translation>
    </message>
    <message>
        <source>Looking the voucher up…</source>
        <translation>Looking the voucher up…</translation>
    </message>
    <message>
        <source>%1 was already refunded (%2, %3): no second refund.</source>
        <translation>%1 was already refunded (%2, %3): no second refund.</translation>
    </message>
    <message>
        <source>%1 was voided: no refund.</source>
        <translation>%1 was voided: no refund.</translation>
    </message>
    <message>
        <source>Weigh the empty truck; the refund appears when the weight is stable. Enter refunds it.</source>
        <translation>Weigh the empty truck; the refund appears when the weight is stable. Enter refunds it.</translation>
    </message>
    <message>
        <source>account %1, cash %2</source>
        <translation>account %1, cash %2</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1: %2 (%3)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>by hand</source>
        <translation>by hand</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Refund</translation>
    </message>
    <message>
        <source>exit %1 − entry tare %2 = %3 × %4, at most the fee %5</source>
        <translation>exit %1 − entry tare %2 = %3 × %4, at most the fee %5</translation>
    </message>
    <message>
        <source>The truck is as heavy as it came in: a supervisor must approve.</source>
        <translation>The truck is as heavy as it came in: a supervisor must approve.</translation>
    </message>
    <message>
        <source>Paid back %1</source>
        <translation>Paid back %1</translation>
    </message>
    <message>
        <source>Scan the entry voucher.</source>
        <translation>Scan the entry voucher.</translation>
    </message>
    <message>
        <source>No refund: the voucher is %1.</source>
        <translation>No refund: the voucher is %1.</translation>
    </message>
    <message>
        <source>Waiting for a stable weight of the empty truck…</source>
        <translation>Waiting for a stable weight of the empty truck…</translation>
    </message>
    <message>
        <source>Working out the refund…</source>
        <translation>Working out the refund…</translation>
    </message>
    <message>
        <source>No open shift: open your shift first (Shift → Open shift, Ctrl+Shift+O).</source>
        <translation>No open shift: open your shift first (Shift → Open shift, Ctrl+Shift+O).</translation>
    </message>
    <message>
        <source>Refund voucher printed.</source>
        <translation>Refund voucher printed.</translation>
    </message>
    <message>
        <source>Refund voucher NOT printed: %1. The refund is recorded; the print queue (F11) prints it again.</source>
        <translation>Refund voucher NOT printed: %1. The refund is recorded; the print queue (F11) prints it again.</translation>
    </message>
    <message>
        <source>Exit weight of the empty truck</source>
        <translation>Exit weight of the empty truck</translation>
    </message>
    <message>
        <source>WEIGHT ENTERED BY HAND: %1, authorised by %2</source>
        <translation>WEIGHT ENTERED BY HAND: %1, authorised by %2</translation>
    </message>
    <message>
        <source>WEIGHT ENTERED BY HAND: %1</source>
        <translation>WEIGHT ENTERED BY HAND: %1</translation>
    </message>
</context>
<context>
    <name>FeeRoundingForm</name>
    <message>
        <source>Round every fee</source>
        <translation>Round every fee</translation>
    </message>
    <message>
        <source>Half up, once per fee and refund. Tickets already charged keep the rule they were charged with.</source>
        <translation>Half up, once per fee and refund. Tickets already charged keep the rule they were charged with.</translation>
    </message>
    <message>
        <source>Fees are now rounded %1.</source>
        <translation>Fees are now rounded %1.</translation>
    </message>
</context>
<context>
    <name>FinanceDeskScreen</name>
    <message>
        <source>Handovers (F2)</source>
        <translation>Handovers (F2)</translation>
    </message>
    <message>
        <source>Open shifts (F3)</source>
        <translation>Open shifts (F3)</translation>
    </message>
    <message>
        <source>Day close (F4)</source>
        <translation>Day close (F4)</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Policy</translation>
    </message>
    <message>
        <source>Receive…</source>
        <translation>Receive…</translation>
    </message>
    <message>
        <source>Adjust…</source>
        <translation>Adjust…</translation>
    </message>
    <message>
        <source>Handover %1 received: counted %2, difference %3.</source>
        <translation>Handover %1 received: counted %2, difference %3.</translation>
    </message>
    <message>
        <source>Handover %1 adjusted.</source>
        <translation>Handover %1 adjusted.</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <source>MarketDesk — first start</source>
        <translation>MarketDesk — first start</translation>
    </message>
    <message>
        <source>This database has no users yet. Create the administrator: this user manages the other users and the settings. Keep the password safe.</source>
        <translation>This database has no users yet. Create the administrator: this user manages the other users and the settings. Keep the password safe.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Display name</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>Repeat password</translation>
    </message>
    <message>
        <source>Create administrator</source>
        <translation>Create administrator</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>The two passwords differ.</translation>
    </message>
</context>
<context>
    <name>FreezeDialog</name>
    <message>
        <source>Freeze account</source>
        <translation>Freeze account</translation>
    </message>
    <message>
        <source>Unfreeze account</source>
        <translation>Unfreeze account</translation>
    </message>
    <message>
        <source>Freeze %1 (%2)? A frozen account takes no recharge and pays no fee until it is unfrozen.</source>
        <translation>Freeze %1 (%2)? A frozen account takes no recharge and pays no fee until it is unfrozen.</translation>
    </message>
    <message>
        <source>Unfreeze %1 (%2)? It takes recharges and pays fees again.</source>
        <translation>Unfreeze %1 (%2)? It takes recharges and pays fees again.</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Freeze</source>
        <translation>Freeze</translation>
    </message>
    <message>
        <source>Unfreeze</source>
        <translation>Unfreeze</translation>
    </message>
    <message>
        <source>Say why the account is frozen.</source>
        <translation>Say why the account is frozen.</translation>
    </message>
</context>
<context>
    <name>HandoverDetailPanel</name>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Handover</source>
        <translation>Handover</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Shift</translation>
    </message>
    <message>
        <source>Closed by</source>
        <translation>Closed by</translation>
    </message>
    <message>
        <source>Opening float</source>
        <translation>Opening float</translation>
    </message>
    <message>
        <source>Cash in</source>
        <translation>Cash in</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>Cash out</translation>
    </message>
    <message>
        <source>Dropped to the safe</source>
        <translation>Dropped to the safe</translation>
    </message>
    <message>
        <source>Expected cash</source>
        <translation>Expected cash</translation>
    </message>
    <message>
        <source>Counted by cashier</source>
        <translation>Counted by cashier</translation>
    </message>
    <message>
        <source>expected %1, declared %2, %3 payment(s)</source>
        <translation>expected %1, declared %2, %3 payment(s)</translation>
    </message>
    <message>
        <source>Vouchers</source>
        <translation>Vouchers</translation>
    </message>
    <message>
        <source>Cashier&apos;s note</source>
        <translation>Cashier&apos;s note</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>not yet</translation>
    </message>
    <message>
        <source>safe</source>
        <translation>safe</translation>
    </message>
    <message>
        <source>bank</source>
        <translation>bank</translation>
    </message>
    <message>
        <source>Counted by finance</source>
        <translation>Counted by finance</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Difference</translation>
    </message>
    <message>
        <source>Finance note</source>
        <translation>Finance note</translation>
    </message>
    <message>
        <source>Adjustment</source>
        <translation>Adjustment</translation>
    </message>
</context>
<context>
    <name>HandoverList</name>
    <message>
        <source>Show received ones too</source>
        <translation>Show received ones too</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Handover</source>
        <translation>Handover</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>Closed at</source>
        <translation>Closed at</translation>
    </message>
    <message>
        <source>Expected cash</source>
        <translation>Expected cash</translation>
    </message>
    <message>
        <source>Counted by cashier</source>
        <translation>Counted by cashier</translation>
    </message>
    <message>
        <source>Non-cash expected</source>
        <translation>Non-cash expected</translation>
    </message>
    <message>
        <source>Non-cash declared</source>
        <translation>Non-cash declared</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Difference</translation>
    </message>
    <message>
        <source>%1 handover(s) waiting to be received</source>
        <translation>%1 handover(s) waiting to be received</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Welcome, %1 (%2)</source>
        <translation>Welcome, %1 (%2)</translation>
    </message>
    <message>
        <source>Choose a screen on the left with the arrow keys, or press Ctrl+1, Ctrl+2, … to jump to it.</source>
        <translation>Choose a screen on the left with the arrow keys, or press Ctrl+1, Ctrl+2, … to jump to it.</translation>
    </message>
</context>
<context>
    <name>LargeAmountDialog</name>
    <message>
        <source>Large recharge</source>
        <translation>Large recharge</translation>
    </message>
    <message>
        <source>This is a large amount. Recharge %1 by %2?</source>
        <translation>This is a large amount. Recharge %1 by %2?</translation>
    </message>
    <message>
        <source>Yes, recharge (Enter)</source>
        <translation>Yes, recharge (Enter)</translation>
    </message>
    <message>
        <source>No (Esc)</source>
        <translation>No (Esc)</translation>
    </message>
</context>
<context>
    <name>LiveWeight</name>
    <message>
        <source>no scale is running at this counter: set it up in Scale, or enter the weight by hand (Ctrl+M)</source>
        <translation>no scale is running at this counter: set it up in Scale, or enter the weight by hand (Ctrl+M)</translation>
    </message>
</context>
<context>
    <name>LoginWindow</name>
    <message>
        <source>MarketDesk — log in</source>
        <translation>MarketDesk — log in</translation>
    </message>
    <message>
        <source>MarketDesk</source>
        <translation>MarketDesk</translation>
    </message>
    <message>
        <source>Counter: %1</source>
        <translation>Counter: %1</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>Log in (Enter)</source>
        <translation>Log in (Enter)</translation>
    </message>
    <message>
        <source>Quit (Esc)</source>
        <translation>Quit (Esc)</translation>
    </message>
    <message>
        <source>Connecting to the database…</source>
        <translation>Connecting to the database…</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Wrong user name or password.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>MarketDesk — %1</source>
        <translation>MarketDesk — %1</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>&amp;Account</translation>
    </message>
    <message>
        <source>Change password…</source>
        <translation>Change password…</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>&amp;Shift</source>
        <translation>&amp;Shift</translation>
    </message>
    <message>
        <source>Open shift…</source>
        <translation>Open shift…</translation>
    </message>
    <message>
        <source>&amp;Printing</source>
        <translation>&amp;Printing</translation>
    </message>
    <message>
        <source>Print queue…</source>
        <translation>Print queue…</translation>
    </message>
</context>
<context>
    <name>ManualWeightDialog</name>
    <message>
        <source>Weight by hand</source>
        <translation>Weight by hand</translation>
    </message>
    <message>
        <source>%1: type the weight in kilograms (or tonnes with t). The ticket and the voucher say it was entered by hand.</source>
        <translation>%1: type the weight in kilograms (or tonnes with t). The ticket and the voucher say it was entered by hand.</translation>
    </message>
    <message>
        <source>Weight (kg)</source>
        <translation>Weight (kg)</translation>
    </message>
    <message>
        <source>Use this weight</source>
        <translation>Use this weight</translation>
    </message>
</context>
<context>
    <name>MasterTerms</name>
    <message>
        <source>Fixed (prepaid account)</source>
        <translation>Fixed (prepaid account)</translation>
    </message>
    <message>
        <source>Temporary (cash)</source>
        <translation>Temporary (cash)</translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation>Fixed</translation>
    </message>
    <message>
        <source>Temporary</source>
        <translation>Temporary</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Suspended</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>own price</source>
        <translation>own price</translation>
    </message>
    <message>
        <source>category price</source>
        <translation>category price</translation>
    </message>
    <message>
        <source>to the fen (0.01 yuan)</source>
        <translation>to the fen (0.01 yuan)</translation>
    </message>
    <message>
        <source>to the jiao (0.10 yuan)</source>
        <translation>to the jiao (0.10 yuan)</translation>
    </message>
    <message>
        <source>to the yuan (1.00 yuan)</source>
        <translation>to the yuan (1.00 yuan)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
</context>
<context>
    <name>MasterUnits</name>
    <message>
        <source>Price: type the yuan per tonne, e.g. 12.50.</source>
        <translation>Price: type the yuan per tonne, e.g. 12.50.</translation>
    </message>
    <message>
        <source>Price: &apos;%1&apos; is not an amount in yuan per tonne with at most two decimals, e.g. 12.50.</source>
        <translation>Price: &apos;%1&apos; is not an amount in yuan per tonne with at most two decimals, e.g. 12.50.</translation>
    </message>
    <message>
        <source>Amount: &apos;%1&apos; is not an amount in yuan with at most two decimals, e.g. 500.00.</source>
        <translation>Amount: &apos;%1&apos; is not an amount in yuan with at most two decimals, e.g. 500.00.</translation>
    </message>
    <message>
        <source>%1 t</source>
        <translation>%1 t</translation>
    </message>
    <message>
        <source>Weight: &apos;%1&apos; is not a number of tonnes or kilograms with at most three decimals, e.g. 12.08 t or 12080 kg.</source>
        <translation>Weight: &apos;%1&apos; is not a number of tonnes or kilograms with at most three decimals, e.g. 12.08 t or 12080 kg.</translation>
    </message>
    <message>
        <source>Weight: more than 0 and at most %1 t.</source>
        <translation>Weight: more than 0 and at most %1 t.</translation>
    </message>
</context>
<context>
    <name>MerchantForm</name>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>Contact person</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Overdraft limit (yuan)</source>
        <translation>Overdraft limit (yuan)</translation>
    </message>
    <message>
        <source>Available balance</source>
        <translation>Available balance</translation>
    </message>
    <message>
        <source>required for a fixed merchant</source>
        <translation>required for a fixed merchant</translation>
    </message>
    <message>
        <source>resident ID card, 15 or 18 characters</source>
        <translation>resident ID card, 15 or 18 characters</translation>
    </message>
    <message>
        <source>New merchant</source>
        <translation>New merchant</translation>
    </message>
    <message>
        <source>%1 yuan</source>
        <translation>%1 yuan</translation>
    </message>
    <message>
        <source>a prepaid account is opened with the merchant</source>
        <translation>a prepaid account is opened with the merchant</translation>
    </message>
    <message>
        <source>pays cash (no account)</source>
        <translation>pays cash (no account)</translation>
    </message>
    <message>
        <source>0: no credit</source>
        <translation>0: no credit</translation>
    </message>
    <message>
        <source>Name: a fixed merchant needs a name (the account holder).</source>
        <translation>Name: a fixed merchant needs a name (the account holder).</translation>
    </message>
    <message>
        <source>Merchant %1 created.</source>
        <translation>Merchant %1 created.</translation>
    </message>
    <message>
        <source>Merchant %1 saved.</source>
        <translation>Merchant %1 saved.</translation>
    </message>
</context>
<context>
    <name>MerchantPicker</name>
    <message>
        <source>name, initials, code or phone; Enter takes the first</source>
        <translation>name, initials, code or phone; Enter takes the first</translation>
    </message>
    <message>
        <source>not chosen yet: Enter takes the first hit</source>
        <translation>not chosen yet: Enter takes the first hit</translation>
    </message>
    <message>
        <source>no merchant</source>
        <translation>no merchant</translation>
    </message>
</context>
<context>
    <name>MerchantVehiclesView</name>
    <message>
        <source>Plate</source>
        <translation>Plate</translation>
    </message>
    <message>
        <source>Vehicle type</source>
        <translation>Vehicle type</translation>
    </message>
    <message>
        <source>Licensed curb weight</source>
        <translation>Licensed curb weight</translation>
    </message>
    <message>
        <source>Weigh tare at exit</source>
        <translation>Weigh tare at exit</translation>
    </message>
    <message>
        <source>Vehicles: save the merchant first, then add them on the Vehicles screen.</source>
        <translation>Vehicles: save the merchant first, then add them on the Vehicles screen.</translation>
    </message>
    <message>
        <source>Vehicles of this merchant: %1</source>
        <translation>Vehicles of this merchant: %1</translation>
    </message>
</context>
<context>
    <name>MerchantsScreen</name>
    <message>
        <source>Search: name, pinyin initials, code or phone; Enter picks the first</source>
        <translation>Search: name, pinyin initials, code or phone; Enter picks the first</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Available (yuan)</source>
        <translation>Available (yuan)</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>New merchant</source>
        <translation>New merchant</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>This user is locked.</source>
        <translation>This user is locked.</translation>
    </message>
    <message>
        <source>The password was not accepted.</source>
        <translation>The password was not accepted.</translation>
    </message>
    <message>
        <source>Not allowed: this needs the permission “%1”.</source>
        <translation>Not allowed: this needs the permission “%1”.</translation>
    </message>
    <message>
        <source>Please check the input.</source>
        <translation>Please check the input.</translation>
    </message>
    <message>
        <source>Not found.</source>
        <translation>Not found.</translation>
    </message>
    <message>
        <source>This cannot be done now.</source>
        <translation>This cannot be done now.</translation>
    </message>
    <message>
        <source>The database version does not match this program.</source>
        <translation>The database version does not match this program.</translation>
    </message>
    <message>
        <source>The database cannot be reached.</source>
        <translation>The database cannot be reached.</translation>
    </message>
    <message>
        <source>The database reported a problem.</source>
        <translation>The database reported a problem.</translation>
    </message>
    <message>
        <source>Unexpected error. Please tell the administrator.</source>
        <translation>Unexpected error. Please tell the administrator.</translation>
    </message>
    <message>
        <source>MarketDesk</source>
        <translation>MarketDesk</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <source>Weigh desk</source>
        <translation>Weigh desk</translation>
    </message>
    <message>
        <source>Recharge</source>
        <translation>Recharge</translation>
    </message>
    <message>
        <source>Finance desk</source>
        <translation>Finance desk</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation>Reconciliation</translation>
    </message>
    <message>
        <source>Payment splits</source>
        <translation>Payment splits</translation>
    </message>
    <message>
        <source>Prices</source>
        <translation>Prices</translation>
    </message>
    <message>
        <source>Merchants</source>
        <translation>Merchants</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>Vehicles</translation>
    </message>
    <message>
        <source>Users and roles</source>
        <translation>Users and roles</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Scale</translation>
    </message>
    <message>
        <source>Printers</source>
        <translation>Printers</translation>
    </message>
</context>
<context>
    <name>NewCategoryForm</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>After saving, choose the category in the list and set its price: it applies to its commodities without a price of their own.</source>
        <translation>After saving, choose the category in the list and set its price: it applies to its commodities without a price of their own.</translation>
    </message>
    <message>
        <source>Name: type the category&apos;s name.</source>
        <translation>Name: type the category&apos;s name.</translation>
    </message>
    <message>
        <source>Category %1 created.</source>
        <translation>Category %1 created.</translation>
    </message>
</context>
<context>
    <name>NewCommodityForm</name>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>First price (yuan/t)</source>
        <translation>First price (yuan/t)</translation>
    </message>
    <message>
        <source>empty: the category&apos;s price applies</source>
        <translation>empty: the category&apos;s price applies</translation>
    </message>
    <message>
        <source>Effective</source>
        <translation>Effective</translation>
    </message>
    <message>
        <source>Create a category first: every commodity belongs to one.</source>
        <translation>Create a category first: every commodity belongs to one.</translation>
    </message>
    <message>
        <source>Name: type the commodity&apos;s name.</source>
        <translation>Name: type the commodity&apos;s name.</translation>
    </message>
    <message>
        <source>Commodity %1 created in %2.</source>
        <translation>Commodity %1 created in %2.</translation>
    </message>
</context>
<context>
    <name>NewUserDialog</name>
    <message>
        <source>New user</source>
        <translation>New user</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>letters a–z, digits, _ . -</source>
        <translation>letters a–z, digits, _ . -</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Display name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>Repeat password</translation>
    </message>
</context>
<context>
    <name>NoShiftBar</name>
    <message>
        <source>No open shift at this counter: no recharge can be taken until you open one (Shift menu → Open shift, Ctrl+Shift+O).</source>
        <translation>No open shift at this counter: no recharge can be taken until you open one (Shift menu → Open shift, Ctrl+Shift+O).</translation>
    </message>
    <message>
        <source>No open shift at this counter: vehicles cannot be charged until you open one.</source>
        <translation>No open shift at this counter: vehicles cannot be charged until you open one.</translation>
    </message>
    <message>
        <source>No open shift at this counter, and you may not open one: ask a supervisor.</source>
        <translation>No open shift at this counter, and you may not open one: ask a supervisor.</translation>
    </message>
    <message>
        <source>Open shift… (Ctrl+Shift+O)</source>
        <translation>Open shift… (Ctrl+Shift+O)</translation>
    </message>
</context>
<context>
    <name>OpenShiftDialog</name>
    <message>
        <source>Open shift</source>
        <translation>Open shift</translation>
    </message>
    <message>
        <source>%1 at %2: count the cash in the drawer and enter it.</source>
        <translation>%1 at %2: count the cash in the drawer and enter it.</translation>
    </message>
    <message>
        <source>Opening float (yuan)</source>
        <translation>Opening float (yuan)</translation>
    </message>
    <message>
        <source>opening float</source>
        <translation>opening float</translation>
    </message>
</context>
<context>
    <name>OpenShiftsPanel</name>
    <message>
        <source>Shift</source>
        <translation>Shift</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Opened at</source>
        <translation>Opened at</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Close for absent cashier…</source>
        <translation>Close for absent cashier…</translation>
    </message>
    <message>
        <source>%1 shift(s) still open</source>
        <translation>%1 shift(s) still open</translation>
    </message>
</context>
<context>
    <name>OtherPrinterDialog</name>
    <message>
        <source>Print on another printer</source>
        <translation>Print on another printer</translation>
    </message>
    <message>
        <source>Send %1 to:</source>
        <translation>Send %1 to:</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Print</translation>
    </message>
</context>
<context>
    <name>OverdraftDialog</name>
    <message>
        <source>Overdraft limit</source>
        <translation>Overdraft limit</translation>
    </message>
    <message>
        <source>How far %1 (%2) may go below zero when paying fees. 0: not at all.</source>
        <translation>How far %1 (%2) may go below zero when paying fees. 0: not at all.</translation>
    </message>
    <message>
        <source>Limit (yuan)</source>
        <translation>Limit (yuan)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <source>Supervisor authorisation</source>
        <translation>Supervisor authorisation</translation>
    </message>
    <message>
        <source>This needs a supervisor&apos;s permission: %1.</source>
        <translation>This needs a supervisor&apos;s permission: %1.</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Authorise</source>
        <translation>Authorise</translation>
    </message>
</context>
<context>
    <name>Permissions</name>
    <message>
        <source>View the fee price list</source>
        <translation>View the fee price list</translation>
    </message>
    <message>
        <source>Change fee prices</source>
        <translation>Change fee prices</translation>
    </message>
    <message>
        <source>Create priced commodities</source>
        <translation>Create priced commodities</translation>
    </message>
    <message>
        <source>Charge trucks at entry</source>
        <translation>Charge trucks at entry</translation>
    </message>
    <message>
        <source>Refund at exit</source>
        <translation>Refund at exit</translation>
    </message>
    <message>
        <source>Void a ticket</source>
        <translation>Void a ticket</translation>
    </message>
    <message>
        <source>Enter a weight by hand</source>
        <translation>Enter a weight by hand</translation>
    </message>
    <message>
        <source>Reprint vouchers</source>
        <translation>Reprint vouchers</translation>
    </message>
    <message>
        <source>Recharge prepaid accounts</source>
        <translation>Recharge prepaid accounts</translation>
    </message>
    <message>
        <source>Reverse a recharge</source>
        <translation>Reverse a recharge</translation>
    </message>
    <message>
        <source>Open a shift</source>
        <translation>Open a shift</translation>
    </message>
    <message>
        <source>Close another user&apos;s shift</source>
        <translation>Close another user&apos;s shift</translation>
    </message>
    <message>
        <source>Take cash from the drawer to the safe during a shift</source>
        <translation>Take cash from the drawer to the safe during a shift</translation>
    </message>
    <message>
        <source>Pay out cash from the drawer</source>
        <translation>Pay out cash from the drawer</translation>
    </message>
    <message>
        <source>Receive handovers</source>
        <translation>Receive handovers</translation>
    </message>
    <message>
        <source>Accept a cash difference</source>
        <translation>Accept a cash difference</translation>
    </message>
    <message>
        <source>Manage merchants</source>
        <translation>Manage merchants</translation>
    </message>
    <message>
        <source>Manage vehicles</source>
        <translation>Manage vehicles</translation>
    </message>
    <message>
        <source>View reports</source>
        <translation>View reports</translation>
    </message>
    <message>
        <source>Manage settings</source>
        <translation>Manage settings</translation>
    </message>
    <message>
        <source>Manage users and roles</source>
        <translation>Manage users and roles</translation>
    </message>
    <message>
        <source>Manage devices</source>
        <translation>Manage devices</translation>
    </message>
    <message>
        <source>Control meters</source>
        <translation>Control meters</translation>
    </message>
    <message>
        <source>Enter meter readings</source>
        <translation>Enter meter readings</translation>
    </message>
    <message>
        <source>Generate bills</source>
        <translation>Generate bills</translation>
    </message>
    <message>
        <source>Run reconciliation</source>
        <translation>Run reconciliation</translation>
    </message>
    <message>
        <source>Edit split rules</source>
        <translation>Edit split rules</translation>
    </message>
</context>
<context>
    <name>PolicyPanel</name>
    <message>
        <source>Blind count: cashiers do not see the expected cash before they submit</source>
        <translation>Blind count: cashiers do not see the expected cash before they submit</translation>
    </message>
    <message>
        <source>Difference finance may accept without a note (yuan)</source>
        <translation>Difference finance may accept without a note (yuan)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>tolerance</source>
        <translation>tolerance</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Saved.</translation>
    </message>
</context>
<context>
    <name>PriceHistoryView</name>
    <message>
        <source>Effective from</source>
        <translation>Effective from</translation>
    </message>
    <message>
        <source>Old (yuan/t)</source>
        <translation>Old (yuan/t)</translation>
    </message>
    <message>
        <source>New (yuan/t)</source>
        <translation>New (yuan/t)</translation>
    </message>
    <message>
        <source>Changed by</source>
        <translation>Changed by</translation>
    </message>
    <message>
        <source>Changed at</source>
        <translation>Changed at</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Price history: choose a commodity or a category.</source>
        <translation>Price history: choose a commodity or a category.</translation>
    </message>
    <message>
        <source>Price history of the commodity %1</source>
        <translation>Price history of the commodity %1</translation>
    </message>
    <message>
        <source>Price history of the category %1</source>
        <translation>Price history of the category %1</translation>
    </message>
</context>
<context>
    <name>PriceTree</name>
    <message>
        <source>Commodity</source>
        <translation>Commodity</translation>
    </message>
    <message>
        <source>Price (yuan/t)</source>
        <translation>Price (yuan/t)</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Effective since</source>
        <translation>Effective since</translation>
    </message>
    <message>
        <source>Pending changes</source>
        <translation>Pending changes</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>no price</source>
        <translation>no price</translation>
    </message>
    <message>
        <source>%1 from %2</source>
        <translation>%1 from %2</translation>
    </message>
    <message>
        <source>active</source>
        <translation>active</translation>
    </message>
    <message>
        <source>inactive</source>
        <translation>inactive</translation>
    </message>
</context>
<context>
    <name>PricesScreen</name>
    <message>
        <source>Filter by name or pinyin initials (Ctrl+F), Enter picks the first</source>
        <translation>Filter by name or pinyin initials (Ctrl+F), Enter picks the first</translation>
    </message>
    <message>
        <source>Change price</source>
        <translation>Change price</translation>
    </message>
    <message>
        <source>New commodity</source>
        <translation>New commodity</translation>
    </message>
    <message>
        <source>New category</source>
        <translation>New category</translation>
    </message>
    <message>
        <source>Fee rounding</source>
        <translation>Fee rounding</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Fees are rounded %1.</source>
        <translation>Fees are rounded %1.</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>Deactivate</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>Activate</translation>
    </message>
    <message>
        <source>%1 is active again.</source>
        <translation>%1 is active again.</translation>
    </message>
    <message>
        <source>%1 is deactivated: the desk no longer offers it.</source>
        <translation>%1 is deactivated: the desk no longer offers it.</translation>
    </message>
</context>
<context>
    <name>PrintNames</name>
    <message>
        <source>Entry voucher</source>
        <translation>Entry voucher</translation>
    </message>
    <message>
        <source>Refund voucher</source>
        <translation>Refund voucher</translation>
    </message>
    <message>
        <source>Recharge receipt</source>
        <translation>Recharge receipt</translation>
    </message>
    <message>
        <source>Handover slip</source>
        <translation>Handover slip</translation>
    </message>
    <message>
        <source>Test page</source>
        <translation>Test page</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>Printing</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>Printed</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Paper low</source>
        <translation>Paper low</translation>
    </message>
    <message>
        <source>Out of paper</source>
        <translation>Out of paper</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Cover open</source>
        <translation>Cover open</translation>
    </message>
    <message>
        <source>Printer error</source>
        <translation>Printer error</translation>
    </message>
    <message>
        <source>Not responding</source>
        <translation>Not responding</translation>
    </message>
</context>
<context>
    <name>PrintQueuePanel</name>
    <message>
        <source>Print queue</source>
        <translation>Print queue</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <source>Reprint with a supervisor…</source>
        <translation>Reprint with a supervisor…</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>Other printer…</source>
        <translation>Other printer…</translation>
    </message>
    <message>
        <source>Skip…</source>
        <translation>Skip…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>%1 (reprint %2)</source>
        <translation>%1 (reprint %2)</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <source>Failed, may have printed</source>
        <translation>Failed, may have printed</translation>
    </message>
    <message>
        <source>Failed, retrying now</source>
        <translation>Failed, retrying now</translation>
    </message>
    <message>
        <source>Failed, retrying in %1 s</source>
        <translation>Failed, retrying in %1 s</translation>
    </message>
    <message>
        <source>Sent to the printer again.</source>
        <translation>Sent to the printer again.</translation>
    </message>
    <message>
        <source>No other printer is configured at this counter (Printers screen).</source>
        <translation>No other printer is configured at this counter (Printers screen).</translation>
    </message>
    <message>
        <source>Sent to the other printer.</source>
        <translation>Sent to the other printer.</translation>
    </message>
    <message>
        <source>Skipped.</source>
        <translation>Skipped.</translation>
    </message>
    <message>
        <source>Reprint queued.</source>
        <translation>Reprint queued.</translation>
    </message>
</context>
<context>
    <name>PrinterForm</name>
    <message>
        <source>Connection</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>Paper and printing</source>
        <translation>Paper and printing</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>Cash drawer</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Connected by</source>
        <translation>Connected by</translation>
    </message>
    <message>
        <source>IP address or host name</source>
        <translation>IP address or host name</translation>
    </message>
    <message>
        <source>TCP port</source>
        <translation>TCP port</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>Serial port</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>Baud rate</translation>
    </message>
    <message>
        <source>USB vendor id (hex)</source>
        <translation>USB vendor id (hex)</translation>
    </message>
    <message>
        <source>USB product id (hex)</source>
        <translation>USB product id (hex)</translation>
    </message>
    <message>
        <source>Device or file</source>
        <translation>Device or file</translation>
    </message>
    <message>
        <source>Windows printer name</source>
        <translation>Windows printer name</translation>
    </message>
    <message>
        <source>Give up waiting after</source>
        <translation>Give up waiting after</translation>
    </message>
    <message>
        <source>Printer status</source>
        <translation>Printer status</translation>
    </message>
    <message>
        <source>Paper width</source>
        <translation>Paper width</translation>
    </message>
    <message>
        <source>Characters per line</source>
        <translation>Characters per line</translation>
    </message>
    <message>
        <source>Chinese code page</source>
        <translation>Chinese code page</translation>
    </message>
    <message>
        <source>QR code</source>
        <translation>QR code</translation>
    </message>
    <message>
        <source>Cutter</source>
        <translation>Cutter</translation>
    </message>
    <message>
        <source>Drawer pin</source>
        <translation>Drawer pin</translation>
    </message>
    <message>
        <source>Network (port 9100)</source>
        <translation>Network (port 9100)</translation>
    </message>
    <message>
        <source>USB</source>
        <translation>USB</translation>
    </message>
    <message>
        <source>Device file</source>
        <translation>Device file</translation>
    </message>
    <message>
        <source>Windows printer</source>
        <translation>Windows printer</translation>
    </message>
    <message>
        <source>GB18030 (simplified Chinese)</source>
        <translation>GB18030 (simplified Chinese)</translation>
    </message>
    <message>
        <source>Big5 (traditional Chinese)</source>
        <translation>Big5 (traditional Chinese)</translation>
    </message>
    <message>
        <source>Drawn by the printer</source>
        <translation>Drawn by the printer</translation>
    </message>
    <message>
        <source>Sent as an image (older printers)</source>
        <translation>Sent as an image (older printers)</translation>
    </message>
    <message>
        <source>Pin %1</source>
        <translation>Pin %1</translation>
    </message>
    <message>
        <source>COM3, /dev/ttyUSB0 or socket://10.0.0.5:4001</source>
        <translation>COM3, /dev/ttyUSB0 or socket://10.0.0.5:4001</translation>
    </message>
    <message>
        <source>as in Windows&apos; Printers list</source>
        <translation>as in Windows&apos; Printers list</translation>
    </message>
    <message>
        <source>Cut the paper after each document</source>
        <translation>Cut the paper after each document</translation>
    </message>
    <message>
        <source>Open it on cash payments</source>
        <translation>Open it on cash payments</translation>
    </message>
    <message>
        <source>Ask before printing</source>
        <translation>Ask before printing</translation>
    </message>
    <message>
        <source>Paper default (%1)</source>
        <translation>Paper default (%1)</translation>
    </message>
</context>
<context>
    <name>PrinterIndicator</name>
    <message>
        <source>Printer: settings cannot be read</source>
        <translation>Printer: settings cannot be read</translation>
    </message>
    <message>
        <source>Printer: %1 failed</source>
        <translation>Printer: %1 failed</translation>
    </message>
    <message>
        <source>Printer: %1</source>
        <translation>Printer: %1</translation>
    </message>
    <message>
        <source>Printer: idle</source>
        <translation>Printer: idle</translation>
    </message>
    <message>
        <source>Nothing printed yet in this session</source>
        <translation>Nothing printed yet in this session</translation>
    </message>
</context>
<context>
    <name>PrinterList</name>
    <message>
        <source>The first printer prints the receipts; the others can take a failed job (Other printer… in the print queue).</source>
        <translation>The first printer prints the receipts; the others can take a failed job (Other printer… in the print queue).</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Move up</translation>
    </message>
    <message>
        <source>(receipts)</source>
        <translation>(receipts)</translation>
    </message>
</context>
<context>
    <name>PrinterPreview</name>
    <message>
        <source>Preview</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>Preview: a sample entry voucher, %1 characters per line</source>
        <translation>Preview: a sample entry voucher, %1 characters per line</translation>
    </message>
</context>
<context>
    <name>PrinterSettingsScreen</name>
    <message>
        <source>Check status</source>
        <translation>Check status</translation>
    </message>
    <message>
        <source>Print test page</source>
        <translation>Print test page</translation>
    </message>
    <message>
        <source>Printer “%1”:</source>
        <translation>Printer “%1”:</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>Asking “%1”…</source>
        <translation>Asking “%1”…</translation>
    </message>
    <message>
        <source>“%1”: %2</source>
        <translation>“%1”: %2</translation>
    </message>
    <message>
        <source>No answer:</source>
        <translation>No answer:</translation>
    </message>
    <message>
        <source>Saving first…</source>
        <translation>Saving first…</translation>
    </message>
    <message>
        <source>Test page queued for “%1”.</source>
        <translation>Test page queued for “%1”.</translation>
    </message>
    <message>
        <source>Test page printed on “%1”.</source>
        <translation>Test page printed on “%1”.</translation>
    </message>
    <message>
        <source>Test page not printed:</source>
        <translation>Test page not printed:</translation>
    </message>
</context>
<context>
    <name>RawMonitor</name>
    <message>
        <source>Raw monitor: the last %1 frames (time since the previous one, bytes in hex, decoded)</source>
        <translation>Raw monitor: the last %1 frames (time since the previous one, bytes in hex, decoded)</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
</context>
<context>
    <name>ReceiveDialog</name>
    <message>
        <source>Receive handover %1</source>
        <translation>Receive handover %1</translation>
    </message>
    <message>
        <source>%1 at %2: expected cash %3, the cashier counted %4.</source>
        <translation>%1 at %2: expected cash %3, the cashier counted %4.</translation>
    </message>
    <message>
        <source>Accept the cashier&apos;s count</source>
        <translation>Accept the cashier&apos;s count</translation>
    </message>
    <message>
        <source>Finance&apos;s count</source>
        <translation>Finance&apos;s count</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Difference</translation>
    </message>
    <message>
        <source>Cash goes to</source>
        <translation>Cash goes to</translation>
    </message>
    <message>
        <source>The safe</source>
        <translation>The safe</translation>
    </message>
    <message>
        <source>The bank</source>
        <translation>The bank</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>Receive</translation>
    </message>
    <message>
        <source>above the tolerance of %1: a note is required</source>
        <translation>above the tolerance of %1: a note is required</translation>
    </message>
    <message>
        <source>, and a supervisor&apos;s authorisation</source>
        <translation>, and a supervisor&apos;s authorisation</translation>
    </message>
    <message>
        <source>Required: say why the cash differs</source>
        <translation>Required: say why the cash differs</translation>
    </message>
    <message>
        <source>Note: a difference of %1 needs a note saying why.</source>
        <translation>Note: a difference of %1 needs a note saying why.</translation>
    </message>
</context>
<context>
    <name>RechargeDeskScreen</name>
    <message>
        <source>Recharge (F7)</source>
        <translation>Recharge (F7)</translation>
    </message>
    <message>
        <source>Statement (F8)</source>
        <translation>Statement (F8)</translation>
    </message>
    <message>
        <source>Account %1 (%2) is FROZEN: it takes no recharge until it is unfrozen.</source>
        <translation>Account %1 (%2) is FROZEN: it takes no recharge until it is unfrozen.</translation>
    </message>
    <message>
        <source>Account %1 (%2) is CLOSED: it takes no recharge.</source>
        <translation>Account %1 (%2) is CLOSED: it takes no recharge.</translation>
    </message>
    <message>
        <source>Account %1 closed: %2 paid out (receipt %3).</source>
        <translation>Account %1 closed: %2 paid out (receipt %3).</translation>
    </message>
</context>
<context>
    <name>RechargeFlow</name>
    <message>
        <source>Recharging…</source>
        <translation>Recharging…</translation>
    </message>
    <message>
        <source>It is not known whether the recharge was recorded. Press Enter to send the same recharge again: it is never credited twice.</source>
        <translation>It is not known whether the recharge was recorded. Press Enter to send the same recharge again: it is never credited twice.</translation>
    </message>
    <message>
        <source>Not recharged.</source>
        <translation>Not recharged.</translation>
    </message>
</context>
<context>
    <name>RechargeForm</name>
    <message>
        <source>Amount (yuan)</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>Transaction no.</source>
        <translation>Transaction no.</translation>
    </message>
    <message>
        <source>e.g. 500 or 500.50</source>
        <translation>e.g. 500 or 500.50</translation>
    </message>
    <message>
        <source>Type the amount in yuan, e.g. 500 or 500.50.</source>
        <translation>Type the amount in yuan, e.g. 500 or 500.50.</translation>
    </message>
    <message>
        <source>“%1” is not an amount in yuan (at most two decimals), e.g. 500.50.</source>
        <translation>“%1” is not an amount in yuan (at most two decimals), e.g. 500.50.</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>The amount must be more than zero.</translation>
    </message>
    <message>
        <source>%1 needs its transaction number: type or scan it.</source>
        <translation>%1 needs its transaction number: type or scan it.</translation>
    </message>
    <message>
        <source>type or scan the payment&apos;s transaction number</source>
        <translation>type or scan the payment&apos;s transaction number</translation>
    </message>
    <message>
        <source>cash: none needed</source>
        <translation>cash: none needed</translation>
    </message>
</context>
<context>
    <name>RechargeFormat</name>
    <message>
        <source>Cash</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>Bank card</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>WeChat Pay</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>Alipay</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>Bank transfer</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>FROZEN: no recharge, no charge</source>
        <translation>FROZEN: no recharge, no charge</translation>
    </message>
    <message>
        <source>CLOSED</source>
        <translation>CLOSED</translation>
    </message>
    <message>
        <source>All movements</source>
        <translation>All movements</translation>
    </message>
    <message>
        <source>Recharges and reversals</source>
        <translation>Recharges and reversals</translation>
    </message>
    <message>
        <source>Trade fees</source>
        <translation>Trade fees</translation>
    </message>
    <message>
        <source>Exit refunds</source>
        <translation>Exit refunds</translation>
    </message>
    <message>
        <source>Meter top-ups</source>
        <translation>Meter top-ups</translation>
    </message>
    <message>
        <source>Account closing</source>
        <translation>Account closing</translation>
    </message>
    <message>
        <source>Recharge</source>
        <translation>Recharge</translation>
    </message>
    <message>
        <source>Recharge reversal</source>
        <translation>Recharge reversal</translation>
    </message>
    <message>
        <source>Trade fee</source>
        <translation>Trade fee</translation>
    </message>
    <message>
        <source>Exit refund</source>
        <translation>Exit refund</translation>
    </message>
    <message>
        <source>Voided entry returned</source>
        <translation>Voided entry returned</translation>
    </message>
    <message>
        <source>Paid out at closing</source>
        <translation>Paid out at closing</translation>
    </message>
    <message>
        <source>Meter top-up</source>
        <translation>Meter top-up</translation>
    </message>
    <message>
        <source>Payment split</source>
        <translation>Payment split</translation>
    </message>
</context>
<context>
    <name>RechargePanel</name>
    <message>
        <source>Recharge (Enter)</source>
        <translation>Recharge (Enter)</translation>
    </message>
    <message>
        <source>Clear (Esc)</source>
        <translation>Clear (Esc)</translation>
    </message>
    <message>
        <source>Find the account first (Ctrl+F).</source>
        <translation>Find the account first (Ctrl+F).</translation>
    </message>
    <message>
        <source>Account %1 (%2) is FROZEN: it takes no recharge until it is unfrozen.</source>
        <translation>Account %1 (%2) is FROZEN: it takes no recharge until it is unfrozen.</translation>
    </message>
    <message>
        <source>Account %1 (%2) is CLOSED: it takes no recharge.</source>
        <translation>Account %1 (%2) is CLOSED: it takes no recharge.</translation>
    </message>
    <message>
        <source>No open shift at this counter: open one (Shift menu → Open shift, Ctrl+Shift+O) before taking money.</source>
        <translation>No open shift at this counter: open one (Shift menu → Open shift, Ctrl+Shift+O) before taking money.</translation>
    </message>
    <message>
        <source>Receipt printed.</source>
        <translation>Receipt printed.</translation>
    </message>
    <message>
        <source>Receipt NOT printed: %1. The money is credited; the print queue (F11) prints it again.</source>
        <translation>Receipt NOT printed: %1. The money is credited; the print queue (F11) prints it again.</translation>
    </message>
    <message>
        <source>Receipt %1: %2 recharged to %3 by %4. Balance %5 → %6.</source>
        <translation>Receipt %1: %2 recharged to %3 by %4. Balance %5 → %6.</translation>
    </message>
</context>
<context>
    <name>ReconcileDialogs</name>
    <message>
        <source>Statement not imported</source>
        <translation>Statement not imported</translation>
    </message>
    <message>
        <source>%1: %2 rows are wrong, %3 are valid. Nothing was imported.</source>
        <translation>%1: %2 rows are wrong, %3 are valid. Nothing was imported.</translation>
    </message>
    <message>
        <source>Import the valid rows</source>
        <translation>Import the valid rows</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Resolve %1</source>
        <translation>Resolve %1</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>ReconcileScreen</name>
    <message>
        <source>WeChat Pay</source>
        <translation>WeChat Pay</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>Alipay</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>Bank card</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>Bank transfer</translation>
    </message>
    <message>
        <source>Usual for the channel</source>
        <translation>Usual for the channel</translation>
    </message>
    <message>
        <source>WeChat Pay bill</source>
        <translation>WeChat Pay bill</translation>
    </message>
    <message>
        <source>Alipay business detail</source>
        <translation>Alipay business detail</translation>
    </message>
    <message>
        <source>Bank (date, reference, amount, fee)</source>
        <translation>Bank (date, reference, amount, fee)</translation>
    </message>
    <message>
        <source>Custom mapping</source>
        <translation>Custom mapping</translation>
    </message>
    <message>
        <source>Missing on our side</source>
        <translation>Missing on our side</translation>
    </message>
    <message>
        <source>Missing on the channel side</source>
        <translation>Missing on the channel side</translation>
    </message>
    <message>
        <source>Amount mismatch</source>
        <translation>Amount mismatch</translation>
    </message>
    <message>
        <source>All differences</source>
        <translation>All differences</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Resolved too</source>
        <translation>Resolved too</translation>
    </message>
    <message>
        <source>Import statement…</source>
        <translation>Import statement…</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>Resolve…</translation>
    </message>
    <message>
        <source>Export XLSX…</source>
        <translation>Export XLSX…</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Difference</translation>
    </message>
    <message>
        <source>Transaction no.</source>
        <translation>Transaction no.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Channel amount</source>
        <translation>Channel amount</translation>
    </message>
    <message>
        <source>Our amount</source>
        <translation>Our amount</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Fee</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Statements %1 · lines %2 · matched %3 (%4 yuan) · fees %5 yuan · open: missing on our side %6, missing on the channel side %7, amount mismatch %8 · resolved %9</source>
        <translation>Statements %1 · lines %2 · matched %3 (%4 yuan) · fees %5 yuan · open: missing on our side %6, missing on the channel side %7, amount mismatch %8 · resolved %9</translation>
    </message>
    <message>
        <source>Showing the first %1 of %2 differences.</source>
        <translation>Showing the first %1 of %2 differences.</translation>
    </message>
    <message>
        <source>Import a channel statement</source>
        <translation>Import a channel statement</translation>
    </message>
    <message>
        <source>Statements (*.csv *.xlsx *.txt)</source>
        <translation>Statements (*.csv *.xlsx *.txt)</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>Importing %1…</translation>
    </message>
    <message>
        <source>%1: %2 lines imported, %3 matched, %4 rows skipped.</source>
        <translation>%1: %2 lines imported, %3 matched, %4 rows skipped.</translation>
    </message>
    <message>
        <source>The statement was not imported.</source>
        <translation>The statement was not imported.</translation>
    </message>
    <message>
        <source>Select a difference in the list first.</source>
        <translation>Select a difference in the list first.</translation>
    </message>
    <message>
        <source>Export the reconciliation report</source>
        <translation>Export the reconciliation report</translation>
    </message>
    <message>
        <source>Writing the report…</source>
        <translation>Writing the report…</translation>
    </message>
    <message>
        <source>Report saved: %1</source>
        <translation>Report saved: %1</translation>
    </message>
</context>
<context>
    <name>RefundFlow</name>
    <message>
        <source>Reading the scale…</source>
        <translation>Reading the scale…</translation>
    </message>
    <message>
        <source>The exit weight settled at %1: the refund is %2. Check it and press Enter to refund.</source>
        <translation>The exit weight settled at %1: the refund is %2. Check it and press Enter to refund.</translation>
    </message>
    <message>
        <source>The truck is as heavy as it came in (nothing unloaded): a supervisor must approve this refund.</source>
        <translation>The truck is as heavy as it came in (nothing unloaded): a supervisor must approve this refund.</translation>
    </message>
    <message>
        <source>Not refunded: no supervisor approved it.</source>
        <translation>Not refunded: no supervisor approved it.</translation>
    </message>
    <message>
        <source>Refunding…</source>
        <translation>Refunding…</translation>
    </message>
    <message>
        <source>It is not known whether the refund was recorded. Press Enter to send the same refund again: it is never paid twice.</source>
        <translation>It is not known whether the refund was recorded. Press Enter to send the same refund again: it is never paid twice.</translation>
    </message>
    <message>
        <source>%1 refunded %2 for %3: give %2 in cash to the driver.</source>
        <translation>%1 refunded %2 for %3: give %2 in cash to the driver.</translation>
    </message>
    <message>
        <source>%1 refunded %2 for %3 to the account, balance now %4.</source>
        <translation>%1 refunded %2 for %3 to the account, balance now %4.</translation>
    </message>
</context>
<context>
    <name>ReportScreen</name>
    <message>
        <source>Report of</source>
        <translation>Report of</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Run</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>Save XLSX…</source>
        <translation>Save XLSX…</translation>
    </message>
    <message>
        <source>Running the report…</source>
        <translation>Running the report…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>Writing %1…</translation>
    </message>
    <message>
        <source>Save report as PDF</source>
        <translation>Save report as PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Save report as XLSX</source>
        <translation>Save report as XLSX</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <source>Report of %1 ready.</source>
        <translation>Report of %1 ready.</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>Saved: %1</translation>
    </message>
    <message>
        <source>Cancelled: nothing was written.</source>
        <translation>Cancelled: nothing was written.</translation>
    </message>
    <message>
        <source>The report failed.</source>
        <translation>The report failed.</translation>
    </message>
</context>
<context>
    <name>ReportView</name>
    <message>
        <source>By commodity</source>
        <translation>By commodity</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>By category</translation>
    </message>
    <message>
        <source>By counter</source>
        <translation>By counter</translation>
    </message>
    <message>
        <source>By cashier</source>
        <translation>By cashier</translation>
    </message>
    <message>
        <source>By method</source>
        <translation>By method</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>Refunds</translation>
    </message>
    <message>
        <source>Voids</source>
        <translation>Voids</translation>
    </message>
    <message>
        <source>Recharges</source>
        <translation>Recharges</translation>
    </message>
    <message>
        <source>Account balances</source>
        <translation>Account balances</translation>
    </message>
    <message>
        <source>Over/short</source>
        <translation>Over/short</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Voided</translation>
    </message>
    <message>
        <source>Net weight (t)</source>
        <translation>Net weight (t)</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>Fees</translation>
    </message>
    <message>
        <source>Voided fees</source>
        <translation>Voided fees</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>Net</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>Paid to</source>
        <translation>Paid to</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Voucher</source>
        <translation>Voucher</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Commodity</source>
        <translation>Commodity</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Authorised by</source>
        <translation>Authorised by</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Fee</translation>
    </message>
    <message>
        <source>Reversed</source>
        <translation>Reversed</translation>
    </message>
    <message>
        <source>Reversed amount</source>
        <translation>Reversed amount</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>Holder</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Balance</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>Entries</translation>
    </message>
    <message>
        <source>Over</source>
        <translation>Over</translation>
    </message>
    <message>
        <source>Short</source>
        <translation>Short</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Choose a day or a month and press Run.</source>
        <translation>Choose a day or a month and press Run.</translation>
    </message>
    <message>
        <source>%1 · %2 tickets, %3 voided · fees %4, refunds %5, voided %6 · net income %7 · balances as of %8</source>
        <translation>%1 · %2 tickets, %3 voided · fees %4, refunds %5, voided %6 · net income %7 · balances as of %8</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>Reset password</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <source>Give %1 a temporary password and tell it to them in person; they should change it after logging in. This also lifts a lockout.</source>
        <translation>Give %1 a temporary password and tell it to them in person; they should change it after logging in. This also lifts a lockout.</translation>
    </message>
    <message>
        <source>Temporary password</source>
        <translation>Temporary password</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>Repeat password</translation>
    </message>
</context>
<context>
    <name>ReverseDialog</name>
    <message>
        <source>Reverse recharge</source>
        <translation>Reverse recharge</translation>
    </message>
    <message>
        <source>Reverse %1: %2 to %3 (%4) by %5? The whole amount goes back the way it came: cash out of the drawer, or recorded as owed back through the channel.</source>
        <translation>Reverse %1: %2 to %3 (%4) by %5? The whole amount goes back the way it came: cash out of the drawer, or recorded as owed back through the channel.</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>e.g. wrong account; amount typed wrong</source>
        <translation>e.g. wrong account; amount typed wrong</translation>
    </message>
    <message>
        <source>Reverse</source>
        <translation>Reverse</translation>
    </message>
    <message>
        <source>Say why the recharge is reversed.</source>
        <translation>Say why the recharge is reversed.</translation>
    </message>
</context>
<context>
    <name>RoleDialog</name>
    <message>
        <source>Change role</source>
        <translation>Change role</translation>
    </message>
    <message>
        <source>User: %1 (%2)</source>
        <translation>User: %1 (%2)</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Toll cashier</source>
        <translation>Toll cashier</translation>
    </message>
    <message>
        <source>Recharge clerk</source>
        <translation>Recharge clerk</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>Finance</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Manager</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Meter reader</source>
        <translation>Meter reader</translation>
    </message>
</context>
<context>
    <name>SaveBar</name>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
</context>
<context>
    <name>ScaleForm</name>
    <message>
        <source>Connection</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <source>Stable weight</source>
        <translation>Stable weight</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>In use</translation>
    </message>
    <message>
        <source>Demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protocol</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>Baud rate</translation>
    </message>
    <message>
        <source>Data bits</source>
        <translation>Data bits</translation>
    </message>
    <message>
        <source>Parity</source>
        <translation>Parity</translation>
    </message>
    <message>
        <source>Stop bits</source>
        <translation>Stop bits</translation>
    </message>
    <message>
        <source>DTR line</source>
        <translation>DTR line</translation>
    </message>
    <message>
        <source>RTS line</source>
        <translation>RTS line</translation>
    </message>
    <message>
        <source>Unit when the frame has none</source>
        <translation>Unit when the frame has none</translation>
    </message>
    <message>
        <source>Indicator address</source>
        <translation>Indicator address</translation>
    </message>
    <message>
        <source>Ask every</source>
        <translation>Ask every</translation>
    </message>
    <message>
        <source>Steady for at least</source>
        <translation>Steady for at least</translation>
    </message>
    <message>
        <source>Readings in that time, at least</source>
        <translation>Readings in that time, at least</translation>
    </message>
    <message>
        <source>Allowed spread (one division)</source>
        <translation>Allowed spread (one division)</translation>
    </message>
    <message>
        <source>Empty scale below</source>
        <translation>Empty scale below</translation>
    </message>
    <message>
        <source>Newest reading at most this old</source>
        <translation>Newest reading at most this old</translation>
    </message>
    <message>
        <source>A scale is connected to this counter</source>
        <translation>A scale is connected to this counter</translation>
    </message>
    <message>
        <source>Simulated truck scale, no hardware (never at a real counter)</source>
        <translation>Simulated truck scale, no hardware (never at a real counter)</translation>
    </message>
    <message>
        <source>COM3, /dev/ttyUSB0 or socket://10.0.0.5:4001</source>
        <translation>COM3, /dev/ttyUSB0 or socket://10.0.0.5:4001</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Even</source>
        <translation>Even</translation>
    </message>
    <message>
        <source>Odd</source>
        <translation>Odd</translation>
    </message>
    <message>
        <source>Leave as the driver sets it</source>
        <translation>Leave as the driver sets it</translation>
    </message>
    <message>
        <source>On</source>
        <translation>On</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Off</translation>
    </message>
    <message>
        <source>None: the indicator sends by itself</source>
        <translation>None: the indicator sends by itself</translation>
    </message>
</context>
<context>
    <name>ScaleIndicator</name>
    <message>
        <source>Scale: connected</source>
        <translation>Scale: connected</translation>
    </message>
    <message>
        <source>Scale: connecting…</source>
        <translation>Scale: connecting…</translation>
    </message>
    <message>
        <source>Scale: no data</source>
        <translation>Scale: no data</translation>
    </message>
    <message>
        <source>Scale: error: %1</source>
        <translation>Scale: error: %1</translation>
    </message>
    <message>
        <source>Scale: off</source>
        <translation>Scale: off</translation>
    </message>
</context>
<context>
    <name>ScaleSettingsScreen</name>
    <message>
        <source>Saved.</source>
        <translation>Saved.</translation>
    </message>
</context>
<context>
    <name>ScaleTestPanel</name>
    <message>
        <source>Connect</source>
        <translation>Connect</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Disconnect</translation>
    </message>
    <message>
        <source>Test capture</source>
        <translation>Test capture</translation>
    </message>
    <message>
        <source>Detect baud rate</source>
        <translation>Detect baud rate</translation>
    </message>
    <message>
        <source>Enter the port to connect to.</source>
        <translation>Enter the port to connect to.</translation>
    </message>
    <message>
        <source>Listening at each baud rate…</source>
        <translation>Listening at each baud rate…</translation>
    </message>
    <message>
        <source>Frames validate at %1 baud.</source>
        <translation>Frames validate at %1 baud.</translation>
    </message>
    <message>
        <source>Waiting for a stable weight…</source>
        <translation>Waiting for a stable weight…</translation>
    </message>
    <message>
        <source>Captured %1 %2 (%3 g), stable over %4 readings.</source>
        <translation>Captured %1 %2 (%3 g), stable over %4 readings.</translation>
    </message>
    <message>
        <source>Not captured: %1</source>
        <translation>Not captured: %1</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <source>Counter name</source>
        <translation>Counter name</translation>
    </message>
    <message>
        <source>Database address</source>
        <translation>Database address</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>empty: the database file on this computer</source>
        <translation>empty: the database file on this computer</translation>
    </message>
    <message>
        <source>sqlite:///FILE or postgresql://USER:PASSWORD@HOST:PORT/DATABASE. A new address is used from the next start.</source>
        <translation>sqlite:///FILE or postgresql://USER:PASSWORD@HOST:PORT/DATABASE. A new address is used from the next start.</translation>
    </message>
    <message>
        <source>Saved. The new database address is used from the next start.</source>
        <translation>Saved. The new database address is used from the next start.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Saved.</translation>
    </message>
</context>
<context>
    <name>ShiftCloseActions</name>
    <message>
        <source>Close shift…</source>
        <translation>Close shift…</translation>
    </message>
    <message>
        <source>Cash drop / pay-out…</source>
        <translation>Cash drop / pay-out…</translation>
    </message>
</context>
<context>
    <name>ShiftCloseDialog</name>
    <message>
        <source>Close shift</source>
        <translation>Close shift</translation>
    </message>
    <message>
        <source>Shift %1 of %2: count the cash in the drawer by note and coin, and enter the totals of the card terminal and the payment apps.</source>
        <translation>Shift %1 of %2: count the cash in the drawer by note and coin, and enter the totals of the card terminal and the payment apps.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>%1 total (yuan)</source>
        <translation>%1 total (yuan)</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Close shift…</source>
        <translation>Close shift…</translation>
    </message>
    <message>
        <source>Yes, close the shift</source>
        <translation>Yes, close the shift</translation>
    </message>
    <message>
        <source>Closing…</source>
        <translation>Closing…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Close the shift now? This cannot be undone. Enter: yes, Esc: back to the count.</source>
        <translation>Close the shift now? This cannot be undone. Enter: yes, Esc: back to the count.</translation>
    </message>
</context>
<context>
    <name>ShiftCloseResult</name>
    <message>
        <source>Method</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Expected</translation>
    </message>
    <message>
        <source>Counted / declared</source>
        <translation>Counted / declared</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Difference</translation>
    </message>
    <message>
        <source>Shift closed: handover %1.</source>
        <translation>Shift closed: handover %1.</translation>
    </message>
    <message>
        <source>The handover slip is printing.</source>
        <translation>The handover slip is printing.</translation>
    </message>
    <message>
        <source>No slip: this workstation has no counter name.</source>
        <translation>No slip: this workstation has no counter name.</translation>
    </message>
    <message>
        <source>Blind count: the expected figures are shown after you submit.</source>
        <translation>Blind count: the expected figures are shown after you submit.</translation>
    </message>
    <message>
        <source>Expected cash %1</source>
        <translation>Expected cash %1</translation>
    </message>
</context>
<context>
    <name>ShiftCounters</name>
    <message>
        <source>This shift</source>
        <translation>This shift</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>Vehicles</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>Fees</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>Refunds</translation>
    </message>
    <message>
        <source>Net income</source>
        <translation>Net income</translation>
    </message>
    <message>
        <source>From accounts</source>
        <translation>From accounts</translation>
    </message>
    <message>
        <source>Cash from tickets</source>
        <translation>Cash from tickets</translation>
    </message>
    <message>
        <source>Cash in drawer</source>
        <translation>Cash in drawer</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Voided</translation>
    </message>
    <message>
        <source>Opening float %1 plus the cash of this shift&apos;s tickets</source>
        <translation>Opening float %1 plus the cash of this shift&apos;s tickets</translation>
    </message>
</context>
<context>
    <name>ShortfallDialog</name>
    <message>
        <source>Balance short</source>
        <translation>Balance short</translation>
    </message>
    <message>
        <source>Balance short: the account pays %1, collect %2 in cash.</source>
        <translation>Balance short: the account pays %1, collect %2 in cash.</translation>
    </message>
    <message>
        <source>%1: fee %2, available on the account %3.</source>
        <translation>%1: fee %2, available on the account %3.</translation>
    </message>
    <message>
        <source>Collect %1 in cash (Enter)</source>
        <translation>Collect %1 in cash (Enter)</translation>
    </message>
    <message>
        <source>All in cash: %1 (F4)</source>
        <translation>All in cash: %1 (F4)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
</context>
<context>
    <name>SkipJobDialog</name>
    <message>
        <source>Skip printing</source>
        <translation>Skip printing</translation>
    </message>
    <message>
        <source>%1 will not be printed. Say why: the reason is kept in the audit trail.</source>
        <translation>%1 will not be printed. Say why: the reason is kept in the audit trail.</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>e.g. the driver has left; paper jammed, written by hand</source>
        <translation>e.g. the driver has left; paper jammed, written by hand</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Skip</translation>
    </message>
    <message>
        <source>Say why the document is not printed.</source>
        <translation>Say why the document is not printed.</translation>
    </message>
</context>
<context>
    <name>SplitReportView</name>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>to (inclusive)</source>
        <translation>to (inclusive)</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Beneficiary</source>
        <translation>Beneficiary</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <source>Shares (yuan)</source>
        <translation>Shares (yuan)</translation>
    </message>
    <message>
        <source>Returned (yuan)</source>
        <translation>Returned (yuan)</translation>
    </message>
    <message>
        <source>Net (yuan)</source>
        <translation>Net (yuan)</translation>
    </message>
    <message>
        <source>Owed now (yuan)</source>
        <translation>Owed now (yuan)</translation>
    </message>
    <message>
        <source>Split log total (yuan)</source>
        <translation>Split log total (yuan)</translation>
    </message>
</context>
<context>
    <name>SplitRuleForm</name>
    <message>
        <source>For</source>
        <translation>For</translation>
    </message>
    <message>
        <source>Shares</source>
        <translation>Shares</translation>
    </message>
    <message>
        <source>Another line</source>
        <translation>Another line</translation>
    </message>
    <message>
        <source>The rest to</source>
        <translation>The rest to</translation>
    </message>
    <message>
        <source>Effective</source>
        <translation>Effective</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>why the rule changes (kept in the history)</source>
        <translation>why the rule changes (kept in the history)</translation>
    </message>
    <message>
        <source>12.5% or 3.00 yuan</source>
        <translation>12.5% or 3.00 yuan</translation>
    </message>
    <message>
        <source>Category %1</source>
        <translation>Category %1</translation>
    </message>
    <message>
        <source>Commodity %1</source>
        <translation>Commodity %1</translation>
    </message>
    <message>
        <source>Line %1: choose a beneficiary.</source>
        <translation>Line %1: choose a beneficiary.</translation>
    </message>
    <message>
        <source>Line %1: type a percentage like 12.5% or an amount like 3.00.</source>
        <translation>Line %1: type a percentage like 12.5% or an amount like 3.00.</translation>
    </message>
    <message>
        <source>Choose who gets the rest of the fee.</source>
        <translation>Choose who gets the rest of the fee.</translation>
    </message>
    <message>
        <source>Shares add up. A fee of %1 yuan gives: %2 = %1.</source>
        <translation>Shares add up. A fee of %1 yuan gives: %2 = %1.</translation>
    </message>
    <message>
        <source>Choose a category or a commodity first.</source>
        <translation>Choose a category or a commodity first.</translation>
    </message>
    <message>
        <source>Version %1 of the rule of %2 saved, effective from %3.</source>
        <translation>Version %1 of the rule of %2 saved, effective from %3.</translation>
    </message>
</context>
<context>
    <name>SplitRulesScreen</name>
    <message>
        <source>Rules</source>
        <translation>Rules</translation>
    </message>
    <message>
        <source>Beneficiaries</source>
        <translation>Beneficiaries</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>For</source>
        <translation>For</translation>
    </message>
    <message>
        <source>Shares now</source>
        <translation>Shares now</translation>
    </message>
    <message>
        <source>The rest to</source>
        <translation>The rest to</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Effective from</source>
        <translation>Effective from</translation>
    </message>
    <message>
        <source>Shares</source>
        <translation>Shares</translation>
    </message>
    <message>
        <source>Changed by</source>
        <translation>Changed by</translation>
    </message>
    <message>
        <source>Changed at</source>
        <translation>Changed at</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Category %1</source>
        <translation>Category %1</translation>
    </message>
    <message>
        <source>Commodity %1</source>
        <translation>Commodity %1</translation>
    </message>
    <message>
        <source>no split</source>
        <translation>no split</translation>
    </message>
    <message>
        <source>History of the rule: %1</source>
        <translation>History of the rule: %1</translation>
    </message>
    <message>
        <source>History: choose a rule in the list.</source>
        <translation>History: choose a rule in the list.</translation>
    </message>
    <message>
        <source>cleared</source>
        <translation>cleared</translation>
    </message>
</context>
<context>
    <name>StatementPanel</name>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>to (inclusive)</source>
        <translation>to (inclusive)</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Voucher</source>
        <translation>Voucher</translation>
    </message>
    <message>
        <source>In</source>
        <translation>In</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>Out</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Balance</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Next page</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>Find an account to see its statement.</source>
        <translation>Find an account to see its statement.</translation>
    </message>
    <message>
        <source>The period ends before it starts.</source>
        <translation>The period ends before it starts.</translation>
    </message>
    <message>
        <source>Statement of %1 (%2)</source>
        <translation>Statement of %1 (%2)</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>Statement</translation>
    </message>
    <message>
        <source>Opening balance: %1</source>
        <translation>Opening balance: %1</translation>
    </message>
    <message>
        <source>Closing balance: %1</source>
        <translation>Closing balance: %1</translation>
    </message>
    <message>
        <source>Page %1</source>
        <translation>Page %1</translation>
    </message>
    <message>
        <source>Save statement as PDF</source>
        <translation>Save statement as PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Laying out the statement…</source>
        <translation>Laying out the statement…</translation>
    </message>
    <message>
        <source>Laying out the statement: page %1…</source>
        <translation>Laying out the statement: page %1…</translation>
    </message>
    <message>
        <source>Statement saved: %1</source>
        <translation>Statement saved: %1</translation>
    </message>
    <message>
        <source>The statement was not saved.</source>
        <translation>The statement was not saved.</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Database: %1</source>
        <translation>Database: %1</translation>
    </message>
    <message>
        <source>Counter: %1</source>
        <translation>Counter: %1</translation>
    </message>
    <message>
        <source>User: %1 (%2)</source>
        <translation>User: %1 (%2)</translation>
    </message>
    <message>
        <source>No open shift</source>
        <translation>No open shift</translation>
    </message>
    <message>
        <source>Shift %1 since %2</source>
        <translation>Shift %1 since %2</translation>
    </message>
    <message>
        <source>Ledger check failed: money operations are stopped</source>
        <translation>Ledger check failed: money operations are stopped</translation>
    </message>
</context>
<context>
    <name>TicketList</name>
    <message>
        <source>Tickets of this shift</source>
        <translation>Tickets of this shift</translation>
    </message>
    <message>
        <source>plate or voucher number (Ctrl+F)</source>
        <translation>plate or voucher number (Ctrl+F)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Voucher</source>
        <translation>Voucher</translation>
    </message>
    <message>
        <source>Plate</source>
        <translation>Plate</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>Merchant</translation>
    </message>
    <message>
        <source>Commodity</source>
        <translation>Commodity</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>Net</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Fee</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Refund</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <source>Reprint with a supervisor</source>
        <translation>Reprint with a supervisor</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>Void…</translation>
    </message>
    <message>
        <source>Void with a supervisor…</source>
        <translation>Void with a supervisor…</translation>
    </message>
    <message>
        <source>%1 (by hand)</source>
        <translation>%1 (by hand)</translation>
    </message>
    <message>
        <source>No ticket to act on.</source>
        <translation>No ticket to act on.</translation>
    </message>
    <message>
        <source>Reprinting %1…</source>
        <translation>Reprinting %1…</translation>
    </message>
    <message>
        <source>Reprint of %1 sent to the printer (marked DUPLICATE).</source>
        <translation>Reprint of %1 sent to the printer (marked DUPLICATE).</translation>
    </message>
    <message>
        <source>%1 is %2: only an entry still on site can be voided.</source>
        <translation>%1 is %2: only an entry still on site can be voided.</translation>
    </message>
    <message>
        <source>%1 voided: give back %2 in cash; %3 went back to the account.</source>
        <translation>%1 voided: give back %2 in cash; %3 went back to the account.</translation>
    </message>
</context>
<context>
    <name>TodayRecharges</name>
    <message>
        <source>Recharges of this shift</source>
        <translation>Recharges of this shift</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>Holder</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>Transaction no.</source>
        <translation>Transaction no.</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>Balance after</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Reverse…</source>
        <translation>Reverse…</translation>
    </message>
    <message>
        <source>Reverse with a supervisor…</source>
        <translation>Reverse with a supervisor…</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <source>Reprint with a supervisor</source>
        <translation>Reprint with a supervisor</translation>
    </message>
    <message>
        <source>REVERSED</source>
        <translation>REVERSED</translation>
    </message>
    <message>
        <source>No recharge of this shift to act on.</source>
        <translation>No recharge of this shift to act on.</translation>
    </message>
    <message>
        <source>%1 has already been reversed.</source>
        <translation>%1 has already been reversed.</translation>
    </message>
    <message>
        <source>%1 reversed (receipt %2): %3 back by %4; the balance is now %5.</source>
        <translation>%1 reversed (receipt %2): %3 back by %4; the balance is now %5.</translation>
    </message>
    <message>
        <source>Reprinting %1…</source>
        <translation>Reprinting %1…</translation>
    </message>
    <message>
        <source>Reprint of %1 sent to the printer (marked DUPLICATE).</source>
        <translation>Reprint of %1 sent to the printer (marked DUPLICATE).</translation>
    </message>
</context>
<context>
    <name>UpgradeDialog</name>
    <message>
        <source>MarketDesk — upgrade the database</source>
        <translation>MarketDesk — upgrade the database</translation>
    </message>
    <message>
        <source>The database is empty. MarketDesk can create its tables in it.</source>
        <translation>The database is empty. MarketDesk can create its tables in it.</translation>
    </message>
    <message>
        <source>The database was made by an older MarketDesk (schema %1); this version needs schema %2.</source>
        <translation>The database was made by an older MarketDesk (schema %1); this version needs schema %2.</translation>
    </message>
    <message>
        <source>Quit (Esc)</source>
        <translation>Quit (Esc)</translation>
    </message>
    <message>
        <source>Log in as a user who may manage settings:</source>
        <translation>Log in as a user who may manage settings:</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Upgrade the database now? Close MarketDesk on every other counter first; afterwards they all need this version.</source>
        <translation>Upgrade the database now? Close MarketDesk on every other counter first; afterwards they all need this version.</translation>
    </message>
    <message>
        <source>Upgrading… do not switch off this computer.</source>
        <translation>Upgrading… do not switch off this computer.</translation>
    </message>
    <message>
        <source>Continue (Enter)</source>
        <translation>Continue (Enter)</translation>
    </message>
    <message>
        <source>Upgrade now (Enter)</source>
        <translation>Upgrade now (Enter)</translation>
    </message>
</context>
<context>
    <name>UsersScreen</name>
    <message>
        <source>New user</source>
        <translation>New user</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>Change role</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Display name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Locked by an administrator</source>
        <translation>Locked by an administrator</translation>
    </message>
    <message>
        <source>Locked until %1 (wrong passwords)</source>
        <translation>Locked until %1 (wrong passwords)</translation>
    </message>
    <message>
        <source>Active, must change password</source>
        <translation>Active, must change password</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>User %1 created.</source>
        <translation>User %1 created.</translation>
    </message>
    <message>
        <source>%1 is now: %2.</source>
        <translation>%1 is now: %2.</translation>
    </message>
    <message>
        <source>Password of %1 reset.</source>
        <translation>Password of %1 reset.</translation>
    </message>
    <message>
        <source>User %1 locked.</source>
        <translation>User %1 locked.</translation>
    </message>
    <message>
        <source>User %1 unlocked.</source>
        <translation>User %1 unlocked.</translation>
    </message>
</context>
<context>
    <name>VehicleForm</name>
    <message>
        <source>Plate</source>
        <translation>Plate</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>Merchant</translation>
    </message>
    <message>
        <source>Vehicle type</source>
        <translation>Vehicle type</translation>
    </message>
    <message>
        <source>Licensed curb weight</source>
        <translation>Licensed curb weight</translation>
    </message>
    <message>
        <source>e.g. 鲁A12345</source>
        <translation>e.g. 鲁A12345</translation>
    </message>
    <message>
        <source>Weigh the tare at exit (the merchant asks for it)</source>
        <translation>Weigh the tare at exit (the merchant asks for it)</translation>
    </message>
    <message>
        <source>Approved tare at the desk: the licensed curb weight, else the vehicle type&apos;s tare, else 0 and the tare is weighed at exit.</source>
        <translation>Approved tare at the desk: the licensed curb weight, else the vehicle type&apos;s tare, else 0 and the tare is weighed at exit.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>(not in use)</source>
        <translation>(not in use)</translation>
    </message>
    <message>
        <source>New vehicle</source>
        <translation>New vehicle</translation>
    </message>
    <message>
        <source>Vehicle %1</source>
        <translation>Vehicle %1</translation>
    </message>
    <message>
        <source>Plate: type the licence plate, e.g. 鲁A12345.</source>
        <translation>Plate: type the licence plate, e.g. 鲁A12345.</translation>
    </message>
    <message>
        <source>Merchant: take one from the hits (Enter takes the first), or empty the field for none.</source>
        <translation>Merchant: take one from the hits (Enter takes the first), or empty the field for none.</translation>
    </message>
    <message>
        <source>Plate %1 is already on record: search for it to change it.</source>
        <translation>Plate %1 is already on record: search for it to change it.</translation>
    </message>
    <message>
        <source>Vehicle %1 saved.</source>
        <translation>Vehicle %1 saved.</translation>
    </message>
    <message>
        <source>Changes to %1 saved.</source>
        <translation>Changes to %1 saved.</translation>
    </message>
</context>
<context>
    <name>VehicleTypeForm</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Tare</source>
        <translation>Tare</translation>
    </message>
    <message>
        <source>In use (offered for vehicles)</source>
        <translation>In use (offered for vehicles)</translation>
    </message>
    <message>
        <source>New vehicle type</source>
        <translation>New vehicle type</translation>
    </message>
    <message>
        <source>Vehicle type %1</source>
        <translation>Vehicle type %1</translation>
    </message>
    <message>
        <source>Name: type the vehicle type&apos;s name, e.g. 三轮车.</source>
        <translation>Name: type the vehicle type&apos;s name, e.g. 三轮车.</translation>
    </message>
    <message>
        <source>Tare: type the empty vehicle&apos;s weight, e.g. 0.45 t or 450 kg.</source>
        <translation>Tare: type the empty vehicle&apos;s weight, e.g. 0.45 t or 450 kg.</translation>
    </message>
    <message>
        <source>Vehicle type %1 saved.</source>
        <translation>Vehicle type %1 saved.</translation>
    </message>
</context>
<context>
    <name>VehicleTypesPage</name>
    <message>
        <source>Vehicle type</source>
        <translation>Vehicle type</translation>
    </message>
    <message>
        <source>Tare</source>
        <translation>Tare</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>New vehicle type</source>
        <translation>New vehicle type</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>in use</translation>
    </message>
    <message>
        <source>not in use</source>
        <translation>not in use</translation>
    </message>
</context>
<context>
    <name>VehiclesPage</name>
    <message>
        <source>Search: plate fragment, merchant name or initials; Enter picks the first</source>
        <translation>Search: plate fragment, merchant name or initials; Enter picks the first</translation>
    </message>
    <message>
        <source>Plate</source>
        <translation>Plate</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>Merchant</translation>
    </message>
    <message>
        <source>Vehicle type</source>
        <translation>Vehicle type</translation>
    </message>
    <message>
        <source>Licensed curb weight</source>
        <translation>Licensed curb weight</translation>
    </message>
    <message>
        <source>Weigh tare at exit</source>
        <translation>Weigh tare at exit</translation>
    </message>
    <message>
        <source>Last commodity</source>
        <translation>Last commodity</translation>
    </message>
    <message>
        <source>New vehicle</source>
        <translation>New vehicle</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Type a plate fragment (e.g. the last digits), a merchant&apos;s name or initials.</source>
        <translation>Type a plate fragment (e.g. the last digits), a merchant&apos;s name or initials.</translation>
    </message>
    <message>
        <source>Vehicles found: %1</source>
        <translation>Vehicles found: %1</translation>
    </message>
</context>
<context>
    <name>VehiclesScreen</name>
    <message>
        <source>Vehicles</source>
        <translation>Vehicles</translation>
    </message>
    <message>
        <source>Vehicle types (tare library)</source>
        <translation>Vehicle types (tare library)</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Void entry</source>
        <translation>Void entry</translation>
    </message>
    <message>
        <source>Void %1 (%2, fee %3)? The fee goes back: %4 in cash to the driver, %5 to the account.</source>
        <translation>Void %1 (%2, fee %3)? The fee goes back: %4 in cash to the driver, %5 to the account.</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>e.g. wrong commodity; weighed twice</source>
        <translation>e.g. wrong commodity; weighed twice</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Void</translation>
    </message>
    <message>
        <source>Say why the entry is voided.</source>
        <translation>Say why the entry is voided.</translation>
    </message>
</context>
<context>
    <name>WeighDeskScreen</name>
    <message>
        <source>Entry (F2)</source>
        <translation>Entry (F2)</translation>
    </message>
    <message>
        <source>Exit (F3)</source>
        <translation>Exit (F3)</translation>
    </message>
</context>
<context>
    <name>WeightDisplay</name>
    <message>
        <source>STABLE</source>
        <translation>STABLE</translation>
    </message>
    <message>
        <source>ZERO</source>
        <translation>ZERO</translation>
    </message>
    <message>
        <source>NEGATIVE</source>
        <translation>NEGATIVE</translation>
    </message>
    <message>
        <source>OVERLOAD</source>
        <translation>OVERLOAD</translation>
    </message>
    <message>
        <source>UNDERLOAD</source>
        <translation>UNDERLOAD</translation>
    </message>
    <message>
        <source>NO SIGNAL</source>
        <translation>NO SIGNAL</translation>
    </message>
</context>
<context>
    <name>WeightField</name>
    <message>
        <source>t</source>
        <translation>t</translation>
    </message>
    <message>
        <source>kg</source>
        <translation>kg</translation>
    </message>
    <message>
        <source>e.g. 12.08 t or 12080 kg</source>
        <translation>e.g. 12.08 t or 12080 kg</translation>
    </message>
</context>
</TS>
