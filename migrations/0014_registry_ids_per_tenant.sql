-- Registry ids are unique within a tenant, not across tenants. Offline clients choose their own
-- ids; with one id space for everyone, creating a record under an id another tenant holds was
-- refused with 409, which told the caller that the id exists somewhere. Now each tenant's ids are
-- its own: that create simply makes the caller's record.
--
-- The primary keys become (tenant_id, id), and every foreign key that points at a registry
-- table (wherever it is declared) becomes (tenant_id, <column>) → (tenant_id, id), with the same
-- ON DELETE action; a row can then only ever hang off a row of its own tenant.

CREATE TEMPORARY TABLE registry_references ON COMMIT DROP AS
  SELECT c.conrelid::regclass::text AS child, c.conname AS name, c.confrelid::regclass::text AS parent,
         a.attname::text AS column_name, c.confdeltype AS on_delete, c.confupdtype AS on_update,
         array_length(c.conkey, 1) AS width
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.contype = 'f'
     AND c.confrelid::regclass::text IN ('farmers', 'farms', 'fields', 'crop_cycles', 'soil_tests');

DO $$
DECLARE
  ref record;
  registry text;
BEGIN
  FOR ref IN SELECT * FROM registry_references LOOP
    IF ref.width <> 1 OR ref.on_delete NOT IN ('a', 'r', 'c') OR ref.on_update <> 'a' THEN
      RAISE EXCEPTION 'foreign key % on % is not a plain single-column reference', ref.name, ref.child;
    END IF;
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', ref.child, ref.name);
  END LOOP;

  FOREACH registry IN ARRAY ARRAY['farmers', 'farms', 'fields', 'crop_cycles', 'soil_tests'] LOOP
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', registry, registry || '_pkey');
    EXECUTE format('ALTER TABLE %I ADD PRIMARY KEY (tenant_id, id)', registry);
  END LOOP;

  FOR ref IN SELECT * FROM registry_references LOOP
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY (tenant_id, %I) REFERENCES %I (tenant_id, id) ON DELETE %s',
      ref.child, ref.name, ref.column_name, ref.parent,
      CASE ref.on_delete WHEN 'c' THEN 'CASCADE' WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END);
  END LOOP;
END $$;
