using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Catalogue.Api.Authorities;
using Catalogue.Api.Records;
using Catalogue.Api.Validation;
using Microsoft.Extensions.Primitives;

namespace Catalogue.Api.Search;

/// <summary>
/// A filter a search can be narrowed by, named as its query parameter and its facet, and the member of the search
/// document whose values it matches (kept in the index's <c>facet_values</c>, <see cref="SearchIndex"/>). A filter of
/// names (<see cref="KeyMember"/>) matches them folded, as the authorities do: by the member holding each name's key.
/// </summary>
/// <param name="Description">What the filter's values are, as the API description gives them.</param>
public sealed record SearchFilter(string Name, string Member, string Description, string? KeyMember = null)
{
    private const string Folded = " Matched folded, as the authorities match names: letter case, diacritics, punctuation and spacing aside.";

    public static readonly SearchFilter Repository = new("repository", nameof(RecordSearch.Repositories),
        "A repository, by its authority code (AVPRF) or any name the authority list gives it (AVP RF, AVP SSSR); one the list does not know, as recorded.");

    public static readonly SearchFilter Fond = new("fond", nameof(RecordSearch.Fonds), "A fond as recorded: an identifier, not a number (0100 is not 100).");
    public static readonly SearchFilter Opis = new("opis", nameof(RecordSearch.Opisi), "An opis as recorded: an identifier, not a number.");
    public static readonly SearchFilter Language = new("language", nameof(RecordSearch.Languages), "The original's language, by any of its ISO 639 codes (ru, rus).");
    public static readonly SearchFilter Translator = new("translator", nameof(RecordSearch.Translators),
        "A translator named in a translation credit, by any of the person's names in the people authority." + Folded, nameof(RecordSearch.TranslatorKeys));
    public static readonly SearchFilter Funder = new("funder", nameof(RecordSearch.Funders), "A funder of a funding note." + Folded, nameof(RecordSearch.FunderKeys));
    public static readonly SearchFilter Classification = new("classification", nameof(RecordSearch.Classifications), "The level the classification marks state (Top Secret, Секретно).");
    public static readonly SearchFilter Subject = new("subject", nameof(RecordSearch.Subjects), "A subject." + Folded, nameof(RecordSearch.SubjectKeys));

    public static readonly SearchFilter Person = new("person", nameof(RecordSearch.People),
        "A creator, participant, translator or the person through whom the copy was acquired, by any of the person's names in the people authority." + Folded,
        nameof(RecordSearch.PersonKeys));

    /// <summary>The filters whose values are lists on the record; any of the values sent matches (repeat the parameter).</summary>
    public static readonly IReadOnlyList<SearchFilter> Lists = [Repository, Fond, Opis, Language, Translator, Funder, Classification, Subject, Person];

    /// <summary>
    /// The filters of people's names, which the people authority knows (from creators, participants and translators):
    /// each takes every name of the person a value names, and its facet counts a person once (<see cref="SamePerson"/>).
    /// </summary>
    public static readonly IReadOnlyList<SearchFilter> OfPeople = [Person, Translator];

    /// <summary>
    /// Whether the filter matches names folded (<see cref="AccessPointKeys.Fold"/>): "Kovacs Istvan" finds the records
    /// that write "KOVÁCS István", as the people authority counts them for one person.
    /// </summary>
    public bool IsFolded => KeyMember is not null;

    /// <summary>The value as the index matches it: a name's folded key, any other value as it is.</summary>
    public string Key(string value) => IsFolded ? AccessPointKeys.Fold(value) : value;
}

/// <summary>The orders search answers in.</summary>
public static class SearchOrders
{
    /// <summary>Best match first (the title weighs most, then the summary, the names and credits, the full texts).</summary>
    public const string Relevance = "relevance";

    /// <summary>Oldest first by the date the record is cited by, records without one last.</summary>
    public const string Date = "date";

    public static readonly IReadOnlyList<string> All = [Relevance, Date];
}

/// <summary>
/// What the words typed ask for, split so the last word typed also matches as the start of a word: <see cref="Prefix"/>
/// is a last word of letters and digits only, found as a word or by its beginning; <see cref="Words"/> are the words
/// before it that it is found together with, and <see cref="Alternatives"/> what came before the last <c>or</c> that
/// joins them (null when none does), each read by <c>websearch_to_tsquery</c> (quoted phrases, <c>or</c>, <c>-</c> to
/// exclude). As it reads <c>a b or c d</c> — <c>a</c> and <c>b</c>, or <c>c</c> and <c>d</c> — the unfinished <c>d</c>
/// joins <c>c</c> alone, not the whole of what came before it. A last word in quotes, excluded, or followed by a space
/// is matched as written: all of it is <see cref="Words"/>.
/// </summary>
public sealed record SearchWords(string? Alternatives, string Words, string? Prefix)
{
    public static SearchWords Of(string q)
    {
        var none = new SearchWords(null, q, null);
        if (q.Length == 0 || char.IsWhiteSpace(q[^1]) || q.Count(c => c == '"') % 2 == 1) return none;
        var start = q.Length;
        while (start > 0 && !char.IsWhiteSpace(q[start - 1])) start--;
        var last = q[start..];
        if (last.Equals("or", StringComparison.OrdinalIgnoreCase) || !last.EnumerateRunes().All(r => Rune.IsLetter(r) || Rune.IsDigit(r))) return none;

        var before = q[..start];
        return LastOr(before) is var (or, after) ? new SearchWords(before[..or].TrimEnd(), before[after..].Trim(), last) : new SearchWords(null, before.Trim(), last);
    }

    /// <summary>
    /// Where the last <c>or</c> with words before it begins and ends in <paramref name="words"/>, reading a phrase in
    /// quotes as one word.
    /// </summary>
    private static (int Start, int End)? LastOr(string words)
    {
        (int, int)? found = null;
        var quoted = false;
        var read = 0;
        for (var i = 0; i < words.Length;)
        {
            if (char.IsWhiteSpace(words[i]))
            {
                i++;
                continue;
            }

            var start = i;
            for (; i < words.Length && (quoted || !char.IsWhiteSpace(words[i])); i++)
            {
                if (words[i] == '"') quoted = !quoted;
            }

            if (read++ > 0 && i - start == 2 && words.AsSpan(start, 2).Equals("or", StringComparison.OrdinalIgnoreCase)) found = (start, i);
        }

        return found;
    }

    /// <summary>
    /// The words typed with each word repeated within the words <c>or</c> joins left out, and how many words remain (runs
    /// of letters and digits, as the text parser splits them; <c>or</c> itself not counted). Finding all of "stalin
    /// stalin" is finding "stalin"; but marking the passages of a page of hits costs each hit time that grows faster than
    /// the words searched for ("stalin" 71 times: 11 s, "Zhou Enlai" 45 times: 20–30 s, for a page of 100). Only a word
    /// written alike (letter case aside) goes: a word in quotes stays, a phrase being words in their order, and so does
    /// the last word while it is still being typed, which is also found by its beginning.
    /// </summary>
    public static (string Q, int Words) Folded(string q)
    {
        var tokens = new List<string>();
        var token = new StringBuilder();
        var quoted = false;
        foreach (var c in q)
        {
            if (c == '"') quoted = !quoted;
            if (!quoted && char.IsWhiteSpace(c))
            {
                if (token.Length > 0) tokens.Add(token.ToString());
                token.Clear();
            }
            else
            {
                token.Append(c);
            }
        }

        var typing = token.Length > 0;
        if (typing) tokens.Add(token.ToString());

        var kept = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var words = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Equals("or", StringComparison.OrdinalIgnoreCase))
            {
                seen.Clear();
                kept.Add(t);
                continue;
            }

            if (!t.Contains('"') && !(typing && i == tokens.Count - 1) && !seen.Add(t)) continue;
            kept.Add(t);
            words += WordsIn(t);
        }

        return (string.Join(' ', kept) + (typing ? "" : " "), words);
    }

    private static int WordsIn(string text)
    {
        var words = 0;
        var inWord = false;
        foreach (var r in text.EnumerateRunes())
        {
            var letter = Rune.IsLetterOrDigit(r);
            if (letter && !inWord) words++;
            inWord = letter;
        }

        return words;
    }
}

/// <summary>A search as asked, checked: the words, each filter's values, the years, the order, the page and where it starts.</summary>
public sealed record SearchRequest(
    string? Q,
    IReadOnlyDictionary<SearchFilter, IReadOnlyList<string>> Values,
    IReadOnlyList<string> Statuses,
    int? YearFrom,
    int? YearTo,
    string Sort,
    int PageSize,
    SearchCursor? After,
    bool PublishedOnly)
{
    /// <summary>
    /// The other names of the person the words name, each also found as a phrase (<see cref="SamePerson"/>); derived
    /// from the words, so a cursor stays good while they are the same.
    /// </summary>
    public IReadOnlyList<string> OtherNames { get; init; } = [];

    /// <summary>
    /// The other names of the people the <c>person</c> and <c>translator</c> filters name, which each also takes
    /// (<see cref="SamePerson"/>): kept apart from the values sent, which alone the cursor's fingerprint is taken over, so
    /// a page's cursor is taken back by the next request, which sends the names as sent.
    /// </summary>
    public IReadOnlyDictionary<SearchFilter, IReadOnlyList<string>> OtherNamesChosen { get; init; } = new Dictionary<SearchFilter, IReadOnlyList<string>>();

    /// <summary>
    /// The folded keys of every name of the person the words name, when they are the name of a person the authority gives
    /// several (<see cref="SamePerson"/>): a record naming the person under any of them is found, as the person filter
    /// finds it, though its text writes the name otherwise than the phrases <see cref="OtherNames"/> are searched as.
    /// </summary>
    public IReadOnlyList<string> TypedPersonKeys { get; init; } = [];

    /// <summary>The values a filter matches, as the index holds them (<see cref="SearchFilter.Key"/>): those sent, and for <c>person</c> and <c>translator</c> the people's other names.</summary>
    public IEnumerable<string> Matched(SearchFilter filter, IReadOnlyList<string> sent) =>
        sent.Concat(OtherNamesChosen.GetValueOrDefault(filter, [])).Select(filter.Key).Distinct(StringComparer.Ordinal);

    public const int MaxQueryLength = 500;

    /// <summary>
    /// How many words <c>q</c> may hold, each repeated word counted once (<see cref="SearchWords.Folded"/>): a page of 100
    /// hits marked for 32 words took 0.5 s, for 71 11 s.
    /// </summary>
    public const int MaxWords = 32;
    public const int MaxValueLength = 300;
    public const int MaxValuesPerFilter = 20;
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;
    /// <summary>EDTF's first year (0000, the year before 1 AD): a date may be recorded in it, so the years report may link to it.</summary>
    public const int FirstYear = 0;
    public const int LastYear = 9999;

    public const string YearFromParameter = "yearFrom";
    public const string YearToParameter = "yearTo";

    /// <summary>
    /// The parameters search takes, as the API description gives them (search reads its own query, so no parameter of
    /// its method declares them); the names it takes are these.
    /// </summary>
    public static readonly IReadOnlyList<OwnQueryParameter> Described =
    [
        new("q", $"The words to find, as a web search engine reads them: \"quoted words\" together, or between words for either, -word to leave a word out; the last word is also found by its beginning. At most {MaxQueryLength} characters and {MaxWords} words. Without it, or blank, every record.")
        {
            MaxLength = MaxQueryLength,
            TakesBlank = true,
        },
        .. SearchFilter.Lists.Select(f => new OwnQueryParameter(f.Name, f.Description + " Repeat it for any of several values.")
        {
            Repeatable = true,
            MaxItems = MaxValuesPerFilter,
            MaxLength = MaxValueLength,
        }),
        new("status", "A record's state, for staff only (readers and the public find published records only). Repeat it for any of several.")
        {
            Allowed = RecordStatus.All,
            Repeatable = true,
            MaxItems = MaxValuesPerFilter,
        },
        new(YearFromParameter, "The first year a date may fall in: a date is found by every year it can fall in, an interval open at one end by the year of its known end.", "integer")
        {
            Minimum = FirstYear,
            Maximum = LastYear,
        },
        new(YearToParameter, "The last year a date may fall in (not before yearFrom).", "integer") { Minimum = FirstYear, Maximum = LastYear },
        new("sort", "The order: relevance (with q only; its default) or date (oldest first; the default without q).") { Allowed = SearchOrders.All },
        new("pageSize", $"How many records a page holds.", "integer") { Minimum = 1, Maximum = MaxPageSize, Default = $"{DefaultPageSize}" },
        new("after", "The next page: the 'next' of the page before, sent with the same q, filters and sort."),
    ];

    private static readonly HashSet<string> Parameters = new(Described.Select(p => p.Name), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// What the page depends on besides where it starts: a cursor given for one search is refused for another, so a
    /// client cannot page through a search it did not make.
    /// </summary>
    public string Fingerprint()
    {
        var text = new StringBuilder().Append(Q).Append('\u001f').Append(Sort).Append('\u001f').Append(PublishedOnly).Append('\u001f').Append(YearFrom).Append('\u001f').Append(YearTo);
        foreach (var (filter, values) in Values.OrderBy(v => v.Key.Name, StringComparer.Ordinal))
            text.Append('\u001e').Append(filter.Name).Append('\u001f').AppendJoin('\u001f', values.Order(StringComparer.Ordinal));
        text.Append('\u001e').AppendJoin('\u001f', Statuses.Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>Reads and checks the query string; every parameter refused is named with why.</summary>
    /// <param name="staff">Staff see records in every state and may filter by it; readers and the public see published ones.</param>
    /// <param name="refusedBefore">
    /// The parameters the checks every endpoint runs refused (<see cref="RequestParameters.RefusedBefore"/>: a control
    /// character): named with their reason, beside every other parameter this refuses.
    /// </param>
    public static (SearchRequest? Request, Dictionary<string, string[]> Errors) Read(
        IEnumerable<KeyValuePair<string, StringValues>> query, bool staff, IReadOnlyDictionary<string, string[]>? refusedBefore = null)
    {
        var (request, errors) = ReadChecked(query, staff);
        return refusedBefore is not { Count: > 0 } ? (request, errors) : (null, RequestParameters.Refusing(refusedBefore, errors));
    }

    private static (SearchRequest? Request, Dictionary<string, string[]> Errors) ReadChecked(IEnumerable<KeyValuePair<string, StringValues>> query, bool staff)
    {
        var errors = new Dictionary<string, string[]>();
        var given = query.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var name in given.Keys.Where(n => !Parameters.Contains(n)))
        {
            errors[name] = [$"'{Shown(name)}' is not a search parameter. Search takes: {string.Join(", ", Parameters.Order(StringComparer.Ordinal))}."];
        }

        string? Single(string name)
        {
            if (!given.TryGetValue(name, out var values)) return null;
            if (values.Count > 1) errors[name] = [QueryParameterNames.Repeated(name, values.Count)];
            return values[0];
        }

        // Only leading space goes: a space after the last word says it is finished (see SearchWords).
        var q = Single("q")?.TrimStart();
        if (Validation.CatalogueRules.IsLongerThan(q, MaxQueryLength)) errors["q"] = [$"'q' must be at most {MaxQueryLength} characters."];
        if (q is { Length: 0 }) q = null;
        if (q is not null && !errors.ContainsKey("q"))
        {
            (q, var words) = SearchWords.Folded(q);
            if (words > MaxWords) errors["q"] = [$"'q' may hold at most {MaxWords} words (a word repeated is counted once); it holds {words}."];
            // Quotes, minus signs and "or" join words: alone they ask for nothing, which is no search of anything.
            else if (words == 0) errors["q"] = ["'q' holds no word: a word is a run of letters or digits, which quotes, minus signs and 'or' join or leave out. Send a word, or leave 'q' out (or blank) to find every record."];
        }

        var values = new Dictionary<SearchFilter, IReadOnlyList<string>>();
        foreach (var filter in SearchFilter.Lists)
        {
            if (!given.TryGetValue(filter.Name, out var sent)) continue;
            if (ValuesOf(filter.Name, sent, errors) is not { } read) continue;
            if (filter.IsFolded && read.FirstOrDefault(v => filter.Key(v).Length == 0) is { } nameless)
                errors[filter.Name] = [$"'{Shown(nameless)}' holds no letter or digit: '{filter.Name}' names are matched by their letters and digits, letter case and diacritics aside."];
            // A name given twice in two spellings is one value, kept as first sent.
            else values[filter] = [.. read.Select(v => AsRecorded(filter, v)).DistinctBy(filter.Key, StringComparer.Ordinal)];
        }

        var statusesSent = given.TryGetValue("status", out var status) ? ValuesOf("status", status, errors) ?? [] : [];
        var unknownStatus = statusesSent.FirstOrDefault(s => RecordStatus.Named(s) is null);
        IReadOnlyList<string> statuses = [.. statusesSent.Select(s => RecordStatus.Named(s) ?? s).Distinct(StringComparer.Ordinal)];
        if (unknownStatus is not null)
            errors["status"] = [$"'{Shown(unknownStatus)}' is not a record state. The states are: {string.Join(", ", RecordStatus.All)}."];
        else if (!staff && statuses.Any(s => s != RecordStatus.Published))
            errors["status"] = ["Only published records are searched without a staff role; 'status' may only be 'published'."];

        var yearFrom = Year(YearFromParameter, Single(YearFromParameter), errors);
        var yearTo = Year(YearToParameter, Single(YearToParameter), errors);
        if (yearFrom > yearTo) errors[YearToParameter] = [$"'{YearToParameter}' must not be before '{YearFromParameter}'."];

        var sortSent = Single("sort");
        var sort = Validation.Vocabulary.Named(SearchOrders.All, sortSent) ?? sortSent;
        if (sort is not null && !SearchOrders.All.Contains(sort))
            errors["sort"] = [$"'{Shown(sort)}' is not an order of search. The orders are: {string.Join(", ", SearchOrders.All)}."];
        else if (sort == SearchOrders.Relevance && q is null)
            errors["sort"] = ["'sort=relevance' ranks by the words searched for: send 'q', or sort by date."];

        var pageSizeText = Single("pageSize");
        var pageSize = DefaultPageSize;
        if (pageSizeText is not null && !(Validation.RequestParameters.IsWrittenWhole(pageSizeText) && int.TryParse(pageSizeText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out pageSize) && pageSize is >= 1 and <= MaxPageSize))
            errors["pageSize"] = [$"'pageSize' must be a whole number between 1 and {MaxPageSize}."];

        var afterText = Single("after");
        SearchCursor? after = null;
        if (afterText is not null && !SearchCursor.TryDecode(afterText, out after)) errors["after"] = ["'after' must be the 'next' of an earlier page of this search, as it was given."];

        if (errors.Count > 0) return (null, errors);

        var request = new SearchRequest(
            q, values, statuses, yearFrom, yearTo, sort ?? (q is null ? SearchOrders.Date : SearchOrders.Relevance), pageSize, after, PublishedOnly: !staff);
        if (after is not null && (after.Sort != request.Sort || after.Fingerprint != request.Fingerprint()))
            return (null, new() { ["after"] = ["This 'after' continues another search: send it with the same 'q', filters and 'sort' as the page it came from."] });
        return (request, errors);
    }

    /// <summary>
    /// A filter's value as records hold it: a language by the code records are recorded by, whichever of its codes was
    /// sent ("rus", "RU"); a repository by its authority code, whichever name the authority list gives it ("AP RF",
    /// "Presidential Archive"), as references are recorded and the exports read it (one the list does not know, as sent).
    /// </summary>
    private static string AsRecorded(SearchFilter filter, string value) =>
        filter == SearchFilter.Language ? LanguageCodes.Canonical(value)
        : filter == SearchFilter.Repository ? Catalogue.Citations.RepositoryAuthorities.Resolve(value)?.Code ?? value
        // As the index keeps it (found from outside: "Совершенно секретно", as records write it, found none of them).
        : filter == SearchFilter.Classification ? RecordSearch.ClassificationLevel(value) ?? value
        : value;

    private static IReadOnlyList<string>? ValuesOf(string name, StringValues sent, Dictionary<string, string[]> errors)
    {
        var values = sent.Select(v => (v ?? "").Trim()).ToList();
        if (values.Count > MaxValuesPerFilter) errors[name] = [$"'{name}' may be given at most {MaxValuesPerFilter} times."];
        else if (values.Any(v => v.Length == 0)) errors[name] = [$"'{name}' must not be empty."];
        else if (values.Any(v => Validation.CatalogueRules.IsLongerThan(v, MaxValueLength))) errors[name] = [$"'{name}' must be at most {MaxValueLength} characters."];
        else return [.. values.Distinct(StringComparer.Ordinal)];
        return null;
    }

    private static int? Year(string name, string? text, Dictionary<string, string[]> errors)
    {
        if (text is null) return null;
        // Digits as a date writes a year: up to four, with leading zeros (the year report links 0000 and 0949); no sign.
        if (text.Length is >= 1 and <= 4 && !text.AsSpan().ContainsAnyExcept("0123456789")
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= FirstYear and <= LastYear) return year;
        errors[name] = [$"'{name}' must be a year between {FirstYear} and {LastYear}."];
        return null;
    }

    /// <summary>A value as an error message may quote it: short.</summary>
    private static string Shown(string value) => Validation.Echoed.Shortened(value);
}
