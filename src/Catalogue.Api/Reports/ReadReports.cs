using Catalogue.Api.Hosting;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Security;
using Catalogue.Api.Validation;
using Marten;
using Wolverine.Http;

namespace Catalogue.Api.Reports;

/// <summary>One report the catalogue answers, and where.</summary>
public sealed record ReportListing(string Report, string Href, string Counts);

/// <summary>
/// The reports: how many records per translator, per funder (with each note as written), per repository → fond →
/// opis, per year and per language; JSON, or CSV for <c>Accept: text/csv</c>. Each is read from its counts
/// (<see cref="ReportTally"/>), a row per line of the report: never from the records. Readers and the public are
/// told of published records only, and of no line that only drafts or withdrawn records count toward; staff are told of
/// every record, by state. The counts are an async read model: a moment behind a command (<c>Prefer:
/// wait-for-projections</c> waits for them).
/// </summary>
public static class ReadReportsEndpoints
{
    private static readonly IReadOnlyList<ReportListing> Reports =
    [
        new(ReportNames.Translators, ReportShape.Translators.Route, "records per translator, as named in translation credits"),
        new(ReportNames.Funders, ReportShape.Funders.Route, "records per funder, and per funding note as written"),
        new(ReportNames.Repositories, ReportShape.Repositories.Route, "records per repository, fond and opis"),
        new(ReportNames.Years, ReportShape.Years.Route, "records per year their date can fall in; undated records apart"),
        new(ReportNames.Languages, ReportShape.Languages.Route, "records per original language (ISO 639), and per name as written"),
    ];

    [WolverineGet("/api/reports")]
    public static IReadOnlyList<ReportListing> List() => Reports;

    [WolverineGet("/api/reports/translators")]
    [ChecksItsQueryToo]
    public static Task<IResult> Translators(string? format, CatalogueReads reads, HttpContext http) => AnswerAsync(ReportShape.Translators, format, reads, http);

    [WolverineGet("/api/reports/funders")]
    [ChecksItsQueryToo]
    public static Task<IResult> Funders(string? format, CatalogueReads reads, HttpContext http) => AnswerAsync(ReportShape.Funders, format, reads, http);

    [WolverineGet("/api/reports/repositories")]
    [ChecksItsQueryToo]
    public static Task<IResult> Repositories(string? format, CatalogueReads reads, HttpContext http) => AnswerAsync(ReportShape.Repositories, format, reads, http);

    [WolverineGet("/api/reports/years")]
    [ChecksItsQueryToo]
    public static Task<IResult> Years(string? format, CatalogueReads reads, HttpContext http) => AnswerAsync(ReportShape.Years, format, reads, http);

    [WolverineGet("/api/reports/languages")]
    [ChecksItsQueryToo]
    public static Task<IResult> Languages(string? format, CatalogueReads reads, HttpContext http) => AnswerAsync(ReportShape.Languages, format, reads, http);

    /// <summary>A name that is no report: the answer lists the ones there are (each report's own route comes first).</summary>
    [WolverineGet("/api/reports/{name}")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<Microsoft.AspNetCore.Mvc.ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static IResult NoSuchReport(string name) => Problems.NotFoundProblem(
        "Report not found",
        $"There is no report '{(name.Length > 100 ? name[..100] + "…" : name)}'. The reports are: {string.Join(", ", Reports.Select(r => r.Report))} (GET /api/reports lists them).").ToResult();

    private static async Task<IResult> AnswerAsync(ReportShape shape, string? format, CatalogueReads reads, HttpContext http)
    {
        // Which form is answered depends on Accept: caches must keep the forms apart.
        http.Response.Headers.Vary = "Accept";
        var (chosen, refusal) = ReportFormats.Negotiate(format, http.Request.Headers.Accept, RequestParameters.RefusedBefore(http));
        if (refusal is not null) return refusal;

        var staff = Roles.IsStaff(http.User);
        await using var session = reads.OpenSession();
        var tallies = await session.Query<ReportTally>().Where(t => t.Report == shape.Name).ToListAsync(http.RequestAborted);
        var lines = shape.Tree(staff ? tallies : tallies.Where(t => t.Published > 0), staff);
        if (shape == ReportShape.Translators) lines = await TranslatorsOnce.OneLinePerPersonAsync(session, lines, staff, http.RequestAborted);
        if (chosen == ReportFormat.Csv)
        {
            var (header, rows) = shape.Table(lines, staff);
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"catalogue-{shape.Name}.csv\"";
            return Results.Text(CsvTable.Write(header, rows), $"{CsvTable.MediaType}; charset=utf-8; header=present");
        }

        return new JsonReport(shape, lines, staff);
    }
}

/// <summary>
/// A report written as JSON straight into the response's pipe, whose pooled segments hold it until it is sent: a report
/// of thousands of lines is hundreds of kilobytes, which a buffer of its own would take from the large-object heap
/// every time it is asked.
/// </summary>
internal sealed class JsonReport(ReportShape shape, IReadOnlyList<ReportLine> lines, bool staff) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.ContentType = $"{Hosting.ContentTypes.Json}; charset=utf-8";
        var body = http.Response.BodyWriter;
        await using (var json = new System.Text.Json.Utf8JsonWriter(body)) shape.WriteJson(json, lines, staff);
        await body.FlushAsync(http.RequestAborted);
    }
}
