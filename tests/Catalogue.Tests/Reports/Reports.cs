using System.Net;
using System.Text.Json.Nodes;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Reports;

/// <summary>One line of a report as a client reads it: the report, the path to the line, and its counts.</summary>
public sealed record CountedLine(string Report, string Path, long Records, long? Draft, long? Published, long? Withdrawn);

/// <summary>Reading the reports as a client does, once the counts hold every change made so far (they are an async read model).</summary>
public static class Reports
{
    public static readonly string[] Names = ["translators", "funders", "repositories", "years", "languages"];

    private static readonly Dictionary<string, (string[] Levels, string[] Under)> Shapes = new()
    {
        ["translators"] = (["translator"], []),
        ["funders"] = (["funder", "note"], ["notes"]),
        ["repositories"] = (["repository", "fond", "opis"], ["fonds", "opisi"]),
        ["years"] = (["year"], []),
        ["languages"] = (["code", "name"], ["names"]),
    };

    public static async Task<JsonNode> Report(this CatalogueService service, string report, Support.Api? client = null)
    {
        await service.ProjectionsCaughtUp();
        return (await (client ?? service.Api).Get($"/api/reports/{report}")).ShouldBe(HttpStatusCode.OK).Json;
    }

    /// <summary>Every line of every report <paramref name="client"/> is shown, by report and path ("repositories AVPRF/0100").</summary>
    public static async Task<IReadOnlyDictionary<string, CountedLine>> EveryLine(this CatalogueService service, Support.Api? client = null)
    {
        var lines = new Dictionary<string, CountedLine>();
        foreach (var report in Names)
        {
            foreach (var line in Lines(report, await service.Report(report, client))) lines.Add($"{line.Report} {line.Path}", line);
        }

        return lines;
    }

    public static IEnumerable<CountedLine> Lines(string report, JsonNode answer) => Lines(report, answer["items"]!.AsArray(), 0, "");

    private static IEnumerable<CountedLine> Lines(string report, JsonArray items, int level, string parent)
    {
        var (levels, under) = Shapes[report];
        foreach (var item in items)
        {
            var value = item![levels[level]]?.ToString() ?? "undated";
            var path = parent.Length == 0 ? value : $"{parent}/{value}";
            var status = item["byStatus"];
            yield return new CountedLine(
                report, path, item["records"]!.GetValue<long>(),
                status?["draft"]!.GetValue<long>(), status?["published"]!.GetValue<long>(), status?["withdrawn"]!.GetValue<long>());
            if (level < under.Length)
            {
                foreach (var line in Lines(report, item[under[level]]!.AsArray(), level + 1, path)) yield return line;
            }
        }
    }
}
