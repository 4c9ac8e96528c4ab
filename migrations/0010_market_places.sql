-- Where the mandis are, as far as Kheti can tell, and the index behind price trends.
--
-- Agmarknet's records carry no coordinates. `lat`/`lon` (0009) stay what they were: a market's own
-- position, set only when someone places the mandi itself; nothing here writes them. The columns
-- below hold the position of the market's *district* in the offline gazetteer
-- (reference/india-districts.csv: the district headquarters, or its centroid), found by matching
-- Agmarknet's state and district spellings to the gazetteer's names (src/modules/markets/market-places.ts).
-- They are an approximation, answered as `coordinatesSource: "district"`; a district the gazetteer
-- cannot name for certain stays NULL rather than guessed.
ALTER TABLE markets
  ADD COLUMN place_state text,
  ADD COLUMN place_district text,
  ADD COLUMN district_lat double precision CHECK (district_lat BETWEEN -90 AND 90),
  ADD COLUMN district_lon double precision CHECK (district_lon BETWEEN -180 AND 180),
  ADD CONSTRAINT markets_district_place CHECK (
    (district_lat IS NULL) = (district_lon IS NULL)
    AND (district_lat IS NULL) = (place_district IS NULL)
    AND (place_district IS NULL) = (place_state IS NULL));

-- market= finds markets by name whatever the case.
CREATE INDEX markets_name_lower ON markets (lower(name));

-- The trend of one commodity reads the modal price of every record over about 180 days (90 shown,
-- and 89 before them for the 90-day moving average): with the price in the index that is an
-- index-only scan of the month partitions the dates reach, not a visit to every heap page
-- (bench/README.md, "Price trends"). Read backwards, the same index serves the newest-first listing.
DROP INDEX market_prices_commodity_date;
CREATE INDEX market_prices_commodity_date ON market_prices (commodity, arrival_date) INCLUDE (modal_price_inr_per_quintal);

-- GET /v1/market-prices without filters, newest first: without an index that leads with the date,
-- the first page sorts every stored price (seconds at 5 million rows); with it, the newest day's
-- rows are read from the index of each month partition and only they are sorted on the other keys.
CREATE INDEX market_prices_arrival_date ON market_prices (arrival_date);
