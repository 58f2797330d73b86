using System.Globalization;
using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Reports;

/// <summary>
/// A report downloaded for a spreadsheet: RFC 4180 CSV with <c>Accept: text/csv</c> (or <c>?format=csv</c>), named for
/// saving, that a CSV reader parses back into exactly the lines the JSON gives, whatever commas and quotes the names
/// hold, and whose cells a spreadsheet never runs as formulas.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_a_report_is_downloaded_as_csv(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task the_csv_parses_back_to_the_lines_the_json_gives_whatever_the_names_hold()
    {
        var record = await CataloguedRecord.Accession(Api, "Memorandum of Conversation with Zhou Enlai");
        await record.Funded("Goldberg, Gary", "Translated for \"CWIHP\", with thanks, by Gary Goldberg.");
        await record.Funded("=HYPERLINK(\"http://evil.example\",\"click\")", "+1 funded; -2 more; @SUM(A1)");
        await record.Funded("Leon Levy Foundation", "Made possible with support from the Leon Levy Foundation.");
        await Service.ProjectionsCaughtUp();

        var reply = (await Api.Get("/api/reports/funders", ("Accept", "text/csv"))).ShouldBe(HttpStatusCode.OK);
        var json = await Service.Report("funders");

        Assert.Equal("text/csv; charset=utf-8; header=present", reply.ContentHeaders!.ContentType!.ToString());
        Assert.Equal("attachment; filename=\"catalogue-funders.csv\"", reply.ContentHeaders.ContentDisposition!.ToString());
        Assert.Contains("Accept", reply.Headers.Vary);
        Assert.EndsWith("\r\n", reply.Text);
        var rows = CsvRows.Parse(reply.Text);
        Assert.Equal(["funder", "note", "records", "draft", "published", "withdrawn", "search"], rows[0]);
        IEnumerable<string[]> FromJson()
        {
            foreach (var funder in json["items"]!.AsArray())
            {
                var name = funder!["funder"]!.GetValue<string>();
                yield return [name, "", funder["records"]!.ToJsonString()];
                foreach (var note in funder["notes"]!.AsArray()) yield return [name, note!["note"]!.GetValue<string>(), note["records"]!.ToJsonString()];
            }
        }

        Assert.Equal(FromJson(), rows.Skip(1).Select(row => new[] { Unguarded(row[0]), Unguarded(row[1]), row[2] }));
        Assert.Contains(rows, row => row[0] == "Goldberg, Gary" && row[1] == "Translated for \"CWIHP\", with thanks, by Gary Goldberg.");
        Assert.Contains(rows, row => row[0] == "'=HYPERLINK(\"http://evil.example\",\"click\")" && row[1] == "'+1 funded; -2 more; @SUM(A1)");
        Assert.DoesNotContain(rows.SelectMany(r => r), cell => cell.Length > 0 && "=+-@".Contains(cell[0]));
    }

    /// <summary>A cell as it was before the guard against formulas prefixed it.</summary>
    private static string Unguarded(string cell) => cell.Length > 1 && cell[0] == '\'' && "=+-@".Contains(cell[1]) ? cell[1..] : cell;

    [Theory]
    [InlineData("text/csv", "text/csv")]
    [InlineData("text/*", "text/csv")]
    [InlineData("application/json", "application/json")]
    [InlineData("*/*", "application/json")]
    [InlineData("text/csv;q=0.5, application/json", "application/json")]
    [InlineData("text/csv, application/json;q=0.9", "text/csv")]
    [InlineData("text/html, text/csv;q=0.1", "text/csv")]
    [InlineData("TEXT/CSV", "text/csv")]
    public async Task the_form_is_chosen_by_accept(string accept, string answered)
    {
        var reply = (await Api.Get("/api/reports/years", ("Accept", accept))).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(answered, reply.ContentHeaders!.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("application/xml")]
    [InlineData("text/html, image/*")]
    [InlineData("text/csv;q=0, application/json;q=0")]
    [InlineData("not a media type ;;; ===")]
    public async Task an_accept_no_form_satisfies_is_answered_406_with_problem_details(string accept)
    {
        var reply = (await Api.Get("/api/reports/translators", ("Accept", accept))).ShouldBe(HttpStatusCode.NotAcceptable);

        Assert.Equal("application/problem+json", reply.ContentHeaders!.ContentType!.MediaType);
        Assert.Equal(406, reply.Json["status"]!.GetValue<int>());
        Assert.Contains("text/csv", reply.Json["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_link_names_the_form_with_format()
    {
        var csv = (await Api.Get("/api/reports/languages?format=csv", ("Accept", "application/json"))).ShouldBe(HttpStatusCode.OK);
        var json = (await Api.Get("/api/reports/languages?format=JSON", ("Accept", "text/csv"))).ShouldBe(HttpStatusCode.OK);
        var unknown = (await Api.Get("/api/reports/languages?format=xlsx")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal("code,name,records,draft,published,withdrawn,search\r\n", csv.Text);
        Assert.Equal("languages", json.Json["report"]!.GetValue<string>());
        Assert.Equal(["format"], unknown.ErrorFields);
    }
}
