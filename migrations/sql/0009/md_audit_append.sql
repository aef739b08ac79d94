-- Append one audit entry to the chain of p_counter ('' when none), inside the caller's
-- transaction; returns the entry's seq. The same hash as app/auth/audit.py row_hash:
--   sha256(prev_hash || json [chain_seq, created_at (ISO, microseconds), actor_id, actor_name,
--                              supervisor_name, counter, action, target, details])
-- A counter's first entry opens its chain (genesis = sha256('audit chain ' || name)) and
-- announces it with an 'audit.chain_open' entry in the main chain.
CREATE OR REPLACE FUNCTION md_audit_append(p_created_at timestamp, p_actor_id integer, p_actor_name text,
    p_supervisor_name text, p_counter text, p_action text, p_target text, p_details text)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_chain text := coalesce(p_counter, '');
  v_chain_seq bigint;
  v_prev text;
  v_hash text;
  v_at timestamp;
  v_seq bigint;
BEGIN
  SELECT seq, hash INTO v_chain_seq, v_prev FROM audit_chains WHERE chain = v_chain FOR UPDATE;
  IF NOT FOUND THEN
    IF v_chain = '' THEN
      RAISE EXCEPTION 'the main audit chain is missing' USING ERRCODE = 'data_corrupted';
    END IF;
    -- A concurrent opener of the same chain waits here on its key until that one commits.
    INSERT INTO audit_chains (chain, seq, hash)
      VALUES (v_chain, 0, encode(sha256(convert_to('audit chain ' || v_chain, 'UTF8')), 'hex'))
      ON CONFLICT (chain) DO NOTHING;
    IF FOUND THEN
      PERFORM md_audit_append(p_created_at, p_actor_id, p_actor_name, NULL, NULL, 'audit.chain_open',
                              v_chain, '{"chain":' || md_json(v_chain) || '}');
    END IF;
    SELECT seq, hash INTO STRICT v_chain_seq, v_prev FROM audit_chains WHERE chain = v_chain FOR UPDATE;
  END IF;
  v_chain_seq := v_chain_seq + 1;
  v_at := coalesce(p_created_at, clock_timestamp() AT TIME ZONE 'UTC');
  v_hash := encode(sha256(convert_to(v_prev || '[' || v_chain_seq || ','
      || md_json(to_char(v_at, 'YYYY-MM-DD"T"HH24:MI:SS.US')) || ','
      || coalesce(p_actor_id::text, 'null') || ',' || md_json(p_actor_name) || ','
      || md_json(p_supervisor_name) || ',' || md_json(p_counter) || ',' || md_json(p_action) || ','
      || md_json(p_target) || ',' || md_json(p_details) || ']', 'UTF8')), 'hex');
  WITH appended AS (
    INSERT INTO audit_log (chain, chain_seq, created_at, actor_id, actor_name, supervisor_name, counter,
                           action, target, details, prev_hash, hash)
      VALUES (v_chain, v_chain_seq, v_at, p_actor_id, p_actor_name, p_supervisor_name, p_counter,
              p_action, p_target, p_details, v_prev, v_hash)
      RETURNING seq)
  UPDATE audit_chains SET seq = v_chain_seq, hash = v_hash WHERE chain = v_chain
    RETURNING (SELECT seq FROM appended) INTO STRICT v_seq;
  RETURN v_seq;
END $$;
