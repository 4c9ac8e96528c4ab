-- Mandi prices (Agmarknet, through data.gov.in) and what they hang on: the commodity catalogue with the
-- Agmarknet names that map to it, the markets, and a record of every ingestion run. All of it is
-- platform-level reference data shared by every tenant, like the crop catalogue (0006) and the MSPs
-- (0007): not tenant-owned, so no row-level security; both application roles read it, and only the
-- platform role (the ingestion job) and migrations write it.

-- The commodity catalogue: the crop catalogue seen from the market (reference/commodities.csv). A
-- commodity that is a catalogue crop has the crop's code; basmati paddy, milled rice and kabuli chana
-- are commodities of their own because their prices are not the crop's.
CREATE TABLE commodities (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9]*(_[a-z0-9]+)*$'),
  name_en text NOT NULL CHECK (name_en <> ''),
  name_hi text NOT NULL CHECK (name_hi <> ''),
  -- The catalogue crop it is, or is a form of. A crop leaving the catalogue leaves its commodities
  -- (and their prices) in place, without a crop.
  crop text REFERENCES crops (code) ON DELETE SET NULL,
  -- The crop code of msp_prices whose MSP applies to this commodity's prices, else NULL.
  msp_crop text
);

-- Agmarknet spells commodities its own way, and one crop several ways (reference/agmarknet-commodities.csv).
CREATE TABLE agmarknet_commodity_names (
  name text PRIMARY KEY CHECK (name <> ''),
  commodity text NOT NULL REFERENCES commodities (code) ON DELETE CASCADE,
  -- Where the spelling was seen: KEY(detail);KEY, keys explained in reference/README.md.
  source text NOT NULL CHECK (source <> '')
);
CREATE INDEX agmarknet_commodity_names_commodity ON agmarknet_commodity_names (commodity);

-- Mandis, as Agmarknet names them: a market is its state, district and name. Agmarknet's records
-- carry no coordinates, so lat/lon stay NULL until a market is placed (by geocoding or by hand).
CREATE TABLE markets (
  id uuid PRIMARY KEY,
  state text NOT NULL CHECK (state <> ''),
  district text NOT NULL CHECK (district <> ''),
  name text NOT NULL CHECK (name <> ''),
  lat double precision CHECK (lat BETWEEN -90 AND 90),
  lon double precision CHECK (lon BETWEEN -180 AND 180),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK ((lat IS NULL) = (lon IS NULL)),
  UNIQUE (state, district, name)
);

-- One row per market, commodity, variety, grade and arrival date: a rerun or an overlapping run
-- updates the row instead of adding one. Prices are ₹ per quintal (100 kg), Agmarknet's unit.
-- Partitioned by month of arrival; the ingestion creates a month's partition before writing to it
-- (market_prices_partition below), and the default partition catches any row written otherwise.
CREATE TABLE market_prices (
  market_id uuid NOT NULL REFERENCES markets (id),
  commodity text NOT NULL REFERENCES commodities (code),
  variety text NOT NULL,
  grade text NOT NULL,
  arrival_date date NOT NULL,
  -- The market's own state and district, copied so that the filters by place need no join; they
  -- are part of the market's identity and never change for a market_id.
  state text NOT NULL,
  district text NOT NULL,
  -- The commodity name as the source wrote it.
  agmarknet_commodity text NOT NULL,
  min_price_inr_per_quintal numeric(12, 2) NOT NULL CHECK (min_price_inr_per_quintal > 0),
  max_price_inr_per_quintal numeric(12, 2) NOT NULL,
  modal_price_inr_per_quintal numeric(12, 2) NOT NULL,
  -- agmarknet: the data.gov.in API; agmarknet-sample: the bundled real records of the offline twin.
  source text NOT NULL CHECK (source IN ('agmarknet', 'agmarknet-sample')),
  -- The run that last wrote the row (ingestion_runs.id; runs are not kept for ever, so no foreign key).
  ingestion_run_id uuid NOT NULL,
  fetched_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK (min_price_inr_per_quintal <= modal_price_inr_per_quintal AND modal_price_inr_per_quintal <= max_price_inr_per_quintal),
  UNIQUE (market_id, commodity, variety, grade, arrival_date)
) PARTITION BY RANGE (arrival_date);

CREATE TABLE market_prices_default PARTITION OF market_prices DEFAULT;

-- For GET /v1/market-prices (commodity, state, district, market, date range; newest first), its
-- trends (one commodity over 90 days, in one market or everywhere) and the best markets for a
-- commodity; every filter leads with equality columns and ends on the date, newest first. The
-- unique key serves one market's commodity series.
CREATE INDEX market_prices_commodity_date ON market_prices (commodity, arrival_date DESC);
CREATE INDEX market_prices_commodity_place_date ON market_prices (commodity, state, district, arrival_date DESC);
CREATE INDEX market_prices_place_date ON market_prices (state, district, arrival_date DESC);
CREATE INDEX market_prices_market_date ON market_prices (market_id, arrival_date DESC);

-- The month's partition of a day, made on first use. SECURITY DEFINER: the platform role may write
-- prices but owns no tables, and only the table's owner may attach partitions. A month's rows that
-- reached the default partition meanwhile move into the new partition before it is attached.
CREATE FUNCTION market_prices_partition(day date) RETURNS text
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  first_day date := date_trunc('month', day)::date;
  next_first date := (date_trunc('month', day) + interval '1 month')::date;
  partition_name text := format('market_prices_%s', to_char(day, 'YYYY_MM'));
BEGIN
  IF day < date '2000-01-01' OR day >= date '2100-01-01' THEN
    RAISE EXCEPTION 'arrival date % is outside 2000-2099', day USING ERRCODE = 'check_violation';
  END IF;
  IF to_regclass(partition_name) IS NOT NULL THEN
    RETURN partition_name;
  END IF;
  -- Two runs reaching a new month at once: the second waits here and then finds the partition.
  PERFORM pg_advisory_xact_lock(7310528841);
  IF to_regclass(partition_name) IS NOT NULL THEN
    RETURN partition_name;
  END IF;
  EXECUTE format('CREATE TABLE %I (LIKE market_prices INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', partition_name);
  EXECUTE format('INSERT INTO %I SELECT * FROM market_prices_default WHERE arrival_date >= %L AND arrival_date < %L',
    partition_name, first_day, next_first);
  EXECUTE format('DELETE FROM market_prices_default WHERE arrival_date >= %L AND arrival_date < %L', first_day, next_first);
  EXECUTE format('ALTER TABLE market_prices ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', partition_name, first_day, next_first);
  RETURN partition_name;
END $$;

REVOKE ALL ON FUNCTION market_prices_partition(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION market_prices_partition(date) TO kheti_platform;

-- One row per ingestion run (a job attempt, a backfill, the demo seed): what it asked for, what it
-- fetched, and what became of every record.
CREATE TABLE ingestion_runs (
  id uuid PRIMARY KEY,
  dataset text NOT NULL CHECK (dataset IN ('market-prices')),
  -- The job that ran it (NULL for a backfill or the seed, which run outside the queue).
  job_id text,
  kind text NOT NULL CHECK (kind IN ('scheduled', 'manual', 'backfill', 'seed')),
  -- data.gov.in, or agmarknet-sample (the offline twin).
  source text NOT NULL,
  parameters jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  pages integer NOT NULL DEFAULT 0,
  fetched integer NOT NULL DEFAULT 0,
  inserted integer NOT NULL DEFAULT 0,
  updated integer NOT NULL DEFAULT 0,
  unchanged integer NOT NULL DEFAULT 0,
  rejected integer NOT NULL DEFAULT 0,
  -- {reason: count}, and {Agmarknet commodity name: count} of the unknown_commodity ones.
  rejected_reasons jsonb NOT NULL DEFAULT '{}',
  unknown_commodities jsonb NOT NULL DEFAULT '{}',
  -- Records the source reported but the run could not reach (its 10 000-record window), per query.
  unreachable integer NOT NULL DEFAULT 0,
  error text
);
CREATE INDEX ingestion_runs_dataset_started ON ingestion_runs (dataset, started_at DESC);

-- Every record a run refused, with the reason and the record as received; kept 30 days.
CREATE TABLE ingestion_rejections (
  run_id uuid NOT NULL REFERENCES ingestion_runs (id) ON DELETE CASCADE,
  n integer NOT NULL,
  reason text NOT NULL,
  detail text NOT NULL,
  record jsonb NOT NULL,
  PRIMARY KEY (run_id, n)
);

GRANT SELECT ON commodities, agmarknet_commodity_names, markets, market_prices TO kheti_app, kheti_platform;
GRANT INSERT, UPDATE ON markets, market_prices TO kheti_platform;
GRANT SELECT, INSERT, UPDATE, DELETE ON ingestion_runs, ingestion_rejections TO kheti_platform;

-- Generated by scripts/commodities-sql.mjs from reference/commodities.csv (29 commodities) and
-- reference/agmarknet-commodities.csv (31 Agmarknet names); edit the CSVs, not these statements.
INSERT INTO commodities (code, name_en, name_hi, crop, msp_crop) VALUES
  ('paddy', 'Paddy (rice)', 'धान', 'paddy', 'paddy'),
  ('paddy_basmati', 'Paddy (basmati)', 'बासमती धान', 'paddy', NULL),
  ('rice', 'Rice (milled)', 'चावल', 'paddy', NULL),
  ('wheat', 'Wheat', 'गेहूँ', 'wheat', 'wheat'),
  ('maize', 'Maize', 'मक्का', 'maize', 'maize'),
  ('jowar', 'Jowar (sorghum)', 'ज्वार', 'jowar', 'jowar'),
  ('bajra', 'Bajra (pearl millet)', 'बाजरा', 'bajra', 'bajra'),
  ('ragi', 'Ragi (finger millet)', 'रागी (मडुआ)', 'ragi', 'ragi'),
  ('tur_arhar', 'Tur (arhar; pigeon pea)', 'अरहर (तुअर)', 'tur_arhar', 'tur_arhar'),
  ('moong', 'Moong (green gram)', 'मूंग', 'moong', 'moong'),
  ('urad', 'Urad (black gram)', 'उड़द', 'urad', 'urad'),
  ('gram', 'Gram (chickpea)', 'चना', 'gram', 'gram'),
  ('kabuli_chana', 'Kabuli chana (white chickpea)', 'काबुली चना', 'gram', NULL),
  ('masur_lentil', 'Masur (lentil)', 'मसूर', 'masur_lentil', 'masur_lentil'),
  ('groundnut', 'Groundnut', 'मूंगफली', 'groundnut', 'groundnut'),
  ('soybean', 'Soybean', 'सोयाबीन', 'soybean', 'soybean'),
  ('rapeseed_mustard', 'Rapeseed and mustard', 'सरसों', 'rapeseed_mustard', 'rapeseed_mustard'),
  ('sunflower_seed', 'Sunflower seed', 'सूरजमुखी', 'sunflower_seed', 'sunflower_seed'),
  ('sesamum', 'Sesamum (sesame)', 'तिल', 'sesamum', 'sesamum'),
  ('nigerseed', 'Nigerseed', 'रामतिल', 'nigerseed', 'nigerseed'),
  ('safflower', 'Safflower', 'कुसुम', 'safflower', 'safflower'),
  ('cotton', 'Cotton', 'कपास', 'cotton', 'cotton'),
  ('barley', 'Barley', 'जौ', 'barley', 'barley'),
  ('jute', 'Jute', 'जूट (पटसन)', 'jute', 'jute'),
  ('copra', 'Copra (coconut)', 'खोपरा (नारियल)', 'copra', 'copra'),
  ('sugarcane', 'Sugarcane', 'गन्ना', 'sugarcane', NULL),
  ('tomato', 'Tomato', 'टमाटर', 'tomato', NULL),
  ('onion', 'Onion', 'प्याज', 'onion', NULL),
  ('potato', 'Potato', 'आलू', 'potato', NULL)
ON CONFLICT (code) DO UPDATE SET
  name_en = EXCLUDED.name_en, name_hi = EXCLUDED.name_hi, crop = EXCLUDED.crop, msp_crop = EXCLUDED.msp_crop;

DELETE FROM agmarknet_commodity_names WHERE name NOT IN ('Paddy(Dhan)(Common)', 'Paddy(Dhan)(Basmati)', 'Rice', 'Wheat', 'Maize', 'Jowar(Sorghum)', 'Bajra(Pearl Millet/Cumbu)', 'Ragi (Finger Millet)', 'Arhar (Tur/Red Gram)(Whole)', 'Green Gram (Moong)(Whole)', 'Black Gram (Urd Beans)(Whole)', 'Bengal Gram(Gram)(Whole)', 'Kabuli Chana(Chickpeas-White)', 'Lentil (Masur)(Whole)', 'Groundnut', 'Groundnut pods (raw)', 'Soyabean', 'Mustard', 'Indian Colza(Sarson)', 'Sunflower', 'Sesamum(Sesame,Gingelly,Til)', 'Niger Seed (Ramtil)', 'Safflower', 'Cotton', 'Barley (Jau)', 'Jute', 'Copra', 'Sugarcane', 'Tomato', 'Onion', 'Potato');
INSERT INTO agmarknet_commodity_names (name, commodity, source) VALUES
  ('Paddy(Dhan)(Common)', 'paddy', 'DGI_FILTER;DGI_CSV_20250405(Karanjia);DGI_CSV_20251025(Babain)'),
  ('Paddy(Dhan)(Basmati)', 'paddy_basmati', 'DGI_FILTER;DGI_CSV_20251025(Sikandraraau)'),
  ('Rice', 'rice', 'DGI_FILTER;DGI_CSV_20250405(Alibagh);DGI_CSV_20251025(Dasda)'),
  ('Wheat', 'wheat', 'DGI_FILTER;DGI_CSV_20250405(Gautampura);DGI_CSV_20251025(Dhanaura)'),
  ('Maize', 'maize', 'DGI_FILTER;DGI_CSV_20250405(Mylavaram)'),
  ('Jowar(Sorghum)', 'jowar', 'DGI_FILTER;DGI_CSV_20240915(Sillod)'),
  ('Bajra(Pearl Millet/Cumbu)', 'bajra', 'DGI_FILTER;DGI_CSV_20240915(Mangrol)'),
  ('Ragi (Finger Millet)', 'ragi', 'DGI_FILTER'),
  ('Arhar (Tur/Red Gram)(Whole)', 'tur_arhar', 'DGI_FILTER;DGI_CSV_20250405(Jambusar(Kaavi))'),
  ('Green Gram (Moong)(Whole)', 'moong', 'DGI_FILTER'),
  ('Black Gram (Urd Beans)(Whole)', 'urad', 'DGI_FILTER'),
  ('Bengal Gram(Gram)(Whole)', 'gram', 'DGI_FILTER;DGI_CSV_20250405(Mangrol)'),
  ('Kabuli Chana(Chickpeas-White)', 'kabuli_chana', 'DGI_FILTER;DGI_CSV_20250405(Sanawad)'),
  ('Lentil (Masur)(Whole)', 'masur_lentil', 'DGI_FILTER;DGI_CSV_20240915(Dindori)'),
  ('Groundnut', 'groundnut', 'DGI_FILTER;DGI_CSV_20250405(Mangrol)'),
  ('Groundnut pods (raw)', 'groundnut', 'DGI_FILTER'),
  ('Soyabean', 'soybean', 'DGI_FILTER;DGI_CSV_20250405(Veraval)'),
  ('Mustard', 'rapeseed_mustard', 'DGI_FILTER;DGI_CSV_20251025(Mugrabaadshahpur)'),
  ('Indian Colza(Sarson)', 'rapeseed_mustard', 'DGI_FILTER;DGI_CSV_20251025(Kangra(Baijnath))'),
  ('Sunflower', 'sunflower_seed', 'DGI_FILTER;DGI_CSV_20240915(Sillod)'),
  ('Sesamum(Sesame,Gingelly,Til)', 'sesamum', 'DGI_FILTER;DGI_CSV_20250405(Visavadar)'),
  ('Niger Seed (Ramtil)', 'nigerseed', 'DGI_FILTER'),
  ('Safflower', 'safflower', 'DGI_FILTER'),
  ('Cotton', 'cotton', 'DGI_FILTER;DGI_CSV_20250405(Rajpipla);DGI_CSV_20251025(Rani)'),
  ('Barley (Jau)', 'barley', 'DGI_FILTER;DGI_CSV_20250405(Suratgarh)'),
  ('Jute', 'jute', 'DGI_FILTER'),
  ('Copra', 'copra', 'DGI_FILTER'),
  ('Sugarcane', 'sugarcane', 'DGI_FILTER'),
  ('Tomato', 'tomato', 'DGI_FILTER;DGI_CSV_20250405(Rayya);DGI_CSV_20251025(Sahnewal)'),
  ('Onion', 'onion', 'DGI_FILTER;DGI_CSV_20250405(Visavadar);DGI_CSV_20251025(Sahnewal)'),
  ('Potato', 'potato', 'DGI_FILTER;DGI_CSV_20250405(Natwar);DGI_CSV_20251025(Visoli)')
ON CONFLICT (name) DO UPDATE SET commodity = EXCLUDED.commodity, source = EXCLUDED.source;
