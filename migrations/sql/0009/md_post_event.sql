-- Post one ledger event in one round trip: the server-side twin of app/ledger/posting.py
-- (same order of work, same checks, same rows). The Hypothesis model test and the bank test
-- run against both implementations.
--
-- p_items: a JSON array, one object per item, in event order:
--   {"t": "new", "debit": id, "credit": id, "amount": fen, "code": text, "pending": bool,
--    "timeout_s": int|null, "ticket_ref": text|null, "shift_id": id|null, "memo": text|null}
--   {"t": "post", "pending_id": id, "amount": fen|null, "memo": text|null}
--   {"t": "void", "pending_id": id, "code": text|null, "memo": text|null}
-- p_audit: null, or {"action": text, "supervisor_name": text|null}: then the event's audit
--   entry is appended to the counter's chain too (not on replay).
--
-- Returns {"replayed": bool, "transfers": [[id, event_index, debit, credit, amount_fen, code,
-- kind, pending_id, expires_at, created_at], ...]} or, when refused, {"error": name, "args":
-- [...]} with nothing written, so the caller's transaction stays usable.
-- The stored result of an event (a replay, or the one just written), or IdempotencyConflict
-- when the same id was posted with other content.
CREATE OR REPLACE FUNCTION md_event_result(p_event_id text, p_wanted_hash text, p_stored_hash text,
    p_items integer, p_replayed boolean DEFAULT true)
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE
  v jsonb;
  k integer;
BEGIN
  IF p_stored_hash <> p_wanted_hash THEN
    RETURN jsonb_build_object('error', 'IdempotencyConflict', 'args', jsonb_build_array(p_event_id));
  END IF;
  SELECT coalesce(jsonb_agg(jsonb_build_array(id, event_index, debit_account_id, credit_account_id, amount_fen,
                                              code, kind, pending_id, expires_at, created_at) ORDER BY event_index),
                  '[]'::jsonb), count(*)
    INTO v, k FROM ledger_transfers WHERE event_id = p_event_id;
  IF k <> p_items THEN
    RAISE EXCEPTION 'event % is stored without all its transfers', p_event_id USING ERRCODE = 'data_corrupted';
  END IF;
  RETURN jsonb_build_object('replayed', p_replayed, 'transfers', v);
END $$;

CREATE OR REPLACE FUNCTION md_post_event(p_event_id text, p_kind text, p_content_hash text,
    p_operator_id integer, p_operator_name text, p_counter text, p_now timestamp, p_items jsonb,
    p_audit jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  n integer := jsonb_array_length(p_items);
  it jsonb;
  i integer;
  r record;
  -- pending transfers being resolved
  pd_id bigint[] := '{}';
  pd_ids bigint[] := '{}';
  pd_row ledger_transfers;
  pd_rows ledger_transfers[] := '{}';
  pd integer;
  resolved bigint[] := '{}';
  -- the event's accounts, locked, with their counters as the event applies
  want bigint[] := '{}';
  x bigint;
  missing bigint;
  a_id bigint[] := '{}';  a_name text[] := '{}';  a_ledger integer[] := '{}';
  a_closed boolean[] := '{}';  a_dmnec boolean[] := '{}';  a_cmned boolean[] := '{}';
  a_od bigint[] := '{}';  a_dp bigint[] := '{}';  a_dpo bigint[] := '{}';
  a_cp bigint[] := '{}';  a_cpo bigint[] := '{}';  a_changed boolean[] := '{}';
  d integer;
  c integer;
  -- the rows to insert
  t_ledger integer[] := '{}';  t_debit bigint[] := '{}';  t_credit bigint[] := '{}';
  t_amount bigint[] := '{}';  t_code text[] := '{}';  t_kind text[] := '{}';
  t_pending bigint[] := '{}';  t_expires timestamp[] := '{}';  t_ticket text[] := '{}';
  t_shift bigint[] := '{}';  t_memo text[] := '{}';
  amount bigint;
  reserved bigint;
  lim bigint;
  v_now timestamp;
  v_hash text;
  v_transfers jsonb;
  v_transfer_ids text;
  v_total bigint;
BEGIN
  -- 1. The accounts and reservations the items name (no SQL: this runs for every event).
  FOR i IN 0 .. n - 1 LOOP
    it := p_items->i;
    IF it->>'t' = 'new' THEN
      want := want || (it->>'debit')::bigint;
      want := want || (it->>'credit')::bigint;
    ELSIF NOT (it->>'pending_id')::bigint = ANY(pd_ids) THEN
      pd_ids := pd_ids || (it->>'pending_id')::bigint;
    END IF;
  END LOOP;
  IF cardinality(pd_ids) > 0 THEN
    FOR pd_row IN SELECT * FROM ledger_transfers WHERE id = ANY(pd_ids) AND kind = 'pending' LOOP
      pd_id := pd_id || pd_row.id;
      pd_rows := pd_rows || pd_row;
      want := want || pd_row.debit_account_id;
      want := want || pd_row.credit_account_id;
    END LOOP;
    missing := NULL;
    FOREACH x IN ARRAY pd_ids LOOP
      IF NOT x = ANY(pd_id) AND (missing IS NULL OR x < missing) THEN
        missing := x;
      END IF;
    END LOOP;
    IF missing IS NOT NULL THEN
      RETURN jsonb_build_object('error', 'PendingNotFound', 'args', jsonb_build_array(missing));
    END IF;
  END IF;

  -- 2. Lock the accounts in id order (no deadlock between events on the same accounts) and,
  --    in the same statement, see whether this event was posted already.
  FOR r IN SELECT a.*, (SELECT content_hash FROM ledger_events WHERE id = p_event_id) AS existing_hash
             FROM ledger_accounts AS a WHERE a.id = ANY(want) ORDER BY a.id FOR UPDATE OF a LOOP
    a_id := a_id || r.id;  a_name := a_name || r.name::text;  a_ledger := a_ledger || r.ledger;
    a_closed := a_closed || r.closed;  a_dmnec := a_dmnec || r.debits_must_not_exceed_credits;
    a_cmned := a_cmned || r.credits_must_not_exceed_debits;  a_od := a_od || r.overdraft_limit_fen::bigint;
    a_dp := a_dp || r.debits_pending;  a_dpo := a_dpo || r.debits_posted;
    a_cp := a_cp || r.credits_pending;  a_cpo := a_cpo || r.credits_posted;  a_changed := a_changed || false;
    v_hash := r.existing_hash;
  END LOOP;
  missing := NULL;
  FOREACH x IN ARRAY want LOOP
    IF NOT x = ANY(a_id) AND (missing IS NULL OR x < missing) THEN
      missing := x;
    END IF;
  END LOOP;
  IF missing IS NOT NULL THEN
    RETURN jsonb_build_object('error', 'AccountNotFound', 'args', jsonb_build_array(missing));
  END IF;

  -- 3. A retry or a double click: the first result stands.
  IF v_hash IS NOT NULL THEN
    RETURN md_event_result(p_event_id, p_content_hash, v_hash, n);
  END IF;
  v_now := coalesce(p_now, clock_timestamp() AT TIME ZONE 'UTC');  -- after the locks: fair expiry

  -- 4. Apply each item to the counters in memory; refuse before anything is written.
  FOR i IN 0 .. n - 1 LOOP
    it := p_items->i;
    IF it->>'t' = 'new' THEN
      d := array_position(a_id, (it->>'debit')::bigint);
      c := array_position(a_id, (it->>'credit')::bigint);
      IF d = c THEN
        RETURN jsonb_build_object('error', 'SameAccount', 'args', jsonb_build_array(a_name[d]));
      END IF;
      IF a_ledger[d] <> a_ledger[c] THEN
        RETURN jsonb_build_object('error', 'LedgerMismatch', 'args', jsonb_build_array(a_name[d], a_name[c]));
      END IF;
      IF a_closed[d] OR a_closed[c] THEN
        RETURN jsonb_build_object('error', 'AccountClosed',
                                  'args', jsonb_build_array(CASE WHEN a_closed[d] THEN a_name[d] ELSE a_name[c] END));
      END IF;
      amount := (it->>'amount')::bigint;
      IF (it->>'pending')::boolean THEN
        a_dp[d] := a_dp[d] + amount;  a_cp[c] := a_cp[c] + amount;
      ELSE
        a_dpo[d] := a_dpo[d] + amount;  a_cpo[c] := a_cpo[c] + amount;
      END IF;
      t_ledger := t_ledger || a_ledger[d];  t_debit := t_debit || a_id[d];  t_credit := t_credit || a_id[c];
      t_amount := t_amount || amount;  t_code := t_code || (it->>'code');
      t_kind := t_kind || CASE WHEN (it->>'pending')::boolean THEN 'pending' ELSE 'posted' END;
      t_pending := t_pending || NULL::bigint;
      t_expires := t_expires || CASE WHEN it->>'timeout_s' IS NULL THEN NULL::timestamp
                                     ELSE v_now + (it->>'timeout_s')::integer * interval '1 second' END;
      t_ticket := t_ticket || (it->>'ticket_ref');  t_shift := t_shift || (it->>'shift_id')::bigint;
    ELSE
      pd := array_position(pd_id, (it->>'pending_id')::bigint);
      pd_row := pd_rows[pd];
      IF pd_row.id = ANY(resolved) OR EXISTS (SELECT 1 FROM ledger_transfers WHERE pending_id = pd_row.id) THEN
        RETURN jsonb_build_object('error', 'PendingAlreadyResolved', 'args', jsonb_build_array(pd_row.id));
      END IF;
      resolved := resolved || pd_row.id;
      d := array_position(a_id, pd_row.debit_account_id);
      c := array_position(a_id, pd_row.credit_account_id);
      IF it->>'t' = 'post' AND (a_closed[d] OR a_closed[c]) THEN  -- a void may always release
        RETURN jsonb_build_object('error', 'AccountClosed',
                                  'args', jsonb_build_array(CASE WHEN a_closed[d] THEN a_name[d] ELSE a_name[c] END));
      END IF;
      reserved := pd_row.amount_fen;
      a_dp[d] := a_dp[d] - reserved;  a_cp[c] := a_cp[c] - reserved;
      IF a_dp[d] < 0 OR a_cp[c] < 0 THEN
        RAISE EXCEPTION 'pending counters went negative on accounts % and %', a_id[d], a_id[c]
          USING ERRCODE = 'data_corrupted';
      END IF;
      IF it->>'t' = 'post' THEN
        IF pd_row.expires_at IS NOT NULL AND v_now > pd_row.expires_at THEN
          RETURN jsonb_build_object('error', 'PendingExpired', 'args', jsonb_build_array(pd_row.id));
        END IF;
        amount := coalesce((it->>'amount')::bigint, reserved);
        IF amount > reserved THEN
          RETURN jsonb_build_object('error', 'PostExceedsPending', 'args', jsonb_build_array(pd_row.id, reserved, amount));
        END IF;
        a_dpo[d] := a_dpo[d] + amount;  a_cpo[c] := a_cpo[c] + amount;
        t_kind := t_kind || 'post'::text;  t_code := t_code || pd_row.code::text;
      ELSE
        amount := reserved;
        t_kind := t_kind || 'void'::text;  t_code := t_code || coalesce(it->>'code', pd_row.code::text);
      END IF;
      t_ledger := t_ledger || pd_row.ledger;  t_debit := t_debit || a_id[d];  t_credit := t_credit || a_id[c];
      t_amount := t_amount || amount;  t_pending := t_pending || pd_row.id;  t_expires := t_expires || NULL::timestamp;
      t_ticket := t_ticket || pd_row.ticket_ref::text;  t_shift := t_shift || pd_row.shift_id;
    END IF;
    t_memo := t_memo || (it->>'memo');
    a_changed[d] := true;  a_changed[c] := true;
    -- TigerBeetle's balancing rules, checked after the item is applied.
    IF a_dmnec[d] THEN
      lim := a_cpo[d] + a_od[d];
      IF a_dp[d] + a_dpo[d] > lim THEN
        RETURN jsonb_build_object('error', 'ExceedsCredits',
                                  'args', jsonb_build_array(a_name[d], lim - (a_dp[d] + a_dpo[d] - amount), amount));
      END IF;
    END IF;
    IF a_cmned[c] AND a_cp[c] + a_cpo[c] > a_dpo[c] THEN
      RETURN jsonb_build_object('error', 'ExceedsDebits',
                                'args', jsonb_build_array(a_name[c], a_dpo[c] - (a_cp[c] + a_cpo[c] - amount), amount));
    END IF;
  END LOOP;

  -- 5. Write: the event (a concurrent twin on other accounts waits here on its key), the
  --    counters, the transfers, and the audit entry.
  INSERT INTO ledger_events (id, kind, content_hash, operator_id, operator_name, counter, created_at)
    VALUES (p_event_id, p_kind, p_content_hash, p_operator_id, p_operator_name, p_counter, v_now)
    ON CONFLICT (id) DO NOTHING;
  IF NOT FOUND THEN
    SELECT content_hash INTO STRICT v_hash FROM ledger_events WHERE id = p_event_id;
    RETURN md_event_result(p_event_id, p_content_hash, v_hash, n);
  END IF;
  UPDATE ledger_accounts AS a
     SET debits_pending = v.dp, debits_posted = v.dpo, credits_pending = v.cp, credits_posted = v.cpo
    FROM unnest(a_id, a_dp, a_dpo, a_cp, a_cpo, a_changed) AS v(id, dp, dpo, cp, cpo, changed)
   WHERE a.id = v.id AND v.changed;
  WITH inserted AS (
    INSERT INTO ledger_transfers (event_id, event_index, ledger, debit_account_id, credit_account_id, amount_fen,
                                  code, kind, pending_id, expires_at, ticket_ref, shift_id, operator_id, counter,
                                  memo, created_at)
      SELECT p_event_id, u.ord - 1, u.ledger, u.debit, u.credit, u.amount, u.code, u.kind, u.pending, u.expires,
             u.ticket, u.shift, p_operator_id, p_counter, u.memo, v_now
        FROM unnest(t_ledger, t_debit, t_credit, t_amount, t_code, t_kind, t_pending, t_expires, t_ticket, t_shift,
                    t_memo) WITH ORDINALITY
             AS u(ledger, debit, credit, amount, code, kind, pending, expires, ticket, shift, memo, ord)
       ORDER BY u.ord
      RETURNING id, event_index, debit_account_id, credit_account_id, amount_fen, code, kind, pending_id,
                expires_at, created_at)
  SELECT jsonb_agg(jsonb_build_array(id, event_index, debit_account_id, credit_account_id, amount_fen, code, kind,
                                     pending_id, expires_at, created_at) ORDER BY event_index),
         string_agg(id::text, ',' ORDER BY event_index), sum(amount_fen)
    INTO v_transfers, v_transfer_ids, v_total FROM inserted;
  IF p_audit IS NOT NULL THEN
    PERFORM md_audit_append(v_now, p_operator_id, p_operator_name, p_audit->>'supervisor_name', p_counter,
                            p_audit->>'action', p_event_id,
                            '{"amount_fen":' || v_total || ',"transfers":[' || v_transfer_ids || ']}');
  END IF;
  RETURN jsonb_build_object('replayed', false, 'transfers', v_transfers);
END $$;
