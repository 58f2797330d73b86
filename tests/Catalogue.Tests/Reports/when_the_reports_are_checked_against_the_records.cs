using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Reports;

/// <summary>
/// An auditor checks the reports against the records themselves: on a varied catalogue built through the archivists'
/// own commands — credits and notes corrected and removed, records moved from one fond to another, withdrawn and
/// reinstated — every count equals the one computed from the record documents, for staff and for readers, and a
/// rebuild of the counts from the events gives the same counts back.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_the_reports_are_checked_against_the_records(CatalogueService service) : CatalogueScenario(service)
{
    /// <summary>Ten records, each touched in its own way; their ids.</summary>
    private async Task<IReadOnlyList<Guid>> AVariedCatalogue()
    {
        var records = new List<CataloguedRecord>();
        for (var i = 0; i < 10; i++) records.Add(await CataloguedRecord.Accession(Api, $"Document {i}"));
        var repositories = new[] { ("AVPRF", "0100", "42"), ("AVPRF", "0100", "43"), ("AVPRF", "07", "1"), ("RGASPI", "17", "162"), ("APRF", "45", "1") };
        var translators = new[] { "Gary Goldberg", "Sergey Radchenko", "David Wolff", "Goldberg, Gary" };
        var funders = new[] { ("Leon Levy Foundation", "Made possible with support from the Leon Levy Foundation."), ("Carnegie Corporation of New York", "Digitised with support from Carnegie.") };
        var placed = new List<int>();
        var translated = new List<int>();
        var dates = new[] { "1949-11-10", "195X", "1949-10/1950-02", "../1950", "1958~", "1900/2050", "19XX" };
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var (repository, fond, opis) = repositories[i % repositories.Length];
            placed.Add(await record.Place(repository, fond, opis));
            if (i % 3 == 0) await record.Place("RGANI", "5", null);
            if (i % 4 == 1) await record.Place("NARA");
            translated.Add(await record.Translated("en", translators[i % translators.Length]));
            if (i % 2 == 0) await record.Translated("de", translators[(i + 1) % translators.Length], translators[i % translators.Length]);
            if (i % 3 != 2) await record.Funded(funders[i % 2].Item1, funders[i % 2].Item2);
            if (i < dates.Length) await record.Dated(dates[i], i % 2 == 0 ? "created" : "described");
            if (i % 2 == 1) await record.WrittenIn(("ru", "Russian"), ("zh", i % 3 == 0 ? "Chinese" : "Mandarin"));
            if (i % 3 != 1) await record.Publish();
        }

        // Corrections that move records from one line to another.
        var moved = records[0];
        await moved.Send($"provenance/{placed[0]}/corrections", new { reason = "The file is in opis 43", opis = "43" });
        await moved.Send($"translations/{translated[0]}/corrections", new { reason = "Translated by another", translators = new[] { "Vladislav Zubok" } });
        var refunded = records[4];
        var note = await refunded.Funded("Henry Luce Foundation", "With the support of the Henry Luce Foundation.");
        await refunded.Send($"funding-notes/{note}/removal", new { reason = "Luce funded another document" });
        await refunded.Send("dates", new { role = "created", asWritten = "1962", edtf = "1962", reason = "Date checked" });
        await records[5].Send($"translations/{translated[5]}/withdrawal", new { reason = "Not this document's translation" });
        await records[6].Withdraw();
        await records[3].Withdraw();
        await records[3].Reinstate();
        await records[3].Publish();
        await records[9].Send($"provenance/{placed[9]}/corrections", new { reason = "Moved to fond 18", fond = "18", opis = "" });
        return [.. records.Select(r => r.Id)];
    }

    /// <summary>The counts computed directly from the record documents, as staff (every record, by state) or as readers see them.</summary>
    private async Task<IReadOnlyDictionary<string, CountedLine>> CountedFromTheRecords(IReadOnlyList<Guid> ids, bool staff)
    {
        var counts = new Dictionary<string, (long Draft, long Published, long Withdrawn)>();
        foreach (var id in ids)
        {
            var record = (await Api.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK).Json;
            var status = record["status"]!.GetValue<string>();
            if (!staff && status != "published") continue;
            foreach (var line in LinesOf(record))
            {
                var (draft, published, withdrawn) = counts.GetValueOrDefault(line);
                counts[line] = status switch
                {
                    "published" => (draft, published + 1, withdrawn),
                    "withdrawn" => (draft, published, withdrawn + 1),
                    _ => (draft + 1, published, withdrawn),
                };
            }
        }

        return counts.ToDictionary(c => c.Key, c =>
        {
            var (report, path) = (c.Key[..c.Key.IndexOf(' ')], c.Key[(c.Key.IndexOf(' ') + 1)..]);
            var (draft, published, withdrawn) = c.Value;
            return staff
                ? new CountedLine(report, path, draft + published + withdrawn, draft, published, withdrawn)
                : new CountedLine(report, path, published, null, null, null);
        });
    }

    /// <summary>Each line a record counts toward, by the rules the reports state, worked out from the record as it reads.</summary>
    private static HashSet<string> LinesOf(JsonNode record)
    {
        var lines = new HashSet<string>();
        foreach (var translator in record["translations"]!.AsArray().SelectMany(t => t!["translators"]!.AsArray()))
            lines.Add($"translators {translator}");
        foreach (var funding in record["fundingNotes"]!.AsArray())
        {
            lines.Add($"funders {funding!["funder"]}");
            lines.Add($"funders {funding["funder"]}/{funding["note"]}");
        }

        foreach (var place in record["provenance"]!.AsArray())
        {
            var (repository, fond, opis) = (place!["repository"]?.ToString(), place["fond"]?.ToString(), place["opis"]?.ToString());
            if (repository is null) continue;
            lines.Add($"repositories {repository}");
            if (fond is null) continue;
            lines.Add($"repositories {repository}/{fond}");
            if (opis is not null) lines.Add($"repositories {repository}/{fond}/{opis}");
        }

        var dates = record["dates"]!.AsArray();
        var cited = dates.FirstOrDefault(d => d!["role"]!.ToString() == "described") ?? dates.FirstOrDefault(d => d!["role"]!.ToString() == "created");
        var (from, to) = cited is null ? (null, null) : EdtfDate.YearRange(cited["edtf"]!.ToString());
        (from, to) = (from ?? to, to ?? from);
        if (from is null || to - from >= 100)
            lines.Add("years undated");
        else
            for (var year = from.Value; year <= to; year++) lines.Add($"years {year.ToString(CultureInfo.InvariantCulture)}");

        foreach (var language in record["originalLanguages"]!.AsArray())
        {
            lines.Add($"languages {language!["code"]}");
            lines.Add($"languages {language["code"]}/{language["name"]}");
        }

        return lines;
    }

    private static void SameCounts(IReadOnlyDictionary<string, CountedLine> expected, IReadOnlyDictionary<string, CountedLine> reported)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), reported.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, line) in expected) Assert.Equal(line, reported[key]);
    }

    [Fact]
    public async Task every_count_equals_the_one_computed_from_the_records_for_staff_and_for_readers()
    {
        var ids = await AVariedCatalogue();

        SameCounts(await CountedFromTheRecords(ids, staff: true), await Service.EveryLine());
        SameCounts(await CountedFromTheRecords(ids, staff: false), await Service.EveryLine(Service.As("reader")));
    }

    [Fact]
    public async Task corrections_move_a_record_from_one_line_to_another()
    {
        var ids = await AVariedCatalogue();

        var lines = await Service.EveryLine();

        // Record 0 was placed in AVPRF 0100/42 beside record 5, and corrected into opis 43 beside records 1 and 6; its
        // translator was corrected to Zubok.
        Assert.Equal(1, lines["repositories AVPRF/0100/42"].Records);
        Assert.Equal(3, lines["repositories AVPRF/0100/43"].Records);
        Assert.Equal(1, lines["translators Vladislav Zubok"].Records);
        Assert.False(lines.ContainsKey("funders Henry Luce Foundation"));
        // Record 4's date was revised from 1958~ to 1962: 1958 keeps record 1 (195X) and record 6 (19XX), 1962 has record 6 too.
        Assert.Equal((2L, 2L), (lines["years 1958"].Records, lines["years 1962"].Records));
        // In opis 43, record 0 is published, record 1 a draft, and record 6 withdrawn: staff still count it, by state.
        // Record 3, withdrawn, reinstated and published again, counts as published beside record 8.
        Assert.Equal((1L, 1L, 1L), (lines["repositories AVPRF/0100/43"].Draft, lines["repositories AVPRF/0100/43"].Published, lines["repositories AVPRF/0100/43"].Withdrawn));
        Assert.Equal((0L, 2L, 0L), (lines["repositories RGASPI/17/162"].Draft, lines["repositories RGASPI/17/162"].Published, lines["repositories RGASPI/17/162"].Withdrawn));
        // Record 9 was moved from APRF 45/1 (beside record 4) to fond 18, without an opis.
        Assert.Equal(1, lines["repositories APRF/18"].Records);
        Assert.Equal(1, lines["repositories APRF/45/1"].Records);
        Assert.False(lines.ContainsKey("repositories APRF/18/1"));
        Assert.Equal(10, ids.Count);
    }

    [Fact]
    public async Task a_rebuild_of_the_counts_from_the_events_gives_the_same_counts()
    {
        await AVariedCatalogue();
        var before = await Service.EveryLine();

        var check = (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.True(check["identical"]!.GetValue<bool>(), check.ToJsonString());
        var tallies = check["readModels"]!.AsArray().Single(m => m!["readModel"]!.GetValue<string>() == "ReportTally")!;
        Assert.Equal(tallies["liveDocuments"]!.GetValue<long>(), tallies["rebuiltDocuments"]!.GetValue<long>());

        var rebuilt = (await Api.Post("/api/admin/projections/rebuild", new { })).ShouldBe(HttpStatusCode.OK).Json;
        var reportTally = rebuilt["rebuilt"]!.AsArray().Single(r => r!["readModel"]!.GetValue<string>() == "ReportTally")!;
        Assert.Equal(0, reportTally["changed"]!.GetValue<long>());
        SameCounts(before, await Service.EveryLine());

        (await Api.Post("/api/admin/projections/ReportTally/rebuild", new { })).ShouldBe(HttpStatusCode.OK);
        SameCounts(before, await Service.EveryLine());
    }

    [Fact]
    public async Task a_tampered_count_shows_in_the_check_of_the_read_models()
    {
        var record = await CataloguedRecord.Accession(Api, "Memorandum of Conversation with Zhou Enlai");
        await record.Translated("en", "Gary Goldberg");
        await Service.ProjectionsCaughtUp();
        await using (var connection = new Npgsql.NpgsqlConnection(Service.Cluster.ConnectionString))
        {
            await connection.OpenAsync();
            await using var forge = new Npgsql.NpgsqlCommand("update catalogue.mt_doc_reporttally set data = jsonb_set(data, '{Draft}', '7') where report = 'translators'", connection);
            Assert.Equal(1, await forge.ExecuteNonQueryAsync());
        }

        var check = (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.False(check["identical"]!.GetValue<bool>());
        var difference = Assert.Single(check["differences"]!.AsArray())!;
        Assert.Equal("ReportTally", difference["readModel"]!.GetValue<string>());
    }
}
