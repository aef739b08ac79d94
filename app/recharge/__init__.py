"""The account recharge desk's domain: prepaid accounts (freeze, close, overdraft), top-ups
by every payment method, reversals, statements. Never imports Qt."""
