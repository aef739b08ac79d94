-- A text value as JSON, exactly as Python's json.dumps(value, ensure_ascii=False) writes it:
-- both escape only '"', '\' and the control characters below U+0020, in the same forms.
CREATE OR REPLACE FUNCTION md_json(v text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(to_json(v)::text, 'null')
$$;
