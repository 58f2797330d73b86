using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Catalogue.Api.Reports;

public enum ReportFormat
{
    Json,
    Csv,
}

/// <summary>
/// Which form a report is answered in: JSON by default, CSV for <c>Accept: text/csv</c>, chosen as RFC 9110 says (the
/// most specific media range that matches a form gives its quality, the highest quality wins, JSON on a tie). A link
/// cannot send a header, so <c>?format=csv</c> or <c>?format=json</c> names the form instead.
/// </summary>
public static class ReportFormats
{
    private static readonly (ReportFormat Format, string Type, string Subtype)[] Served =
    [
        (ReportFormat.Json, "application", "json"),
        (ReportFormat.Csv, "text", "csv"),
    ];

    /// <returns>
    /// The form to answer in, or the problem to answer instead: 400 for an unknown <c>format</c>, named beside the
    /// parameters the checks every endpoint runs refused (<paramref name="refusedBefore"/>), and for those alone; 406
    /// when nothing acceptable is served.
    /// </returns>
    public static (ReportFormat? Format, IResult? Refusal) Negotiate(string? format, StringValues accept, IReadOnlyDictionary<string, string[]> refusedBefore)
    {
        var own = new Dictionary<string, string[]>();
        ReportFormat? named = format?.ToLowerInvariant() switch { "json" => ReportFormat.Json, "csv" => ReportFormat.Csv, _ => null };
        if (format is not null && named is null) own["format"] = ["'format' must be json or csv."];
        if (Validation.RequestParameters.Refusing(refusedBefore, own) is { Count: > 0 } refused) return (null, Results.ValidationProblem(refused));
        if (named is not null) return (named, null);

        var sent = accept.ToString();
        if (string.IsNullOrWhiteSpace(sent)) return (ReportFormat.Json, null);
        if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0) return (null, NotAcceptable(sent));

        var best = Served
            .Select(served => (served.Format, Quality: QualityOf(served.Type, served.Subtype, ranges)))
            .Where(s => s.Quality > 0)
            .OrderByDescending(s => s.Quality)
            .ThenBy(s => s.Format)
            .Select(s => (ReportFormat?)s.Format)
            .FirstOrDefault();
        return best is null ? (null, NotAcceptable(sent)) : (best, null);
    }

    /// <summary>The quality of the most specific range that matches type/subtype; 0 when none does.</summary>
    private static double QualityOf(string type, string subtype, IList<MediaTypeHeaderValue> ranges)
    {
        var matching = ranges
            .Select(r => (Range: r, Specificity: Specificity(r, type, subtype)))
            .Where(r => r.Specificity > 0)
            .OrderByDescending(r => r.Specificity)
            .FirstOrDefault();
        return matching.Range is null ? 0 : matching.Range.Quality ?? 1;
    }

    private static int Specificity(MediaTypeHeaderValue range, string type, string subtype)
    {
        var (rangeType, rangeSubtype) = (range.Type.Value ?? "", range.SubType.Value ?? "");
        if (rangeType == "*" && rangeSubtype == "*") return 1;
        if (!rangeType.Equals(type, StringComparison.OrdinalIgnoreCase)) return 0;
        if (rangeSubtype == "*") return 2;
        return rangeSubtype.Equals(subtype, StringComparison.OrdinalIgnoreCase) ? 3 : 0;
    }

    private static IResult NotAcceptable(string sent) => Results.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status406NotAcceptable,
        Title = "Not acceptable",
        Detail = "A report is answered as application/json or as text/csv (send Accept: text/csv, or ?format=csv). The request accepted only "
            + $"\"{(sent.Length > 100 ? sent[..100] + "…" : sent)}\".",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.7",
    });
}
