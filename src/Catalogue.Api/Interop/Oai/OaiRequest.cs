using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Catalogue.Api.Interop.Oai;

/// <summary>An OAI-PMH error: its code as the protocol names it, and what a harvester's operator should read.</summary>
public sealed record OaiError(string Code, string Message)
{
    public static OaiError BadVerb(string message) => new("badVerb", message);
    public static OaiError BadArgument(string message) => new("badArgument", message);
}

/// <summary>A bound of a harvest as a harvester gave it: the instant, and whether it was given to the day or the second.</summary>
public sealed record OaiInstant(DateTimeOffset At, bool ToTheDay, string AsGiven)
{
    /// <summary>Day or second granularity, as OAI-PMH allows: <c>2026-12-01</c> or <c>2026-12-01T09:30:00Z</c>.</summary>
    public static OaiInstant? Read(string text)
    {
        if (text.Length == 10 && DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day))
            return new OaiInstant(new DateTimeOffset(day, TimeSpan.Zero), true, text);
        if (text.Length == 20 && DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var second))
            return new OaiInstant(new DateTimeOffset(second, TimeSpan.Zero), false, text);
        return null;
    }

    /// <summary>The first instant after what this bound names, as the end of a harvest: the next day, or the next second.</summary>
    public DateTimeOffset End => DateTimeOffset.MaxValue - At < TimeSpan.FromDays(1) ? DateTimeOffset.MaxValue : ToTheDay ? At.AddDays(1) : At.AddSeconds(1);
}

/// <summary>
/// An OAI-PMH request read from its arguments (the query string of a GET, the form of a POST), or the error the
/// protocol names for it. Every argument may be given once; each verb takes the arguments the protocol lists for it
/// and no other.
/// </summary>
public sealed record OaiRequest(
    string Verb, string? Identifier, string? MetadataPrefix, OaiInstant? From, OaiInstant? Until, string? Set, string? ResumptionToken)
{
    public const string Identify = "Identify";
    public const string ListMetadataFormats = "ListMetadataFormats";
    public const string ListSets = "ListSets";
    public const string GetRecord = "GetRecord";
    public const string ListIdentifiers = "ListIdentifiers";
    public const string ListRecords = "ListRecords";

    private static readonly Dictionary<string, (string[] Required, string[] Optional, bool Resumable)> Verbs = new(StringComparer.Ordinal)
    {
        [Identify] = ([], [], false),
        [ListMetadataFormats] = ([], ["identifier"], false),
        [ListSets] = ([], [], true),
        [GetRecord] = (["identifier", "metadataPrefix"], [], false),
        [ListIdentifiers] = (["metadataPrefix"], ["from", "until", "set"], true),
        [ListRecords] = (["metadataPrefix"], ["from", "until", "set"], true),
    };

    /// <summary>
    /// The arguments a request may carry (a GET's query, a POST's form), as the API description gives them: the provider
    /// reads them itself and answers what is wrong with them as an OAI-PMH error (HTTP 200).
    /// </summary>
    public static readonly IReadOnlyList<Validation.OwnQueryParameter> Described =
    [
        new("verb", "What is asked: Identify, ListMetadataFormats, ListSets, GetRecord, ListIdentifiers or ListRecords.") { Allowed = [.. Verbs.Keys], Required = true },
        new("identifier", "A record's OAI identifier (oai:HOST:RECORD-ID), for GetRecord, and optionally ListMetadataFormats."),
        new("metadataPrefix", "The format of the metadata: for GetRecord, ListIdentifiers and ListRecords.") { Allowed = [.. OaiFormats.All.Select(f => f.Prefix)] },
        new("from", "The first datestamp harvested, a UTC day (2026-12-01) or second (2026-12-01T09:30:00Z): for ListIdentifiers and ListRecords.") { Pattern = InstantPattern },
        new("until", "The last datestamp harvested, as from.") { Pattern = InstantPattern },
        new("set", "A set of ListSets: a repository (AVPRF) or a fond of it (AVPRF:0100), for ListIdentifiers and ListRecords."),
        new("resumptionToken", "The token the page before ended with, the only argument besides the verb: for ListSets, ListIdentifiers and ListRecords."),
    ];

    private const string InstantPattern = @"^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)?$";

    public static (OaiRequest? Request, OaiError? Error) Read(IEnumerable<KeyValuePair<string, StringValues>> arguments)
    {
        var given = arguments.ToList();
        var verbs = given.Where(a => a.Key == "verb").SelectMany(a => a.Value).ToList();
        if (verbs.Count == 0) return (null, OaiError.BadVerb("The request names no verb. The verbs are: " + string.Join(", ", Verbs.Keys) + "."));
        if (verbs.Count > 1) return (null, OaiError.BadVerb("The verb is given more than once."));
        var verb = verbs[0] ?? "";
        if (!Verbs.TryGetValue(verb, out var rules))
            return (null, OaiError.BadVerb($"'{Printable(verb)}' is not an OAI-PMH verb. The verbs are: {string.Join(", ", Verbs.Keys)}."));

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in given.Where(a => a.Key != "verb"))
        {
            if (value.Count != 1 || values.ContainsKey(name)) return (null, OaiError.BadArgument($"The argument '{Printable(name)}' is given more than once."));
            values[name] = value[0] ?? "";
        }

        if (values.TryGetValue("resumptionToken", out var token))
        {
            if (!rules.Resumable) return (null, OaiError.BadArgument($"{verb} takes no resumptionToken."));
            if (values.Count > 1) return (null, OaiError.BadArgument("A resumptionToken is the only argument its request may carry besides the verb."));
            return (new OaiRequest(verb, null, null, null, null, null, token), null);
        }

        if (values.Keys.FirstOrDefault(name => !rules.Required.Contains(name) && !rules.Optional.Contains(name)) is { } illegal)
            return (null, OaiError.BadArgument($"{verb} takes no argument '{Printable(illegal)}'."));
        if (rules.Required.FirstOrDefault(name => !values.ContainsKey(name)) is { } missing)
            return (null, OaiError.BadArgument($"{verb} needs the argument '{missing}'."));
        if (values.FirstOrDefault(v => v.Value.Length == 0) is { Key: { } empty })
            return (null, OaiError.BadArgument($"The argument '{empty}' is empty."));

        OaiInstant? from = null, until = null;
        if (values.TryGetValue("from", out var fromText) && (from = OaiInstant.Read(fromText)) is null)
            return (null, OaiError.BadArgument($"'from' must be a date (2026-12-01) or a UTC time to the second (2026-12-01T09:30:00Z), not '{Printable(fromText)}'."));
        if (values.TryGetValue("until", out var untilText) && (until = OaiInstant.Read(untilText)) is null)
            return (null, OaiError.BadArgument($"'until' must be a date (2026-12-01) or a UTC time to the second (2026-12-01T09:30:00Z), not '{Printable(untilText)}'."));
        if (from is not null && until is not null && from.ToTheDay != until.ToTheDay)
            return (null, OaiError.BadArgument("'from' and 'until' must be given to the same granularity: both dates, or both times to the second."));
        if (from is not null && until is not null && from.At > until.At)
            return (null, OaiError.BadArgument("'from' is after 'until'."));
        if (values.TryGetValue("metadataPrefix", out var prefix) && !prefix.All(c => char.IsAsciiLetterOrDigit(c) || "-_.!~*'()".Contains(c)))
            return (null, OaiError.BadArgument($"'{Printable(prefix)}' is not a metadata prefix: letters, digits and -_.!~*'() only."));
        if (values.TryGetValue("set", out var set) && SetSpec.Refusal(set) is { } notASet)
            return (null, OaiError.BadArgument($"'{Printable(set)}' {notASet}."));

        return (new OaiRequest(verb, values.GetValueOrDefault("identifier"), values.GetValueOrDefault("metadataPrefix"), from, until, values.GetValueOrDefault("set"), null), null);
    }

    /// <summary>A value quoted back to the harvester, shortened and with what XML cannot carry replaced.</summary>
    public static string Printable(string value) => XmlText.Clean(value.Length > 100 ? value[..100] + "…" : value);
}
