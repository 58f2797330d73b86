using Catalogue.Api.Records;
using Marten;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;
using Weasel.Postgresql.Triggers;

namespace Catalogue.Api.Search;

/// <summary>
/// The search index: a row per <see cref="RecordSearch"/> document with its weighted text vector and the values every
/// filter and facet reads, in columns PostgreSQL indexes. A trigger writes the row in the statement that writes the
/// document — whoever writes it: the async daemon, its rebuild from empty, a rebuild that replaces differing documents —
/// so the index is a function of the read model and is rebuilt and checked with it.
/// </summary>
/// <remarks>
/// Marten's document tables take no column of our own, and a text vector can only be computed by PostgreSQL; so the
/// vector lives here, computed once when the document is written, and ranking never parses a text again. Only the live
/// store has it: a scratch rebuild is compared document by document, and the live documents it replaces bring their
/// index rows with them.
/// </remarks>
public static class SearchIndex
{
    public const string Table = CatalogueSchema.Name + ".record_search_index";

    /// <summary>
    /// The text search configuration: PostgreSQL's <c>russian</c> stems Cyrillic words with the Russian Snowball stemmer
    /// and Latin words with the English one, so one configuration serves both languages the catalogue holds most.
    /// </summary>
    public const string Configuration = "pg_catalog.russian";

    public const string Fold = CatalogueSchema.Name + ".search_fold";
    public const string Texts = CatalogueSchema.Name + ".record_search_texts";
    public const string Head = CatalogueSchema.Name + ".record_search_head";
    public const string Sample = CatalogueSchema.Name + ".record_search_sample";

    /// <summary>
    /// One record in this many is in the sample (<see cref="SampleWord"/>): the records a search counts by sample when it
    /// finds too many to count them all (<see cref="SearchRecordsEndpoint"/>).
    /// </summary>
    public const int SampleRate = 16;

    /// <summary>
    /// One record in this many — one of the sample's in 16 — is in the coarse sample (<see cref="CoarseSampleWord"/>), which
    /// a search counts when even the sample holds too many records: what a search counts stays bounded however large
    /// the catalogue grows.
    /// </summary>
    public const int CoarseSampleRate = 256;

    /// <summary>
    /// The word in the text vector of the records in the sample. PostgreSQL's parser never makes a word of a tilde and a
    /// colon, so no query a user writes can match it, and none is ever marked in a passage.
    /// </summary>
    public const string SampleWord = "~sample:0";

    /// <inheritdoc cref="SampleWord"/>
    public const string CoarseSampleWord = "~sample:00";
    private const string Follow = CatalogueSchema.Name + ".record_search_index_follows";

    /// <summary>
    /// The column holding every value of every list filter, each as its facet's name, <see cref="Separator"/> and the
    /// value (<c>repository␟AVPRF</c>), a name as its folded key (<c>person␟kovacs istvan</c>): one array a filter
    /// matches through one GIN index.
    /// </summary>
    public const string FacetValues = "facet_values";

    /// <summary>
    /// The column holding what the facets count, each as the number <see cref="TermsTable"/> gives it: the list filters'
    /// values as <see cref="FacetValues"/> holds them, a name with its spelling on the record after its key
    /// (<c>person␟kovacs istvan␟Kovács István</c>, so the spellings of one name count as one value, shown as the records
    /// found write it), the record's decades and its status. A search counts thousands of records' values: numbers are
    /// unnested and grouped at a third of what the same values cost as texts (the words and two filters that found most
    /// at 20,000 records: 62 ms of the count's 80 over texts, 19 over numbers), and only the few values found are read
    /// back as text.
    /// </summary>
    public const string FacetTerms = "facet_terms";

    /// <summary>
    /// Every value <see cref="FacetTerms"/> has held, numbered: a value keeps its number for good (a rebuild gives the
    /// rows the numbers they had), and one no record holds any more stays, found by no search.
    /// </summary>
    public const string TermsTable = CatalogueSchema.Name + ".search_facet_terms";

    /// <summary>The column <see cref="FacetTerms"/> replaced, dropped once the rows are written in this shape (<see cref="SearchIndexUpgrade"/>).</summary>
    public const string FormerFacetNames = "facet_names";

    /// <summary>The numbers of the values given, numbering those not numbered yet (<see cref="TermsTable"/>): what the trigger writes.</summary>
    private const string TermsOf = CatalogueSchema.Name + ".search_facet_terms_of";

    /// <summary>
    /// The numbers of the values given when every one is numbered already, else null: what a check compares a row with,
    /// writing nothing, so a row whose values are not all numbered differs.
    /// </summary>
    private const string KnownTermsOf = CatalogueSchema.Name + ".search_facet_terms_known";

    /// <summary>U+001F, the unit separator: no value the catalogue takes holds a control character.</summary>
    public const char Separator = '\u001f';

    /// <summary>A facet's value as <see cref="FacetValues"/> holds it.</summary>
    public static string FacetValue(string facet, string value) => facet + Separator + value;

    /// <summary>
    /// People to count by all their names in a facet: each name's value (<c>@names</c>) beside the person's index in
    /// <paramref name="people"/> (<c>@people</c>), the arrays a statement unnests together.
    /// </summary>
    public static void AddPeopleNames(Npgsql.NpgsqlCommand command, string facet, IReadOnlyList<IReadOnlyList<string>> people)
    {
        var named = people.SelectMany((keys, person) => keys.Select(key => (Value: FacetValue(facet, key), Person: person))).ToList();
        command.Parameters.Add(new Npgsql.NpgsqlParameter("names", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = named.Select(n => n.Value).ToArray() });
        command.Parameters.Add(new Npgsql.NpgsqlParameter("people", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Integer) { Value = named.Select(n => n.Person).ToArray() });
    }

    /// <summary>The functions that make a row of the index from a document, in the order they are created.</summary>
    private static readonly CatalogueFunction[] RowFunctions = [FoldFunction(), HeadFunction(), TextsFunction(), SampleFunction(), KnownTermsFunction(), TermsFunction()];

    /// <summary>
    /// The row's text vector was computed by one function that made the head again, which the row also keeps: the head's
    /// three texts were parsed and stemmed twice for every document written (<see cref="RowOf"/>).
    /// </summary>
    private const string FormerVectorFunction = CatalogueSchema.Name + ".record_search_vector";

    /// <summary>
    /// The shape of this version's rows: a digest of the functions that compute them, of the row their trigger writes
    /// and of the shape of the documents it reads (<see cref="RecordSearch.CurrentShape"/>). A row written in another
    /// shape may differ from the row its document gives now, and its document from the one its record gives now
    /// (<see cref="SearchIndexUpgrade"/>).
    /// </summary>
    public static readonly string RowShape = Convert.ToHexStringLower(
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join('\n', [.. RowFunctions.Select(f => f.Definition), Columns(), RowOf("NEW.id", "NEW.data", "row_head", numbering: true), $"document shape {RecordSearch.CurrentShape}"]))))[..16];

    private static readonly string SpannedYears = $"int4range(from_year, coalesce(to_year, {SearchRequest.LastYear}), '[]')";
    private static readonly string Spanning = $"from_year < coalesce(to_year, {SearchRequest.LastYear})";

    /// <summary>
    /// The records whose date begins before the year given and runs into it (or past it), found off the index of dates
    /// that span years: with <c>sort_day</c> before the year, the only records dated before a year that can fall in it.
    /// </summary>
    public static string IntoYear(string year) => $"{Spanning} AND {SpannedYears} @> {year} AND from_year < {year}";

    /// <summary>The index's table, functions and triggers; on the live store only (see the remarks).</summary>
    public static StoreOptions AddSearchIndex(this StoreOptions opts)
    {
        opts.Storage.ExtendedSchemaObjects.Add(IndexTable());
        return CatalogueSchemaObjects.Add(
            opts,
            [
                new Extension("unaccent"),
                TermsTableDefinition(),
                .. RowFunctions,
                Function.ForRemoval(FormerVectorFunction),
                FollowFunction(),
                FollowTrigger("record_search_index_follows_rows", TriggerEvents.Insert | TriggerEvents.Update | TriggerEvents.Delete, forEachRow: true),
                FollowTrigger("record_search_index_follows_truncate", TriggerEvents.Truncate, forEachRow: false),
                CountedExactlyFunction(),
                NominativeFormsFunction(),
                new SearchIndexStorage(),
            ]);
    }

    private static Table IndexTable()
    {
        var table = new Table(new PostgresqlObjectName(CatalogueSchema.Name, "record_search_index", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn("status", "varchar").NotNull();
        table.AddColumn("vector", "tsvector").NotNull();
        // Rows written before the head was kept have an empty one until SearchIndexUpgrade writes them again.
        table.AddColumn("head", "tsvector").NotNull().DefaultValueByExpression("''::tsvector");
        // Rows written before the facet values were kept in one array have none until SearchIndexUpgrade writes them again.
        table.AddColumn(FacetValues, "text[]").NotNull().DefaultValueByExpression("'{}'::text[]");
        // Rows written before the facets counted numbers have none until SearchIndexUpgrade writes them again.
        table.AddColumn(FacetTerms, "integer[]").NotNull().DefaultValueByExpression("'{}'::integer[]");
        table.AddColumn("from_year", "integer");
        table.AddColumn("to_year", "integer");
        table.AddColumn("decades", "integer[]").NotNull();
        table.AddColumn("sort_day", "integer").NotNull();
        table.Indexes.Add(new IndexDefinition("record_search_index_vector") { Columns = ["vector"], Method = IndexMethod.gin });
        table.Indexes.Add(new IndexDefinition($"record_search_index_{FacetValues}") { Columns = [FacetValues], Method = IndexMethod.gin });
        table.Indexes.Add(new IndexDefinition("record_search_index_sort_day_id") { Columns = ["sort_day", "id"] });
        // Dates that begin in one year and end in a later one (or run on with no end), by the years they span.
        table.Indexes.Add(new IndexDefinition("record_search_index_spanned_years")
        {
            Columns = [SpannedYears],
            Method = IndexMethod.gist,
            Predicate = Spanning,
        });
        // Readers see published records only: browsing by date comes off an index of those alone.
        table.Indexes.Add(new IndexDefinition("record_search_index_published_sort_day_id")
        {
            Columns = ["sort_day", "id"],
            Predicate = $"status = '{RecordStatus.Published}'",
        });
        return table;
    }

    /// <summary>
    /// Text as search compares it, applied before PostgreSQL parses a text into words, when indexing and when querying
    /// alike: accents and diacritics off ("Kovács" is "Kovacs", so both are Latin words and stemmed alike; <c>unaccent</c>
    /// also reads ё as е), and о after ж, ч, ш, щ read as е, as the ё there is often written: «Ежов» and «Ежёв» are one name.
    /// Angle brackets read as spaces: PostgreSQL's parser reads «&lt;illegible&gt;», as transcriptions mark a gap, as an
    /// HTML tag and drops it, so the word in it was found by no search. The Greek final ς read as σ, as names are folded
    /// (<see cref="Authorities.AccessPointKeys.Fold"/>): PostgreSQL lowers Σ to σ, so "ΕΛΥΤΗΣ" typed found no «Ελύτης»
    /// (<c>unaccent</c> already reads ß as ss).
    /// </summary>
    /// <remarks>
    /// The extension may live in the catalogue's schema or in public, whichever the database put it in; the function
    /// looks in both, and names the dictionary, so it is the same function whatever the caller's search path.
    /// </remarks>
    private static CatalogueFunction FoldFunction() => new(new PostgresqlObjectName(CatalogueSchema.Name, "search_fold", SchemaUtils.IdentifierUsage.General), $$"""
        CREATE OR REPLACE FUNCTION {{Fold}}(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT SET search_path TO '{{CatalogueSchema.Name}}', 'public', 'pg_catalog' AS
        $function$
        SELECT regexp_replace(unaccent('unaccent', translate($1, '<>ς', '  σ')), '([жчшщЖЧШЩ])[оО]', '\1е', 'g')
        $function$;
        """);

    /// <summary>
    /// What a record is ranked by: its title (A), its summary (B), and who and what it names (C). Small enough to stay
    /// in the index row, so ranking thousands of matches reads no full text (<see cref="TextsFunction"/>).
    /// </summary>
    private static CatalogueFunction HeadFunction() => new(new PostgresqlObjectName(CatalogueSchema.Name, "record_search_head", SchemaUtils.IdentifierUsage.General), $$"""
        CREATE OR REPLACE FUNCTION {{Head}}(data jsonb) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
        $function$
        SELECT setweight(to_tsvector('{{Configuration}}', {{Fold}}(coalesce(data ->> 'Title', ''))), 'A')
            || setweight(to_tsvector('{{Configuration}}', {{Fold}}(coalesce(data ->> 'Summary', ''))), 'B')
            || setweight(to_tsvector('{{Configuration}}', {{Fold}}(coalesce(data ->> 'Described', ''))), 'C')
        $function$;
        """);

    /// <summary>
    /// A record's full texts (D, as far as <see cref="RecordSearch.MatchedTextCharacters"/>): what a record is found by
    /// after its head (<see cref="RowOf"/>). Only the index reads it, never a ranking: a full text's vector is kilobytes
    /// kept out of the row.
    /// </summary>
    private static CatalogueFunction TextsFunction() => new(new PostgresqlObjectName(CatalogueSchema.Name, "record_search_texts", SchemaUtils.IdentifierUsage.General), $$"""
        CREATE OR REPLACE FUNCTION {{Texts}}(data jsonb) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
        $function$
        SELECT setweight(to_tsvector('{{Configuration}}', {{Fold}}(left(coalesce(
                   (SELECT string_agg(t ->> 'Text', E'\n') FROM jsonb_array_elements(data -> 'Texts') t), ''), {{RecordSearch.MatchedTextCharacters}}))), 'D')
        $function$;
        """);

    public const string CountedExactly = CatalogueSchema.Name + ".search_counted_exactly";

    /// <summary>
    /// Whether a search's counts read every record it found (its sample's rate is 1). Left <c>PARALLEL UNSAFE</c> (the default), so
    /// the statement that counts is planned without parallel workers: they were started for the branch reading every
    /// record found even when the sample was counted instead, and the statement waited for them (9 ms of 50 at 100,000
    /// records). The page of hits keeps them, where ranking thousands of matches gains from them.
    /// </summary>
    private static CatalogueFunction CountedExactlyFunction() => new(new PostgresqlObjectName(CatalogueSchema.Name, "search_counted_exactly", SchemaUtils.IdentifierUsage.General), $$"""
        CREATE OR REPLACE FUNCTION {{CountedExactly}}(rate integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS
        $function$
        SELECT rate = 1
        $function$;
        """);

    public const string NominativeForms = CatalogueSchema.Name + ".search_nominative_forms";

    /// <summary>
    /// A query whose Russian words ending in -ов, -ев, -ав, -ив or -ыв in the nominative are found in every case. The
    /// Snowball stemmer takes those endings for endings (a genitive plural, a gerund) and strips them from the nominative
    /// alone: «Молотов» is <c>молот</c> where «Молотова», «Молотову», «Молотовым» are <c>молотов</c>; «архив» is
    /// <c>арх</c> and «архива» <c>архив</c>; so «Хрущёв», «Киев», «Вячеслав», «состав», «остров». A search typing one
    /// form missed the records writing the others. Each word typed (folded) whose stem ends so, or which ends so itself
    /// and stems otherwise, is searched as either stem: <c>молот | молотов</c> (typed last, it is also found by its
    /// beginning as typed, <c>'молотов':*</c>, never by its stem's, <c>'молот':*</c>, which begins «молоток»). Applied
    /// to the query's text form, where each lexeme is quoted; only the query is widened, the index is as PostgreSQL makes it.
    /// </summary>
    private static CatalogueFunction NominativeFormsFunction() => new(new PostgresqlObjectName(CatalogueSchema.Name, "search_nominative_forms", SchemaUtils.IdentifierUsage.General), $$"""
        CREATE OR REPLACE FUNCTION {{NominativeForms}}(searched tsquery, typed text) RETURNS tsquery LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path TO 'pg_catalog' AS
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
        """);

    /// <summary>
    /// The sample words of a record: by the last byte of its id, which is random in every id the catalogue makes — the
    /// sample's for a multiple of 16, the coarse sample's too for 0.
    /// </summary>
    private static CatalogueFunction SampleFunction() => new(new PostgresqlObjectName(CatalogueSchema.Name, "record_search_sample", SchemaUtils.IdentifierUsage.General), $$"""
        CREATE OR REPLACE FUNCTION {{Sample}}(id uuid) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
        $function$
        SELECT CASE WHEN get_byte(uuid_send(id), 15) = 0 THEN array_to_tsvector(ARRAY['{{SampleWord}}', '{{CoarseSampleWord}}'])
                    WHEN get_byte(uuid_send(id), 15) % {{SampleRate}} = 0 THEN array_to_tsvector(ARRAY['{{SampleWord}}'])
                    ELSE ''::tsvector END
        $function$;
        """);

    private static Table TermsTableDefinition()
    {
        var table = new Table(new PostgresqlObjectName(CatalogueSchema.Name, "search_facet_terms", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<int>("id").AsPrimaryKey().AutoIncrement();
        table.AddColumn("term", "text").NotNull();
        table.Indexes.Add(new IndexDefinition("search_facet_terms_term") { Columns = ["term"], IsUnique = true });
        return table;
    }

    /// <inheritdoc cref="KnownTermsOf"/>
    private static CatalogueFunction KnownTermsFunction() => new(new PostgresqlObjectName(CatalogueSchema.Name, "search_facet_terms_known", SchemaUtils.IdentifierUsage.General), $$"""
        CREATE OR REPLACE FUNCTION {{KnownTermsOf}}(terms text[]) RETURNS integer[] LANGUAGE sql STABLE PARALLEL SAFE AS
        $function$
        SELECT CASE WHEN count(*) = (SELECT count(DISTINCT v) FROM unnest(terms) v) THEN coalesce(array_agg(t.id ORDER BY t.id), '{}') END
        FROM {{TermsTable}} t WHERE t.term = ANY(terms)
        $function$;
        """);

    /// <summary>
    /// <see cref="TermsOf"/>: a value written for the first time is numbered in the transaction writing its row. A row's
    /// values are numbered in their order, so two writers numbering the same new values for a row wait for each other in
    /// one order, and the one that waited finds the other's numbers (<c>ON CONFLICT DO NOTHING</c>, then read again). Two
    /// transactions that each write several rows may still number two new values in opposite orders: PostgreSQL breaks
    /// that deadlock and Marten's write policy replays the transaction it rolled back. Rows are written by one writer at a
    /// time but for an upgrade or a repair beside the daemon, and new values are few once a catalogue has its names.
    /// </summary>
    private static CatalogueFunction TermsFunction() => new(new PostgresqlObjectName(CatalogueSchema.Name, "search_facet_terms_of", SchemaUtils.IdentifierUsage.General), $$"""
        CREATE OR REPLACE FUNCTION {{TermsOf}}(terms text[]) RETURNS integer[] LANGUAGE plpgsql AS
        $function$
        DECLARE
            numbers integer[] := {{KnownTermsOf}}(terms);
        BEGIN
            IF numbers IS NULL THEN
                INSERT INTO {{TermsTable}} (term)
                SELECT DISTINCT t FROM unnest(terms) t WHERE t IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {{TermsTable}} k WHERE k.term = t) ORDER BY 1
                ON CONFLICT (term) DO NOTHING;
                numbers := {{KnownTermsOf}}(terms);
            END IF;
            RETURN numbers;
        END;
        $function$;
        """);

    /// <summary>
    /// The index row's columns, and the row a document gives, as SQL over its id and data: what the trigger writes, and what a check of the read
    /// models compares the stored row with (<see cref="SearchIndexTable"/>).
    /// </summary>
    public static string Columns(string? alias = null) =>
        string.Join(", ", new[] { "id", "status", "vector", "head", FacetValues, FacetTerms, "from_year", "to_year", "decades", "sort_day" }
            .Select(c => alias is null ? c : $"{alias}.{c}"));

    /// <inheritdoc cref="Columns"/>
    /// <param name="head">
    /// The document's head (<see cref="HeadOf"/>), computed once by the caller: the row holds it twice, alone and at the
    /// start of the vector a record is found by.
    /// </param>
    /// <param name="numbering">
    /// Whether values not numbered yet are numbered (<see cref="TermsTable"/>), as the trigger writing the row does; a
    /// check comparing rows gives no numbers instead, so a row whose values are not all numbered differs.
    /// </param>
    public static string RowOf(string id, string data, string head, bool numbering = false)
    {
        var values = string.Join(" || ", SearchFilter.Lists.Select(f => $"array(SELECT '{f.Name}' || chr(31) || v FROM jsonb_array_elements_text({data} -> '{f.KeyMember ?? f.Member}') v)"));
        var names = string.Join(" || ", SearchFilter.Lists.Select(f => f.KeyMember is { } keys
            ? $"array(SELECT '{f.Name}' || chr(31) || k || chr(31) || n FROM ROWS FROM (jsonb_array_elements_text({data} -> '{keys}'), jsonb_array_elements_text({data} -> '{f.Member}')) z(k, n))"
            : $"array(SELECT '{f.Name}' || chr(31) || v FROM jsonb_array_elements_text({data} -> '{f.Member}') v)"));
        var terms = $"{(numbering ? TermsOf : KnownTermsOf)}({names} || array(SELECT '{SearchRecordsEndpoint.Decade}' || chr(31) || d FROM jsonb_array_elements_text({data} -> 'Decades') d) "
                    + $"|| ARRAY['{SearchRecordsEndpoint.Status}' || chr(31) || ({data} ->> 'Status')])";
        // The years a search by year finds the record in: its date's, counted as the years report counts them (RecordSearch.Years).
        return $"{id}, {data} ->> 'Status', {head} || {Texts}({data}) || {Sample}({id}), {head}, {values}, {terms}, "
               + $"({data} -> 'Years' ->> 'From')::integer, ({data} -> 'Years' ->> 'To')::integer, "
               + $"array(SELECT jsonb_array_elements_text({data} -> 'Decades')::integer), ({data} ->> 'SortDay')::integer";
    }

    /// <summary>The head a document gives, as SQL over its data, for <see cref="RowOf"/>.</summary>
    private static string HeadOf(string data) => $"{Head}({data})";

    /// <summary>
    /// A lateral join giving each document <paramref name="d"/> its head once, as <c>h.head</c>, for a statement that
    /// computes rows with <see cref="RowOf"/>. <c>OFFSET 0</c> keeps PostgreSQL from pulling the head into each place the
    /// row names it, which would compute it as often.
    /// </summary>
    public static string HeadJoin(string d) => $"CROSS JOIN LATERAL (SELECT {HeadOf($"{d}.data")} AS head OFFSET 0) h";

    /// <summary>
    /// The trigger that writes a document's row. It plans its statements once and reuses the plans
    /// (<c>plan_cache_mode</c> back to PostgreSQL's default inside it): the service's connections plan every statement
    /// for its values (<see cref="Hosting.ConnectionReuse"/>), which re-planned the row's INSERT — the text functions
    /// inlined — at every write: 0.9 ms of PostgreSQL's time for each record written, more than the INSERT itself.
    /// </summary>
    private static CatalogueFunction FollowFunction()
    {
        return new CatalogueFunction(new PostgresqlObjectName(CatalogueSchema.Name, "record_search_index_follows", SchemaUtils.IdentifierUsage.General), $$"""
            CREATE OR REPLACE FUNCTION {{Follow}}() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode TO 'auto' AS
            $function$
            DECLARE
                row_head tsvector;
            BEGIN
                IF TG_OP = 'TRUNCATE' THEN
                    -- Not TRUNCATE: it would wait for every search reading the index while holding the documents'
                    -- table, which searches read next, and one of them would be chosen to fail as a deadlock.
                    DELETE FROM {{Table}};
                ELSIF TG_OP = 'DELETE' THEN
                    DELETE FROM {{Table}} WHERE id = OLD.id;
                ELSE
                    row_head := {{HeadOf("NEW.data")}};
                    INSERT INTO {{Table}} ({{Columns()}}) VALUES ({{RowOf("NEW.id", "NEW.data", "row_head", numbering: true)}})
                    ON CONFLICT (id) DO UPDATE SET status = excluded.status, vector = excluded.vector, head = excluded.head, {{FacetValues}} = excluded.{{FacetValues}}, {{FacetTerms}} = excluded.{{FacetTerms}},
                        from_year = excluded.from_year, to_year = excluded.to_year, decades = excluded.decades, sort_day = excluded.sort_day;
                END IF;
                RETURN NULL;
            END;
            $function$;
            """);
    }

    private static CatalogueTrigger FollowTrigger(string name, TriggerEvents events, bool forEachRow) => new(
        name,
        "mt_doc_recordsearch",
        new PostgresqlObjectName(CatalogueSchema.Name, "record_search_index_follows", SchemaUtils.IdentifierUsage.General))
    {
        Timing = TriggerTiming.After,
        Events = events,
        ForEachRow = forEachRow,
    };
}

/// <summary>The search index as read-model maintenance checks and repairs it with the search documents.</summary>
public sealed class SearchIndexTable : Audit.IDerivedTable
{
    public Type ReadModel => typeof(RecordSearch);

    public string Name => SearchIndex.Table;

    public async Task<IReadOnlyList<string>> DifferingAsync(Npgsql.NpgsqlConnection connection, Audit.TableShare share, CancellationToken ct)
    {
        await using var command = new Npgsql.NpgsqlCommand(
            $"""
            SELECT coalesce(d.id, i.id)::text
            FROM (SELECT s.id, s.data, h.head FROM {RecordSearch.Table} s {SearchIndex.HeadJoin("s")} WHERE {share.Holds("s.id")}) d
            FULL JOIN (SELECT * FROM {SearchIndex.Table} WHERE {share.Holds("id")}) i ON i.id = d.id
            WHERE d.id IS NULL OR i.id IS NULL OR ROW({SearchIndex.Columns("i")}) IS DISTINCT FROM ROW({SearchIndex.RowOf("d.id", "d.data", "d.head")})
            ORDER BY 1
            """, connection)
        { CommandTimeout = 0 };
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetString(0));
        return ids;
    }

    public async Task<long> RepairAsync(Npgsql.NpgsqlConnection connection, IReadOnlyList<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return 0;
        // Writing a document again has its trigger write its row again.
        await using var command = new Npgsql.NpgsqlCommand(
            $"""
            UPDATE {RecordSearch.Table} SET data = data WHERE id = ANY(@ids);
            DELETE FROM {SearchIndex.Table} i WHERE NOT EXISTS (SELECT 1 FROM {RecordSearch.Table} d WHERE d.id = i.id);
            """, connection)
        { CommandTimeout = 0 };
        command.Parameters.AddWithValue("ids", ids.Select(Guid.Parse).ToArray());
        return await command.ExecuteNonQueryAsync(ct);
    }
}
