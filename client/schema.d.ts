// Generated from docs/openapi.json by `npm run client:generate` (openapi-typescript). Do not edit.

export interface paths {
    "/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The web console (HTML); without a built console, a redirect to the API documentation at /docs */
        get: operations["home"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/console-config.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The web console settings */
        get: operations["getConsoleConfig"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/livez": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is alive */
        get: operations["getLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Ready to serve: every required dependency answers and the process is not shutting down
         * @description Replicas are reported but not required: reads fall back to the primary.
         */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** OAuth 2.0 token endpoint (RFC 6749): password, refresh_token, client_credentials, token exchange of a Firebase ID token */
        post: operations["issueToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke a refresh token and its family (RFC 7009); always 200 */
        post: operations["revokeToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Public keys that verify access tokens */
        get: operations["getJwks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/oauth-authorization-server": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** OAuth 2.0 authorization server metadata (RFC 8414) */
        get: operations["getAuthorizationServerMetadata"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an account with email and password */
        post: operations["registerUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Join a tenant: accept an invitation with its token
         * @description An email invitation is accepted signed in as the account with that email (register first if there is none). A phone invitation, whose token was texted to the phone, may be accepted signed in as the account with that phone or without signing in: then the account of that phone joins, made now if there is none, and signs in by OTP as usual. A token is good for one use within its validity.
         */
        post: operations["acceptInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/sign-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out: revoke the refresh token and every token descended from the same sign-in */
        post: operations["signOut"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/otp/request": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Text a sign-in code to a farmer's phone
         * @description The code is valid for 5 minutes and 5 tries; a new request replaces it. At most 3 requests per phone in 15 minutes.
         */
        post: operations["requestOtp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/otp/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Trade a phone and its sign-in code for tokens
         * @description Answers the OAuth 2.0 token response. A wrong or expired code answers 400 with `reason` (invalid_code, expired, too_many_attempts) and `attemptsRemaining`.
         */
        post: operations["verifyOtp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** You: your account, your memberships, and the tenant and role of this token */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tenants: all for a platform admin, else your own */
        get: operations["listTenants"];
        put?: never;
        /** Create an organisation; you become its tenant_admin */
        post: operations["createTenant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One tenant, by id or slug: yours, or any for a platform admin */
        get: operations["getTenant"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Members of a tenant and their roles */
        get: operations["listTenantMembers"];
        put?: never;
        /**
         * Invite a person by email or phone with a role; they join when they accept
         * @description Answers 202 with the invitation: nobody joins, and no account is made, until the invited person accepts with POST /v1/invitations/accept. A phone invitation is texted to the phone; an email invitation answers its token this once, for the admin to pass on. A new invitation of the same person replaces their open one.
         */
        post: operations["inviteTenantMember"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{id}/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Invitations of a tenant, newest first, with their status (never their tokens) */
        get: operations["listTenantInvitations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{id}/invitations/{invitationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One invitation of the tenant */
        get: operations["getTenantInvitation"];
        put?: never;
        post?: never;
        /** Revoke an invitation not yet accepted; its token stops working at once */
        delete: operations["revokeTenantInvitation"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{id}/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The organisation's settings, defaults filled in
         * @description With an ETag (the tenant version) for If-None-Match and for the If-Match of a change.
         */
        get: operations["getTenantSettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change the organisation's settings (tenant_admin; audited)
         * @description A JSON merge patch: keys left out keep their value; `transportCostInrPerQuintalKm: null` goes back to the deployment default. If-Match with the ETag last read; a stale one answers 412 with the current settings.
         */
        patch: operations["updateTenantSettings"];
        trace?: never;
    };
    "/v1/tenants/{id}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a member; their tokens stop working at once */
        delete: operations["removeTenantMember"];
        options?: never;
        head?: never;
        /** Change a member's role */
        patch: operations["updateTenantMember"];
        trace?: never;
    };
    "/v1/clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's OAuth clients (without secrets) */
        get: operations["listClients"];
        put?: never;
        /** Create an OAuth client for an integration; the secret is shown only in this response */
        post: operations["createClient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/clients/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an OAuth client; its tokens stop working at once */
        delete: operations["revokeClient"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's security events, newest first (a platform admin without a tenant: the platform's) */
        get: operations["listAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/crops": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The crop catalogue, optionally filtered by season or name */
        get: operations["listCrops"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/crops/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One crop of the catalogue */
        get: operations["getCrop"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/farmers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Farmers, by name; filters and search */
        get: operations["listFarmers"];
        put?: never;
        /** Register a farmer */
        post: operations["createFarmer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/farmers/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** All farmers visible to you as CSV (personal data masked) */
        get: operations["exportFarmers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/farmers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A farmer; `?reveal=aadhaar` (tenant_admin, audited) shows personal data in full */
        get: operations["getFarmer"];
        put?: never;
        post?: never;
        /** Delete a farmer with their farms, fields, crop cycles and soil tests */
        delete: operations["deleteFarmer"];
        options?: never;
        head?: never;
        /** Change a farmer; send If-Match to refuse stale edits (412 carries the current record) */
        patch: operations["updateFarmer"];
        trace?: never;
    };
    "/v1/farmers/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register farmers from a CSV file (at most 10000 rows); one result per row
         * @description Body: `text/csv`, UTF-8 (a byte-order mark is fine), up to 5 MB. The header row names the columns of GET /v1/farmers/export, in any order and case: id, name, village, district, state, landHoldingHa, category, socialCategory, phone, aadhaar, bankAccount, ifsc, version, updatedAt, language, dateOfBirth, gender, landOwnership, incomeTaxPayer, governmentEmployee, pensionAbove10k, constitutionalPost, practisingProfessional, institutionalLandholder, epfoNpsEsic; name and state are required, the others may be left out. version and updatedAt are read and ignored. Each row is checked as POST /v1/farmers checks its body (phone and Aadhaar normalised, personal data sealed).
         *
         *     A row names its farmer by `id`; without one, by its Aadhaar number, else it gets an id derived from its content. A farmer that exists answers `exists` and is left unchanged, so importing the same file again creates nothing, and an export imports into another organisation (or after the farmers were deleted) as the same farmers, with the same ids.
         *
         *     Personal data the export wrote masked (`XXXX-XXXX-1234`) is skipped with a `masked_value` warning.
         *
         *     The eligibility profile (dateOfBirth, gender, socialCategory, landOwnership) is read as POST /v1/farmers reads it; each declaration column (true, false or empty) is made by the importing user at the time of the import, kept with them and that time and recorded as a `farmer.declaration_set` audit event, as a create records it.
         *
         *     Each row is created or fails on its own: `results[]` gives its index, line and status, and `errors[]` with a path (`rows[3].phone`), the column and the rule it broke (wrong_column_count, invalid_id, invalid_value, duplicate_id, duplicate_aadhaar, duplicate_row, aadhaar_in_use, id_in_use, not_stored). The good rows are stored in one transaction.
         *
         *     The whole request fails, creating nothing, when the body is not CSV (415) or not UTF-8 CSV (400), is empty or its header lacks a required column or names an unknown one (422, naming the columns), or is too large or has more than 10000 rows (413).
         */
        post: operations["importFarmers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/farms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Farms, by name; `farmerId` narrows to one farmer */
        get: operations["listFarms"];
        put?: never;
        /** Register a farm of a farmer */
        post: operations["createFarm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/farms/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A farm */
        get: operations["getFarm"];
        put?: never;
        post?: never;
        /** Delete a farm with its fields, crop cycles and soil tests */
        delete: operations["deleteFarm"];
        options?: never;
        head?: never;
        /** Change a farm; a new farmerId moves it with its fields. Send If-Match to refuse stale edits (412 carries the current record) */
        patch: operations["updateFarm"];
        trace?: never;
    };
    "/v1/fields": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Fields, by name; or with `near=lat,lon&radiusKm=` (≤ 100 km) nearest first with `distanceKm` */
        get: operations["listFields"];
        put?: never;
        /**
         * Draw a field of a farm; answers its area, centroid and bounding box, and warns of overlaps with the farm's other fields
         * @description An invalid boundary answers 422 with `errors[]` pointing into the body and `rules[]` naming each failed rule: not_geojson, too_many_positions, invalid_position, coordinates_out_of_range, ring_not_closed, too_few_positions, self_intersection, hole_outside_shell, outside_india, area_out_of_range.
         */
        post: operations["createField"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fields/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A field */
        get: operations["getField"];
        put?: never;
        post?: never;
        /** Delete a field with its crop cycles and soil tests */
        delete: operations["deleteField"];
        options?: never;
        head?: never;
        /** Rename a field or redraw its boundary (re-measured, overlaps warned). Send If-Match to refuse stale edits (412 carries the current record) */
        patch: operations["updateField"];
        trace?: never;
    };
    "/v1/fields/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create fields from a GeoJSON FeatureCollection or a KML file (at most 5000 features); one result per feature
         * @description Body: `application/geo+json` or `application/json` (a FeatureCollection, up to 50 MB) or `application/vnd.google-earth.kml+xml` (or `application/xml`, `text/xml`) (up to 10 MB; each Placemark is a feature, its `<name>` the field name, its `<ExtendedData>` its properties).
         *
         *     Per feature: `properties.farmId` (else `?farmId=`), `properties.name` (else "Field <n>"), optional `properties.id` (a UUID: the field's id); the geometry is a Polygon or MultiPolygon checked as in POST /v1/fields.
         *
         *     A feature without an id gets one derived from its farm and boundary, so importing the same file again answers `exists` rather than creating duplicates.
         *
         *     Each feature is created or fails on its own: `results[]` gives its index, status, and `errors[]` with a path into the file and the `rule` it broke — a geometry rule (not_geojson, too_many_positions, invalid_position, coordinates_out_of_range, ring_not_closed, too_few_positions, self_intersection, hole_outside_shell, outside_india, area_out_of_range) or one of not_a_feature, invalid_properties, invalid_id, duplicate_id, duplicate_feature, farm_required, farm_not_found, invalid_name, id_in_use, not_stored. New fields that overlap another field of their farm carry warnings.
         *
         *     The whole request fails, creating nothing, when the body is not JSON (400), not a FeatureCollection or not KML (422), or too large or with too many features (413).
         */
        post: operations["importFields"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fields/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every field you can see as a GeoJSON FeatureCollection (application/geo+json), for GIS tools and re-import
         * @description Properties: id, name, farmId, farmerId, areaHa, version; the feature id is the field id. A farmer gets only their own fields. Streamed in pages of 1000, each read in its own transaction: a field written during a long export may or may not be in it. The file can be imported again (POST /v1/fields/import): every feature then answers `exists`.
         */
        get: operations["exportFields"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fields/{id}/crop-cycles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Crop cycles of a field, latest sowing first */
        get: operations["listFieldCropCycles"];
        put?: never;
        /** Record a crop sown on a field */
        post: operations["createCropCycle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/crop-cycles/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A crop cycle */
        get: operations["getCropCycle"];
        put?: never;
        post?: never;
        /** Delete a crop cycle */
        delete: operations["deleteCropCycle"];
        options?: never;
        head?: never;
        /** Change a crop cycle. Send If-Match to refuse stale edits (412 carries the current record) */
        patch: operations["updateCropCycle"];
        trace?: never;
    };
    "/v1/fields/{id}/soil-tests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Soil tests of a field, latest sample first */
        get: operations["listFieldSoilTests"];
        put?: never;
        /** Record a soil test (Soil Health Card values) of a field */
        post: operations["createSoilTest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/soil-tests/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A soil test */
        get: operations["getSoilTest"];
        put?: never;
        post?: never;
        /** Delete a soil test */
        delete: operations["deleteSoilTest"];
        options?: never;
        head?: never;
        /** Correct a soil test; null clears a value. Send If-Match to refuse stale edits (412 carries the current record) */
        patch: operations["updateSoilTest"];
        trace?: never;
    };
    "/v1/weather": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Current weather, 48 hours and 7 days for a place */
        get: operations["getWeather"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fields/{id}/weather": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The weather at a field's centroid */
        get: operations["getFieldWeather"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/geocode": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Places for a name ("Nashik", "Nashik, Maharashtra", "Hamirpur, UP"); India unless a country is named */
        get: operations["searchPlaces"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/geocode/reverse": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The places nearest a point, nearest first, with their distance */
        get: operations["listNearbyPlaces"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tools/et0": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** FAO-56 Penman–Monteith ET0 for one day, with the intermediate steps */
        post: operations["computeEt0"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/msp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Minimum Support Prices by crop, season, marketing year and variety, each with its sources
         * @description Kharif marketing season 2025-26 = crops sown in kharif 2025; rabi marketing season 2026-27 = crops sown in rabi 2025-26 and marketed from April 2026; copra is fixed per calendar year. An unknown crop, variety or a year in the wrong form answers 422 naming what is accepted.
         */
        get: operations["listMspPrices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/ingestions/market-prices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Fetch Agmarknet mandi prices now (platform_admin): 202 with the job, or with the run already going
         * @description Pages through data.gov.in (or, without DATA_GOV_IN_API_KEY, the bundled real sample), upserts every valid price and records the run; the job result has the counts: fetched, inserted, updated, unchanged, rejected with reasons. While a run is queued or running, the answer is that run (202 with its job), not a new one.
         */
        post: operations["startMarketPriceIngestion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/market-prices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Mandi prices (Agmarknet), newest arrival date first, filtered by commodity, place and dates
         * @description commodity takes a catalogue code or any Agmarknet name of it; state, district and market take names, case ignored. A name that matches nothing answers 422. Pages with limit and the nextCursor of the previous page.
         */
        get: operations["listMarketPrices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/market-prices/trends": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A commodity's modal price over a window: daily means, 7/30/90-day moving averages, the change, and against the MSP
         * @description The daily price is the mean modal price over every price record of the day that the filters keep. A k-day moving average is the mean of the daily prices of the days with prices among the k calendar days ending on the date (days without prices are skipped, not zero). The change runs from the first to the last priced day of the window. The MSP is that of the commodity's MSP crop for the marketing year containing the last priced day (KMS from 1 October, RMS from 1 April, raw jute from 1 July, copra by calendar year), the lowest where the crop has several varieties.
         */
        get: operations["getMarketPriceTrends"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/markets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Mandis with state, district and coordinates; with near=lat,lon nearest first
         * @description Agmarknet gives no coordinates: a market is placed at its own point when one is known (coordinatesSource market), else at its district's headquarters or centroid from the offline gazetteer (coordinatesSource district, approximate), else not at all (lat and lon null; such markets are left out of near= answers). Without near the order is state, district, name.
         */
        get: operations["listMarkets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/markets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One mandi: what the list shows, its newest price date and the commodities it has prices of recently */
        get: operations["getMarket"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/commodities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The commodity catalogue: codes, English and Hindi names, the crop and MSP crop, and the Agmarknet names of each */
        get: operations["listCommodities"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fields/{id}/best-markets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Nearby mandis ranked by modal price net of transport to them, every term shown
         * @description net = modal price − transportCostInrPerQuintalKm × roadDistanceKm, where roadDistanceKm = great-circle distance × roadDetourFactor. A market's price is the mean modal price of its latest day with prices within maxAgeDays. When no market in the radius has prices in that window, the window ends instead on the newest day with prices within the radius, at most 730 days back (asOf, and a note say so); an empty answer says why in reason. Markets without coordinates cannot be ranked; most stand at their district's point (approximate).
         */
        get: operations["listFieldBestMarkets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alert-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's alert rules, newest first */
        get: operations["listAlertRules"];
        put?: never;
        /**
         * Create an alert rule: a price threshold, a crop-health drop, a weather risk or a finished analysis
         * @description price: checked after every price ingestion; each crossing (the previous price of the same market, variety and grade on the other side) is recorded once and announced as market.price_threshold. crop_health_drop: a fall of the smoothed NDVI of at least ndviDrop after a Sentinel-2 analysis. weather_risk: the forecast risks of the advisories, checked every 3 hours, each risk day once. job_finished: a crop-health analysis of a watched field finished or failed (inbox and webhooks only). Every alert fires once per rule, subject and period and becomes a notification per recipient (GET /v1/notifications), an SMS to farmer recipients when channels has sms, and an alert.<kind> event.
         */
        post: operations["createAlertRule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alert-rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An alert rule */
        get: operations["getAlertRule"];
        put?: never;
        post?: never;
        /** Delete an alert rule (with If-Match, only the version you read) */
        delete: operations["deleteAlertRule"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My notifications, newest first */
        get: operations["listNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark one of my notifications read (again: no change) */
        post: operations["markNotificationRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark all my unread notifications read */
        post: operations["markAllNotificationsRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fields/{id}/advisories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Irrigation, spraying and weather-risk advice for a field's current crop
         * @description ET0 (FAO-56 Penman–Monteith) and ETc = Kc × ET0 per day over the recent past and the forecast, irrigation advice from the root-zone water balance (counting the irrigation and gauge rain recorded on the field), growing degree days since sowing, spray windows and weather risks with the thresholds behind them. Texts follow Accept-Language (en or hi), wholly in that language, with dates and times as people read them in IST; spray windows lie between sunrise and sunset at the field, their start and end ISO 8601 with +05:30.
         */
        get: operations["getFieldAdvisories"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fields/{id}/irrigations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Irrigation and rain recorded on a field, newest day first, within from..to */
        get: operations["listFieldIrrigations"];
        put?: never;
        /** Record an irrigation, or rain read from the field’s gauge, that the water balance counts */
        post: operations["recordFieldIrrigation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/irrigations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An irrigation or rain event */
        get: operations["getFieldIrrigation"];
        put?: never;
        post?: never;
        /** Delete an irrigation or rain event entered by mistake; the water balance no longer counts it */
        delete: operations["deleteFieldIrrigation"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tools/pmfby-premium": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The farmer's PMFBY premium for a crop, season, area and sum insured; with an actuarial rate, the government's share */
        post: operations["calculatePmfbyPremium"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fields/{id}/crop-loss-reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Intimate a crop loss on a field with geotagged photos; late (after 72 h) or far-off photos are stored and flagged */
        post: operations["reportFieldCropLoss"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/crop-loss-reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's crop-loss reports for the insurer's survey (a farmer's own), newest first */
        get: operations["listCropLossReports"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/crop-loss-reports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A crop-loss report */
        get: operations["getCropLossReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fields/{id}/vegetation-analyses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A field's analyses, newest first (without their scenes: see each analysis) */
        get: operations["listFieldVegetationAnalyses"];
        put?: never;
        /**
         * Analyse a field in every Sentinel-2 scene of a date range (a background job)
         * @description Asking again for an analysis of the field with the same dates, index and cloud limit while it is queued or running answers 202 with that analysis and its job. A tenant may have IMAGERY_QUEUED_ANALYSES_PER_TENANT analyses queued or running (default 50); one more answers 429 with Retry-After. When the queue is unavailable the answer is 503 and nothing is kept.
         */
        post: operations["createVegetationAnalysis"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/vegetation-analyses/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An analysis: its status and, per scene, the statistics of the index */
        get: operations["getVegetationAnalysis"];
        put?: never;
        post?: never;
        /** Delete a finished analysis (the scene statistics it stored stay in the field's time series) */
        delete: operations["deleteVegetationAnalysis"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fields/{id}/vegetation-timeseries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A field's index over every stored scene, smoothed, with the anomaly against the year before */
        get: operations["getFieldVegetationTimeseries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/vegetation-analyses/{id}/scenes/{sceneId}/image.png": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The index of one scene coloured over the field (transparent outside), with a legend */
        get: operations["getVegetationSceneImage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fields/{id}/zones": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Management zones of a field from one scene, as GeoJSON polygons
         * @description k zones (2-7, default 3) by the index; without ?scene= the newest scene with at least 60 % valid pixels.
         */
        get: operations["getFieldZones"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Changes to farmers, farms, fields, crop cycles and soil tests since a cursor, deletions as tombstones */
        get: operations["listSyncChanges"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's jobs, newest first
         * @description The tenant's kept jobs (finished ones for a day, failed ones for a week), newest first, filtered by type and status; a farmer's list holds only jobs about their own records (analyses of their fields), a platform_admin's every tenant's and the platform's.
         */
        get: operations["listJobs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Status, progress and result of a background job
         * @description A job of the caller's tenant; for a farmer, only a job about their own records (an analysis of their field). Any other answers 404.
         */
        get: operations["getJob"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ws": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's events as they happen (WebSocket)
         * @description Upgrades to a WebSocket (send `Connection: Upgrade`, `Upgrade: websocket`). Authenticated with the access token: the Authorization header, the `access_token` parameter, or the subprotocols `kheti.v1, bearer.<token>`. The server sends JSON envelopes `{type, id, at, data}`: its tenant's events (a farmer: only about their own records), after a replay of those after `since`. Closes with 4401 when the token expires, 4403 when the caller's membership or role changes, 1013 when the client reads too slowly, 1001 when the server shuts down: reconnect with `since`.
         */
        get: operations["openEventStream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's webhooks, revoked ones included, oldest first (without secrets) */
        get: operations["listWebhooks"];
        put?: never;
        /**
         * Subscribe a receiver URL to event types; the signing secret is shown only in this response
         * @description Deliveries are POSTs of the event envelope `{id, type, at, tenantId, data}` as JSON with the headers `Kheti-Event-Id` (the event id: the same on every retry and redelivery, for de-duplication), `Kheti-Event-Type`, `Kheti-Delivery-Id` and `Kheti-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the secret>`. A 2xx answer within the time limit is delivered; anything else, a redirect included (never followed), is retried with exponential backoff and jitter for 24 hours after the first attempt, then the delivery is dead. In production the URL must be https and resolve only to public addresses (422 otherwise), checked again at every connection.
         */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One webhook of the tenant (without its secret) */
        get: operations["getWebhook"];
        put?: never;
        post?: never;
        /** Revoke a webhook: no new deliveries, pending ones stop (dead); its deliveries stay listed */
        delete: operations["revokeWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A webhook's deliveries, newest first, with their attempts and the last status or error (dead ones are the dead letters) */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a delivered or dead delivery again, with the same body and Kheti-Event-Id and a fresh 24-hour retry window */
        post: operations["redeliverWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Schemes for farmers, shared and your own; `q` searches names, benefits and descriptions in English and Hindi
         * @description Without q the schemes come by name; with q, best match first (a match in the name weighs most, then the benefit, then the description and how to apply). `state` gives that state's schemes and the central ones.
         */
        get: operations["listSchemes"];
        put?: never;
        /** Add a scheme of your organisation (a state department's, say); its code may not be a code of the shared catalogue */
        post: operations["createScheme"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A scheme by id or code, with its benefit, documents, how to apply and sources */
        get: operations["getScheme"];
        put?: never;
        post?: never;
        /** Delete a scheme of your organisation; the shared catalogue answers 403 */
        delete: operations["deleteScheme"];
        options?: never;
        head?: never;
        /** Change a scheme of your organisation; the shared catalogue answers 403. Send If-Match to refuse stale edits (412 carries the current scheme) */
        patch: operations["updateScheme"];
        trace?: never;
    };
    "/v1/farmers/{id}/eligible-schemes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every scheme with an eligibility rule, evaluated against the farmer's profile, with reasons */
        get: operations["listFarmerEligibleSchemes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemes/{idOrCode}/eligible-farmers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A scheme's rule over every farmer of the organisation, with counts, to plan camps (staff) */
        get: operations["listSchemeEligibleFarmers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scheme-applications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Scheme applications by scheme, status, farmer and day created, newest first (a farmer: their own) */
        get: operations["listSchemeApplications"];
        put?: never;
        /** Start a farmer's application to a scheme, as a draft */
        post: operations["createSchemeApplication"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scheme-applications/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A scheme application with its history */
        get: operations["getSchemeApplication"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Move an application to its next status (If-Match required); any other transition is 409 naming the allowed ones */
        patch: operations["changeSchemeApplicationStatus"];
        trace?: never;
    };
    "/v1/scheme-applications/{id}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The scheme's document checklist for an application, and the files uploaded for it */
        get: operations["listSchemeApplicationDocuments"];
        put?: never;
        /** Upload a file for an item of the scheme’s document checklist (multipart: `name`, then `file`; PDF, JPEG or PNG, at most 5 MB) */
        post: operations["uploadSchemeApplicationDocument"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scheme-applications/{id}/documents/{documentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The uploaded file itself, with its content type */
        get: operations["getSchemeApplicationDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    khetiEvent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * What Kheti POSTs to a webhook's URL for each matching event
         * @description Verify before trusting the body: recompute HMAC-SHA256, keyed with the secret of POST /v1/webhooks (the whole `whsec_…` string as UTF-8), over `<t>.<raw body>` (the bytes received, before parsing), compare it with `v1` in constant time, and refuse a `t` more than a few minutes from your clock. De-duplicate on Kheti-Event-Id: retries and redeliveries carry the same one.
         */
        post: operations["receiveKhetiEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /** @description RFC 9457 problem details */
        Problem: {
            type: string;
            title: string;
            status: number;
            detail?: string;
            instance?: string;
            requestId?: string;
            errors?: {
                path: string;
                message: string;
            }[];
        } & {
            [key: string]: unknown;
        };
        Job: {
            id: string;
            type: string;
            status: "queued" | "running" | "succeeded" | "failed";
            progress: number;
            result?: unknown;
            error?: string;
            attempts: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            finishedAt?: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    home: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the console page (text/html) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string;
                };
            };
            /** @description Location: /docs */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getConsoleConfig: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description basemap tile URL template ({z}/{x}/{y}, optionally {s}) */
                        tileUrl: string;
                        /** @description attribution the tile provider requires */
                        tileAttribution: string;
                    };
                };
            };
        };
    };
    getLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                    };
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                        mode: "embedded" | "postgres";
                        checks: {
                            db: {
                                ok: boolean;
                                latencyMs?: number;
                                error?: string;
                                lagBytes?: number;
                                name?: string;
                            };
                            redis?: {
                                ok: boolean;
                                latencyMs?: number;
                                error?: string;
                                lagBytes?: number;
                                name?: string;
                            };
                            replicas?: {
                                ok: boolean;
                                latencyMs?: number;
                                error?: string;
                                lagBytes?: number;
                                name?: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    issueToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    grant_type?: string;
                    username?: string;
                    password?: string;
                    tenant?: string;
                    refresh_token?: string;
                    client_id?: string;
                    client_secret?: string;
                    scope?: string;
                    subject_token?: string;
                    subject_token_type?: string;
                } & {
                    [key: string]: unknown;
                };
                "application/json": {
                    grant_type?: string;
                    username?: string;
                    password?: string;
                    tenant?: string;
                    refresh_token?: string;
                    client_id?: string;
                    client_secret?: string;
                    scope?: string;
                    subject_token?: string;
                    subject_token_type?: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        access_token: string;
                        /** @enum {string} */
                        token_type: "Bearer";
                        expires_in: number;
                        refresh_token?: string;
                        scope?: string;
                        tenant_id?: string;
                        issued_token_type?: string;
                    };
                };
            };
            /** @description RFC 6749 error: invalid_request, invalid_grant, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description invalid_request, invalid_client, invalid_grant, unsupported_grant_type, … */
                        error: string;
                        error_description: string;
                        type: string;
                        title: string;
                        status: number;
                        detail: string;
                        requestId: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description The client failed to authenticate (invalid_client) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description invalid_request, invalid_client, invalid_grant, unsupported_grant_type, … */
                        error: string;
                        error_description: string;
                        type: string;
                        title: string;
                        status: number;
                        detail: string;
                        requestId: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    token?: string;
                    token_type_hint?: string;
                };
                "application/json": {
                    token?: string;
                    token_type_hint?: string;
                };
            };
        };
        responses: {
            /** @description Revoked, or the token was not valid (RFC 7009 §2.2); no body */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description RFC 6749 error: invalid_request, invalid_grant, … */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description invalid_request, invalid_client, invalid_grant, unsupported_grant_type, … */
                        error: string;
                        error_description: string;
                        type: string;
                        title: string;
                        status: number;
                        detail: string;
                        requestId: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getJwks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A JWK Set (RFC 7517) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        keys: {
                            [key: string]: unknown;
                        }[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuthorizationServerMetadata: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        issuer: string;
                        token_endpoint: string;
                        revocation_endpoint: string;
                        jwks_uri: string;
                        grant_types_supported: string[];
                        token_endpoint_auth_methods_supported: string[];
                        revocation_endpoint_auth_methods_supported: string[];
                        response_types_supported: string[];
                        scopes_supported: string[];
                        service_documentation: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    registerUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    password: string;
                    name: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        email: string;
                        name: string;
                    };
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    acceptInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    token: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        userId: string;
                        tenant: {
                            id: string;
                            slug: string;
                            name: string;
                        };
                        role: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    refresh_token: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    requestOtp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description An Indian mobile number: 10 digits starting with 6-9, optionally preceded by +91 or 0; spaces and hyphens allowed
                     * @example +91 98765 43210
                     */
                    phone: string;
                };
            };
        };
        responses: {
            /** @description The same answer whether or not a farmer is registered with this phone; only a registered farmer receives an SMS */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description How long the code is valid once it arrives */
                        expiresInSeconds: number;
                    };
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifyOtp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description An Indian mobile number: 10 digits starting with 6-9, optionally preceded by +91 or 0; spaces and hyphens allowed
                     * @example +91 98765 43210
                     */
                    phone: string;
                    /**
                     * @description The 6 digits from the SMS
                     * @example 123456
                     */
                    code: string;
                    /** @description Tenant id or slug; not needed by a farmer of one organisation */
                    tenant?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        access_token: string;
                        /** @enum {string} */
                        token_type: "Bearer";
                        expires_in: number;
                        refresh_token?: string;
                        scope?: string;
                        tenant_id?: string;
                        issued_token_type?: string;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: {
                            id: string;
                            name: string;
                            email: string | null;
                            /** @description masked */
                            phone: string | null;
                            isPlatformAdmin: boolean;
                        };
                        memberships: {
                            tenantId: string;
                            slug: string;
                            name: string;
                            /** @description one of tenant_admin, agronomist, farmer, viewer */
                            role: "tenant_admin" | "agronomist" | "farmer" | "viewer";
                        }[];
                        token: {
                            tenantId: string | null;
                            role: string;
                            clientId?: string;
                        };
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTenants: {
        parameters: {
            query?: {
                /** @description Items per page (1-200) */
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            slug: string;
                            name: string;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createTenant: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @description lowercase letters, digits and dashes */
                    slug: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        slug: string;
                        name: string;
                        /** Format: date-time */
                        createdAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the tenant's id, or its slug */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        slug: string;
                        name: string;
                        /** Format: date-time */
                        createdAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTenantMembers: {
        parameters: {
            query?: {
                /** @description Items per page (1-200) */
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description the tenant's id, or its slug */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            userId: string;
                            name: string;
                            email: string | null;
                            phone: string | null;
                            /** @description one of tenant_admin, agronomist, farmer, viewer */
                            role: "tenant_admin" | "agronomist" | "farmer" | "viewer";
                            /** Format: date-time */
                            since: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    inviteTenantMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the tenant's id, or its slug */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email?: string;
                    /** @description an Indian mobile number or E.164 */
                    phone?: string;
                    name?: string;
                    /** @description one of tenant_admin, agronomist, farmer, viewer */
                    role: "tenant_admin" | "agronomist" | "farmer" | "viewer";
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        tenantId: string;
                        email: string | null;
                        phone: string | null;
                        /** @description the name given when inviting */
                        name: string | null;
                        /** @description one of tenant_admin, agronomist, farmer, viewer */
                        role: "tenant_admin" | "agronomist" | "farmer" | "viewer";
                        status: "pending" | "accepted" | "revoked" | "expired";
                        invitedBy: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        expiresAt: string;
                        acceptedAt: string | null;
                        acceptedBy: string | null;
                        /** @description `sms`: the token was texted to the phone; `token`: pass the token on to the person (there is no mail sender) */
                        delivery: "token" | "sms";
                        /** @description email invitations only, shown this once: the invited person accepts with POST /v1/invitations/accept */
                        token?: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTenantInvitations: {
        parameters: {
            query?: {
                /** @description Items per page (1-200) */
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description the tenant's id, or its slug */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            tenantId: string;
                            email: string | null;
                            phone: string | null;
                            /** @description the name given when inviting */
                            name: string | null;
                            /** @description one of tenant_admin, agronomist, farmer, viewer */
                            role: "tenant_admin" | "agronomist" | "farmer" | "viewer";
                            status: "pending" | "accepted" | "revoked" | "expired";
                            invitedBy: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            expiresAt: string;
                            acceptedAt: string | null;
                            acceptedBy: string | null;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTenantInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the tenant's id, or its slug */
                id: string;
                invitationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        tenantId: string;
                        email: string | null;
                        phone: string | null;
                        /** @description the name given when inviting */
                        name: string | null;
                        /** @description one of tenant_admin, agronomist, farmer, viewer */
                        role: "tenant_admin" | "agronomist" | "farmer" | "viewer";
                        status: "pending" | "accepted" | "revoked" | "expired";
                        invitedBy: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        expiresAt: string;
                        acceptedAt: string | null;
                        acceptedBy: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeTenantInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the tenant's id, or its slug */
                id: string;
                invitationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTenantSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the tenant's id, or its slug */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description accept field boundaries outside India (work abroad, demos); default false */
                        allowOutsideIndia: boolean;
                        /**
                         * @description the organisation's language, one of en, hi; default en
                         * @enum {string}
                         */
                        defaultLanguage: "en" | "hi";
                        /** @description ₹ per quintal per km of road for the organisation's best markets; null: the deployment's MARKET_TRANSPORT_COST_INR_PER_QUINTAL_KM */
                        transportCostInrPerQuintalKm: number | null;
                    };
                };
            };
            /** @description Default Response */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateTenantSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the tenant's id, or its slug */
                id: string;
            };
            cookie?: never;
        };
        /** @description The settings to change (JSON merge patch: a key left out keeps its value; null resets the transport cost) */
        requestBody: {
            content: {
                "application/json": {
                    /** @description accept field boundaries outside India (work abroad, demos); default false */
                    allowOutsideIndia?: boolean;
                    /**
                     * @description the organisation's language, one of en, hi; default en
                     * @enum {string}
                     */
                    defaultLanguage?: "en" | "hi";
                    /** @description ₹ per quintal per km of road for the organisation's best markets; null: the deployment's MARKET_TRANSPORT_COST_INR_PER_QUINTAL_KM */
                    transportCostInrPerQuintalKm?: number | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description accept field boundaries outside India (work abroad, demos); default false */
                        allowOutsideIndia: boolean;
                        /**
                         * @description the organisation's language, one of en, hi; default en
                         * @enum {string}
                         */
                        defaultLanguage: "en" | "hi";
                        /** @description ₹ per quintal per km of road for the organisation's best markets; null: the deployment's MARKET_TRANSPORT_COST_INR_PER_QUINTAL_KM */
                        transportCostInrPerQuintalKm: number | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Precondition Failed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    removeTenantMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the tenant's id, or its slug */
                id: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateTenantMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the tenant's id, or its slug */
                id: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description one of tenant_admin, agronomist, farmer, viewer */
                    role: "tenant_admin" | "agronomist" | "farmer" | "viewer";
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        userId: string;
                        name: string;
                        email: string | null;
                        phone: string | null;
                        /** @description one of tenant_admin, agronomist, farmer, viewer */
                        role: "tenant_admin" | "agronomist" | "farmer" | "viewer";
                        /** Format: date-time */
                        since: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listClients: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            clientId: string;
                            name: string;
                            /** @description the role the client acts with */
                            role: "agronomist" | "viewer";
                            /** Format: date-time */
                            createdAt: string;
                            revokedAt: string | null;
                        }[];
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createClient: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @description the role the client acts with */
                    role?: "agronomist" | "viewer";
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        clientId: string;
                        name: string;
                        /** @description the role the client acts with */
                        role: "agronomist" | "viewer";
                        /** Format: date-time */
                        createdAt: string;
                        revokedAt: string | null;
                        clientSecret: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAuditEvents: {
        parameters: {
            query?: {
                /** @description Items per page (1-200) */
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
                /** @description exact action, e.g. auth.sign_in_failed */
                action?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            action: string;
                            actorUserId: string | null;
                            subject: string | null;
                            details: {
                                [key: string]: unknown;
                            };
                            requestId: string | null;
                            /** Format: date-time */
                            at: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listCrops: {
        parameters: {
            query?: {
                /** @description one of kharif, rabi, zaid, perennial */
                season?: "kharif" | "rabi" | "zaid" | "perennial";
                /** @description part of the English or Hindi name, any case */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description lowercase snake_case; the MSP crop code where the crop has an MSP */
                            code: string;
                            nameEn: string;
                            /** @description the common name in Devanagari */
                            nameHi: string;
                            seasons: ("kharif" | "rabi" | "zaid" | "perennial")[];
                            /** @description total growing period from FAO-56 Table 11; null where the table has no row that fits India */
                            typicalDurationDays: {
                                min: number;
                                max: number;
                            } | null;
                            /** @description the crop code in the MSP data, or null without an MSP */
                            mspCrop: string | null;
                            /** @description where the seasons and durations come from */
                            source: string;
                        }[];
                    };
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCrop: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description lowercase snake_case; the MSP crop code where the crop has an MSP */
                        code: string;
                        nameEn: string;
                        /** @description the common name in Devanagari */
                        nameHi: string;
                        seasons: ("kharif" | "rabi" | "zaid" | "perennial")[];
                        /** @description total growing period from FAO-56 Table 11; null where the table has no row that fits India */
                        typicalDurationDays: {
                            min: number;
                            max: number;
                        } | null;
                        /** @description the crop code in the MSP data, or null without an MSP */
                        mspCrop: string | null;
                        /** @description where the seasons and durations come from */
                        source: string;
                    };
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listFarmers: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                /** @description part of a name, village or district */
                q?: string;
                village?: string;
                district?: string;
                state?: string;
                /** @description Agricultural census class by land holding: marginal < 1 ha, small 1-2, semi_medium 2-4, medium 4-10, large ≥ 10 */
                category?: "marginal" | "small" | "semi_medium" | "medium" | "large";
                /** @description exact phone number (found by blind index) */
                phone?: string;
                /** @description exact Aadhaar number (found by blind index) */
                aadhaar?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            name: string;
                            phone: string | null;
                            village: string | null;
                            district: string | null;
                            state: string;
                            landHoldingHa: number | null;
                            category: ("marginal" | "small" | "semi_medium" | "medium" | "large") | null;
                            socialCategory: string | null;
                            aadhaar: string | null;
                            bankAccount: string | null;
                            ifsc: string | null;
                            userId: string | null;
                            /** @description null: the organisation's default language */
                            language: ("en" | "hi") | null;
                            dateOfBirth: string | null;
                            gender: ("female" | "male" | "other") | null;
                            landOwnership: ("owner" | "tenant" | "sharecropper" | "none") | null;
                            /** @description each declaration made, with who set it and when; one never made is absent */
                            declarations: {
                                incomeTaxPayer?: {
                                    value: boolean;
                                    /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                    setBy: string | null;
                                    /** Format: date-time */
                                    setAt: string;
                                };
                                governmentEmployee?: {
                                    value: boolean;
                                    /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                    setBy: string | null;
                                    /** Format: date-time */
                                    setAt: string;
                                };
                                pensionAbove10k?: {
                                    value: boolean;
                                    /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                    setBy: string | null;
                                    /** Format: date-time */
                                    setAt: string;
                                };
                                constitutionalPost?: {
                                    value: boolean;
                                    /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                    setBy: string | null;
                                    /** Format: date-time */
                                    setAt: string;
                                };
                                practisingProfessional?: {
                                    value: boolean;
                                    /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                    setBy: string | null;
                                    /** Format: date-time */
                                    setAt: string;
                                };
                                institutionalLandholder?: {
                                    value: boolean;
                                    /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                    setBy: string | null;
                                    /** Format: date-time */
                                    setAt: string;
                                };
                                epfoNpsEsic?: {
                                    value: boolean;
                                    /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                    setBy: string | null;
                                    /** Format: date-time */
                                    setAt: string;
                                };
                            };
                            version: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createFarmer: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description a client-made id (offline creation); a retried create returns the first
                     */
                    id?: string;
                    name: string;
                    state: string;
                    /** @description an Indian mobile number */
                    phone?: string;
                    village?: string;
                    district?: string;
                    landHoldingHa?: number;
                    /** @description Agricultural census class by land holding: marginal < 1 ha, small 1-2, semi_medium 2-4, medium 4-10, large ≥ 10 */
                    category?: "marginal" | "small" | "semi_medium" | "medium" | "large";
                    /** @description e.g. general, obc, sc, st */
                    socialCategory?: string;
                    /** @description 12 digits (spaces allowed); checked with the Verhoeff checksum */
                    aadhaar?: string;
                    /** @description 9-18 digits */
                    bankAccount?: string;
                    /** @description the branch IFSC, e.g. SBIN0001234 */
                    ifsc?: string;
                    /**
                     * Format: uuid
                     * @description the account of this farmer (role farmer), for signing in
                     */
                    userId?: string;
                    /**
                     * @description the language of the farmer's notifications and SMS: en or hi; absent, the organisation's
                     * @enum {string}
                     */
                    language?: "en" | "hi";
                    /**
                     * Format: date
                     * @description YYYY-MM-DD; scheme age rules need it
                     */
                    dateOfBirth?: string;
                    /** @enum {string} */
                    gender?: "female" | "male" | "other";
                    /**
                     * @description owner: cultivable land in their own name
                     * @enum {string}
                     */
                    landOwnership?: "owner" | "tenant" | "sharecropper" | "none";
                    /** @description self-declarations (true or false); null withdraws one */
                    declarations?: {
                        /** @description a family member paid income tax in the last assessment year */
                        incomeTaxPayer?: boolean | null;
                        /** @description a family member is a serving or retired government or PSU employee (not Multi Tasking Staff, Class IV or Group D) */
                        governmentEmployee?: boolean | null;
                        /** @description a family member draws a pension of ₹10,000 a month or more */
                        pensionAbove10k?: boolean | null;
                        /** @description a family member holds or held a constitutional post, or was a minister, MP, MLA, MLC, mayor or district panchayat chairperson */
                        constitutionalPost?: boolean | null;
                        /** @description a family member is a practising doctor, engineer, lawyer, chartered accountant or architect */
                        practisingProfessional?: boolean | null;
                        /** @description the land is held by an institution */
                        institutionalLandholder?: boolean | null;
                        /** @description covered by NPS, ESIC or EPFO */
                        epfoNpsEsic?: boolean | null;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        phone: string | null;
                        village: string | null;
                        district: string | null;
                        state: string;
                        landHoldingHa: number | null;
                        category: ("marginal" | "small" | "semi_medium" | "medium" | "large") | null;
                        socialCategory: string | null;
                        aadhaar: string | null;
                        bankAccount: string | null;
                        ifsc: string | null;
                        userId: string | null;
                        /** @description null: the organisation's default language */
                        language: ("en" | "hi") | null;
                        dateOfBirth: string | null;
                        gender: ("female" | "male" | "other") | null;
                        landOwnership: ("owner" | "tenant" | "sharecropper" | "none") | null;
                        /** @description each declaration made, with who set it and when; one never made is absent */
                        declarations: {
                            incomeTaxPayer?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            governmentEmployee?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            pensionAbove10k?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            constitutionalPost?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            practisingProfessional?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            institutionalLandholder?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            epfoNpsEsic?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                        };
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        phone: string | null;
                        village: string | null;
                        district: string | null;
                        state: string;
                        landHoldingHa: number | null;
                        category: ("marginal" | "small" | "semi_medium" | "medium" | "large") | null;
                        socialCategory: string | null;
                        aadhaar: string | null;
                        bankAccount: string | null;
                        ifsc: string | null;
                        userId: string | null;
                        /** @description null: the organisation's default language */
                        language: ("en" | "hi") | null;
                        dateOfBirth: string | null;
                        gender: ("female" | "male" | "other") | null;
                        landOwnership: ("owner" | "tenant" | "sharecropper" | "none") | null;
                        /** @description each declaration made, with who set it and when; one never made is absent */
                        declarations: {
                            incomeTaxPayer?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            governmentEmployee?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            pensionAbove10k?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            constitutionalPost?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            practisingProfessional?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            institutionalLandholder?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            epfoNpsEsic?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                        };
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exportFarmers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description RFC 4180 CSV with a header row */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getFarmer: {
        parameters: {
            query?: {
                /** @description tenant_admin: comma-separated aadhaar, bankAccount, phone to show in full (audited) */
                reveal?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        phone: string | null;
                        village: string | null;
                        district: string | null;
                        state: string;
                        landHoldingHa: number | null;
                        category: ("marginal" | "small" | "semi_medium" | "medium" | "large") | null;
                        socialCategory: string | null;
                        aadhaar: string | null;
                        bankAccount: string | null;
                        ifsc: string | null;
                        userId: string | null;
                        /** @description null: the organisation's default language */
                        language: ("en" | "hi") | null;
                        dateOfBirth: string | null;
                        gender: ("female" | "male" | "other") | null;
                        landOwnership: ("owner" | "tenant" | "sharecropper" | "none") | null;
                        /** @description each declaration made, with who set it and when; one never made is absent */
                        declarations: {
                            incomeTaxPayer?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            governmentEmployee?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            pensionAbove10k?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            constitutionalPost?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            practisingProfessional?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            institutionalLandholder?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            epfoNpsEsic?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                        };
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteFarmer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Precondition Failed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateFarmer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    state?: string;
                    /** @description an Indian mobile number */
                    phone?: string | null;
                    village?: string | null;
                    district?: string | null;
                    landHoldingHa?: number | null;
                    /** @enum {string|null} */
                    category?: "marginal" | "small" | "semi_medium" | "medium" | "large" | null;
                    /** @description e.g. general, obc, sc, st */
                    socialCategory?: string | null;
                    /** @description 12 digits (spaces allowed); checked with the Verhoeff checksum */
                    aadhaar?: string | null;
                    /** @description 9-18 digits */
                    bankAccount?: string | null;
                    /** @description the branch IFSC, e.g. SBIN0001234 */
                    ifsc?: string | null;
                    /**
                     * Format: uuid
                     * @description the account of this farmer (role farmer), for signing in
                     */
                    userId?: string | null;
                    /** @enum {string|null} */
                    language?: "en" | "hi" | null;
                    /**
                     * Format: date
                     * @description YYYY-MM-DD; scheme age rules need it
                     */
                    dateOfBirth?: string | null;
                    /** @enum {string|null} */
                    gender?: "female" | "male" | "other" | null;
                    /** @enum {string|null} */
                    landOwnership?: "owner" | "tenant" | "sharecropper" | "none" | null;
                    /** @description self-declarations (true or false); null withdraws one */
                    declarations?: {
                        /** @description a family member paid income tax in the last assessment year */
                        incomeTaxPayer?: boolean | null;
                        /** @description a family member is a serving or retired government or PSU employee (not Multi Tasking Staff, Class IV or Group D) */
                        governmentEmployee?: boolean | null;
                        /** @description a family member draws a pension of ₹10,000 a month or more */
                        pensionAbove10k?: boolean | null;
                        /** @description a family member holds or held a constitutional post, or was a minister, MP, MLA, MLC, mayor or district panchayat chairperson */
                        constitutionalPost?: boolean | null;
                        /** @description a family member is a practising doctor, engineer, lawyer, chartered accountant or architect */
                        practisingProfessional?: boolean | null;
                        /** @description the land is held by an institution */
                        institutionalLandholder?: boolean | null;
                        /** @description covered by NPS, ESIC or EPFO */
                        epfoNpsEsic?: boolean | null;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        phone: string | null;
                        village: string | null;
                        district: string | null;
                        state: string;
                        landHoldingHa: number | null;
                        category: ("marginal" | "small" | "semi_medium" | "medium" | "large") | null;
                        socialCategory: string | null;
                        aadhaar: string | null;
                        bankAccount: string | null;
                        ifsc: string | null;
                        userId: string | null;
                        /** @description null: the organisation's default language */
                        language: ("en" | "hi") | null;
                        dateOfBirth: string | null;
                        gender: ("female" | "male" | "other") | null;
                        landOwnership: ("owner" | "tenant" | "sharecropper" | "none") | null;
                        /** @description each declaration made, with who set it and when; one never made is absent */
                        declarations: {
                            incomeTaxPayer?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            governmentEmployee?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            pensionAbove10k?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            constitutionalPost?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            practisingProfessional?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            institutionalLandholder?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                            epfoNpsEsic?: {
                                value: boolean;
                                /** @description the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who */
                                setBy: string | null;
                                /** Format: date-time */
                                setAt: string;
                            };
                        };
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Precondition Failed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    importFarmers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description a CSV file with a header row, in the columns of GET /v1/farmers/export */
        requestBody: {
            content: {
                "text/csv": string;
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created: number;
                        existing: number;
                        failed: number;
                        results: {
                            /** @description the position of the row in the file, from 0 (the header not counted) */
                            index: number;
                            /** @description the line of the file the row starts on; the header is line 1 */
                            line: number;
                            /** @description the farmer's id, when they were created or already existed */
                            id?: string;
                            status: "created" | "exists" | "failed";
                            errors?: {
                                /** @description into the file, e.g. rows[12].phone */
                                path: string;
                                column?: "id" | "name" | "village" | "district" | "state" | "landHoldingHa" | "category" | "socialCategory" | "phone" | "aadhaar" | "bankAccount" | "ifsc" | "language" | "dateOfBirth" | "gender" | "landOwnership" | "incomeTaxPayer" | "governmentEmployee" | "pensionAbove10k" | "constitutionalPost" | "practisingProfessional" | "institutionalLandholder" | "epfoNpsEsic";
                                message: string;
                                /** @description wrong_column_count, invalid_id, invalid_value, duplicate_id, duplicate_aadhaar, duplicate_row, aadhaar_in_use, id_in_use, not_stored */
                                rule: string;
                            }[];
                            warnings?: {
                                column: "id" | "name" | "village" | "district" | "state" | "landHoldingHa" | "category" | "socialCategory" | "phone" | "aadhaar" | "bankAccount" | "ifsc" | "language" | "dateOfBirth" | "gender" | "landOwnership" | "incomeTaxPayer" | "governmentEmployee" | "pensionAbove10k" | "constitutionalPost" | "practisingProfessional" | "institutionalLandholder" | "epfoNpsEsic";
                                /** @enum {string} */
                                code: "masked_value";
                                message: string;
                            }[];
                        }[];
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listFarms: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                /** @description only this farmer's farms */
                farmerId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            farmerId: string;
                            name: string;
                            village: string | null;
                            district: string | null;
                            state: string | null;
                            version: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createFarm: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description a client-made id (offline creation); a retried create returns the first
                     */
                    id?: string;
                    /**
                     * Format: uuid
                     * @description the farmer who holds the farm
                     */
                    farmerId: string;
                    name: string;
                    village?: string;
                    district?: string;
                    state?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        farmerId: string;
                        name: string;
                        village: string | null;
                        district: string | null;
                        state: string | null;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        farmerId: string;
                        name: string;
                        village: string | null;
                        district: string | null;
                        state: string | null;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getFarm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        farmerId: string;
                        name: string;
                        village: string | null;
                        district: string | null;
                        state: string | null;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteFarm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Precondition Failed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateFarm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description the farmer who holds the farm
                     */
                    farmerId?: string;
                    name?: string;
                    village?: string | null;
                    district?: string | null;
                    state?: string | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        farmerId: string;
                        name: string;
                        village: string | null;
                        district: string | null;
                        state: string | null;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Precondition Failed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listFields: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                farmId?: string;
                farmerId?: string;
                /** @description fields whose name contains this text, in any case */
                q?: string;
                /** @description a crop code of /v1/crops (any case): fields on which it stands today (India) */
                crop?: string;
                /** @description minLon,minLat,maxLon,maxLat: fields whose bounding box meets this one */
                bbox?: string;
                /** @description lat,lon: fields whose centroid is within radiusKm, nearest first */
                near?: string;
                /** @description with near; default 10 */
                radiusKm?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            farmId: string;
                            farmerId: string;
                            name: string;
                            /** @description GeoJSON Polygon or MultiPolygon in WGS84, positions as [lon, lat]; rings closed (first position repeated last) */
                            boundary: {
                                type: "Polygon" | "MultiPolygon";
                                coordinates: unknown[];
                            };
                            /** @description geodesic area on the WGS84 ellipsoid, hectares, 4 decimals */
                            areaHa: number;
                            /** @description centre of mass of the surface */
                            centroid: {
                                lat: number;
                                lon: number;
                            };
                            /** @description [minLon, minLat, maxLon, maxLat] */
                            bbox: number[];
                            version: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description from `near` to the centroid (geodesic), with `near` only */
                            distanceKm?: number;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createField: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description a client-made id (offline creation); a retried create returns the first
                     */
                    id?: string;
                    /** Format: uuid */
                    farmId: string;
                    name: string;
                    /** @description GeoJSON Polygon or MultiPolygon in WGS84, positions as [lon, lat]; rings closed (first position repeated last) */
                    boundary: unknown;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        farmId: string;
                        farmerId: string;
                        name: string;
                        /** @description GeoJSON Polygon or MultiPolygon in WGS84, positions as [lon, lat]; rings closed (first position repeated last) */
                        boundary: {
                            type: "Polygon" | "MultiPolygon";
                            coordinates: unknown[];
                        };
                        /** @description geodesic area on the WGS84 ellipsoid, hectares, 4 decimals */
                        areaHa: number;
                        /** @description centre of mass of the surface */
                        centroid: {
                            lat: number;
                            lon: number;
                        };
                        /** @description [minLon, minLat, maxLon, maxLat] */
                        bbox: number[];
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        warnings: {
                            /** @enum {string} */
                            code: "overlaps_field";
                            fieldId: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        farmId: string;
                        farmerId: string;
                        name: string;
                        /** @description GeoJSON Polygon or MultiPolygon in WGS84, positions as [lon, lat]; rings closed (first position repeated last) */
                        boundary: {
                            type: "Polygon" | "MultiPolygon";
                            coordinates: unknown[];
                        };
                        /** @description geodesic area on the WGS84 ellipsoid, hectares, 4 decimals */
                        areaHa: number;
                        /** @description centre of mass of the surface */
                        centroid: {
                            lat: number;
                            lon: number;
                        };
                        /** @description [minLon, minLat, maxLon, maxLat] */
                        bbox: number[];
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        warnings: {
                            /** @enum {string} */
                            code: "overlaps_field";
                            fieldId: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getField: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        farmId: string;
                        farmerId: string;
                        name: string;
                        /** @description GeoJSON Polygon or MultiPolygon in WGS84, positions as [lon, lat]; rings closed (first position repeated last) */
                        boundary: {
                            type: "Polygon" | "MultiPolygon";
                            coordinates: unknown[];
                        };
                        /** @description geodesic area on the WGS84 ellipsoid, hectares, 4 decimals */
                        areaHa: number;
                        /** @description centre of mass of the surface */
                        centroid: {
                            lat: number;
                            lon: number;
                        };
                        /** @description [minLon, minLat, maxLon, maxLat] */
                        bbox: number[];
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteField: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Precondition Failed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateField: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /** @description GeoJSON Polygon or MultiPolygon in WGS84, positions as [lon, lat]; rings closed (first position repeated last) */
                    boundary?: unknown;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        farmId: string;
                        farmerId: string;
                        name: string;
                        /** @description GeoJSON Polygon or MultiPolygon in WGS84, positions as [lon, lat]; rings closed (first position repeated last) */
                        boundary: {
                            type: "Polygon" | "MultiPolygon";
                            coordinates: unknown[];
                        };
                        /** @description geodesic area on the WGS84 ellipsoid, hectares, 4 decimals */
                        areaHa: number;
                        /** @description centre of mass of the surface */
                        centroid: {
                            lat: number;
                            lon: number;
                        };
                        /** @description [minLon, minLat, maxLon, maxLat] */
                        bbox: number[];
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        warnings: {
                            /** @enum {string} */
                            code: "overlaps_field";
                            fieldId: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Precondition Failed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    importFields: {
        parameters: {
            query?: {
                /** @description the farm of every feature that names none in `properties.farmId` */
                farmId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created: number;
                        existing: number;
                        failed: number;
                        results: {
                            /** @description the position of the feature (or placemark) in the file, from 0 */
                            index: number;
                            /** @description the field's id, when it was created or already existed */
                            id?: string;
                            status: "created" | "exists" | "failed";
                            errors?: {
                                /** @description into the file, e.g. features[12].geometry.coordinates[0] */
                                path: string;
                                message: string;
                                rule?: string;
                            }[];
                            warnings?: {
                                /** @enum {string} */
                                code: "overlaps_field";
                                fieldId: string;
                                message: string;
                            }[];
                        }[];
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exportFields: {
        parameters: {
            query?: {
                farmId?: string;
                farmerId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A GeoJSON FeatureCollection */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/geo+json": {
                        /** @enum {string} */
                        type: "FeatureCollection";
                        features: {
                            /** @enum {string} */
                            type: "Feature";
                            id: string;
                            /** @description GeoJSON Polygon or MultiPolygon in WGS84, positions as [lon, lat]; rings closed (first position repeated last) */
                            geometry: {
                                type: "Polygon" | "MultiPolygon";
                                coordinates: unknown[];
                            };
                            properties: {
                                id: string;
                                name: string;
                                farmId: string;
                                farmerId: string;
                                areaHa: number;
                                version: number;
                            };
                        }[];
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listFieldCropCycles: {
        parameters: {
            query?: {
                /** @description Items per page (1-200) */
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            fieldId: string;
                            farmerId: string;
                            crop: string;
                            variety: string | null;
                            /**
                             * @description kharif (monsoon), rabi (winter) or zaid (summer)
                             * @enum {unknown}
                             */
                            season: "kharif" | "rabi" | "zaid";
                            /** Format: date */
                            sowingDate: string;
                            expectedHarvestDate: string | null;
                            irrigation: ("rainfed" | "canal" | "tubewell" | "drip" | "sprinkler" | "other") | null;
                            version: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createCropCycle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description a client-made id (offline creation); a retried create returns the first
                     */
                    id?: string;
                    /** @description a code of the crop catalogue, e.g. paddy, wheat, cotton */
                    crop: string;
                    variety?: string;
                    /**
                     * @description kharif (monsoon), rabi (winter) or zaid (summer); omitted, the crop's season when the catalogue lists one
                     * @enum {unknown}
                     */
                    season?: "kharif" | "rabi" | "zaid";
                    /**
                     * Format: date
                     * @description YYYY-MM-DD
                     */
                    sowingDate: string;
                    /**
                     * Format: date
                     * @description YYYY-MM-DD, after sowingDate
                     */
                    expectedHarvestDate?: string;
                    /** @enum {unknown} */
                    irrigation?: "rainfed" | "canal" | "tubewell" | "drip" | "sprinkler" | "other";
                    /** @description true when this crop shares the field with another cycle whose dates overlap (intercropping); without it an overlap is refused. Not stored: a change of dates or crop that still overlaps sends it again */
                    intercrop?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        fieldId: string;
                        farmerId: string;
                        crop: string;
                        variety: string | null;
                        /**
                         * @description kharif (monsoon), rabi (winter) or zaid (summer)
                         * @enum {unknown}
                         */
                        season: "kharif" | "rabi" | "zaid";
                        /** Format: date */
                        sowingDate: string;
                        expectedHarvestDate: string | null;
                        irrigation: ("rainfed" | "canal" | "tubewell" | "drip" | "sprinkler" | "other") | null;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        fieldId: string;
                        farmerId: string;
                        crop: string;
                        variety: string | null;
                        /**
                         * @description kharif (monsoon), rabi (winter) or zaid (summer)
                         * @enum {unknown}
                         */
                        season: "kharif" | "rabi" | "zaid";
                        /** Format: date */
                        sowingDate: string;
                        expectedHarvestDate: string | null;
                        irrigation: ("rainfed" | "canal" | "tubewell" | "drip" | "sprinkler" | "other") | null;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCropCycle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        fieldId: string;
                        farmerId: string;
                        crop: string;
                        variety: string | null;
                        /**
                         * @description kharif (monsoon), rabi (winter) or zaid (summer)
                         * @enum {unknown}
                         */
                        season: "kharif" | "rabi" | "zaid";
                        /** Format: date */
                        sowingDate: string;
                        expectedHarvestDate: string | null;
                        irrigation: ("rainfed" | "canal" | "tubewell" | "drip" | "sprinkler" | "other") | null;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteCropCycle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Precondition Failed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateCropCycle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description a code of the crop catalogue, e.g. paddy, wheat, cotton */
                    crop?: string;
                    variety?: string | null;
                    /**
                     * @description kharif (monsoon), rabi (winter) or zaid (summer)
                     * @enum {unknown}
                     */
                    season?: "kharif" | "rabi" | "zaid";
                    /**
                     * Format: date
                     * @description YYYY-MM-DD
                     */
                    sowingDate?: string;
                    /**
                     * Format: date
                     * @description YYYY-MM-DD, after sowingDate
                     */
                    expectedHarvestDate?: string | null;
                    /** @enum {string|null} */
                    irrigation?: "rainfed" | "canal" | "tubewell" | "drip" | "sprinkler" | "other" | null;
                    /** @description true when this crop shares the field with another cycle whose dates overlap (intercropping); without it an overlap is refused. Not stored: a change of dates or crop that still overlaps sends it again */
                    intercrop?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        fieldId: string;
                        farmerId: string;
                        crop: string;
                        variety: string | null;
                        /**
                         * @description kharif (monsoon), rabi (winter) or zaid (summer)
                         * @enum {unknown}
                         */
                        season: "kharif" | "rabi" | "zaid";
                        /** Format: date */
                        sowingDate: string;
                        expectedHarvestDate: string | null;
                        irrigation: ("rainfed" | "canal" | "tubewell" | "drip" | "sprinkler" | "other") | null;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Precondition Failed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listFieldSoilTests: {
        parameters: {
            query?: {
                /** @description Items per page (1-200) */
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            fieldId: string;
                            farmerId: string;
                            /** Format: date */
                            sampledOn: string;
                            lab: string | null;
                            n?: number;
                            p?: number;
                            k?: number;
                            ph?: number;
                            ec?: number;
                            oc?: number;
                            s?: number;
                            zn?: number;
                            fe?: number;
                            mn?: number;
                            cu?: number;
                            b?: number;
                            version: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createSoilTest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description a client-made id (offline creation); a retried create returns the first
                     */
                    id?: string;
                    /**
                     * Format: date
                     * @description YYYY-MM-DD, not in the future (India Standard Time)
                     */
                    sampledOn: string;
                    lab?: string;
                    /** @description available nitrogen, kg/ha */
                    n?: number;
                    /** @description available phosphorus, kg/ha */
                    p?: number;
                    /** @description available potassium, kg/ha */
                    k?: number;
                    /** @description pH */
                    ph?: number;
                    /** @description electrical conductivity, dS/m */
                    ec?: number;
                    /** @description organic carbon, % */
                    oc?: number;
                    /** @description available sulphur, ppm */
                    s?: number;
                    /** @description zinc, ppm */
                    zn?: number;
                    /** @description iron, ppm */
                    fe?: number;
                    /** @description manganese, ppm */
                    mn?: number;
                    /** @description copper, ppm */
                    cu?: number;
                    /** @description boron, ppm */
                    b?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        fieldId: string;
                        farmerId: string;
                        /** Format: date */
                        sampledOn: string;
                        lab: string | null;
                        n?: number;
                        p?: number;
                        k?: number;
                        ph?: number;
                        ec?: number;
                        oc?: number;
                        s?: number;
                        zn?: number;
                        fe?: number;
                        mn?: number;
                        cu?: number;
                        b?: number;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        fieldId: string;
                        farmerId: string;
                        /** Format: date */
                        sampledOn: string;
                        lab: string | null;
                        n?: number;
                        p?: number;
                        k?: number;
                        ph?: number;
                        ec?: number;
                        oc?: number;
                        s?: number;
                        zn?: number;
                        fe?: number;
                        mn?: number;
                        cu?: number;
                        b?: number;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSoilTest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        fieldId: string;
                        farmerId: string;
                        /** Format: date */
                        sampledOn: string;
                        lab: string | null;
                        n?: number;
                        p?: number;
                        k?: number;
                        ph?: number;
                        ec?: number;
                        oc?: number;
                        s?: number;
                        zn?: number;
                        fe?: number;
                        mn?: number;
                        cu?: number;
                        b?: number;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteSoilTest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Precondition Failed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateSoilTest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date
                     * @description YYYY-MM-DD, not in the future (India Standard Time)
                     */
                    sampledOn?: string;
                    lab?: string | null;
                    /** @description available nitrogen, kg/ha */
                    n?: number | null;
                    /** @description available phosphorus, kg/ha */
                    p?: number | null;
                    /** @description available potassium, kg/ha */
                    k?: number | null;
                    /** @description pH */
                    ph?: number | null;
                    /** @description electrical conductivity, dS/m */
                    ec?: number | null;
                    /** @description organic carbon, % */
                    oc?: number | null;
                    /** @description available sulphur, ppm */
                    s?: number | null;
                    /** @description zinc, ppm */
                    zn?: number | null;
                    /** @description iron, ppm */
                    fe?: number | null;
                    /** @description manganese, ppm */
                    mn?: number | null;
                    /** @description copper, ppm */
                    cu?: number | null;
                    /** @description boron, ppm */
                    b?: number | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        fieldId: string;
                        farmerId: string;
                        /** Format: date */
                        sampledOn: string;
                        lab: string | null;
                        n?: number;
                        p?: number;
                        k?: number;
                        ph?: number;
                        ec?: number;
                        oc?: number;
                        s?: number;
                        zn?: number;
                        fe?: number;
                        mn?: number;
                        cu?: number;
                        b?: number;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Precondition Failed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWeather: {
        parameters: {
            query: {
                lat: number;
                lon: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        source: string;
                        fetchedAt: string;
                        stale: boolean;
                        lat: number;
                        lon: number;
                        current: {
                            [key: string]: unknown;
                        };
                        hourly: {
                            [key: string]: unknown;
                        }[];
                        daily: {
                            [key: string]: unknown;
                        }[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getFieldWeather: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        source: string;
                        fetchedAt: string;
                        stale: boolean;
                        lat: number;
                        lon: number;
                        current: {
                            [key: string]: unknown;
                        };
                        hourly: {
                            [key: string]: unknown;
                        }[];
                        daily: {
                            [key: string]: unknown;
                        }[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    searchPlaces: {
        parameters: {
            query: {
                /** @description A place name, optionally followed by ", state" and ", country"; 1-100 characters, not only spaces */
                q: string;
                /** @description Places to answer (1-5) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        source: "openweather" | "gazetteer";
                        results: {
                            name: string;
                            state?: string;
                            /** @description ISO 3166 alpha-2; IN for every gazetteer answer */
                            country: string;
                            lat: number;
                            lon: number;
                            /** @description names by ISO 639 language code (hi, mr, …) */
                            localNames?: {
                                [key: string]: string;
                            };
                            /** @description reverse only: great-circle distance from the asked point */
                            distanceKm?: number;
                        }[];
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listNearbyPlaces: {
        parameters: {
            query: {
                lat: number;
                lon: number;
                /** @description Places to answer (1-5) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        source: "openweather" | "gazetteer";
                        results: {
                            name: string;
                            state?: string;
                            /** @description ISO 3166 alpha-2; IN for every gazetteer answer */
                            country: string;
                            lat: number;
                            lon: number;
                            /** @description names by ISO 639 language code (hi, mr, …) */
                            localNames?: {
                                [key: string]: string;
                            };
                            /** @description reverse only: great-circle distance from the asked point */
                            distanceKm?: number;
                        }[];
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    computeEt0: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date
                     * @description YYYY-MM-DD
                     */
                    date: string;
                    latitudeDeg: number;
                    elevationM: number;
                    tMaxC: number;
                    tMinC: number;
                    rhMaxPct?: number;
                    rhMinPct?: number;
                    rhMeanPct?: number;
                    tDewC?: number;
                    windSpeedMs: number;
                    /** @default 2 */
                    windHeightM?: number;
                    sunshineHours?: number;
                    solarRadiationMJm2?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        et0Mm: number;
                        steps: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMspPrices: {
        parameters: {
            query?: {
                /** @description a crop code of the catalogue that has an MSP (paddy, wheat, tur_arhar …) */
                crop?: string;
                /** @description kharif or rabi marketing season, calendar_year (copra) or jute_season (raw jute) */
                season?: "kharif" | "rabi" | "calendar_year" | "jute_season";
                /** @description marketing year like 2025-26; for copra a calendar year like 2025 */
                year?: string;
                /** @description common, grade_a, hybrid, maldandi, in_shell, yellow, medium_staple, long_staple, milling, ball, raw */
                variety?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description crop code of the catalogue (GET /v1/crops) */
                            crop: string;
                            cropName: {
                                en: string;
                                /** @description in Devanagari */
                                hi: string;
                            };
                            /** @description null for a crop with one MSP a year */
                            variety: string | null;
                            /**
                             * @description kharif or rabi marketing season, calendar_year (copra) or jute_season (raw jute)
                             * @enum {unknown}
                             */
                            season: "kharif" | "rabi" | "calendar_year" | "jute_season";
                            /** @description KMS/RMS/jute season like 2025-26; copra: calendar year like 2025 */
                            marketingYear: string;
                            /** @description the Minimum Support Price, ₹ per quintal (bonus included where note says so) */
                            mspInrPerQuintal: number;
                            /** @description the same as mspInrPerQuintal (the name in the first API notes) */
                            priceInrPerQuintal: number;
                            /**
                             * @description verified: an official release table; verified-secondary: a copy of the official table; derived: previous official value plus the announced increase
                             * @enum {unknown}
                             */
                            verification: "verified" | "verified-secondary" | "derived";
                            note: string | null;
                            /** @description the sources as the data cites them: KEY(detail);KEY */
                            source: string;
                            sources: {
                                key: string;
                                /** @description the announcement or table */
                                what: string;
                                /** @description where it was read */
                                where: string;
                                /** @description what this price takes from the source ("2014-15 column"), when the data says */
                                detail: string | null;
                            }[];
                        }[];
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    startMarketPriceIngestion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description the job id: follow it at GET /v1/jobs/{id} */
                        id: string;
                        type: string;
                        status: "queued" | "running" | "succeeded" | "failed";
                        progress: number;
                        attempts: number;
                        /** Format: date-time */
                        createdAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMarketPrices: {
        parameters: {
            query?: {
                /** @description Items per page (1-200) */
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
                /** @description a commodity code of GET /v1/commodities (wheat), or an Agmarknet name of it (Bengal Gram(Gram)(Whole)), case ignored */
                commodity?: string;
                /** @description state name, case ignored, as Agmarknet spells it (Chattisgarh) or as the gazetteer does (Chhattisgarh) */
                state?: string;
                /** @description district name, case ignored, as Agmarknet or the gazetteer spells it (Hissar or Hisar) */
                district?: string;
                /** @description market (mandi) name, case ignored */
                market?: string;
                /** @description first arrival date, YYYY-MM-DD (included) */
                from?: string;
                /** @description last arrival date, YYYY-MM-DD (included) */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            marketId: string;
                            /** @description the market (mandi) name, as Agmarknet writes it */
                            market: string;
                            state: string;
                            district: string;
                            /** @description commodity code of the catalogue */
                            commodity: string;
                            /** @description the commodity as Agmarknet wrote it */
                            agmarknetCommodity: string;
                            variety: string;
                            grade: string;
                            /** Format: date */
                            arrivalDate: string;
                            minPriceInrPerQuintal: number;
                            maxPriceInrPerQuintal: number;
                            /** @description the price most lots traded at, ₹ per quintal */
                            modalPriceInrPerQuintal: number;
                            /** @description agmarknet (data.gov.in) or agmarknet-sample (the bundled real records) */
                            source: string;
                            /** Format: date-time */
                            fetchedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMarketPriceTrends: {
        parameters: {
            query: {
                /** @description a commodity code of GET /v1/commodities (wheat), or an Agmarknet name of it (Bengal Gram(Gram)(Whole)), case ignored */
                commodity: string;
                /** @description state name, case ignored, as Agmarknet spells it (Chattisgarh) or as the gazetteer does (Chhattisgarh) */
                state?: string;
                /** @description district name, case ignored, as Agmarknet or the gazetteer spells it (Hissar or Hisar) */
                district?: string;
                /** @description market (mandi) name, case ignored */
                market?: string;
                /** @description days shown, ending on `to` (1-365, default 90) */
                days?: number;
                /** @description last day shown, YYYY-MM-DD; default the newest arrival date with prices for the query */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        commodity: {
                            code: string;
                            nameEn: string;
                            /** @description in Devanagari; null where no source for the Hindi name is known yet */
                            nameHi: string | null;
                        };
                        state: string | null;
                        district: string | null;
                        market: string | null;
                        /** Format: date */
                        from: string;
                        /** Format: date */
                        to: string;
                        days: number;
                        /** @description one per calendar day from `from` to `to`, oldest first */
                        points: {
                            /** Format: date */
                            date: string;
                            /** @description mean of the day's modal prices over every price record the filters keep; null on a day without prices */
                            modalPriceInrPerQuintal: number | null;
                            /** @description price records (market × variety × grade) of the day */
                            priceCount: number;
                            /** @description mean of the daily prices of the priced days among the 7 calendar days ending on date; null when none */
                            ma7InrPerQuintal: number | null;
                            /** @description the same over 30 calendar days */
                            ma30InrPerQuintal: number | null;
                            /** @description the same over 90 calendar days */
                            ma90InrPerQuintal: number | null;
                        }[];
                        movingAverages: {
                            /** Format: date */
                            date: string;
                            /** @description 7-day moving average on `to` */
                            ma7InrPerQuintal: number | null;
                            /** @description 30-day moving average on `to` */
                            ma30InrPerQuintal: number | null;
                            /** @description 90-day moving average on `to` */
                            ma90InrPerQuintal: number | null;
                        };
                        /** @description null with fewer than two priced days in the window */
                        change: {
                            /**
                             * Format: date
                             * @description the first day of the window with prices
                             */
                            fromDate: string;
                            /**
                             * Format: date
                             * @description the last day of the window with prices
                             */
                            toDate: string;
                            fromModalPriceInrPerQuintal: number;
                            toModalPriceInrPerQuintal: number;
                            changeInrPerQuintal: number;
                            /** @description change in % of the first day's price */
                            changePct: number;
                        } | null;
                        msp: {
                            /** @description the MSP crop code (GET /v1/msp) */
                            crop: string;
                            /** @description the lowest-priced variety of the year where the crop has several (paddy common, cotton medium_staple, copra milling) */
                            variety: string | null;
                            season: string;
                            /** @description the marketing year containing the date: KMS from 1 Oct, RMS from 1 Apr, jute from 1 Jul; copra by calendar year */
                            marketingYear: string;
                            mspInrPerQuintal: number;
                        } | null;
                        vsMsp: {
                            /**
                             * Format: date
                             * @description the last day of the window with prices
                             */
                            date: string;
                            modalPriceInrPerQuintal: number;
                            mspInrPerQuintal: number;
                            /** @description modal − MSP: negative below the MSP */
                            differenceInrPerQuintal: number;
                            /** @description (modal − MSP) in % of the MSP */
                            differencePct: number;
                        } | null;
                        /** @description why msp is null */
                        mspNote: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMarkets: {
        parameters: {
            query?: {
                /** @description Items per page (1-200) */
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
                /** @description state name, case ignored, as Agmarknet spells it (Chattisgarh) or as the gazetteer does (Chhattisgarh) */
                state?: string;
                /** @description district name, case ignored, as Agmarknet or the gazetteer spells it (Hissar or Hisar) */
                district?: string;
                /** @description market (mandi) name, case ignored */
                market?: string;
                /** @description lat,lon: markets with a point, nearest first, each with distanceKm */
                near?: string;
                /** @description with near: only markets this close (great-circle km) */
                radiusKm?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            id: string;
                            /** @description as Agmarknet names the market */
                            name: string;
                            /** @description as Agmarknet spells it */
                            state: string;
                            /** @description as Agmarknet spells it */
                            district: string;
                            /** @description WGS84 latitude of the point in coordinatesSource */
                            lat: number | null;
                            /** @description WGS84 longitude of the point in coordinatesSource */
                            lon: number | null;
                            /**
                             * @description market: the mandi's own position; district: its district's headquarters (or centroid) from the offline gazetteer, since Agmarknet gives no coordinates; null: not placed
                             * @enum {string|null}
                             */
                            coordinatesSource: "market" | "district" | null;
                            /** @description true when the point is the district's, not the mandi's: off by up to tens of km */
                            approximate: boolean;
                            /** @description the gazetteer district the market was matched to */
                            gazetteerDistrict: {
                                state: string;
                                district: string;
                            } | null;
                            /** @description with near: geodesic distance to the market's point (its district's when approximate) */
                            distanceKm?: number;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMarket: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** @description as Agmarknet names the market */
                        name: string;
                        /** @description as Agmarknet spells it */
                        state: string;
                        /** @description as Agmarknet spells it */
                        district: string;
                        /** @description WGS84 latitude of the point in coordinatesSource */
                        lat: number | null;
                        /** @description WGS84 longitude of the point in coordinatesSource */
                        lon: number | null;
                        /**
                         * @description market: the mandi's own position; district: its district's headquarters (or centroid) from the offline gazetteer, since Agmarknet gives no coordinates; null: not placed
                         * @enum {string|null}
                         */
                        coordinatesSource: "market" | "district" | null;
                        /** @description true when the point is the district's, not the mandi's: off by up to tens of km */
                        approximate: boolean;
                        /** @description the gazetteer district the market was matched to */
                        gazetteerDistrict: {
                            state: string;
                            district: string;
                        } | null;
                        /**
                         * Format: date
                         * @description the market's newest day with prices of any commodity; null when it has none
                         */
                        latestPriceDate: string | null;
                        /**
                         * Format: date
                         * @description first day of the 30 days ending on latestPriceDate that commodities lists
                         */
                        recentSince: string | null;
                        /** @description commodities with prices here from recentSince to latestPriceDate, by code */
                        commodities: {
                            commodity: {
                                code: string;
                                nameEn: string;
                                /** @description in Devanagari; null where no source for the Hindi name is known yet */
                                nameHi: string | null;
                            };
                            /**
                             * Format: date
                             * @description the commodity's newest day with prices here
                             */
                            arrivalDate: string;
                            /** @description mean of that day's modal prices, to paise */
                            modalPriceInrPerQuintal: number;
                            /** @description price records (varieties × grades) of that day */
                            priceCount: number;
                        }[];
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listCommodities: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            code: string;
                            nameEn: string;
                            /** @description in Devanagari; null where no source for the Hindi name is known yet */
                            nameHi: string | null;
                            /** @description the catalogue crop it is, or is a form of (GET /v1/crops) */
                            crop: string | null;
                            /** @description the crop whose Minimum Support Price applies (GET /v1/msp), or null */
                            mspCrop: string | null;
                            /** @description how Agmarknet spells it; any of them works as commodity= elsewhere */
                            agmarknetNames: string[];
                        }[];
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listFieldBestMarkets: {
        parameters: {
            query: {
                /** @description a commodity code of GET /v1/commodities (wheat), or an Agmarknet name of it (Bengal Gram(Gram)(Whole)), case ignored */
                commodity: string;
                /** @description great-circle km from the field's centroid; default MARKET_SEARCH_RADIUS_KM */
                radiusKm?: number;
                /** @description ₹ per quintal per km of road; default the organisation's setting, else MARKET_TRANSPORT_COST_INR_PER_QUINTAL_KM */
                transportCostInrPerQuintalKm?: number;
                /** @description prices of the maxAgeDays days ending on this date count; default today in India */
                date?: string;
                /** @description how old a market's latest price may be, in days (1-90, default 14) */
                maxAgeDays?: number;
                /** @description markets answered (1-50, default 10) */
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        fieldId: string;
                        /** @description the field's centroid */
                        origin: {
                            lat: number;
                            lon: number;
                        };
                        commodity: {
                            code: string;
                            nameEn: string;
                            /** @description in Devanagari; null where no source for the Hindi name is known yet */
                            nameHi: string | null;
                        };
                        /** Format: date */
                        date: string;
                        /**
                         * Format: date
                         * @description the day the prices' window ends on: date, or, when no price falls in the maxAgeDays to date, the newest day with prices of the commodity within the radius (at most 730 days before date)
                         */
                        asOf: string;
                        /**
                         * Format: date
                         * @description prices older than this are not counted (asOf − maxAgeDays + 1)
                         */
                        since: string;
                        /** @description says when the prices are not of the window asked for (asOf before date) */
                        note: string | null;
                        /** @description when items is empty, why: no mandi in the radius, no prices of the commodity, or prices too old */
                        reason: string | null;
                        radiusKm: number;
                        transportCostInrPerQuintalKm: number;
                        /** @description road distance ÷ great-circle distance (MARKET_ROAD_DETOUR_FACTOR), an assumption */
                        roadDetourFactor: number;
                        /** @description markets with a point within the radius, priced or not */
                        marketsInRadius: number;
                        items: {
                            rank: number;
                            market: {
                                /** Format: uuid */
                                id: string;
                                /** @description as Agmarknet names the market */
                                name: string;
                                /** @description as Agmarknet spells it */
                                state: string;
                                /** @description as Agmarknet spells it */
                                district: string;
                                /** @description WGS84 latitude of the point in coordinatesSource */
                                lat: number | null;
                                /** @description WGS84 longitude of the point in coordinatesSource */
                                lon: number | null;
                                /**
                                 * @description market: the mandi's own position; district: its district's headquarters (or centroid) from the offline gazetteer, since Agmarknet gives no coordinates; null: not placed
                                 * @enum {string|null}
                                 */
                                coordinatesSource: "market" | "district" | null;
                                /** @description true when the point is the district's, not the mandi's: off by up to tens of km */
                                approximate: boolean;
                                /** @description the gazetteer district the market was matched to */
                                gazetteerDistrict: {
                                    state: string;
                                    district: string;
                                } | null;
                            };
                            /**
                             * Format: date
                             * @description the market's latest day with prices of the commodity
                             */
                            arrivalDate: string;
                            /** @description price records (varieties × grades) of that day, averaged into the modal price */
                            priceCount: number;
                            /** @description mean of that day's modal prices */
                            modalPriceInrPerQuintal: number;
                            /** @description great-circle distance from the field's centroid to the market's point */
                            distanceKm: number;
                            /** @description distanceKm × roadDetourFactor, to 0.1 km */
                            roadDistanceKm: number;
                            /** @description roadDistanceKm × transportCostInrPerQuintalKm */
                            transportCostInrPerQuintal: number;
                            /** @description modalPriceInrPerQuintal − transportCostInrPerQuintal; the ranking */
                            netPriceInrPerQuintal: number;
                        }[];
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAlertRules: {
        parameters: {
            query?: {
                /** @description Items per page (1-200) */
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            kind: "price" | "crop_health_drop" | "weather_risk" | "job_finished";
                            name: string | null;
                            /** @description commodity code (price) */
                            commodity: string | null;
                            /**
                             * @description above: the modal price rises above thresholdInrPerQuintal; below: falls below it; below_msp: falls below the MSP of its marketing year
                             * @enum {string|null}
                             */
                            condition: "above" | "below" | "below_msp" | null;
                            thresholdInrPerQuintal: number | null;
                            /** Format: uuid */
                            marketId: string | null;
                            state: string | null;
                            district: string | null;
                            /** Format: uuid */
                            fieldId: string | null;
                            /** Format: uuid */
                            farmId: string | null;
                            ndviDrop: number | null;
                            risks: ("heat" | "frost" | "heavy-rain" | "high-wind")[] | null;
                            channels: ("inbox" | "sms" | "webhook")[];
                            recipients: ("creator" | "farmer")[];
                            /** Format: uuid */
                            createdBy: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            version: number;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createAlertRule: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description a client-made UUID: a retried create returns the first rule
                     */
                    id?: string;
                    /**
                     * @description price, crop_health_drop, weather_risk or job_finished
                     * @enum {string}
                     */
                    kind: "price" | "crop_health_drop" | "weather_risk" | "job_finished";
                    name?: string;
                    /** @description a commodity code of GET /v1/commodities (wheat), or an Agmarknet name of it (Bengal Gram(Gram)(Whole)), case ignored */
                    commodity?: string;
                    /**
                     * @description above: the modal price rises above thresholdInrPerQuintal; below: falls below it; below_msp: falls below the MSP of its marketing year
                     * @enum {string}
                     */
                    condition?: "above" | "below" | "below_msp";
                    /** @description price: ₹ per quintal; needed by above and below, refused with below_msp */
                    thresholdInrPerQuintal?: number;
                    /**
                     * Format: uuid
                     * @description price: only this market (GET /v1/markets)
                     */
                    marketId?: string;
                    /** @description price: only markets of this state (a name, case ignored) */
                    state?: string;
                    /** @description price: only markets of this district; needs state */
                    district?: string;
                    /**
                     * Format: uuid
                     * @description crop_health_drop, weather_risk, job_finished: only this field
                     */
                    fieldId?: string;
                    /**
                     * Format: uuid
                     * @description crop_health_drop, weather_risk, job_finished: only this farm's fields; neither means every field
                     */
                    farmId?: string;
                    /** @description crop_health_drop (needed): the smallest fall of the smoothed NDVI between two scenes that alerts */
                    ndviDrop?: number;
                    /** @description weather_risk: the risks to alert; default all four */
                    risks?: ("heat" | "frost" | "heavy-rain" | "high-wind")[];
                    /** @description where alerts go; inbox is always one; default [inbox] */
                    channels?: ("inbox" | "sms" | "webhook")[];
                    /** @description to whom; default [creator]; farmer only for field rules */
                    recipients?: ("creator" | "farmer")[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** @enum {string} */
                        kind: "price" | "crop_health_drop" | "weather_risk" | "job_finished";
                        name: string | null;
                        /** @description commodity code (price) */
                        commodity: string | null;
                        /**
                         * @description above: the modal price rises above thresholdInrPerQuintal; below: falls below it; below_msp: falls below the MSP of its marketing year
                         * @enum {string|null}
                         */
                        condition: "above" | "below" | "below_msp" | null;
                        thresholdInrPerQuintal: number | null;
                        /** Format: uuid */
                        marketId: string | null;
                        state: string | null;
                        district: string | null;
                        /** Format: uuid */
                        fieldId: string | null;
                        /** Format: uuid */
                        farmId: string | null;
                        ndviDrop: number | null;
                        risks: ("heat" | "frost" | "heavy-rain" | "high-wind")[] | null;
                        channels: ("inbox" | "sms" | "webhook")[];
                        recipients: ("creator" | "farmer")[];
                        /** Format: uuid */
                        createdBy: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        version: number;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** @enum {string} */
                        kind: "price" | "crop_health_drop" | "weather_risk" | "job_finished";
                        name: string | null;
                        /** @description commodity code (price) */
                        commodity: string | null;
                        /**
                         * @description above: the modal price rises above thresholdInrPerQuintal; below: falls below it; below_msp: falls below the MSP of its marketing year
                         * @enum {string|null}
                         */
                        condition: "above" | "below" | "below_msp" | null;
                        thresholdInrPerQuintal: number | null;
                        /** Format: uuid */
                        marketId: string | null;
                        state: string | null;
                        district: string | null;
                        /** Format: uuid */
                        fieldId: string | null;
                        /** Format: uuid */
                        farmId: string | null;
                        ndviDrop: number | null;
                        risks: ("heat" | "frost" | "heavy-rain" | "high-wind")[] | null;
                        channels: ("inbox" | "sms" | "webhook")[];
                        recipients: ("creator" | "farmer")[];
                        /** Format: uuid */
                        createdBy: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        version: number;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAlertRule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** @enum {string} */
                        kind: "price" | "crop_health_drop" | "weather_risk" | "job_finished";
                        name: string | null;
                        /** @description commodity code (price) */
                        commodity: string | null;
                        /**
                         * @description above: the modal price rises above thresholdInrPerQuintal; below: falls below it; below_msp: falls below the MSP of its marketing year
                         * @enum {string|null}
                         */
                        condition: "above" | "below" | "below_msp" | null;
                        thresholdInrPerQuintal: number | null;
                        /** Format: uuid */
                        marketId: string | null;
                        state: string | null;
                        district: string | null;
                        /** Format: uuid */
                        fieldId: string | null;
                        /** Format: uuid */
                        farmId: string | null;
                        ndviDrop: number | null;
                        risks: ("heat" | "frost" | "heavy-rain" | "high-wind")[] | null;
                        channels: ("inbox" | "sms" | "webhook")[];
                        recipients: ("creator" | "farmer")[];
                        /** Format: uuid */
                        createdBy: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        version: number;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteAlertRule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Precondition Failed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listNotifications: {
        parameters: {
            query?: {
                /** @description true: only those not yet read */
                unread?: boolean;
                /** @description Items per page (1-200) */
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            id: string;
                            /** @description alert.<kind> of the rule: alert.crop_health_drop, alert.weather_risk, alert.price, alert.job_finished */
                            type: string;
                            title: string;
                            /** @description in the recipient's language (the farmer's, else the organisation's default) */
                            body: string;
                            /** @description the alert's facts: alertId, ruleId, subject, period and the kind's values */
                            data: {
                                [key: string]: unknown;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            readAt: string | null;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    markNotificationRead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    markAllNotificationsRead: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description how many were unread */
                        marked: number;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getFieldAdvisories: {
        parameters: {
            query?: {
                /** @description soil texture of the field; default loam */
                soil?: "clay" | "clay-loam" | "loam" | "loamy-sand" | "sand" | "sandy-clay" | "sandy-clay-loam" | "sandy-loam" | "silt" | "silty-clay" | "silty-clay-loam" | "silt-loam";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        language: "en" | "hi";
                        /** Format: date */
                        today: string;
                        weather: {
                            source: string;
                            stale: boolean;
                            fetchedAt: string;
                            historySource?: string;
                        };
                        cropCycle: {
                            /** Format: uuid */
                            id: string;
                            crop: string;
                            cropName: string;
                            /** Format: date */
                            sowingDate: string;
                            /** Format: date */
                            expectedHarvestDate: string | null;
                            /** @description why this cycle: standing (sown on or before today, expected harvest not past; the latest sown when several stand) or next-sowing (none stands; the next one to be sown) */
                            selectedBecause: "standing" | "next-sowing";
                            /** @description cycles standing on the field today; more than one on an intercropped field */
                            standingCycles: number;
                            /** @description which cycle the advice is for and why, in the answer language */
                            selectionText: string;
                            dayAfterSowing: number;
                            stage: string | null;
                            stageLengthsEstimated: boolean;
                            kc: number | null;
                            text: string;
                        } | null;
                        gddSinceSowing: {
                            value: number;
                            tBaseC: number;
                            tUpperC?: number;
                            method: string;
                            daysCounted: number;
                            /** @description days since sowing the weather sources did not cover */
                            missingDays: number;
                            source: string;
                        } | null;
                        days: {
                            /** Format: date */
                            date: string;
                            /** @description true for today and the days ahead, false for the recent past */
                            forecast: boolean;
                            tMaxC: number;
                            tMinC: number;
                            rainMm: number;
                            /** @description FAO-56 Penman–Monteith reference evapotranspiration */
                            et0Mm: number;
                            et0RadiationMethod: "measured" | "hargreaves";
                            kc: number | null;
                            etcMm: number | null;
                            stage: string | null;
                        }[];
                        irrigation: {
                            /** @enum {string} */
                            action: "irrigate-now" | "wait-for-rain" | "irrigate-by" | "not-needed" | "unavailable";
                            reason?: string;
                            /** Format: date */
                            date?: string;
                            netDepthMm?: number;
                            depletionMm?: number;
                            readilyAvailableWaterMm?: number;
                            totalAvailableWaterMm?: number;
                            rootDepthM?: number;
                            soilTexture: string;
                            /** Format: date */
                            balanceStartsOn?: string;
                            /**
                             * @description what the starting depletion rests on: field capacity assumed at balanceStartsOn (the sowing date, 30 days back, or the first day with weather), or refill: a day whose rain and irrigation filled the root zone whatever it held (refilledOn)
                             * @enum {string}
                             */
                            startsFrom?: "sowing" | "look-back-limit" | "weather-start" | "refill";
                            /** Format: date */
                            refilledOn?: string;
                            lastIrrigation?: {
                                /** Format: date */
                                date: string;
                                depthMm: number;
                                /** @description whether it falls within the days the water balance counts */
                                counted: boolean;
                            } | null;
                            /** @description recorded irrigation and rain events the water balance counts */
                            recordedEventsCounted?: number;
                            assumption?: string;
                            text: string;
                        };
                        sprayWindows: {
                            /** @description start of the first suitable hour, ISO 8601 in IST: 2026-12-06T08:00+05:30 */
                            start: string;
                            /** @description end of the last suitable hour (exclusive), ISO 8601 in IST (+05:30); within the daylight of the same day */
                            end: string;
                            hours: number;
                            maxWindKmh: number;
                            maxTempC: number;
                        }[];
                        sprayText: string;
                        risks: {
                            /** @enum {string} */
                            kind: "heat" | "frost" | "heavy-rain" | "high-wind";
                            /** Format: date */
                            date: string;
                            value: number;
                            threshold: number;
                            unit: string;
                            rainClass?: string;
                            text: string;
                        }[];
                        /** @description the weather service's own warnings (OpenWeather), passed through */
                        alerts: {
                            sender: string;
                            event: string;
                            start: string;
                            end: string;
                            description: string;
                            tags: string[];
                        }[];
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listFieldIrrigations: {
        parameters: {
            query?: {
                /** @description Items per page (1-200) */
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
                /** @description YYYY-MM-DD: events on or after this day */
                from?: string;
                /** @description YYYY-MM-DD: events on or before this day */
                to?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            fieldId: string;
                            /** Format: date */
                            date: string;
                            /** @enum {string} */
                            kind: "irrigation" | "rain";
                            depthMm: number;
                            note: string | null;
                            createdBy: string | null;
                            version: number;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    recordFieldIrrigation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description a client-made id (offline creation); a retried create returns the first
                     */
                    id?: string;
                    /**
                     * Format: date
                     * @description YYYY-MM-DD, the day the water fell or was given; not in the future (India Standard Time)
                     */
                    date: string;
                    /** @description mm of water: for an irrigation the net depth that entered the soil (FAO-56 Ii), for rain the reading of the field’s gauge */
                    depthMm: number;
                    /**
                     * @description irrigation (default), or rain measured on the field: it replaces the weather source’s rain for that day
                     * @enum {string}
                     */
                    kind?: "irrigation" | "rain";
                    note?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        fieldId: string;
                        /** Format: date */
                        date: string;
                        /** @enum {string} */
                        kind: "irrigation" | "rain";
                        depthMm: number;
                        note: string | null;
                        createdBy: string | null;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        fieldId: string;
                        /** Format: date */
                        date: string;
                        /** @enum {string} */
                        kind: "irrigation" | "rain";
                        depthMm: number;
                        note: string | null;
                        createdBy: string | null;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getFieldIrrigation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        fieldId: string;
                        /** Format: date */
                        date: string;
                        /** @enum {string} */
                        kind: "irrigation" | "rain";
                        depthMm: number;
                        note: string | null;
                        createdBy: string | null;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteFieldIrrigation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Precondition Failed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    calculatePmfbyPremium: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description a crop code of GET /v1/crops */
                    crop: string;
                    /** @enum {string} */
                    season: "kharif" | "rabi";
                    /** @description insured area in hectares */
                    areaHa: number;
                    /** @description sum insured per hectare in rupees, as notified for the crop and district (scale of finance) */
                    sumInsuredPerHaInr: number;
                    /** @description the insurer's actuarial premium rate in %; adds the total premium and the government's share */
                    actuarialRatePct?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        crop: string;
                        /** @enum {string} */
                        season: "kharif" | "rabi";
                        /** @enum {string} */
                        cropClass: "food_crop" | "oilseed" | "annual_commercial_horticultural";
                        areaHa: number;
                        sumInsuredInr: number;
                        farmerRatePct: number;
                        farmerPremiumInr: number;
                        actuarialRatePct?: number;
                        totalPremiumInr?: number;
                        /** @description the actuarial premium above the farmer’s share, paid by the Centre and the State together */
                        governmentPremiumInr?: number;
                        basis: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reportFieldCropLoss: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description a client-made id (offline creation); a retried create returns the first
                     */
                    id?: string;
                    /** @enum {string} */
                    cause: "hailstorm" | "landslide" | "inundation" | "cloud_burst" | "natural_fire" | "cyclone" | "cyclonic_rain" | "unseasonal_rain";
                    /**
                     * Format: date-time
                     * @description when the loss happened; not in the future
                     */
                    lossAt: string;
                    /** @description geotagged photos of the damage, each within 100 m of the field */
                    photos: {
                        lat: number;
                        lon: number;
                        /**
                         * Format: date-time
                         * @description when the photo was taken
                         */
                        takenAt: string;
                        caption?: string;
                    }[];
                    description?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        fieldId: string;
                        /** Format: uuid */
                        farmerId: string;
                        /**
                         * Format: uuid
                         * @description the crop cycle standing on the field on the day of the loss
                         */
                        cropCycleId: string | null;
                        crop: string | null;
                        /** @enum {string} */
                        cause: "hailstorm" | "landslide" | "inundation" | "cloud_burst" | "natural_fire" | "cyclone" | "cyclonic_rain" | "unseasonal_rain";
                        /** Format: date-time */
                        lossAt: string;
                        /** Format: date-time */
                        reportedAt: string;
                        /** @description reported more than 72 hours after the loss */
                        late: boolean;
                        /** @description a photo was taken more than 100 m from the field */
                        locationFlagged: boolean;
                        photos: {
                            lat: number;
                            lon: number;
                            /**
                             * Format: date-time
                             * @description when the photo was taken
                             */
                            takenAt: string;
                            caption: string | null;
                            /** @description 0 inside the field, else metres to its nearest edge */
                            distanceM: number;
                            nearField: boolean;
                        }[];
                        description: string | null;
                        createdBy: string | null;
                        version: number;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        fieldId: string;
                        /** Format: uuid */
                        farmerId: string;
                        /**
                         * Format: uuid
                         * @description the crop cycle standing on the field on the day of the loss
                         */
                        cropCycleId: string | null;
                        crop: string | null;
                        /** @enum {string} */
                        cause: "hailstorm" | "landslide" | "inundation" | "cloud_burst" | "natural_fire" | "cyclone" | "cyclonic_rain" | "unseasonal_rain";
                        /** Format: date-time */
                        lossAt: string;
                        /** Format: date-time */
                        reportedAt: string;
                        /** @description reported more than 72 hours after the loss */
                        late: boolean;
                        /** @description a photo was taken more than 100 m from the field */
                        locationFlagged: boolean;
                        photos: {
                            lat: number;
                            lon: number;
                            /**
                             * Format: date-time
                             * @description when the photo was taken
                             */
                            takenAt: string;
                            caption: string | null;
                            /** @description 0 inside the field, else metres to its nearest edge */
                            distanceM: number;
                            nearField: boolean;
                        }[];
                        description: string | null;
                        createdBy: string | null;
                        version: number;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listCropLossReports: {
        parameters: {
            query?: {
                /** @description Items per page (1-200) */
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
                fieldId?: string;
                late?: boolean;
                locationFlagged?: boolean;
                /** @description losses at or after this instant */
                from?: string;
                /** @description losses at or before this instant */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            fieldId: string;
                            /** Format: uuid */
                            farmerId: string;
                            /**
                             * Format: uuid
                             * @description the crop cycle standing on the field on the day of the loss
                             */
                            cropCycleId: string | null;
                            crop: string | null;
                            /** @enum {string} */
                            cause: "hailstorm" | "landslide" | "inundation" | "cloud_burst" | "natural_fire" | "cyclone" | "cyclonic_rain" | "unseasonal_rain";
                            /** Format: date-time */
                            lossAt: string;
                            /** Format: date-time */
                            reportedAt: string;
                            /** @description reported more than 72 hours after the loss */
                            late: boolean;
                            /** @description a photo was taken more than 100 m from the field */
                            locationFlagged: boolean;
                            photos: {
                                lat: number;
                                lon: number;
                                /**
                                 * Format: date-time
                                 * @description when the photo was taken
                                 */
                                takenAt: string;
                                caption: string | null;
                                /** @description 0 inside the field, else metres to its nearest edge */
                                distanceM: number;
                                nearField: boolean;
                            }[];
                            description: string | null;
                            createdBy: string | null;
                            version: number;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCropLossReport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        fieldId: string;
                        /** Format: uuid */
                        farmerId: string;
                        /**
                         * Format: uuid
                         * @description the crop cycle standing on the field on the day of the loss
                         */
                        cropCycleId: string | null;
                        crop: string | null;
                        /** @enum {string} */
                        cause: "hailstorm" | "landslide" | "inundation" | "cloud_burst" | "natural_fire" | "cyclone" | "cyclonic_rain" | "unseasonal_rain";
                        /** Format: date-time */
                        lossAt: string;
                        /** Format: date-time */
                        reportedAt: string;
                        /** @description reported more than 72 hours after the loss */
                        late: boolean;
                        /** @description a photo was taken more than 100 m from the field */
                        locationFlagged: boolean;
                        photos: {
                            lat: number;
                            lon: number;
                            /**
                             * Format: date-time
                             * @description when the photo was taken
                             */
                            takenAt: string;
                            caption: string | null;
                            /** @description 0 inside the field, else metres to its nearest edge */
                            distanceM: number;
                            nearField: boolean;
                        }[];
                        description: string | null;
                        createdBy: string | null;
                        version: number;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listFieldVegetationAnalyses: {
        parameters: {
            query?: {
                /** @description Items per page (1-200) */
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            fieldId: string;
                            jobId: string | null;
                            /** @enum {string} */
                            status: "queued" | "running" | "succeeded" | "failed";
                            from: string;
                            to: string;
                            maxCloudPct: number;
                            /** @enum {string} */
                            index: "ndvi" | "evi" | "ndwi";
                            provider: string | null;
                            scenesFound: number | null;
                            scenesProcessed: number;
                            error: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            finishedAt: string | null;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createVegetationAnalysis: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date
                     * @description YYYY-MM-DD (UTC)
                     */
                    from: string;
                    /**
                     * Format: date
                     * @description YYYY-MM-DD (UTC)
                     */
                    to: string;
                    /** @enum {string} */
                    index?: "ndvi" | "evi" | "ndwi";
                    /** @description skip scenes whose tile is cloudier; default 40 */
                    maxCloudPct?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        analysisId: string;
                        jobId: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getVegetationAnalysis: {
        parameters: {
            query?: {
                index?: "ndvi" | "evi" | "ndwi";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        fieldId: string;
                        jobId: string | null;
                        /** @enum {string} */
                        status: "queued" | "running" | "succeeded" | "failed";
                        from: string;
                        to: string;
                        maxCloudPct: number;
                        /** @enum {string} */
                        index: "ndvi" | "evi" | "ndwi";
                        provider: string | null;
                        scenesFound: number | null;
                        scenesProcessed: number;
                        error: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        finishedAt: string | null;
                        scenes: {
                            sceneId: string;
                            /** Format: date-time */
                            acquiredAt: string;
                            provider: string;
                            cloudPct: number;
                            validPixelPct: number;
                            pixelsInField: number;
                            mean: number | null;
                            median: number | null;
                            std: number | null;
                            p10: number | null;
                            p90: number | null;
                            min: number | null;
                            max: number | null;
                            /** @description the assets the numbers were computed from: the catalogue URL of each (without its query), or for the offline twin the scene folder and file name */
                            assets: {
                                [key: string]: string;
                            };
                        }[];
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteVegetationAnalysis: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getFieldVegetationTimeseries: {
        parameters: {
            query?: {
                index?: "ndvi" | "evi" | "ndwi";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        fieldId: string;
                        index: string;
                        smoothing: string;
                        points: {
                            date: string;
                            sceneId: string;
                            raw: number;
                            smoothed: number;
                            validPixelPct: number;
                            previousYear: number | null;
                            anomaly: number | null;
                        }[];
                        scenes: {
                            sceneId: string;
                            acquiredAt: string;
                            mean: number | null;
                            validPixelPct: number;
                            cloudPct: number;
                        }[];
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getVegetationSceneImage: {
        parameters: {
            query?: {
                index?: "ndvi" | "evi" | "ndwi";
            };
            header?: never;
            path: {
                id: string;
                sceneId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The index coloured over the field, with a legend */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/png": string;
                };
            };
            /** @description The scene is being made (offline imagery twin): ask again after Retry-After seconds */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "pending";
                        detail: string;
                        retryAfterSeconds: number;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getFieldZones: {
        parameters: {
            query?: {
                scene?: string;
                k?: number;
                index?: "ndvi" | "evi" | "ndwi";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a GeoJSON FeatureCollection */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/geo+json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description The scene is being made (offline imagery twin): ask again after Retry-After seconds */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "pending";
                        detail: string;
                        retryAfterSeconds: number;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSyncChanges: {
        parameters: {
            query?: {
                /** @description nextCursor of the previous batch; omit to start from the beginning */
                since?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        changes: {
                            entity: "farmers" | "farms" | "fields" | "crop_cycles" | "soil_tests";
                            id: string;
                            op: "upsert" | "delete";
                            version: number | null;
                            data?: unknown;
                        }[];
                        nextCursor: string;
                        hasMore: boolean;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listJobs: {
        parameters: {
            query?: {
                /** @description Items per page (1-200) */
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
                /** @description a job type, e.g. imagery.analyse-field */
                type?: string;
                status?: "queued" | "running" | "succeeded" | "failed";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Job"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        type: string;
                        status: "queued" | "running" | "succeeded" | "failed";
                        progress: number;
                        result?: unknown;
                        error?: string;
                        attempts: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        finishedAt?: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    openEventStream: {
        parameters: {
            query?: {
                /** @description The id of the last event received: every event after it the caller may see is replayed first, in order. */
                since?: string;
                /** @description Comma-separated type prefixes (e.g. `job.progress,alert.`): only events whose type starts with one are sent. */
                types?: string;
                /** @description The access token, for browsers that cannot send an Authorization header (never written to the logs). */
                access_token?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Switching Protocols: the event stream is open. */
            101: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Upgrade Required */
            426: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            id: string;
                            url: string;
                            types: string[];
                            description: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            revokedAt: string | null;
                        }[];
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the receiver; https:// with public addresses in production (WEBHOOK_ALLOW_PRIVATE_URLS) */
                    url: string;
                    types: string[];
                    description?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        url: string;
                        types: string[];
                        description: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        revokedAt: string | null;
                        /** @description The signing secret, shown only in this response. Each delivery carries `Kheti-Signature: t=<unix seconds>,v1=<hex>`, where v1 is the HMAC-SHA256, keyed with this secret (as UTF-8), of `<t>.<raw request body>`. */
                        secret: string;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        url: string;
                        types: string[];
                        description: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        revokedAt: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                /** @description Items per page (1-200) */
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
                /** @description pending (being tried), delivered (a 2xx answer), dead (retries ran out, or the webhook was revoked) */
                status?: "pending" | "delivered" | "dead";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            webhookId: string;
                            /**
                             * Format: uuid
                             * @description sent as Kheti-Event-Id: the same on every attempt and redelivery
                             */
                            eventId: string;
                            eventType: string;
                            /** @description pending (being tried), delivered (a 2xx answer), dead (retries ran out, or the webhook was revoked) */
                            status: "pending" | "delivered" | "dead";
                            attempts: number;
                            firstAttemptAt: string | null;
                            lastAttemptAt: string | null;
                            nextAttemptAt: string | null;
                            /** @description the receiver's HTTP status at the last attempt, null without an answer */
                            lastStatus: number | null;
                            lastError: string | null;
                            deliveredAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    redeliverWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        webhookId: string;
                        /**
                         * Format: uuid
                         * @description sent as Kheti-Event-Id: the same on every attempt and redelivery
                         */
                        eventId: string;
                        eventType: string;
                        /** @description pending (being tried), delivered (a 2xx answer), dead (retries ran out, or the webhook was revoked) */
                        status: "pending" | "delivered" | "dead";
                        attempts: number;
                        firstAttemptAt: string | null;
                        lastAttemptAt: string | null;
                        nextAttemptAt: string | null;
                        /** @description the receiver's HTTP status at the last attempt, null without an answer */
                        lastStatus: number | null;
                        lastError: string | null;
                        deliveredAt: string | null;
                        /** Format: date-time */
                        createdAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSchemes: {
        parameters: {
            query?: {
                /** @description Items per page (1-200) */
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
                /** @description Words to find, in English (stemmed: pensions finds pension) or Hindi (as written: बीमा); "a phrase", -word and or work as in a web search. Ranked: name, then benefit, then description */
                q?: string;
                /** @description central or state */
                level?: "central" | "state";
                /** @description a state's schemes (Telangana, Odisha …), with the central schemes, which apply in every state */
                state?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            id: string;
                            code: string;
                            /** @description true: the shared catalogue, read-only; false: a scheme of your organisation */
                            shared: boolean;
                            name: string;
                            /** @description in Devanagari; null where no Hindi source was found */
                            nameHi: string | null;
                            /** @enum {string} */
                            level: "central" | "state";
                            /** @description the state of a state scheme; null for central ones */
                            state: string | null;
                            /** @description the ministry or department that runs it */
                            department: string;
                            description: string | null;
                            /** @description the benefit in words, with its figures */
                            benefit: string;
                            benefitHi: string | null;
                            /** @description the headline amount in ₹ per benefitPer, where the scheme pays one amount */
                            benefitInr: number | null;
                            /** @enum {string|null} */
                            benefitPer: "year" | "month" | "once" | "acre_per_year" | null;
                            /** @description what the applicant brings; empty where no source lists it */
                            documents: string[];
                            howToApply: string | null;
                            /** @description the page the facts were read on */
                            sourceUrl: string | null;
                            /**
                             * Format: date
                             * @description the day sourceUrl was read
                             */
                            checkedOn: string | null;
                            /**
                             * @description verified: every fact from an official page; verified-secondary: some from a report or copy of an official one
                             * @enum {string|null}
                             */
                            verification: "verified" | "verified-secondary" | null;
                            sources: {
                                key: string;
                                /** @description the release, guideline or report */
                                what: string;
                                /** @description where it was read */
                                where: string;
                                /** @description which facts of the scheme it gives */
                                detail: string | null;
                            }[];
                            /** @description the eligibility rule, null until one is written */
                            eligibility: unknown;
                            version: number;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description how well it matches q (ts_rank); 0 without q */
                            rank: number;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createScheme: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description lowercase words joined by - (pm-kisan, pmksy-pdmc); unique among the schemes the caller sees */
                    code: string;
                    name: string;
                    nameHi?: string | null;
                    /** @enum {string} */
                    level: "central" | "state";
                    /** @description required for a state scheme, null for a central one */
                    state?: string | null;
                    department: string;
                    description?: string | null;
                    benefit: string;
                    benefitHi?: string | null;
                    benefitInr?: number | null;
                    /** @enum {string|null} */
                    benefitPer?: "year" | "month" | "once" | "acre_per_year" | null;
                    documents?: string[];
                    howToApply?: string | null;
                    sourceUrl?: string | null;
                    /**
                     * Format: date
                     * @description YYYY-MM-DD
                     */
                    checkedOn?: string | null;
                    /** @description the eligibility rule, {version: 1, criteria: [...]} (docs/api.md, "Scheme eligibility rules"); null removes it */
                    eligibility?: Record<string, never> | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        code: string;
                        /** @description true: the shared catalogue, read-only; false: a scheme of your organisation */
                        shared: boolean;
                        name: string;
                        /** @description in Devanagari; null where no Hindi source was found */
                        nameHi: string | null;
                        /** @enum {string} */
                        level: "central" | "state";
                        /** @description the state of a state scheme; null for central ones */
                        state: string | null;
                        /** @description the ministry or department that runs it */
                        department: string;
                        description: string | null;
                        /** @description the benefit in words, with its figures */
                        benefit: string;
                        benefitHi: string | null;
                        /** @description the headline amount in ₹ per benefitPer, where the scheme pays one amount */
                        benefitInr: number | null;
                        /** @enum {string|null} */
                        benefitPer: "year" | "month" | "once" | "acre_per_year" | null;
                        /** @description what the applicant brings; empty where no source lists it */
                        documents: string[];
                        howToApply: string | null;
                        /** @description the page the facts were read on */
                        sourceUrl: string | null;
                        /**
                         * Format: date
                         * @description the day sourceUrl was read
                         */
                        checkedOn: string | null;
                        /**
                         * @description verified: every fact from an official page; verified-secondary: some from a report or copy of an official one
                         * @enum {string|null}
                         */
                        verification: "verified" | "verified-secondary" | null;
                        sources: {
                            key: string;
                            /** @description the release, guideline or report */
                            what: string;
                            /** @description where it was read */
                            where: string;
                            /** @description which facts of the scheme it gives */
                            detail: string | null;
                        }[];
                        /** @description the eligibility rule, null until one is written */
                        eligibility: unknown;
                        version: number;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getScheme: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a scheme's id, or its code (the caller's own scheme of that code first) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        code: string;
                        /** @description true: the shared catalogue, read-only; false: a scheme of your organisation */
                        shared: boolean;
                        name: string;
                        /** @description in Devanagari; null where no Hindi source was found */
                        nameHi: string | null;
                        /** @enum {string} */
                        level: "central" | "state";
                        /** @description the state of a state scheme; null for central ones */
                        state: string | null;
                        /** @description the ministry or department that runs it */
                        department: string;
                        description: string | null;
                        /** @description the benefit in words, with its figures */
                        benefit: string;
                        benefitHi: string | null;
                        /** @description the headline amount in ₹ per benefitPer, where the scheme pays one amount */
                        benefitInr: number | null;
                        /** @enum {string|null} */
                        benefitPer: "year" | "month" | "once" | "acre_per_year" | null;
                        /** @description what the applicant brings; empty where no source lists it */
                        documents: string[];
                        howToApply: string | null;
                        /** @description the page the facts were read on */
                        sourceUrl: string | null;
                        /**
                         * Format: date
                         * @description the day sourceUrl was read
                         */
                        checkedOn: string | null;
                        /**
                         * @description verified: every fact from an official page; verified-secondary: some from a report or copy of an official one
                         * @enum {string|null}
                         */
                        verification: "verified" | "verified-secondary" | null;
                        sources: {
                            key: string;
                            /** @description the release, guideline or report */
                            what: string;
                            /** @description where it was read */
                            where: string;
                            /** @description which facts of the scheme it gives */
                            detail: string | null;
                        }[];
                        /** @description the eligibility rule, null until one is written */
                        eligibility: unknown;
                        version: number;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteScheme: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Precondition Failed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateScheme: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    nameHi?: string | null;
                    /** @enum {string} */
                    level?: "central" | "state";
                    /** @description required for a state scheme, null for a central one */
                    state?: string | null;
                    department?: string;
                    description?: string | null;
                    benefit?: string;
                    benefitHi?: string | null;
                    benefitInr?: number | null;
                    /** @enum {string|null} */
                    benefitPer?: "year" | "month" | "once" | "acre_per_year" | null;
                    documents?: string[];
                    howToApply?: string | null;
                    sourceUrl?: string | null;
                    /**
                     * Format: date
                     * @description YYYY-MM-DD
                     */
                    checkedOn?: string | null;
                    /** @description the eligibility rule, {version: 1, criteria: [...]} (docs/api.md, "Scheme eligibility rules"); null removes it */
                    eligibility?: Record<string, never> | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        code: string;
                        /** @description true: the shared catalogue, read-only; false: a scheme of your organisation */
                        shared: boolean;
                        name: string;
                        /** @description in Devanagari; null where no Hindi source was found */
                        nameHi: string | null;
                        /** @enum {string} */
                        level: "central" | "state";
                        /** @description the state of a state scheme; null for central ones */
                        state: string | null;
                        /** @description the ministry or department that runs it */
                        department: string;
                        description: string | null;
                        /** @description the benefit in words, with its figures */
                        benefit: string;
                        benefitHi: string | null;
                        /** @description the headline amount in ₹ per benefitPer, where the scheme pays one amount */
                        benefitInr: number | null;
                        /** @enum {string|null} */
                        benefitPer: "year" | "month" | "once" | "acre_per_year" | null;
                        /** @description what the applicant brings; empty where no source lists it */
                        documents: string[];
                        howToApply: string | null;
                        /** @description the page the facts were read on */
                        sourceUrl: string | null;
                        /**
                         * Format: date
                         * @description the day sourceUrl was read
                         */
                        checkedOn: string | null;
                        /**
                         * @description verified: every fact from an official page; verified-secondary: some from a report or copy of an official one
                         * @enum {string|null}
                         */
                        verification: "verified" | "verified-secondary" | null;
                        sources: {
                            key: string;
                            /** @description the release, guideline or report */
                            what: string;
                            /** @description where it was read */
                            where: string;
                            /** @description which facts of the scheme it gives */
                            detail: string | null;
                        }[];
                        /** @description the eligibility rule, null until one is written */
                        eligibility: unknown;
                        version: number;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Precondition Failed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listFarmerEligibleSchemes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            scheme: {
                                /** Format: uuid */
                                id: string;
                                code: string;
                                name: string;
                            };
                            /** @description true: every criterion met; false: one is not; null: none fails but some cannot be told (see missing) */
                            eligible: boolean | null;
                            reasons: {
                                criterion: string;
                                /** @description null: cannot tell, the profile lacks what it needs */
                                met: boolean | null;
                                text: string;
                                textHi: string;
                            }[];
                            /** @description farmer fields to fill in for an answer: dateOfBirth, declarations.epfoNpsEsic … */
                            missing: string[];
                        }[];
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSchemeEligibleFarmers: {
        parameters: {
            query?: {
                /** @description Items per page (1-200) */
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
                /** @description only farmers with this answer */
                eligible?: "true" | "false" | "unknown";
            };
            header?: never;
            path: {
                /** @description a scheme's id or code */
                idOrCode: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        scheme: {
                            /** Format: uuid */
                            id: string;
                            code: string;
                            name: string;
                        };
                        /** @description over every farmer, whatever the filter: eligible + notEligible + unknown = total */
                        counts: {
                            eligible: number;
                            notEligible: number;
                            unknown: number;
                            total: number;
                        };
                        items: {
                            farmer: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                            };
                            /** @description true: every criterion met; false: one is not; null: none fails but some cannot be told (see missing) */
                            eligible: boolean | null;
                            reasons: {
                                criterion: string;
                                /** @description null: cannot tell, the profile lacks what it needs */
                                met: boolean | null;
                                text: string;
                                textHi: string;
                            }[];
                            /** @description farmer fields to fill in for an answer: dateOfBirth, declarations.epfoNpsEsic … */
                            missing: string[];
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSchemeApplications: {
        parameters: {
            query?: {
                /** @description Items per page (1-200) */
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
                schemeId?: string;
                status?: "draft" | "submitted" | "under_review" | "approved" | "rejected" | "disbursed" | "withdrawn";
                farmerId?: string;
                /** @description YYYY-MM-DD: created on or after this day */
                from?: string;
                /** @description YYYY-MM-DD: created on or before this day */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            farmerId: string;
                            /** Format: uuid */
                            schemeId: string;
                            /** @enum {string} */
                            status: "draft" | "submitted" | "under_review" | "approved" | "rejected" | "disbursed" | "withdrawn";
                            /** @description the statuses the caller may move it to next */
                            allowedTransitions: ("draft" | "submitted" | "under_review" | "approved" | "rejected" | "disbursed" | "withdrawn")[];
                            history: {
                                /** @enum {string|null} */
                                from: "draft" | "submitted" | "under_review" | "approved" | "rejected" | "disbursed" | "withdrawn" | null;
                                /** @enum {string} */
                                to: "draft" | "submitted" | "under_review" | "approved" | "rejected" | "disbursed" | "withdrawn";
                                by: string | null;
                                /** Format: date-time */
                                at: string;
                                note: string | null;
                            }[];
                            createdBy: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            version: number;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createSchemeApplication: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description a client-made id (offline creation); a retried create returns the first
                     */
                    id?: string;
                    /** Format: uuid */
                    farmerId: string;
                    /**
                     * Format: uuid
                     * @description a scheme of GET /v1/schemes
                     */
                    schemeId: string;
                    note?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        farmerId: string;
                        /** Format: uuid */
                        schemeId: string;
                        /** @enum {string} */
                        status: "draft" | "submitted" | "under_review" | "approved" | "rejected" | "disbursed" | "withdrawn";
                        /** @description the statuses the caller may move it to next */
                        allowedTransitions: ("draft" | "submitted" | "under_review" | "approved" | "rejected" | "disbursed" | "withdrawn")[];
                        history: {
                            /** @enum {string|null} */
                            from: "draft" | "submitted" | "under_review" | "approved" | "rejected" | "disbursed" | "withdrawn" | null;
                            /** @enum {string} */
                            to: "draft" | "submitted" | "under_review" | "approved" | "rejected" | "disbursed" | "withdrawn";
                            by: string | null;
                            /** Format: date-time */
                            at: string;
                            note: string | null;
                        }[];
                        createdBy: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        version: number;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        farmerId: string;
                        /** Format: uuid */
                        schemeId: string;
                        /** @enum {string} */
                        status: "draft" | "submitted" | "under_review" | "approved" | "rejected" | "disbursed" | "withdrawn";
                        /** @description the statuses the caller may move it to next */
                        allowedTransitions: ("draft" | "submitted" | "under_review" | "approved" | "rejected" | "disbursed" | "withdrawn")[];
                        history: {
                            /** @enum {string|null} */
                            from: "draft" | "submitted" | "under_review" | "approved" | "rejected" | "disbursed" | "withdrawn" | null;
                            /** @enum {string} */
                            to: "draft" | "submitted" | "under_review" | "approved" | "rejected" | "disbursed" | "withdrawn";
                            by: string | null;
                            /** Format: date-time */
                            at: string;
                            note: string | null;
                        }[];
                        createdBy: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        version: number;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSchemeApplication: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        farmerId: string;
                        /** Format: uuid */
                        schemeId: string;
                        /** @enum {string} */
                        status: "draft" | "submitted" | "under_review" | "approved" | "rejected" | "disbursed" | "withdrawn";
                        /** @description the statuses the caller may move it to next */
                        allowedTransitions: ("draft" | "submitted" | "under_review" | "approved" | "rejected" | "disbursed" | "withdrawn")[];
                        history: {
                            /** @enum {string|null} */
                            from: "draft" | "submitted" | "under_review" | "approved" | "rejected" | "disbursed" | "withdrawn" | null;
                            /** @enum {string} */
                            to: "draft" | "submitted" | "under_review" | "approved" | "rejected" | "disbursed" | "withdrawn";
                            by: string | null;
                            /** Format: date-time */
                            at: string;
                            note: string | null;
                        }[];
                        createdBy: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        version: number;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    changeSchemeApplicationStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description the next status; only the transitions in allowedTransitions
                     * @enum {string}
                     */
                    status: "draft" | "submitted" | "under_review" | "approved" | "rejected" | "disbursed" | "withdrawn";
                    /** @description why, kept in the history */
                    note?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        farmerId: string;
                        /** Format: uuid */
                        schemeId: string;
                        /** @enum {string} */
                        status: "draft" | "submitted" | "under_review" | "approved" | "rejected" | "disbursed" | "withdrawn";
                        /** @description the statuses the caller may move it to next */
                        allowedTransitions: ("draft" | "submitted" | "under_review" | "approved" | "rejected" | "disbursed" | "withdrawn")[];
                        history: {
                            /** @enum {string|null} */
                            from: "draft" | "submitted" | "under_review" | "approved" | "rejected" | "disbursed" | "withdrawn" | null;
                            /** @enum {string} */
                            to: "draft" | "submitted" | "under_review" | "approved" | "rejected" | "disbursed" | "withdrawn";
                            by: string | null;
                            /** Format: date-time */
                            at: string;
                            note: string | null;
                        }[];
                        createdBy: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        version: number;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Precondition Failed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Precondition Required */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSchemeApplicationDocuments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checklist: {
                            name: string;
                            documentIds: string[];
                        }[];
                        items: {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            applicationId: string;
                            /** @description the checklist item it answers */
                            name: string;
                            fileName: string;
                            contentType: string;
                            sizeBytes: number;
                            sha256: string;
                            uploadedBy: string | null;
                            /** Format: date-time */
                            uploadedAt: string;
                        }[];
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    uploadSchemeApplicationDocument: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        applicationId: string;
                        /** @description the checklist item it answers */
                        name: string;
                        fileName: string;
                        contentType: string;
                        sizeBytes: number;
                        sha256: string;
                        uploadedBy: string | null;
                        /** Format: date-time */
                        uploadedAt: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSchemeApplicationDocument: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                documentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the file’s bytes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                    "image/jpeg": string;
                    "image/png": string;
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    receiveKhetiEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description t: when this attempt was signed, in unix seconds; v1: the hex HMAC-SHA256 of "<t>.<raw body>" keyed with the secret */
                "Kheti-Signature": string;
                /** @description the event's id, the same on every attempt and redelivery */
                "Kheti-Event-Id": string;
                /** @description the event's type */
                "Kheti-Event-Type": string;
                /** @description the delivery, as GET /v1/webhooks/{id}/deliveries lists it */
                "Kheti-Delivery-Id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description the event id (UUIDv7), as Kheti-Event-Id
                     */
                    id: string;
                    /** @description e.g. alert.weather_risk, crop_health.drop, job.finished, market.price_threshold */
                    type: string;
                    /** Format: date-time */
                    at: string;
                    /** Format: uuid */
                    tenantId: string;
                    /** @description the event's facts, as /v1/ws sends them */
                    data: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Delivered: any 2xx answer within the time limit (WEBHOOK_TIMEOUT_MS, 10 s) */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (another status, a redirect, which is not followed, or no answer) is tried again with exponential backoff and jitter for 24 hours after the first attempt; then the delivery is dead */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
