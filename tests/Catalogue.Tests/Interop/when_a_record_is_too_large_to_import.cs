using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Catalogue.Api.Interop.Bulk;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Interop;

/// <summary>
/// A spreadsheet or a JSON-lines file with one record far too large — a whole book pasted into a cell, a quote never
/// closed — is answered for that row alone: the rows before and after it go in, and the batch finishes.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_a_record_is_too_large_to_import(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task a_spreadsheet_row_past_the_limit_is_rejected_alone_and_the_rows_after_it_go_in()
    {
        // A cell of quoted lines, commas and quotes, longer than any row may be, between two ordinary rows; CR LF line ends.
        var book = string.Concat(Enumerable.Repeat("Глава, \"первая\"\r\n", CsvRowLimit.MaxRowChars / 16));
        const string lastRow = "Telegram from Mao Zedong to Stalin,\"two,\nlines\"\r\n";
        var csv = "Title,Full Text\r\n"
            + "Memorandum of Conversation with Zhou Enlai,short\r\n"
            + $"A whole book,\"{book.Replace("\"", "\"\"")}\"\r\n"
            + lastRow;
        var body = Encoding.UTF8.GetBytes(csv);

        var batch = (await ImportCsv(body)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(("finished", 4L, 2L, 1L), (batch["state"]!.GetValue<string>(), batch["lines"]!.GetValue<long>(), batch["created"]!.GetValue<long>(), batch["rejected"]!.GetValue<long>()));
        var problem = Assert.Single(batch["problems"]!.AsArray())!;
        Assert.Equal(3, problem["line"]!.GetValue<long>());
        Assert.Equal($"The row is longer than {CsvRowLimit.MaxRowChars:N0} characters, the most one record may take.", problem["message"]!.GetValue<string>());
        // Read to the end, the row left out counted whole.
        Assert.Equal(body.Length, batch["bytesRead"]!.GetValue<long>());
        var titles = (await Service.ListedRecords()).Select(r => r["title"]!.GetValue<string>()).Order();
        Assert.Equal(["Memorandum of Conversation with Zhou Enlai", "Telegram from Mao Zedong to Stalin"], titles);
    }

    [Fact]
    public async Task a_cell_written_like_a_row_left_out_is_read_as_what_it_is()
    {
        var batch = (await ImportCsv(Encoding.UTF8.GetBytes("Title\n\u000099\u0000\nMemorandum of Conversation with Zhou Enlai\n"))).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((1L, 1L), (batch["created"]!.GetValue<long>(), batch["rejected"]!.GetValue<long>()));
        var problem = Assert.Single(batch["problems"]!.AsArray())!;
        Assert.Equal((2L, "title"), (problem["line"]!.GetValue<long>(), problem["field"]!.GetValue<string>()));
        Assert.DoesNotContain("longer than", problem["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_json_line_past_the_limit_is_rejected_even_when_its_end_arrives_with_it()
    {
        var summary = new string('x', JsonLinesReader.MaxLineBytes);
        var body = "{\"title\":\"First\"}\n{\"title\":\"Second\",\"summary\":\"" + summary + "\"}\n{\"title\":\"Third\"}\n";

        var batch = (await Api.PostRaw("/api/imports/jsonl", body, "application/x-ndjson")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(("finished", 3L, 2L, 1L), (batch["state"]!.GetValue<string>(), batch["lines"]!.GetValue<long>(), batch["created"]!.GetValue<long>(), batch["rejected"]!.GetValue<long>()));
        var problem = Assert.Single(batch["problems"]!.AsArray())!;
        Assert.Equal((2L, $"The line is longer than {JsonLinesReader.MaxLineBytes:N0} bytes, the most one record may take."), (problem["line"]!.GetValue<long>(), problem["message"]!.GetValue<string>()));
    }

    private Task<Reply> ImportCsv(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "text/csv");
        return Api.PostContent("/api/imports/csv", content);
    }
}
