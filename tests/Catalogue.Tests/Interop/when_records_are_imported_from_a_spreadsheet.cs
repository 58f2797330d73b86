using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Catalogue.Api.Interop.Bulk;
using Catalogue.Api.Records.Writing;
using Catalogue.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Interop;

/// <summary>
/// Archivists keep lists of documents in spreadsheets: a row a document, the citation in one cell, several translators
/// or funders in one cell. A CSV of it becomes records built from events; rows that cannot be are answered by row and
/// column while the others go in; an import cut off goes on from where it stopped.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_records_are_imported_from_a_spreadsheet(CatalogueService service) : CatalogueScenario(service)
{
    private const string Csv = "text/csv";

    private const string Header =
        "Title,Accession Number,Document Type,Date Created,Date Created EDTF,Classification,Creators,Participants,Languages,Citation,Translators,Funders,Subjects,Places,Full Text,Status";

    private Task<Reply> Import(string csv, string query = "") => Api.PostContent($"/api/imports/csv{query}", Body(Encoding.UTF8.GetBytes(csv)));

    private static ByteArrayContent Body(byte[] bytes, string contentType = Csv)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    [Fact]
    public async Task each_row_becomes_a_record_with_its_citation_read_and_its_cells_of_several_values_split()
    {
        var csv = Header + "\n"
            + "\"From the Diary of N.V. Roshchin, Memorandum of Conversation with Zhou Enlai\",SP-1949-001,Memorandum of Conversation,\"10 November 1949\",1949-11-10,\"Top Secret, Copy No. 4\","
            + "N.V. Roshchin (author),Zhou Enlai (Premier) | N.V. Roshchin (Soviet Ambassador),Russian,\"AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85\","
            + "David Wolff | Sergey Radchenko,Leon Levy Foundation | Henry Luce Foundation,Sino-Soviet relations | Cold War,Beijing,"
            + "\"Из дневника Н.В. Рощина.\n\n\"\"Секретно\"\", экз. 4\",published\n";

        var reply = (await Import(csv)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(("csv", "finished", 2L, 1L, 0L), (reply["format"]!.GetValue<string>(), reply["state"]!.GetValue<string>(), reply["lines"]!.GetValue<long>(), reply["created"]!.GetValue<long>(), reply["rejected"]!.GetValue<long>()));
        // Every byte sent is read by the end: the offset of a row is where it ends, not where it begins.
        Assert.Equal((Encoding.UTF8.GetByteCount(csv), Encoding.UTF8.GetByteCount(csv)), (reply["totalBytes"]!.GetValue<long>(), reply["bytesRead"]!.GetValue<long>()));
        var id = (await Service.ListedRecords()).Single()["id"]!.GetValue<Guid>();
        var record = (await Api.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal("SP-1949-001", record["accessionNumber"]!.GetValue<string>());
        Assert.Equal("published", record["status"]!.GetValue<string>());
        Assert.Equal("Top Secret, Copy No. 4", record["classification"]!.GetValue<string>());
        Assert.Equal(("AVPRF", "0100", "42", "19", "288", "81-85"),
            (Text(record["provenance"]![0]!, "repository"), Text(record["provenance"]![0]!, "fond"), Text(record["provenance"]![0]!, "opis"),
             Text(record["provenance"]![0]!, "poryadok"), Text(record["provenance"]![0]!, "papka"), Text(record["provenance"]![0]!, "folios")));
        Assert.Equal(["David Wolff", "Sergey Radchenko"], record["translations"]![0]!["translators"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("Translated by David Wolff and Sergey Radchenko.", Text(record["translations"]![0]!, "credit"));
        Assert.Equal(["Leon Levy Foundation", "Henry Luce Foundation"], record["fundingNotes"]!.AsArray().Select(f => Text(f!, "funder")));
        Assert.Equal(["Zhou Enlai", "N.V. Roshchin"], record["participants"]!.AsArray().Select(p => Text(p!, "name")));
        Assert.Equal("Soviet Ambassador", Text(record["participants"]![1]!, "role"));
        Assert.Equal(("ru", "Russian"), (Text(record["originalLanguages"]![0]!, "code"), Text(record["originalLanguages"]![0]!, "name")));
        Assert.Equal(["Sino-Soviet relations", "Cold War"], record["subjects"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(("1949-11-10", "10 November 1949"), (Text(record["dates"]![0]!, "edtf"), Text(record["dates"]![0]!, "asWritten")));
        var text = (await Api.Get($"/api/records/{id}/full-texts/ru/original")).ShouldBe(HttpStatusCode.OK).Text;
        Assert.Equal("Из дневника Н.В. Рощина.\n\n\"Секретно\", экз. 4", text);
        var history = (await Api.Get($"/api/records/{id}/history")).Json["events"]!.AsArray();
        Assert.All(history, e => Assert.Equal($"http POST /api/imports/csv (batch {reply["batch"]})", Text(e!, "source")));
    }

    private static string? Text(JsonNode node, string name) => node[name]?.GetValue<string>();

    /// <summary>
    /// Found from outside: a full text's cell was trimmed like every other, so a transcription's indented first line
    /// and its last line break were lost (and its digest differed from the same text attached by its command).
    /// </summary>
    [Fact]
    public async Task a_full_text_is_kept_exactly_as_its_cell_holds_it()
    {
        const string transcription = "    Секретно. Экз. № 4\r\nЗапись беседы\rс Чжоу Эньлаем\n";
        var csv = "title,full_text,full_text_language,full_text_kind\nMemorandum of conversation,\"" + transcription + "\",ru,original\n";

        (await Import(csv)).ShouldBe(HttpStatusCode.OK);

        var id = (await Service.ListedRecords()).Single()["id"]!.GetValue<Guid>();
        Assert.Equal(transcription, (await Api.Get($"/api/records/{id}/full-texts/ru/original")).ShouldBe(HttpStatusCode.OK).Text);
    }

    /// <summary>
    /// Found from outside: a spreadsheet set to German, French or Russian saves "CSV" with semicolons (its decimal mark
    /// is the comma), and a table pasted out of one has tabs; both were refused as one unknown column 'title;summary'.
    /// </summary>
    [Theory]
    [InlineData(';')]
    [InlineData('\t')]
    public async Task a_spreadsheet_saved_with_semicolons_or_tabs_is_read_by_the_separator_its_header_has(char separator)
    {
        var csv = "\ufeff" + string.Join(separator, "Title", "Citation", "Translators", "Summary", "Classification") + "\r\n"
            + string.Join(separator, "Memorandum of Conversation with Zhou Enlai", "\"AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85\"", "David Wolff | Sergey Radchenko",
                $"\"Zhou Enlai speaks for Mao{separator} the Chairman wishes to visit Moscow.\r\nA second paragraph.\"", "Top Secret, Copy 4") + "\r\n"
            + "A memorandum without the rest\r\n";

        var reply = (await Import(csv)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((2L, 0L), (reply["created"]!.GetValue<long>(), reply["rejected"]!.GetValue<long>()));
        var id = (await Service.ListedRecords()).Single(r => r["title"]!.GetValue<string>() == "Memorandum of Conversation with Zhou Enlai")["id"]!.GetValue<Guid>();
        var record = (await Api.Get($"/api/records/{id}")).Json;
        Assert.Equal(("0100", "81-85"), (Text(record["provenance"]![0]!, "fond"), Text(record["provenance"]![0]!, "folios")));
        Assert.Equal(["David Wolff", "Sergey Radchenko"], record["translations"]![0]!["translators"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal($"Zhou Enlai speaks for Mao{separator} the Chairman wishes to visit Moscow.\r\nA second paragraph.", Text(record, "summary"));
        Assert.Equal("Top Secret, Copy 4", Text(record, "classification"));
    }

    /// <summary>Found from outside: a header of 70,000 semicolons was answered with 280 KB naming the nameless column 70,000 times.</summary>
    [Fact]
    public async Task a_header_of_nameless_or_many_unknown_columns_is_told_in_a_few_words()
    {
        var nameless = (await Import("title;summary" + new string(';', 70_000) + "\nA memorandum;A summary\n")).ShouldBe(HttpStatusCode.BadRequest);
        var many = (await Import("title," + string.Join(",", Enumerable.Range(1, 500).Select(n => $"column{n}")) + "\n")).ShouldBe(HttpStatusCode.BadRequest);

        var told = nameless.Json["errors"]!["header"]![0]!.GetValue<string>();
        Assert.StartsWith("The header names columns a CSV import does not read: a column without a name. The columns are: id,", told);
        Assert.Contains("'column20' and 480 more.", many.Json["errors"]!["header"]![0]!.GetValue<string>());
        Assert.True(many.Text.Length < 2_000, $"{many.Text.Length} characters");
        Assert.Equal(0, await Service.ListedRecordCount());
    }

    /// <summary>
    /// Found from outside: a first line "sep=;" — the hint some tools write so that a spreadsheet opens the file with the
    /// right separator — was refused as the unknown columns 'sep=' and ''. It names the separator and is passed over.
    /// </summary>
    [Fact]
    public async Task a_separator_hint_before_the_header_names_the_separator()
    {
        var csv = "\ufeffsep=;\r\ntitle;summary\r\nA memorandum, secret;A summary, in two clauses\r\n";

        var reply = (await Import(csv)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((1L, 0L), (reply["created"]!.GetValue<long>(), reply["rejected"]!.GetValue<long>()));
        // Every byte sent is counted read, the hint's too.
        Assert.Equal(Encoding.UTF8.GetByteCount(csv), reply["bytesRead"]!.GetValue<long>());
        var listed = Assert.Single(await Service.ListedRecords());
        Assert.Equal("A memorandum, secret", listed["title"]!.GetValue<string>());
    }

    /// <summary>A file of one column has no separator in its header: it is read with commas, and its titles' semicolons stay in them.</summary>
    [Fact]
    public async Task a_file_of_titles_alone_keeps_the_semicolons_of_its_titles()
    {
        var reply = (await Import("title\n\"Memorandum; Top Secret, Copy 4\"\nTelegram; Roshchin to Filippov\n")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((2L, 0L), (reply["created"]!.GetValue<long>(), reply["rejected"]!.GetValue<long>()));
        Assert.Equal(["Memorandum; Top Secret, Copy 4", "Telegram; Roshchin to Filippov"], (await Service.ListedRecords()).Select(r => r["title"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task rows_that_cannot_be_records_are_answered_by_row_and_column_and_the_others_go_in()
    {
        var csv = "title,date_created,date_created_edtf,languages,translators,summary\n"
            + "Good memorandum,,,,,\n"
            + "Undated telegram,spring 1950,spring,,,\n"
            + "Letter in Klingon,,,tlh-x,,\n"
            + "Too,many,cells,here,,,,\n"
            + ",,,,,A summary without a title\n"
            + "\"Hidden \u0007 bell\",,,,,\n"
            + "Good letter,,,,A. Translator,\n"
            // Found from outside: a translator's cell was named translation_credit.
            + "Rung translator,,,,\"A. Trans\u0007lator\",\n";

        var reply = (await Import(csv)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((9L, 2L, 6L), (reply["lines"]!.GetValue<long>(), reply["created"]!.GetValue<long>(), reply["rejected"]!.GetValue<long>()));
        Assert.Equal(
            new[] { "3 date_created_edtf", "4 languages", "5 ", "6 title", "7 title", "9 translators" },
            reply["problems"]!.AsArray().Select(p => $"{p!["line"]} {p["field"]}").Distinct().Order());
        Assert.Equal(["Good letter", "Good memorandum"], (await Service.ListedRecords()).Select(r => r["title"]!.GetValue<string>()).Order());
    }

    /// <summary>
    /// Found from outside: a citation cell holding a line break was told so twice, once for the citation each reference
    /// read from it keeps and once for the part it was read from, both the one cell.
    /// </summary>
    [Fact]
    public async Task a_problem_of_one_cell_is_told_once()
    {
        var csv = "title,citation\n\"Telegram\",\"AVPRF, f. 0100,\nop. 42\"\n";

        var reply = (await Import(csv)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(1, reply["rejected"]!.GetValue<long>());
        var problem = Assert.Single(reply["problems"]!.AsArray())!;
        Assert.Equal("citation", problem["field"]!.GetValue<string>());
    }

    /// <summary>
    /// Found from outside: the rules, written for JSON, named 'Edtf' or 'accessionedAt' in the messages of a CSV import,
    /// where the archivist's spreadsheet has date_created_edtf and accessioned_at.
    /// </summary>
    [Fact]
    public async Task a_rejected_cell_is_named_in_its_message_as_the_header_names_its_column()
    {
        var csv = "title,date_created,date_created_edtf,accessioned_at,accession_number\n"
            + "Undated telegram,spring 1950,spring,,\n"
            + "Accessioned too early,,,1700-01-01T00:00:00Z,\n"
            + "Oddly numbered,,,,CAT 1\n";

        var reply = (await Import(csv)).ShouldBe(HttpStatusCode.OK).Json;

        var messages = reply["problems"]!.AsArray().Select(p => (p!["field"]!.GetValue<string>(), p["message"]!.GetValue<string>())).ToList();
        Assert.Equal(["date_created_edtf", "accessioned_at", "accession_number"], messages.Select(m => m.Item1));
        Assert.All(messages, m => Assert.StartsWith($"'{m.Item1}' ", m.Item2));
    }

    /// <summary>
    /// Found from outside: a spreadsheet's 05/12/2024 was read as 12 May, and 2024-03-01 09:00 as nine in UTC; only the
    /// form that names one moment everywhere is read, and a day alone is its first moment in UTC. Found later: 9999-12-31
    /// was taken, and filed the record first among the newest for ever.
    /// </summary>
    [Fact]
    public async Task an_accession_time_in_a_local_order_without_its_offset_or_still_to_come_is_refused_for_its_row()
    {
        var csv = "title,accessioned_at\n"
            + "Accessioned in a local order,05/12/2024\n"
            + "Accessioned at nine somewhere,2024-03-01 09:00\n"
            + "Accessioned on the first of March,2024-03-01\n"
            + "Accessioned at nine in Moscow,2024-03-01 09:00+03:00\n"
            + "Accessioned before it happened,9999-12-31\n";

        var reply = (await Import(csv)).ShouldBe(HttpStatusCode.OK).Json;

        var problems = reply["problems"]!.AsArray().Select(p => (p!["line"]!.GetValue<long>(), p["field"]!.GetValue<string>(), p["message"]!.GetValue<string>())).ToList();
        Assert.Equal([(2L, "accessioned_at"), (3L, "accessioned_at"), (6L, "accessioned_at")], problems.Select(p => (p.Item1, p.Item2)));
        Assert.StartsWith("'accessioned_at' must be an instant in ISO 8601", problems[0].Item3);
        Assert.StartsWith("'accessioned_at' gives no offset: 2024-03-01 09:00 is a time of no time zone in particular.", problems[1].Item3);
        Assert.Equal("'accessioned_at' must be a time from the year 1800 on, and not one still to come.", problems[2].Item3);
        var accessioned = (await Service.ListedRecords()).ToDictionary(r => r["title"]!.GetValue<string>(), r => r["accessionedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(
            new Dictionary<string, DateTimeOffset>
            {
                ["Accessioned on the first of March"] = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero),
                ["Accessioned at nine in Moscow"] = new(2024, 3, 1, 6, 0, 0, TimeSpan.Zero),
            },
            accessioned);
    }

    /// <summary>Found from outside: a quote never closed in the header was answered as an unknown column 'title_x'.</summary>
    [Fact]
    public async Task a_header_with_a_quote_it_never_closes_is_refused_for_that()
    {
        var reply = (await Import("\"title,summary\nA memorandum,A summary\n")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["header"], reply.ErrorFields);
        Assert.Contains("a quote opened in the header is not closed", reply.Text);
        Assert.Equal(0, await Service.ListedRecordCount());
    }

    /// <summary>Spreadsheets save "CSV UTF-8" with a byte-order mark before the header.</summary>
    [Fact]
    public async Task a_file_saved_with_a_byte_order_mark_is_read_from_its_header()
    {
        var reply = (await Import("\uFEFFTitle,Summary\nA memorandum,A summary\n")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(1, reply["created"]!.GetValue<int>());
        Assert.Empty(reply["problems"]!.AsArray());
    }

    /// <summary>Found from outside: an empty file was answered "The header names neither 'title' nor 'id'", as if it had a header.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("\uFEFF")]
    public async Task an_empty_file_is_refused_as_empty(string csv)
    {
        var reply = (await Import(csv)).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["header"], reply.ErrorFields);
        Assert.Contains("The file is empty", reply.Text);
        Assert.DoesNotContain("names neither", reply.Text);
    }

    [Fact]
    public async Task a_header_naming_a_column_the_catalogue_does_not_read_is_refused_before_any_row()
    {
        var reply = (await Import("title,colour\nA memorandum,blue\n")).ShouldBe(HttpStatusCode.BadRequest);
        var noTitle = (await Import("summary\nA summary\n")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["header"], reply.ErrorFields);
        Assert.Contains("'colour'", reply.Text);
        Assert.Equal(["header"], noTitle.ErrorFields);
        Assert.Equal(0, await Service.ListedRecordCount());
    }

    [Fact]
    public async Task a_file_that_is_not_utf8_stops_where_it_is_not_and_keeps_the_rows_before()
    {
        // Far more than the reader takes in at once, so the rows before the byte are read, and imported, before it is met.
        var rows = Enumerable.Range(1, 300).Select(i => $"Telegram {i:D3},\"{new string('x', 1000)}\"").ToList();
        var bytes = Encoding.UTF8.GetBytes("title,summary\n" + string.Join('\n', rows) + "\n").Concat(new byte[] { 0x4C, 0x65, 0x74, 0x74, 0x72, 0x65, 0x20, 0xE9, 0x0A }).ToArray();

        var reply = (await Api.PostContent("/api/imports/csv", Body(bytes))).ShouldBe(HttpStatusCode.UnprocessableEntity);
        var latin1 = (await Api.PostContent("/api/imports/csv", Body(bytes, "text/csv; charset=iso-8859-1"))).ShouldBe(HttpStatusCode.UnsupportedMediaType);

        Assert.Contains("The text is not UTF-8: the byte at line 302, position 8 is not part of a UTF-8 character.", reply.Json["detail"]!.GetValue<string>());
        Assert.Contains("The import stopped after line 301; what came before is imported.", reply.Json["detail"]!.GetValue<string>());
        var stored = await Service.ListedRecords();
        Assert.Equal(300, stored.Count);
        Assert.DoesNotContain(stored, r => r["title"]!.GetValue<string>().Contains('\uFFFD'));
        _ = latin1;
    }

    /// <summary>
    /// Found from outside: the rows before a byte that is not UTF-8 were imported only as far as the last run written
    /// before the reader met it (none, for a byte in the first thousand rows), though the answer said they were.
    /// </summary>
    [Theory]
    [InlineData(5)]
    [InlineData(281)]
    public async Task every_row_before_a_byte_that_is_not_utf8_is_imported_however_near_the_start(int badRow)
    {
        var rows = Enumerable.Range(1, badRow - 2).Select(i => $"Telegram {i:D3},A summary");
        byte[] bytes = [.. Encoding.UTF8.GetBytes("title,summary\n" + string.Join('\n', rows) + "\n"), .. "Lettre,caf"u8, 0xE9, 0x0A, .. "After,it\n"u8];

        var reply = (await Api.PostContent("/api/imports/csv", Body(bytes))).ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Contains($"the byte at line {badRow}, position 11", reply.Json["detail"]!.GetValue<string>());
        Assert.Contains($"The import stopped after line {badRow - 1}; what came before is imported.", reply.Json["detail"]!.GetValue<string>());
        var titles = (await Service.ListedRecords()).Select(r => r["title"]!.GetValue<string>()).ToList();
        Assert.Equal(badRow - 2, titles.Count);
        Assert.DoesNotContain("Lettre", titles);
    }

    /// <summary>Found from outside: a problem the import found past the reader named the record's JSON field (accessionNumber), not the column.</summary>
    [Fact]
    public async Task a_problem_found_past_the_reader_names_the_column_too()
    {
        var csv = "title,accession_number\nFirst telegram,CSVDUP-1\nSecond telegram,CSVDUP-1\n";

        var reply = (await Import(csv)).ShouldBe(HttpStatusCode.OK).Json;

        var problem = Assert.Single(reply["problems"]!.AsArray())!;
        Assert.Equal((3L, "accession_number"), (problem["line"]!.GetValue<long>(), problem["field"]!.GetValue<string>()));
        Assert.Equal(["accession_number", "languages", "full_text", "date_created", "dates", "citation"],
            new[] { "accessionNumber", "originalLanguages", "fullTexts[0].text", "date_created", "dates", "provenance" }.Select(CsvRecordsReader.ColumnOfField));
    }

    /// <summary>Found from outside: a file saved as UTF-16 without its byte-order mark was answered as unknown columns full of NULs.</summary>
    [Fact]
    public async Task a_file_saved_as_utf16_without_its_mark_is_told_to_be_saved_as_utf8()
    {
        var reply = (await Api.PostContent("/api/imports/csv", Body(Encoding.Unicode.GetBytes("title,summary\nTelegram,x\n")))).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["header"], reply.ErrorFields);
        Assert.Contains("UTF-16", reply.Text);
        Assert.DoesNotContain("\\u0000", reply.Text);
    }

    [Fact]
    public async Task a_row_of_more_cells_than_one_column_says_so_in_good_grammar()
    {
        var reply = (await Import("title\n\"Telegram\",extra\n")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal("The row has 2 cells and the header 1 column.", Assert.Single(reply["problems"]!.AsArray())!["message"]!.GetValue<string>());
    }

    /// <summary>Found from outside: a row's problem was numbered as if the empty lines before it were not there, where a spreadsheet shows them as rows.</summary>
    [Fact]
    public async Task a_problem_is_numbered_by_the_row_a_spreadsheet_shows_empty_lines_counted()
    {
        var csv = "title,date_created\n\nGood memorandum,\n\n\nUndated telegram,spring 1950\n";

        var reply = (await Import(csv)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((1L, 1L), (reply["created"]!.GetValue<long>(), reply["rejected"]!.GetValue<long>()));
        Assert.Equal(6, Assert.Single(reply["problems"]!.AsArray())!["line"]!.GetValue<long>());
    }

    /// <summary>Found from outside: a cell of only separators (|) in translators answered 500 and imported nothing of the file.</summary>
    [Theory]
    [InlineData("translators", "|")]
    [InlineData("acquired_by", " | ")]
    [InlineData("funders", "||")]
    [InlineData("subjects", "|")]
    public async Task a_cell_of_separators_alone_is_refused_for_its_row_and_the_others_go_in(string column, string cell)
    {
        var csv = $"title,{column},accession_number\nGood before,Alice,PIPE-1\nOnly separators,{cell},PIPE-2\nGood after,Bob,PIPE-3\n";

        var reply = (await Import(csv)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((2L, 1L), (reply["created"]!.GetValue<long>(), reply["rejected"]!.GetValue<long>()));
        var problem = Assert.Single(reply["problems"]!.AsArray())!;
        Assert.Equal((3L, column), (problem["line"]!.GetValue<long>(), problem["field"]!.GetValue<string>()));
        Assert.StartsWith($"'{column}' holds only separators", problem["message"]!.GetValue<string>());
    }

    /// <summary>Found from outside: a quote never closed swallowed every row after it into one cell, and the import said it finished with no problem.</summary>
    [Fact]
    public async Task a_quote_never_closed_is_refused_for_its_row_rather_than_swallowing_the_rows_after_it_unsaid()
    {
        var csv = "title,summary\nRow A,\"unclosed summary\nRow B,second\nRow C,third\n";

        var reply = (await Import(csv)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((0L, 1L), (reply["created"]!.GetValue<long>(), reply["rejected"]!.GetValue<long>()));
        var problem = Assert.Single(reply["problems"]!.AsArray())!;
        Assert.Equal(2, problem["line"]!.GetValue<long>());
        Assert.StartsWith("A quote opened in row 2 is never closed", problem["message"]!.GetValue<string>());
        Assert.Empty(await Service.ListedRecords());
    }

    /// <summary>Found from outside: a credit, a role, a language or a kind typed without the column it goes with vanished without a word.</summary>
    [Fact]
    public async Task a_cell_that_goes_with_a_column_left_blank_is_refused_for_its_row()
    {
        var csv = "title,translators,translation_credit,translation_language,acquired_by,acquisition_credit,acquisition_role,funders,funding_note,full_text,full_text_language,full_text_kind\n"
            + "Orphan credits,,Translated by Jane Doe.,de,,Obtained by John Roe.,donated,,Made possible by Ford,,ru,translation\n"
            + "Whole credits,Jane Doe,Translated by Jane Doe.,de,John Roe,Donated by John Roe.,Donated,Ford Foundation,Made possible by Ford,Текст,ru,Original\n";

        var reply = (await Import(csv)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((1L, 1L), (reply["created"]!.GetValue<long>(), reply["rejected"]!.GetValue<long>()));
        Assert.Equal(
            ["acquisition_credit", "acquisition_role", "full_text_kind", "full_text_language", "funding_note", "translation_credit", "translation_language"],
            reply["problems"]!.AsArray().Select(p => p!["field"]!.GetValue<string>()).Order());
        Assert.All(reply["problems"]!.AsArray(), p => Assert.Equal(2, p!["line"]!.GetValue<long>()));
        var made = (await Service.ListedRecords()).Single();
        var record = (await Api.Get($"/api/records/{made["id"]}")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal("donated", record["acquisitionCredits"]![0]!["role"]!.GetValue<string>());
        Assert.Equal("original", record["fullTexts"]![0]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_import_cut_off_goes_on_from_its_last_handled_row_with_its_own_input_and_makes_no_record_twice()
    {
        var rows = Enumerable.Range(1, 60).Select(i => $"Ciphered telegram {i:D3},Cold War | Korean War").ToList();
        var csv = "title,subjects\n" + string.Join('\n', rows) + "\n";
        var batch = Guid.NewGuid();
        var sent = Encoding.UTF8.GetBytes("title,subjects\n" + string.Join('\n', rows.Take(40)) + "\n\"Ciphered tel");
        var importer = Service.Host.Services.GetRequiredService<BatchImporter>();
        var (opening, _) = await importer.OpenAsync(batch, BulkFormats.Csv, "http POST /api/imports/csv", "key:admin-client", null, CancellationToken.None);
        var context = new ChangeContext("key:admin-client", "test", $"http POST /api/imports/csv (batch {batch})", $"Imported in batch {batch}");
        await Assert.ThrowsAnyAsync<IOException>(() => importer.RunAsync(opening!.Batch, CsvRecordsReader.ReadAsync(new BreakingStream(sent), CancellationToken.None), context, null, CancellationToken.None));

        // Its lease still held (its process has not let go of it): no one else imports into it meanwhile.
        var meanwhile = (await Import(csv, $"?batch={batch}")).ShouldBe(HttpStatusCode.Conflict);
        Assert.Contains("is being imported or reverted now", meanwhile.Text);
        await opening!.DisposeAsync();
        // Found from outside: an input that ends before the batch's last handled row (its first rows, a header alone)
        // finished the batch, the rest of its input never imported and the batch closed to it. It is refused, the
        // batch left as it stood.
        var firstRows = (await Import("title,subjects\n" + string.Join('\n', rows.Take(10)) + "\n", $"?batch={batch}")).ShouldBe(HttpStatusCode.Conflict);
        Assert.Contains($"The input ends at line 11, but batch {batch} had handled 26 lines of its input", firstRows.Json["detail"]!.GetValue<string>());
        var headerAlone = (await Import("title,subjects\n", $"?batch={batch}")).ShouldBe(HttpStatusCode.Conflict);
        Assert.StartsWith("The input holds no line, but", headerAlone.Json["detail"]!.GetValue<string>());
        // Found from outside: a spreadsheet as long or longer whose handled rows are not the batch's (another file, one
        // of them edited, a blank row put in) had them passed over as if imported. Refused, nothing of it written.
        var edited = "title,subjects\n" + string.Join('\n', rows.Select((r, i) => i == 7 ? r.Replace("Korean War", "Korea") : r)) + "\n";
        var notItsOwn = (await Import(edited, $"?batch={batch}")).ShouldBe(HttpStatusCode.Conflict);
        Assert.StartsWith($"Batch {batch} had handled 26 lines of its input, and the first 26 lines of this input are not those lines", notItsOwn.Json["detail"]!.GetValue<string>());
        (await Import("title,subjects\n\n" + string.Join('\n', rows) + "\n", $"?batch={batch}")).ShouldBe(HttpStatusCode.Conflict);
        (await Import("title,subjects,summary\n" + string.Join('\n', rows.Select(r => r + ",")) + "\n", $"?batch={batch}")).ShouldBe(HttpStatusCode.Conflict);
        var status = (await Api.Get($"/api/imports/{batch}")).ShouldBe(HttpStatusCode.OK).Json;
        // Its own rows with CRLF line breaks, as a spreadsheet saves them, are still its own.
        var resumed = (await Import(csv.ReplaceLineEndings("\r\n"), $"?batch={batch}")).ShouldBe(HttpStatusCode.OK).Json;

        // The test service commits 25 rows a transaction: rows 2 to 26 are in (the header is row 1).
        Assert.Equal(("interrupted", 26L), (status["state"]!.GetValue<string>(), status["lines"]!.GetValue<long>()));
        Assert.Equal(("finished", 61L, 60L), (resumed["state"]!.GetValue<string>(), resumed["lines"]!.GetValue<long>(), resumed["created"]!.GetValue<long>()));
        var titles = (await Service.ListedRecords()).Select(r => r["title"]!.GetValue<string>()).ToList();
        Assert.Equal(60, titles.Count);
        Assert.Equal(60, titles.Distinct().Count());
    }

    /// <summary>
    /// Found from outside: a file whose last row ends without a line break, or opens a quote it never closes, was read
    /// one byte past its end (bytesRead 46 of 45): the parser counts a line break after the last row.
    /// </summary>
    [Theory]
    [InlineData("title,summary\nbefore,x\nafter,y", 0)]
    [InlineData("title,summary\nbefore,x\n\"unclosed,abc\nafter,y\n", 1)]
    public async Task a_file_read_whole_is_read_to_its_last_byte_and_no_further(string csv, long rejected)
    {
        var done = (await Import(csv)).ShouldBe(HttpStatusCode.OK).Json;

        var length = Encoding.UTF8.GetByteCount(csv);
        Assert.Equal((length, length, rejected, 1.0), (done["totalBytes"]!.GetValue<long>(), done["bytesRead"]!.GetValue<long>(), done["rejected"]!.GetValue<long>(), done["progress"]!.GetValue<double>()));
    }

    [Fact]
    public async Task a_row_naming_a_record_changes_what_its_cells_say_and_leaves_what_they_leave_blank()
    {
        var created = (await Import("title,summary,subjects\nUntitled memorandum,A conversation about railways,Railroads\n")).ShouldBe(HttpStatusCode.OK);
        var id = (await Service.ListedRecords()).Single()["id"]!.GetValue<Guid>();

        var corrected = (await Import($"id,title,summary,subjects\n{id},Memorandum of conversation with Zhou Enlai,,Railroads | Sino-Soviet relations\n")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(1L, corrected["updated"]!.GetValue<long>());
        var record = (await Api.Get($"/api/records/{id}")).Json;
        Assert.Equal(("Memorandum of conversation with Zhou Enlai", "A conversation about railways"), (Text(record, "title"), Text(record, "summary")));
        Assert.Equal(["Railroads", "Sino-Soviet relations"], record["subjects"]!.AsArray().Select(s => s!.GetValue<string>()));
        var history = (await Api.Get($"/api/records/{id}/history")).Json["events"]!.AsArray().Select(e => Text(e!, "type"));
        Assert.Equal(["record_accessioned", "summary_revised", "subjects_tagged", "title_revised", "subjects_tagged"], history);
        _ = created;
    }

    [Fact]
    public void the_readme_documents_every_column_the_import_reads()
    {
        var readme = File.ReadAllText(RepositoryFiles.PathOf("README.md"));
        var section = readme[readme.IndexOf("### From a spreadsheet (CSV)", StringComparison.Ordinal)..readme.IndexOf("## API description", StringComparison.Ordinal)];

        Assert.All(CsvRecordsReader.Columns, column => Assert.Contains($"| `{column.Name}` |", section));
    }

    [Fact]
    public async Task the_command_line_imports_a_spreadsheet_with_a_progress_bar()
    {
        var file = Path.Combine(Path.GetTempPath(), $"catalogue-import-{Guid.NewGuid():N}.csv");
        try
        {
            await File.WriteAllTextAsync(file, "title,status\nMemorandum one,published\nMemorandum two,lost\n");

            var (exit, output) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "import-csv", file);

            Assert.True(exit == 1, output);
            Assert.Contains("1 created, 0 updated, 0 unchanged, 1 rejected", output);
            Assert.Contains("line 3, status:", output);
            Assert.Contains("100 %", output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task the_command_line_imports_a_spreadsheet_piped_to_it()
    {
        var csv = Encoding.UTF8.GetBytes("title,status\nMemorandum one,published\nMemorandum two,lost\n");

        var (exit, output) = await CatalogueCli.RunPipedAsync(Service.Cluster.ConnectionString, csv, "import-csv", "/dev/stdin");

        Assert.True(exit == 1, output);
        Assert.Contains("1 created, 0 updated, 0 unchanged, 1 rejected", output);
        Assert.Contains("line 3, status:", output);
    }

    /// <summary>Found from outside: an empty file was refused as a header naming neither column, "lines up to 0 imported", and a resume of the same file offered.</summary>
    [Fact]
    public async Task the_command_line_refuses_an_empty_spreadsheet_as_empty_with_nothing_imported()
    {
        var (exit, output) = await CatalogueCli.RunPipedAsync(Service.Cluster.ConnectionString, [], "import-csv", "/dev/stdin");

        Assert.True(exit == 1, output);
        Assert.Contains("The file is empty", output);
        Assert.Contains("Nothing is imported. Once the file is mended: import-csv /dev/stdin --batch ", output);
        Assert.DoesNotContain("Resume with", output);
    }
}
