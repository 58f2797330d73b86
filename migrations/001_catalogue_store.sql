DO $$
BEGIN      IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'catalogue') THEN
        BEGIN
          EXECUTE 'CREATE SCHEMA IF NOT EXISTS catalogue';
        EXCEPTION
          WHEN duplicate_schema THEN NULL;
          WHEN unique_violation THEN NULL;
        END;
      END IF;

      IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'public') THEN
        BEGIN
          EXECUTE 'CREATE SCHEMA IF NOT EXISTS public';
        EXCEPTION
          WHEN duplicate_schema THEN NULL;
          WHEN unique_violation THEN NULL;
        END;
      END IF;

END
$$;


CREATE
OR REPLACE FUNCTION catalogue.mt_immutable_timestamp(value text) RETURNS timestamp without time zone LANGUAGE sql IMMUTABLE AS
$function$
select value::timestamp

$function$;


CREATE
OR REPLACE FUNCTION catalogue.mt_immutable_timestamptz(value text) RETURNS timestamp with time zone LANGUAGE sql IMMUTABLE AS
$function$
select value::timestamptz

$function$;


CREATE
OR REPLACE FUNCTION catalogue.mt_immutable_time(value text) RETURNS time without time zone LANGUAGE sql IMMUTABLE AS
$function$
select value::time

$function$;


CREATE
OR REPLACE FUNCTION catalogue.mt_immutable_date(value text) RETURNS date LANGUAGE sql IMMUTABLE AS
$function$
select value::date

$function$;


CREATE
OR REPLACE FUNCTION catalogue.mt_grams_vector(text, use_unaccent boolean DEFAULT false)
        RETURNS tsvector
        LANGUAGE plpgsql
        IMMUTABLE STRICT
AS $function$
BEGIN
RETURN (SELECT array_to_string(catalogue.mt_grams_array($1, use_unaccent), ' ') ::tsvector);
END
$function$;


CREATE
OR REPLACE FUNCTION catalogue.mt_grams_query(text, use_unaccent boolean DEFAULT false)
        RETURNS tsquery
        LANGUAGE plpgsql
        IMMUTABLE STRICT
AS $function$
BEGIN
RETURN (SELECT array_to_string(catalogue.mt_grams_array($1, use_unaccent), ' & ') ::tsquery);
END
$function$;


CREATE
OR REPLACE FUNCTION catalogue.mt_grams_array(words text, use_unaccent boolean DEFAULT false)
        RETURNS text[]
        LANGUAGE plpgsql
        IMMUTABLE STRICT
AS $function$
        DECLARE
result text[];
        DECLARE
word text;
        DECLARE
clean_word text;
BEGIN
                FOREACH
word IN ARRAY string_to_array(words, ' ')
                LOOP
                     clean_word = regexp_replace(catalogue.mt_safe_unaccent(use_unaccent, word), '[^a-zA-Z0-9]+', '','g');
FOR i IN 1 .. length(clean_word)
                     LOOP
                         result := result || quote_literal(substr(lower(clean_word), i, 1));
                         result
:= result || quote_literal(substr(lower(clean_word), i, 2));
                         result
:= result || quote_literal(substr(lower(clean_word), i, 3));
END LOOP;
END LOOP;

RETURN ARRAY(SELECT DISTINCT e FROM unnest(result) AS a(e) ORDER BY e);
END;
$function$;


CREATE OR REPLACE FUNCTION catalogue.mt_jsonb_append(jsonb, text[], jsonb, boolean, jsonb default null::jsonb)
    RETURNS jsonb
    LANGUAGE plpgsql
AS $function$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    if_not_exists ALIAS FOR $4;
    patch_expression ALIAS FOR $5;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'array' THEN
        CASE
            WHEN NOT if_not_exists THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) = 'object' AND NOT tmp_value @> jsonb_build_array(val) THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) <> 'object' AND NOT tmp_value @> val THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN patch_expression IS NOT NULL AND jsonb_typeof(patch_expression) = 'array' AND jsonb_array_length(patch_expression) = 0 THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            ELSE NULL;
            END CASE;
    END IF;
    RETURN retval;
END;
$function$;


CREATE OR REPLACE FUNCTION catalogue.mt_jsonb_append_key_value(jsonb, text[], jsonb, boolean)
    RETURNS jsonb
    LANGUAGE plpgsql
AS $function$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    if_not_exists ALIAS FOR $4;
    tmp_value jsonb;
    _key text;
BEGIN
    tmp_value = retval #> location;

    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'object' THEN
        CASE
            WHEN NOT if_not_exists THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN NOT tmp_value ?| ARRAY(SELECT jsonb_object_keys(val)) THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            ELSE NULL;
        END CASE;
    END IF;
    RETURN retval;
END;
$function$;


CREATE OR REPLACE FUNCTION catalogue.mt_jsonb_copy(jsonb, text[], text[])
    RETURNS jsonb
    LANGUAGE plpgsql
AS $function$
DECLARE
    retval ALIAS FOR $1;
    src_path ALIAS FOR $2;
    dst_path ALIAS FOR $3;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> src_path;
    retval = catalogue.mt_jsonb_fix_null_parent(retval, dst_path);
    RETURN jsonb_set(retval, dst_path, tmp_value::jsonb, TRUE);
END;
$function$;


CREATE OR REPLACE FUNCTION catalogue.mt_jsonb_duplicate(jsonb, text[], jsonb)
RETURNS jsonb
LANGUAGE plpgsql
AS $function$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    targets ALIAS FOR $3;
    tmp_value jsonb;
    target_path text[];
    target text;
BEGIN
    FOR target IN SELECT jsonb_array_elements_text(targets)
    LOOP
        target_path = catalogue.mt_jsonb_path_to_array(target, '\.');
        retval = catalogue.mt_jsonb_copy(retval, location, target_path);
    END LOOP;

    RETURN retval;
END;
$function$;


CREATE OR REPLACE FUNCTION catalogue.mt_jsonb_fix_null_parent(jsonb, text[])
    RETURNS jsonb
    LANGUAGE plpgsql
AS $function$
DECLARE
retval ALIAS FOR $1;
    dst_path ALIAS FOR $2;
    dst_path_segment text[] = ARRAY[]::text[];
    dst_path_array_length integer;
    i integer = 1;
BEGIN
    dst_path_array_length = array_length(dst_path, 1);
    WHILE i <=(dst_path_array_length - 1)
    LOOP
        dst_path_segment = dst_path_segment || ARRAY[dst_path[i]];
        IF retval #> dst_path_segment IS NULL OR retval #> dst_path_segment = 'null'::jsonb THEN
            retval = jsonb_set(retval, dst_path_segment, '{}'::jsonb, TRUE);
        END IF;
        i = i + 1;
    END LOOP;

    RETURN retval;
END;
$function$;


CREATE OR REPLACE FUNCTION catalogue.mt_jsonb_increment(jsonb, text[], numeric)
    RETURNS jsonb
    LANGUAGE plpgsql
AS $function$
DECLARE
retval ALIAS FOR $1;
    location ALIAS FOR $2;
    increment_value ALIAS FOR $3;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NULL THEN
        tmp_value = to_jsonb(0);
END IF;

RETURN jsonb_set(retval, location, to_jsonb(tmp_value::numeric + increment_value), TRUE);
END;
$function$;


CREATE OR REPLACE FUNCTION catalogue.mt_jsonb_insert(jsonb, text[], jsonb, integer, boolean, jsonb default null::jsonb)
    RETURNS jsonb
    LANGUAGE plpgsql
AS $function$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    elm_index ALIAS FOR $4;
    if_not_exists ALIAS FOR $5;
    patch_expression ALIAS FOR $6;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'array' THEN
        IF elm_index IS NULL THEN
            elm_index = jsonb_array_length(tmp_value) + 1;
        END IF;
        CASE
            WHEN NOT if_not_exists THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) = 'object' AND NOT tmp_value @> jsonb_build_array(val) THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) <> 'object' AND NOT tmp_value @> val THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            WHEN patch_expression IS NOT NULL AND jsonb_typeof(patch_expression) = 'array' AND jsonb_array_length(patch_expression) = 0 THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            ELSE NULL;
        END CASE;
    END IF;
    RETURN retval;
END;
$function$;


CREATE OR REPLACE FUNCTION catalogue.mt_jsonb_move(jsonb, text[], text)
    RETURNS jsonb
    LANGUAGE plpgsql
AS $function$
DECLARE
    retval ALIAS FOR $1;
    src_path ALIAS FOR $2;
    dst_name ALIAS FOR $3;
    dst_path text[];
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> src_path;
    retval = retval #- src_path;
    dst_path = src_path;
    dst_path[array_length(dst_path, 1)] = dst_name;
    retval = catalogue.mt_jsonb_fix_null_parent(retval, dst_path);
    RETURN jsonb_set(retval, dst_path, tmp_value, TRUE);
END;
$function$;


CREATE OR REPLACE FUNCTION catalogue.mt_jsonb_path_to_array(text, character)
    RETURNS text[]
    LANGUAGE plpgsql
AS $function$
DECLARE
    location ALIAS FOR $1;
    regex_pattern ALIAS FOR $2;
BEGIN
RETURN regexp_split_to_array(location, regex_pattern)::text[];
END;
$function$;


CREATE OR REPLACE FUNCTION catalogue.mt_jsonb_remove(jsonb, text[], jsonb)
    RETURNS jsonb
    LANGUAGE plpgsql
AS $function$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    tmp_value jsonb;
    tmp_remove jsonb;
    patch_remove jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'array' THEN
        IF jsonb_typeof(val) = 'array' THEN
            tmp_remove = val;
        ELSE
            tmp_remove = jsonb_build_array(val);
        END IF;

        FOR patch_remove IN SELECT * FROM jsonb_array_elements(tmp_remove)
        LOOP
            tmp_value =(SELECT jsonb_agg(elem)
            FROM jsonb_array_elements(tmp_value) AS elem
            WHERE elem <> patch_remove);
        END LOOP;

        IF tmp_value IS NULL THEN
            tmp_value = '[]'::jsonb;
        END IF;
    END IF;
    RETURN jsonb_set(retval, location, tmp_value, FALSE);
END;
$function$;


CREATE OR REPLACE FUNCTION catalogue.mt_jsonb_remove_key(jsonb, text[], text)
    RETURNS jsonb
    LANGUAGE plpgsql
AS $function$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    _key ALIAS FOR $3;
    tmp_value jsonb;
    tmp_remove jsonb;
    patch_remove jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'object' THEN
        RETURN jsonb_set(retval, location, tmp_value - _key, FALSE);
    END IF;
    RETURN retval;
END;
$function$;


CREATE OR REPLACE FUNCTION catalogue.mt_jsonb_patch(jsonb, jsonb)
    RETURNS jsonb
    LANGUAGE plpgsql
AS $function$
DECLARE
    retval ALIAS FOR $1;
    patchset ALIAS FOR $2;
    patch jsonb;
    patch_path text[];
    patch_expression jsonb;
    value jsonb;
BEGIN
    FOR patch IN SELECT * from jsonb_array_elements(patchset)
    LOOP
        patch_path = catalogue.mt_jsonb_path_to_array((patch->>'path')::text, '\.');

        patch_expression = null;
        IF (patch->>'type') IN ('remove', 'append_if_not_exists', 'insert_if_not_exists') AND (patch->>'expression') IS NOT NULL THEN
            patch_expression = jsonb_path_query_array(retval #> patch_path, (patch->>'expression')::jsonpath);
        END IF;

        CASE patch->>'type'
            WHEN 'set' THEN
                retval = jsonb_set(retval, patch_path, (patch->'value')::jsonb, TRUE);
            WHEN 'delete' THEN
                retval = retval#-patch_path;
            WHEN 'append' THEN
                retval = catalogue.mt_jsonb_append(retval, patch_path, (patch->'value')::jsonb, FALSE);
            WHEN 'append_if_not_exists' THEN
                retval = catalogue.mt_jsonb_append(retval, patch_path, (patch->'value')::jsonb, TRUE, patch_expression);
            WHEN 'append_key_value' THEN
                retval = catalogue.mt_jsonb_append_key_value(retval, patch_path, (patch->'key_value')::jsonb, FALSE);
            WHEN 'append_key_value_if_not_exists' THEN
                retval = catalogue.mt_jsonb_append_key_value(retval, patch_path, (patch->'key_value')::jsonb, TRUE);
            WHEN 'insert' THEN
                retval = catalogue.mt_jsonb_insert(retval, patch_path, (patch->'value')::jsonb, (patch->>'index')::integer, FALSE);
            WHEN 'insert_if_not_exists' THEN
                retval = catalogue.mt_jsonb_insert(retval, patch_path, (patch->'value')::jsonb, (patch->>'index')::integer, TRUE, patch_expression);
            WHEN 'remove' THEN
                retval = catalogue.mt_jsonb_remove(retval, patch_path, COALESCE(patch_expression, (patch->'value')::jsonb));
            WHEN 'remove_key' THEN
                retval = catalogue.mt_jsonb_remove_key(retval, patch_path, (patch->>'key'));
            WHEN 'duplicate' THEN
                retval = catalogue.mt_jsonb_duplicate(retval, patch_path, (patch->'targets')::jsonb);
            WHEN 'rename' THEN
                retval = catalogue.mt_jsonb_move(retval, patch_path, (patch->>'to')::text);
            WHEN 'increment' THEN
                retval = catalogue.mt_jsonb_increment(retval, patch_path, (patch->>'increment')::numeric);
            WHEN 'increment_float' THEN
                retval = catalogue.mt_jsonb_increment(retval, patch_path, (patch->>'increment')::numeric);
            ELSE NULL;
        END CASE;
    END LOOP;
    RETURN retval;
END;
$function$;


CREATE
OR REPLACE FUNCTION catalogue.mt_safe_unaccent(use_unaccent BOOLEAN, word TEXT)
        RETURNS TEXT
        LANGUAGE plpgsql
        IMMUTABLE STRICT
AS $function$
BEGIN
IF use_unaccent THEN
    RETURN public.unaccent(word);
ELSE
    RETURN word;
END IF;
END;
$function$;


CREATE TABLE IF NOT EXISTS catalogue.schema_history (
    model         text                        NOT NULL,
    brought_at    timestamp with time zone    NOT NULL DEFAULT now()
);
CREATE SEQUENCE catalogue.accession_number_seq;
CREATE TABLE IF NOT EXISTS catalogue.record_search_index (
    id              uuid         NOT NULL,
    status          varchar      NOT NULL,
    vector          tsvector     NOT NULL,
    head            tsvector     NOT NULL DEFAULT ''::tsvector,
    facet_values    text[]       NOT NULL DEFAULT '{}'::text[],
    facet_terms     integer[]    NOT NULL DEFAULT '{}'::integer[],
    from_year       integer      NULL,
    to_year         integer      NULL,
    decades         integer[]    NOT NULL,
    sort_day        integer      NOT NULL,
CONSTRAINT pkey_record_search_index_id PRIMARY KEY (id)
);

CREATE INDEX record_search_index_vector ON catalogue.record_search_index USING gin (vector);

CREATE INDEX record_search_index_facet_values ON catalogue.record_search_index USING gin (facet_values);

CREATE INDEX record_search_index_sort_day_id ON catalogue.record_search_index USING btree (sort_day, id);

CREATE INDEX record_search_index_spanned_years ON catalogue.record_search_index USING gist (int4range(from_year, coalesce(to_year, 9999), '[]')) WHERE (from_year < coalesce(to_year, 9999));

CREATE INDEX record_search_index_published_sort_day_id ON catalogue.record_search_index USING btree (sort_day, id) WHERE (status = 'published');
CREATE TABLE IF NOT EXISTS catalogue.oai_harvest (
    id             uuid                        NOT NULL,
    datestamp      timestamp with time zone    NOT NULL,
    published      boolean                     NOT NULL,
    sets           text[]                      NOT NULL,
    former_sets    text[]                      NOT NULL DEFAULT '{}',
CONSTRAINT pkey_oai_harvest_id PRIMARY KEY (id)
);

CREATE INDEX oai_harvest_datestamp_id ON catalogue.oai_harvest USING btree (datestamp, id);

CREATE INDEX oai_harvest_sets ON catalogue.oai_harvest USING gin (sets);

CREATE INDEX oai_harvest_former_sets ON catalogue.oai_harvest USING gin (former_sets);
CREATE TABLE IF NOT EXISTS catalogue.event_seals (
    seq_id           bigint         NOT NULL,
    stream_id        uuid           NULL,
    version          bigint         NULL,
    hash             bytea          NOT NULL,
    previous_hash    bytea          NOT NULL,
    sealed_at        timestamptz    NOT NULL,
CONSTRAINT pkey_event_seals_seq_id PRIMARY KEY (seq_id)
);

CREATE INDEX idx_event_seals_stream_id ON catalogue.event_seals USING btree (stream_id);
CREATE TABLE IF NOT EXISTS catalogue.chain_checkpoints (
    number          BIGSERIAL      NOT NULL,
    last_seq_id     bigint         NOT NULL,
    sealed_count    bigint         NOT NULL,
    head_hash       bytea          NOT NULL,
    signed_at       timestamptz    NOT NULL,
    key_id          varchar        NOT NULL,
    statement       text           NOT NULL,
    signature       bytea          NOT NULL,
CONSTRAINT pkey_chain_checkpoints_number PRIMARY KEY (number)
);
CREATE TABLE IF NOT EXISTS catalogue.mt_doc_apikey (
    id                  varchar                     NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_version          uuid                        NOT NULL DEFAULT (md5(random()::text || clock_timestamp()::text)::uuid),
    mt_dotnet_type      varchar                     NULL,
CONSTRAINT pkey_mt_doc_apikey_id PRIMARY KEY (id)
);

CREATE INDEX mt_doc_apikey_idx_name ON catalogue.mt_doc_apikey USING btree ((data ->> 'Name'));
CREATE TABLE IF NOT EXISTS catalogue.mt_doc_authorityname (
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_dotnet_type      varchar                     NULL,
    mt_version          bigint                      NOT NULL DEFAULT 0,
    kind                varchar                     NOT NULL,
    key                 varchar                     NOT NULL,
CONSTRAINT pkey_mt_doc_authorityname_id PRIMARY KEY (id)
);

CREATE INDEX mt_doc_authorityname_idx_kind_key ON catalogue.mt_doc_authorityname USING btree (kind, key);
CREATE TABLE IF NOT EXISTS catalogue.mt_doc_cataloguerecord (
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_dotnet_type      varchar                     NULL,
    mt_version          bigint                      NOT NULL DEFAULT 0,
    accession_number    varchar                     NULL,
CONSTRAINT pkey_mt_doc_cataloguerecord_id PRIMARY KEY (id)
);

CREATE UNIQUE INDEX mt_doc_cataloguerecord_idx_accession_number ON catalogue.mt_doc_cataloguerecord USING btree (accession_number);
CREATE TABLE IF NOT EXISTS catalogue.mt_doc_deadletterevent (
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_version          uuid                        NOT NULL DEFAULT (md5(random()::text || clock_timestamp()::text)::uuid),
    mt_dotnet_type      varchar                     NULL,
CONSTRAINT pkey_mt_doc_deadletterevent_id PRIMARY KEY (id)
);
CREATE TABLE IF NOT EXISTS catalogue.mt_doc_envelope (
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_version          uuid                        NOT NULL DEFAULT (md5(random()::text || clock_timestamp()::text)::uuid),
    mt_dotnet_type      varchar                     NULL,
CONSTRAINT pkey_mt_doc_envelope_id PRIMARY KEY (id)
);
CREATE TABLE IF NOT EXISTS catalogue.mt_doc_idempotentresponse (
    id                  varchar                     NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_version          uuid                        NOT NULL DEFAULT (md5(random()::text || clock_timestamp()::text)::uuid),
    mt_dotnet_type      varchar                     NULL,
    expires_at          timestamp with time zone    NULL,
CONSTRAINT pkey_mt_doc_idempotentresponse_id PRIMARY KEY (id)
);

CREATE INDEX mt_doc_idempotentresponse_idx_expires_at ON catalogue.mt_doc_idempotentresponse USING btree (expires_at);
CREATE TABLE IF NOT EXISTS catalogue.mt_doc_importbatch (
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_version          uuid                        NOT NULL DEFAULT (md5(random()::text || clock_timestamp()::text)::uuid),
    mt_dotnet_type      varchar                     NULL,
CONSTRAINT pkey_mt_doc_importbatch_id PRIMARY KEY (id)
);
CREATE TABLE IF NOT EXISTS catalogue.mt_doc_importedlines (
    id                  varchar                     NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_version          uuid                        NOT NULL DEFAULT (md5(random()::text || clock_timestamp()::text)::uuid),
    mt_dotnet_type      varchar                     NULL,
    batch_id            uuid                        NULL,
CONSTRAINT pkey_mt_doc_importedlines_id PRIMARY KEY (id)
);

CREATE INDEX mt_doc_importedlines_idx_batch_id ON catalogue.mt_doc_importedlines USING btree (batch_id);
CREATE TABLE IF NOT EXISTS catalogue.mt_doc_oaientry (
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_dotnet_type      varchar                     NULL,
    mt_version          bigint                      NOT NULL DEFAULT 0,
CONSTRAINT pkey_mt_doc_oaientry_id PRIMARY KEY (id)
);
CREATE TABLE IF NOT EXISTS catalogue.mt_doc_personauthority (
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_dotnet_type      varchar                     NULL,
    mt_version          bigint                      NOT NULL DEFAULT 0,
    keys                text[]                      NULL,
CONSTRAINT pkey_mt_doc_personauthority_id PRIMARY KEY (id)
);

CREATE INDEX mt_doc_personauthority_idx_keys ON catalogue.mt_doc_personauthority USING gin (keys);
CREATE TABLE IF NOT EXISTS catalogue.mt_doc_provenanceplacement (
    id                  varchar                     NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_version          uuid                        NOT NULL DEFAULT (md5(random()::text || clock_timestamp()::text)::uuid),
    mt_dotnet_type      varchar                     NULL,
    record_id           uuid                        NULL,
    repository          varchar                     NULL,
    fond                varchar                     NULL,
    opis                varchar                     NULL,
    file                varchar                     NULL,
CONSTRAINT pkey_mt_doc_provenanceplacement_id PRIMARY KEY (id)
);

CREATE INDEX mt_doc_provenanceplacement_idx_record_id ON catalogue.mt_doc_provenanceplacement USING btree (record_id);

CREATE INDEX mt_doc_provenanceplacement_idx_repository ON catalogue.mt_doc_provenanceplacement USING btree (repository);

CREATE INDEX mt_doc_provenanceplacement_idx_fond ON catalogue.mt_doc_provenanceplacement USING btree (fond);

CREATE INDEX mt_doc_provenanceplacement_idx_opis ON catalogue.mt_doc_provenanceplacement USING btree (opis);

CREATE INDEX mt_doc_provenanceplacement_idx_file ON catalogue.mt_doc_provenanceplacement USING btree (file);
CREATE TABLE IF NOT EXISTS catalogue.mt_doc_recordaccesspoints (
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_dotnet_type      varchar                     NULL,
    mt_version          bigint                      NOT NULL DEFAULT 0,
    status              varchar                     NOT NULL,
    person_keys         text[]                      NULL,
    role_keys           text[]                      NULL,
    place_keys          text[]                      NULL,
    subject_keys        text[]                      NULL,
CONSTRAINT pkey_mt_doc_recordaccesspoints_id PRIMARY KEY (id)
);

CREATE INDEX mt_doc_recordaccesspoints_idx_person_keys ON catalogue.mt_doc_recordaccesspoints USING gin (person_keys);

CREATE INDEX mt_doc_recordaccesspoints_idx_role_keys ON catalogue.mt_doc_recordaccesspoints USING gin (role_keys);

CREATE INDEX mt_doc_recordaccesspoints_idx_place_keys ON catalogue.mt_doc_recordaccesspoints USING gin (place_keys);

CREATE INDEX mt_doc_recordaccesspoints_idx_subject_keys ON catalogue.mt_doc_recordaccesspoints USING gin (subject_keys);
CREATE TABLE IF NOT EXISTS catalogue.mt_doc_recordfulltext (
    id                  varchar                     NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_version          uuid                        NOT NULL DEFAULT (md5(random()::text || clock_timestamp()::text)::uuid),
    mt_dotnet_type      varchar                     NULL,
CONSTRAINT pkey_mt_doc_recordfulltext_id PRIMARY KEY (id)
);
CREATE TABLE IF NOT EXISTS catalogue.mt_doc_recordlisting (
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_dotnet_type      varchar                     NULL,
    mt_version          bigint                      NOT NULL DEFAULT 0,
    status              varchar                     NOT NULL,
    accessioned_at      timestamp with time zone    NOT NULL,
    sort_title          varchar                     NOT NULL,
    accession_number    varchar                     NOT NULL,
CONSTRAINT pkey_mt_doc_recordlisting_id PRIMARY KEY (id)
);

CREATE INDEX mt_doc_recordlisting_idx_accessioned_at_id ON catalogue.mt_doc_recordlisting USING btree (accessioned_at, id);

CREATE INDEX mt_doc_recordlisting_idx_published_accessioned_at_id ON catalogue.mt_doc_recordlisting USING btree (accessioned_at, id) WHERE (status = 'published');

CREATE INDEX mt_doc_recordlisting_idx_sort_title_id ON catalogue.mt_doc_recordlisting USING btree (sort_title, id);

CREATE INDEX mt_doc_recordlisting_idx_published_sort_title_id ON catalogue.mt_doc_recordlisting USING btree (sort_title, id) WHERE (status = 'published');

CREATE INDEX mt_doc_recordlisting_idx_accession_number_id ON catalogue.mt_doc_recordlisting USING btree (accession_number, id);

CREATE INDEX mt_doc_recordlisting_idx_published_accession_number_id ON catalogue.mt_doc_recordlisting USING btree (accession_number, id) WHERE (status = 'published');
CREATE TABLE IF NOT EXISTS catalogue.mt_doc_recordreportfacts (
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_version          uuid                        NOT NULL DEFAULT (md5(random()::text || clock_timestamp()::text)::uuid),
    mt_dotnet_type      varchar                     NULL,
CONSTRAINT pkey_mt_doc_recordreportfacts_id PRIMARY KEY (id)
);
CREATE TABLE IF NOT EXISTS catalogue.mt_doc_recordsearch (
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_dotnet_type      varchar                     NULL,
    mt_version          bigint                      NOT NULL DEFAULT 0,
CONSTRAINT pkey_mt_doc_recordsearch_id PRIMARY KEY (id)
);
CREATE TABLE IF NOT EXISTS catalogue.mt_doc_recordsnapshot (
    id                  varchar                     NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_version          uuid                        NOT NULL DEFAULT (md5(random()::text || clock_timestamp()::text)::uuid),
    mt_dotnet_type      varchar                     NULL,
CONSTRAINT pkey_mt_doc_recordsnapshot_id PRIMARY KEY (id)
);
CREATE TABLE IF NOT EXISTS catalogue.mt_doc_reporttally (
    id                  varchar                     NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_version          uuid                        NOT NULL DEFAULT (md5(random()::text || clock_timestamp()::text)::uuid),
    mt_dotnet_type      varchar                     NULL,
    report              varchar                     NOT NULL,
CONSTRAINT pkey_mt_doc_reporttally_id PRIMARY KEY (id)
);

CREATE INDEX mt_doc_reporttally_idx_report ON catalogue.mt_doc_reporttally USING btree (report);
CREATE TABLE IF NOT EXISTS catalogue.mt_streams (
    id                   uuid           NOT NULL,
    type                 varchar        NULL,
    version              bigint         NULL,
    timestamp            timestamptz    NOT NULL DEFAULT (now()),
    created              timestamptz    NOT NULL DEFAULT (now()),
    tenant_id            varchar        NULL DEFAULT '*DEFAULT*',
    compacted_version    bigint         NOT NULL DEFAULT 0,
    is_archived          bool           NULL DEFAULT FALSE,
CONSTRAINT pkey_mt_streams_id PRIMARY KEY (id)
);
CREATE TABLE IF NOT EXISTS catalogue.mt_events (
    seq_id            bigint                      NOT NULL,
    id                uuid                        NOT NULL,
    stream_id         uuid                        NULL,
    version           bigint                      NOT NULL,
    data              jsonb                       NOT NULL,
    bdata             bytea                       NULL,
    type              varchar(500)                NOT NULL,
    timestamp         timestamp with time zone    NOT NULL DEFAULT '(now())',
    tenant_id         varchar                     NULL DEFAULT '*DEFAULT*',
    mt_dotnet_type    varchar                     NULL,
    correlation_id    varchar                     NULL,
    causation_id      varchar                     NULL,
    headers           jsonb                       NULL,
    user_name         varchar                     NULL,
    is_archived       bool                        NULL DEFAULT FALSE,
CONSTRAINT pkey_mt_events_seq_id PRIMARY KEY (seq_id)
);

DO $do$
BEGIN
ALTER TABLE catalogue.mt_events
ADD CONSTRAINT fkey_mt_events_stream_id FOREIGN KEY(stream_id)
REFERENCES catalogue.mt_streams(id)ON DELETE CASCADE
;
EXCEPTION
    WHEN duplicate_object THEN NULL;
END
$do$;

CREATE UNIQUE INDEX pk_mt_events_stream_and_version ON catalogue.mt_events USING btree (stream_id, version);
CREATE SEQUENCE catalogue.mt_events_sequence;
ALTER SEQUENCE catalogue.mt_events_sequence OWNED BY catalogue.mt_events.seq_id;
CREATE TABLE IF NOT EXISTS catalogue.mt_event_progression (
    name                         varchar                     NOT NULL,
    last_seq_id                  bigint                      NULL,
    last_updated                 timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mode                         varchar                     NULL DEFAULT 'none',
    rebuild_threshold            integer                     NULL DEFAULT 0,
    assigned_node                integer                     NULL DEFAULT 0,
    heartbeat                    timestamp with time zone    NULL,
    agent_status                 varchar(20)                 NULL,
    pause_reason                 text                        NULL,
    running_on_node              integer                     NULL,
    warning_behind_threshold     bigint                      NULL,
    critical_behind_threshold    bigint                      NULL,
    failure_category             varchar(50)                 NULL,
    failure_event_sequence       bigint                      NULL,
    failure_event_type           varchar(500)                NULL,
    failure_event_tenant_id      varchar(500)                NULL,
CONSTRAINT pk_mt_event_progression PRIMARY KEY (name)
);
CREATE TABLE IF NOT EXISTS catalogue.mt_event_projection_floors (
    name            varchar                     NOT NULL,
    tenant_id       varchar                     NOT NULL,
    floor           bigint                      NOT NULL,
    last_updated    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
CONSTRAINT pkey_mt_event_projection_floors_name_tenant_id PRIMARY KEY (name, tenant_id)
);
CREATE
OR REPLACE FUNCTION catalogue.mt_mark_event_progression(name varchar, last_encountered bigint) RETURNS VOID LANGUAGE plpgsql AS
$function$
BEGIN
INSERT INTO catalogue.mt_event_progression (name, last_seq_id, last_updated)
VALUES (name, last_encountered, transaction_timestamp())
ON CONFLICT ON CONSTRAINT pk_mt_event_progression
    DO
UPDATE SET last_seq_id = last_encountered, last_updated = transaction_timestamp();

END;

$function$;



CREATE OR REPLACE FUNCTION catalogue.mt_archive_stream(streamid uuid) RETURNS VOID LANGUAGE plpgsql AS
$function$
BEGIN
  update catalogue.mt_streams set is_archived = TRUE where id = streamid ;
  update catalogue.mt_events set is_archived = TRUE where stream_id = streamid ;
END;
$function$;


CREATE OR REPLACE FUNCTION catalogue.mt_quick_append_events(stream uuid, stream_type varchar, tenantid varchar, event_ids uuid[], event_types varchar[], dotnet_types varchar[], bodies jsonb[], bdatas bytea[], causation_ids varchar[], correlation_ids varchar[], headers jsonb[], user_names varchar[], timestamps timestamp with time zone[], expected_version bigint DEFAULT NULL::bigint) RETURNS bigint[] AS $$
DECLARE
	event_version bigint;
	stream_is_archived boolean;
	event_type varchar;
	event_id uuid;
	body jsonb;
	index int;
	seq bigint;
    actual_tenant varchar;
    is_new_stream boolean := false;
	return_value bigint[];
BEGIN
    if expected_version IS NOT NULL then
        -- COALESCE turns the NULL we get for a brand-new stream into 0, so a
        -- FetchForWriting against a non-existent stream (which sets
        -- ExpectedVersionOnServer = 0) and a StartStream(id, version: 0) both
        -- land on the new-stream branch instead of mis-firing the guard.
        select version, is_archived into event_version, stream_is_archived from catalogue.mt_streams where id = stream for update;
        if COALESCE(event_version, 0) != expected_version then
            RAISE EXCEPTION 'Stream version mismatch on ''%'': expected %, actual %', stream, expected_version, COALESCE(event_version, 0) USING ERRCODE = 'MT003';
        end if;
    else
        select version, is_archived into event_version, stream_is_archived from catalogue.mt_streams where id = stream;
    end if;

	if event_version IS NULL then
		event_version = 0;
		is_new_stream := true;
		-- #5456 follow-up: insert the FINAL version straight away rather than 0 plus a
		-- trailing UPDATE of the row we just wrote in this same transaction. That UPDATE
		-- is a second heap tuple + WAL record per stream creation for no observable gain
		-- -- nothing outside this transaction can see the intermediate 0. The trailing
		-- UPDATE below is skipped for this branch via is_new_stream.
		insert into catalogue.mt_streams (id, type, version, timestamp, tenant_id) values (stream, stream_type, COALESCE(array_length(event_ids, 1), 0), now(), tenantid);
    else
        if stream_is_archived then
            RAISE EXCEPTION 'Attempted to append event to archived stream with Id ''%''.', stream USING ERRCODE = 'MT001';
        end if;
        if tenantid IS NOT NULL then
            select tenant_id into actual_tenant from catalogue.mt_streams where id = stream;
            if actual_tenant != tenantid then
                RAISE EXCEPTION 'The tenantid does not match the existing stream';
            end if;
        end if;
	end if;

	index := 1;
	-- #5062: array_length('{}', 1) is NULL in PostgreSQL, not 0, so a call with an
	-- empty event array used to return ARRAY[NULL] -- a bigint[] whose only element
	-- is NULL, which Npgsql cannot read into long[] ('Cannot read a non-nullable
	-- collection of elements because the returned array contains nulls'). COALESCE
	-- makes the empty case mean what it says: zero events appended, so the final
	-- version is the stream's current version.
	return_value := ARRAY[event_version + COALESCE(array_length(event_ids, 1), 0)];

	foreach event_id in ARRAY event_ids
	loop
        seq := nextval('catalogue.mt_events_sequence');
		return_value := array_append(return_value, seq);

	    event_version := event_version + 1;
		event_type = event_types[index];
		body = bodies[index];

		-- #4515 / #4578 / Phase 2: bdatas[index] carries the binary payload
		-- for events opted in to binary serialization (NULL otherwise).
		-- bodies[index] is the {} JSON placeholder for those events so the
		-- existing data jsonb NOT NULL constraint stays intact.
		insert into catalogue.mt_events
			(seq_id, id, stream_id, version, data, bdata, type, tenant_id, timestamp, mt_dotnet_type, is_archived, causation_id, correlation_id, headers, user_name)
		values
			(seq, event_id, stream, event_version, body, bdatas[index], event_type, tenantid, timestamps[index], dotnet_types[index], FALSE, causation_ids[index], correlation_ids[index], headers[index], user_names[index]);

		index := index + 1;
	end loop;

	-- A brand-new stream already carries its final version from the insert above, so the
	-- UPDATE is only needed when we appended onto a stream that already existed.
	--
	-- #5539: and only when we actually appended something. With ZERO events this was a BLIND write-back
	-- of the version read at the top of the function, and under READ COMMITTED that is a lost update: the
	-- UPDATE waits on a concurrent appender's row lock, the winner commits, the WHERE clause is
	-- re-evaluated against the new row, and `set version = <the stale value>` lands -- leaving
	-- mt_streams.version BELOW the stream's own events. Every later append then computes a version that
	-- already exists and dies on pk_mt_events_stream_and_version, forever, until the row is repaired by
	-- hand. A non-empty call cannot do this: its first INSERT collides with the winner on that same
	-- primary key and rolls the whole thing back, which is why only the empty case was exposed.
	--
	-- Two independent guards, because either alone would have been enough and the cost of both is nil:
	--   * the append count -- appending nothing has nothing to write, so the correct number of statements
	--     is zero rather than one that happens to be harmless;
	--   * greatest(), so the write-back can never LOWER a stream's version whoever calls it. An append
	--     only ever moves a version forward, so this is a no-op on every correct path and a backstop on
	--     any future caller that reads the version and then writes it back.
	if not is_new_stream and COALESCE(array_length(event_ids, 1), 0) > 0 then
		update catalogue.mt_streams set version = greatest(version, event_version), timestamp = now() where id = stream;
	end if;

	return return_value;
END
$$ LANGUAGE plpgsql;

CREATE TABLE IF NOT EXISTS catalogue.mt_high_water_skips (
    ending_sequence      bigint                      NOT NULL,
    starting_sequence    bigint                      NOT NULL,
    timestamp            timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
CONSTRAINT pkey_mt_high_water_skips_ending_sequence PRIMARY KEY (ending_sequence)
);
CREATE
OR REPLACE FUNCTION catalogue.mt_mark_progression_with_skip(shard_name varchar, ending_sequence bigint, starting_sequence bigint) RETURNS bigint AS
$$
DECLARE
    current_value bigint;
BEGIN
    select last_seq_id into current_value from catalogue.mt_event_progression where name = shard_name;

    IF current_value is null then
        -- Bootstrap the high-water row on first invocation. Previously this branch
        -- returned 0, which left HighWaterAgent.CheckNowAsync polling forever because
        -- statistics.CurrentMark never advanced. Issue #4425.
        INSERT INTO catalogue.mt_event_progression (name, last_seq_id, last_updated)
        VALUES (shard_name, ending_sequence, transaction_timestamp())
        ON CONFLICT ON CONSTRAINT pk_mt_event_progression
            DO UPDATE SET last_seq_id = ending_sequence, last_updated = transaction_timestamp();
        IF ending_sequence > starting_sequence THEN
            -- Idempotent: a rebuild/replay re-marks the same skip (ending_sequence is the
            -- PK). Re-recording an existing gap is a no-op. Conflict target is the PK
            -- constraint (the bare column name collides with the function parameter). #4530.
            insert into catalogue.mt_high_water_skips (ending_sequence, starting_sequence) values (ending_sequence, starting_sequence)
                on conflict on constraint pkey_mt_high_water_skips_ending_sequence do nothing;
        END IF;
        return ending_sequence;
    ELSIF current_value = starting_sequence THEN
        update catalogue.mt_event_progression SET last_seq_id = ending_sequence, last_updated = transaction_timestamp() where shard_name = name;
        insert into catalogue.mt_high_water_skips (ending_sequence, starting_sequence) values (ending_sequence, starting_sequence)
            on conflict on constraint pkey_mt_high_water_skips_ending_sequence do nothing;
        return ending_sequence;
    ELSE
        return current_value;
    END IF;
END
$$
LANGUAGE plpgsql;


CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TABLE IF NOT EXISTS catalogue.search_facet_terms (
    id      SERIAL    NOT NULL,
    term    text      NOT NULL,
CONSTRAINT pkey_search_facet_terms_id PRIMARY KEY (id)
);

CREATE UNIQUE INDEX search_facet_terms_term ON catalogue.search_facet_terms USING btree (term);
CREATE OR REPLACE FUNCTION catalogue.search_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT SET search_path TO 'catalogue', 'public', 'pg_catalog' AS
$function$
SELECT regexp_replace(unaccent('unaccent', translate($1, '<>ς', '  σ')), '([жчшщЖЧШЩ])[оО]', '\1е', 'g')
$function$;
CREATE OR REPLACE FUNCTION catalogue.record_search_head(data jsonb) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$function$
SELECT setweight(to_tsvector('pg_catalog.russian', catalogue.search_fold(coalesce(data ->> 'Title', ''))), 'A')
    || setweight(to_tsvector('pg_catalog.russian', catalogue.search_fold(coalesce(data ->> 'Summary', ''))), 'B')
    || setweight(to_tsvector('pg_catalog.russian', catalogue.search_fold(coalesce(data ->> 'Described', ''))), 'C')
$function$;
CREATE OR REPLACE FUNCTION catalogue.record_search_texts(data jsonb) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$function$
SELECT setweight(to_tsvector('pg_catalog.russian', catalogue.search_fold(left(coalesce(
           (SELECT string_agg(t ->> 'Text', E'\n') FROM jsonb_array_elements(data -> 'Texts') t), ''), 250000))), 'D')
$function$;
CREATE OR REPLACE FUNCTION catalogue.record_search_sample(id uuid) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$function$
SELECT CASE WHEN get_byte(uuid_send(id), 15) = 0 THEN array_to_tsvector(ARRAY['~sample:0', '~sample:00'])
            WHEN get_byte(uuid_send(id), 15) % 16 = 0 THEN array_to_tsvector(ARRAY['~sample:0'])
            ELSE ''::tsvector END
$function$;
CREATE OR REPLACE FUNCTION catalogue.search_facet_terms_known(terms text[]) RETURNS integer[] LANGUAGE sql STABLE PARALLEL SAFE AS
$function$
SELECT CASE WHEN count(*) = (SELECT count(DISTINCT v) FROM unnest(terms) v) THEN coalesce(array_agg(t.id ORDER BY t.id), '{}') END
FROM catalogue.search_facet_terms t WHERE t.term = ANY(terms)
$function$;
CREATE OR REPLACE FUNCTION catalogue.search_facet_terms_of(terms text[]) RETURNS integer[] LANGUAGE plpgsql AS
$function$
DECLARE
    numbers integer[] := catalogue.search_facet_terms_known(terms);
BEGIN
    IF numbers IS NULL THEN
        INSERT INTO catalogue.search_facet_terms (term)
        SELECT DISTINCT t FROM unnest(terms) t WHERE t IS NOT NULL AND NOT EXISTS (SELECT 1 FROM catalogue.search_facet_terms k WHERE k.term = t) ORDER BY 1
        ON CONFLICT (term) DO NOTHING;
        numbers := catalogue.search_facet_terms_known(terms);
    END IF;
    RETURN numbers;
END;
$function$;

CREATE OR REPLACE FUNCTION catalogue.record_search_index_follows() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode TO 'auto' AS
$function$
DECLARE
    row_head tsvector;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        -- Not TRUNCATE: it would wait for every search reading the index while holding the documents'
        -- table, which searches read next, and one of them would be chosen to fail as a deadlock.
        DELETE FROM catalogue.record_search_index;
    ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM catalogue.record_search_index WHERE id = OLD.id;
    ELSE
        row_head := catalogue.record_search_head(NEW.data);
        INSERT INTO catalogue.record_search_index (id, status, vector, head, facet_values, facet_terms, from_year, to_year, decades, sort_day) VALUES (NEW.id, NEW.data ->> 'Status', row_head || catalogue.record_search_texts(NEW.data) || catalogue.record_search_sample(NEW.id), row_head, array(SELECT 'repository' || chr(31) || v FROM jsonb_array_elements_text(NEW.data -> 'Repositories') v) || array(SELECT 'fond' || chr(31) || v FROM jsonb_array_elements_text(NEW.data -> 'Fonds') v) || array(SELECT 'opis' || chr(31) || v FROM jsonb_array_elements_text(NEW.data -> 'Opisi') v) || array(SELECT 'language' || chr(31) || v FROM jsonb_array_elements_text(NEW.data -> 'Languages') v) || array(SELECT 'translator' || chr(31) || v FROM jsonb_array_elements_text(NEW.data -> 'TranslatorKeys') v) || array(SELECT 'funder' || chr(31) || v FROM jsonb_array_elements_text(NEW.data -> 'FunderKeys') v) || array(SELECT 'classification' || chr(31) || v FROM jsonb_array_elements_text(NEW.data -> 'Classifications') v) || array(SELECT 'subject' || chr(31) || v FROM jsonb_array_elements_text(NEW.data -> 'SubjectKeys') v) || array(SELECT 'person' || chr(31) || v FROM jsonb_array_elements_text(NEW.data -> 'PersonKeys') v), catalogue.search_facet_terms_of(array(SELECT 'repository' || chr(31) || v FROM jsonb_array_elements_text(NEW.data -> 'Repositories') v) || array(SELECT 'fond' || chr(31) || v FROM jsonb_array_elements_text(NEW.data -> 'Fonds') v) || array(SELECT 'opis' || chr(31) || v FROM jsonb_array_elements_text(NEW.data -> 'Opisi') v) || array(SELECT 'language' || chr(31) || v FROM jsonb_array_elements_text(NEW.data -> 'Languages') v) || array(SELECT 'translator' || chr(31) || k || chr(31) || n FROM ROWS FROM (jsonb_array_elements_text(NEW.data -> 'TranslatorKeys'), jsonb_array_elements_text(NEW.data -> 'Translators')) z(k, n)) || array(SELECT 'funder' || chr(31) || k || chr(31) || n FROM ROWS FROM (jsonb_array_elements_text(NEW.data -> 'FunderKeys'), jsonb_array_elements_text(NEW.data -> 'Funders')) z(k, n)) || array(SELECT 'classification' || chr(31) || v FROM jsonb_array_elements_text(NEW.data -> 'Classifications') v) || array(SELECT 'subject' || chr(31) || k || chr(31) || n FROM ROWS FROM (jsonb_array_elements_text(NEW.data -> 'SubjectKeys'), jsonb_array_elements_text(NEW.data -> 'Subjects')) z(k, n)) || array(SELECT 'person' || chr(31) || k || chr(31) || n FROM ROWS FROM (jsonb_array_elements_text(NEW.data -> 'PersonKeys'), jsonb_array_elements_text(NEW.data -> 'People')) z(k, n)) || array(SELECT 'decade' || chr(31) || d FROM jsonb_array_elements_text(NEW.data -> 'Decades') d) || ARRAY['status' || chr(31) || (NEW.data ->> 'Status')]), (NEW.data -> 'Years' ->> 'From')::integer, (NEW.data -> 'Years' ->> 'To')::integer, array(SELECT jsonb_array_elements_text(NEW.data -> 'Decades')::integer), (NEW.data ->> 'SortDay')::integer)
        ON CONFLICT (id) DO UPDATE SET status = excluded.status, vector = excluded.vector, head = excluded.head, facet_values = excluded.facet_values, facet_terms = excluded.facet_terms,
            from_year = excluded.from_year, to_year = excluded.to_year, decades = excluded.decades, sort_day = excluded.sort_day;
    END IF;
    RETURN NULL;
END;
$function$;
DROP TRIGGER IF EXISTS record_search_index_follows_rows ON catalogue.mt_doc_recordsearch;
CREATE TRIGGER record_search_index_follows_rows AFTER INSERT OR UPDATE OR DELETE ON catalogue.mt_doc_recordsearch FOR EACH ROW EXECUTE FUNCTION catalogue.record_search_index_follows();
DROP TRIGGER IF EXISTS record_search_index_follows_truncate ON catalogue.mt_doc_recordsearch;
CREATE TRIGGER record_search_index_follows_truncate AFTER TRUNCATE ON catalogue.mt_doc_recordsearch FOR EACH STATEMENT EXECUTE FUNCTION catalogue.record_search_index_follows();
CREATE OR REPLACE FUNCTION catalogue.search_counted_exactly(rate integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS
$function$
SELECT rate = 1
$function$;
CREATE OR REPLACE FUNCTION catalogue.search_nominative_forms(searched tsquery, typed text) RETURNS tsquery LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path TO 'pg_catalog' AS
$function$
DECLARE
    word text;
    stem text;
    nominative text;
    other text;
    written text;
BEGIN
    FOR word IN SELECT DISTINCT m[1] FROM regexp_matches(typed, '([а-яёА-ЯЁ]{4,})', 'g') m LOOP
        -- Lower-cased and stemmed as the query's words were, whatever the database's locale.
        word := (SELECT lexeme FROM unnest(to_tsvector('pg_catalog.simple', word)) LIMIT 1);
        stem := (SELECT lexeme FROM unnest(to_tsvector('pg_catalog.russian', word)) LIMIT 1);
        nominative := CASE WHEN stem ~ '(ов|ев|ав|яв|ив|ыв)$' THEN stem WHEN word ~ '(ов|ев|ав|яв|ив|ыв)$' AND stem <> word THEN word END;
        CONTINUE WHEN nominative IS NULL;
        other := CASE WHEN stem = nominative THEN (SELECT lexeme FROM unnest(to_tsvector('pg_catalog.russian', nominative)) LIMIT 1) ELSE nominative END;
        CONTINUE WHEN other IS NULL OR other = stem;
        -- The stem as a whole lexeme of the query's text (quoted), never part of another; read back from the text
        -- only when such a word was typed.
        written := regexp_replace(coalesce(written, searched::text), '(^|[\s(!])''' || stem || '''(?=[\s)]|$)', '\1( ''' || stem || ''' | ''' || other || ''' )', 'g');
    END LOOP;
    RETURN coalesce(written::tsquery, searched);
END
$function$;
ALTER TABLE catalogue.record_search_index ALTER COLUMN vector SET STORAGE EXTERNAL, ALTER COLUMN head SET STORAGE MAIN, ALTER COLUMN facet_values SET STORAGE MAIN, ALTER COLUMN facet_terms SET STORAGE MAIN;
ALTER TABLE catalogue.record_search_index SET (toast_tuple_target=256);
CREATE OR REPLACE FUNCTION catalogue.oai_harvest_follows() RETURNS trigger LANGUAGE plpgsql AS
$function$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM catalogue.oai_harvest;
        RETURN NULL;
    ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM catalogue.oai_harvest WHERE id = OLD.id;
        RETURN NULL;
    ELSIF TG_OP = 'UPDATE' AND NEW.data IS NOT DISTINCT FROM OLD.data THEN
        -- Written again unchanged (a rebuild, a repair): not a change a harvester should fetch again.
        RETURN NULL;
    ELSIF NOT coalesce((NEW.data ->> 'EverPublished')::boolean, false) THEN
        RETURN NULL;
    END IF;
    -- Held to the commit: see HarvestIndex.
    PERFORM pg_advisory_xact_lock(1667331169, 3);
    INSERT INTO catalogue.oai_harvest (id, datestamp, published, sets, former_sets)
    VALUES (NEW.id, clock_timestamp(), (NEW.data ->> 'Status') = 'published', array(SELECT jsonb_array_elements_text(NEW.data -> 'Sets')), array(SELECT jsonb_array_elements_text(coalesce(NEW.data -> 'FormerSets', '[]'::jsonb))))
    ON CONFLICT (id) DO UPDATE SET datestamp = excluded.datestamp, published = excluded.published, sets = excluded.sets, former_sets = excluded.former_sets;
    RETURN NULL;
END;
$function$;
DROP TRIGGER IF EXISTS oai_harvest_follows_rows ON catalogue.mt_doc_oaientry;
CREATE TRIGGER oai_harvest_follows_rows AFTER INSERT OR UPDATE OR DELETE ON catalogue.mt_doc_oaientry FOR EACH ROW EXECUTE FUNCTION catalogue.oai_harvest_follows();
DROP TRIGGER IF EXISTS oai_harvest_follows_truncate ON catalogue.mt_doc_oaientry;
CREATE TRIGGER oai_harvest_follows_truncate AFTER TRUNCATE ON catalogue.mt_doc_oaientry FOR EACH STATEMENT EXECUTE FUNCTION catalogue.oai_harvest_follows();
CREATE OR REPLACE FUNCTION catalogue.seal_events(expected_head_seq bigint, expected_head_hash bytea, seq_ids bigint[], stream_ids uuid[], versions bigint[], hashes bytea[]) RETURNS void LANGUAGE plpgsql AS
$function$
DECLARE
    head_seq bigint;
    head_hash bytea;
BEGIN
    PERFORM pg_advisory_xact_lock(7161132835534299497);
    SELECT seq_id, hash INTO head_seq, head_hash FROM catalogue.event_seals ORDER BY seq_id DESC LIMIT 1;
    IF COALESCE(head_seq, 0) <> expected_head_seq OR COALESCE(head_hash, decode(repeat('00', 32), 'hex')) <> expected_head_hash THEN
        RAISE EXCEPTION 'event chain head is at seq % (%), not at seq % (%) where the sealer continues from', COALESCE(head_seq, 0), encode(head_hash, 'hex'), expected_head_seq, encode(expected_head_hash, 'hex');
    END IF;
    IF seq_ids[1] <= COALESCE(head_seq, 0) THEN
        RAISE EXCEPTION 'event % is at or before the chain head %; events are sealed once, in order', seq_ids[1], head_seq;
    END IF;
    INSERT INTO catalogue.event_seals (seq_id, stream_id, version, hash, previous_hash, sealed_at)
    SELECT s.seq_id, s.stream_id, s.version, s.hash, COALESCE(lag(s.hash) OVER (ORDER BY s.ord), expected_head_hash), now()
    FROM unnest(seq_ids, stream_ids, versions, hashes) WITH ORDINALITY AS s(seq_id, stream_id, version, hash, ord);
END;
$function$;
CREATE OR REPLACE FUNCTION catalogue.refuse_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS
$function$
BEGIN
    IF TG_TABLE_NAME = 'mt_streams' THEN
        RAISE EXCEPTION 'events are immutable: archiving stream % refused; records are never archived', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_TABLE_NAME = 'mt_events' THEN
        RAISE EXCEPTION 'events are immutable: % of event % (stream %, version %) refused', TG_OP, OLD.seq_id, OLD.stream_id, OLD.version
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RAISE EXCEPTION '% rows are immutable: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'integrity_constraint_violation';
END;
$function$;
DROP TRIGGER IF EXISTS mt_events_are_immutable ON catalogue.mt_events;
CREATE TRIGGER mt_events_are_immutable BEFORE UPDATE OR DELETE ON catalogue.mt_events FOR EACH ROW EXECUTE FUNCTION catalogue.refuse_history_rewrite();
DROP TRIGGER IF EXISTS event_seals_are_immutable ON catalogue.event_seals;
CREATE TRIGGER event_seals_are_immutable BEFORE UPDATE OR DELETE ON catalogue.event_seals FOR EACH ROW EXECUTE FUNCTION catalogue.refuse_history_rewrite();
DROP TRIGGER IF EXISTS chain_checkpoints_are_immutable ON catalogue.chain_checkpoints;
CREATE TRIGGER chain_checkpoints_are_immutable BEFORE UPDATE OR DELETE ON catalogue.chain_checkpoints FOR EACH ROW EXECUTE FUNCTION catalogue.refuse_history_rewrite();
DROP TRIGGER IF EXISTS streams_are_never_archived ON catalogue.mt_streams;
CREATE TRIGGER streams_are_never_archived BEFORE UPDATE ON catalogue.mt_streams FOR EACH ROW WHEN (NEW.is_archived IS DISTINCT FROM OLD.is_archived) EXECUTE FUNCTION catalogue.refuse_history_rewrite();
CREATE OR REPLACE FUNCTION catalogue.gap_filler_only_behind_the_sequence() RETURNS trigger LANGUAGE plpgsql AS
$function$
BEGIN
    IF NEW.seq_id > COALESCE(pg_sequence_last_value('catalogue.mt_events_sequence'), 0) THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END;
$function$;
DROP TRIGGER IF EXISTS gap_fillers_only_behind_the_sequence ON catalogue.mt_events;
CREATE TRIGGER gap_fillers_only_behind_the_sequence BEFORE INSERT ON catalogue.mt_events FOR EACH ROW WHEN (NEW.type = 'tombstone') EXECUTE FUNCTION catalogue.gap_filler_only_behind_the_sequence();
CREATE OR REPLACE FUNCTION catalogue.appends_wait_for_read_model_maintenance() RETURNS trigger LANGUAGE plpgsql AS
$function$
DECLARE
    previous_timeout text;
BEGIN
    IF NOT pg_try_advisory_xact_lock_shared(1667331169, 2) THEN
        previous_timeout := current_setting('lock_timeout');
        PERFORM set_config('lock_timeout', '10s', true);
        BEGIN
            PERFORM pg_advisory_xact_lock_shared(1667331169, 2);
        EXCEPTION WHEN lock_not_available THEN
            -- Not the lock_not_available clients retry at once: the wait itself was the retry.
            RAISE EXCEPTION 'appends waited 10 s for the read models to be rebuilt or checked' USING ERRCODE = 'CAT01';
        END;
        PERFORM set_config('lock_timeout', previous_timeout, true);
    END IF;
    RETURN NULL;
END;
$function$;
DROP TRIGGER IF EXISTS appends_wait_for_read_model_maintenance ON catalogue.mt_events;
CREATE TRIGGER appends_wait_for_read_model_maintenance BEFORE INSERT ON catalogue.mt_events FOR EACH STATEMENT EXECUTE FUNCTION catalogue.appends_wait_for_read_model_maintenance();
