using System.Text.Json;
using Catalogue.Api.Generation;
using Catalogue.Api.Provenance;
using Catalogue.Api.Records;

namespace Catalogue.Tests.Generation;

/// <summary>
/// The generator's records before any database: every command it makes is one the API would take, a seed makes the
/// same records every time, and every citation shape and date kind it promises is there in the proportions it states.
/// </summary>
public sealed class when_records_are_made_from_a_seed
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A record's whole life as events, with what the catalogue would assign at accession held fixed.</summary>
    private static List<IRecordEvent> Life(int seed, int index)
    {
        var generated = GeneratedCatalogue.Record(seed, index);
        var (events, record) = generated.Start(Guid.Parse("0f6d1c52-7a43-4a8e-9a43-6c0c8a1f2b11"), "CAT-2026-000001", At);
        var life = events.ToList();
        foreach (var change in generated.Changes.Skip(1))
        {
            var (appended, after) = GeneratedRecord.Decide(change, record);
            Assert.True(appended.Count > 0, $"record {index}: its {change.Kind} appended nothing");
            life.AddRange(appended);
            record = after;
        }

        return life;
    }

    private static string Json(IEnumerable<IRecordEvent> events) => JsonSerializer.Serialize(events.Select(e => (object)e));

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void every_command_of_a_thousand_records_is_one_the_api_takes(int seed)
    {
        for (var index = 0; index < 1000; index++)
        {
            // Start and Decide throw, naming the record and the command, when a validator or a decision refuses.
            Assert.NotEmpty(Life(seed, index));
        }
    }

    [Fact]
    public void the_same_seed_and_place_make_the_same_record_and_another_seed_another()
    {
        for (var index = 0; index < 200; index += 13)
        {
            Assert.Equal(Json(Life(7, index)), Json(Life(7, index)));
            Assert.NotEqual(Json(Life(7, index)), Json(Life(8, index)));
        }
    }

    [Fact]
    public void a_record_does_not_depend_on_the_records_made_before_it()
    {
        var alone = Json(Life(7, 150));
        for (var index = 0; index < 150; index++) Life(7, index);

        Assert.Equal(alone, Json(Life(7, 150)));
    }

    [Fact]
    public void every_hundred_records_hold_every_citation_shape_and_every_kind_of_date()
    {
        for (var first = 0; first < 1000; first += 100)
        {
            var shapes = Enumerable.Range(first, 100).Select(i => GeneratedCatalogue.Record(42, i).Shape).ToHashSet();
            var kinds = Enumerable.Range(first, 100).Select(i => DocumentDates.Kinds.Deal(42, i)).ToHashSet();

            Assert.Equal(Holdings.All.Select(h => h.Holding.Shape).ToHashSet(), shapes);
            Assert.Equal(Enum.GetValues<DateKind>().ToHashSet(), kinds);
        }
    }

    [Fact]
    public void every_citation_a_holding_writes_is_read_into_a_reference_of_its_repository()
    {
        foreach (var (holding, _) in Holdings.All)
        {
            for (var i = 0; i < 200; i++)
            {
                var citation = holding.Cite(SeededRandom.For(3, holding.Shape, i), 1955);
                var references = ProvenanceReading.Parse(citation);

                Assert.True(references[0].Repository is not null || references[0].Publication is not null, $"{holding.Shape}: \"{citation}\" names no archive");
                if (holding.Repository is { } expected) Assert.True(references[0].Repository == expected, $"{holding.Shape}: \"{citation}\" read as {references[0].Repository}");
                if (holding.Shape == "Unknown archive") Assert.False(references[0].RepositoryKnown, citation);
                if (holding.Shape == "Two archives in one citation") Assert.Equal(2, references.Count);
            }
        }
    }

    [Theory]
    [InlineData(DateKind.Day, "November 10, 1949", "1949-11-10")]
    [InlineData(DateKind.Month, "November 1949", "1949-11")]
    [InlineData(DateKind.Year, "1949", "1949")]
    [InlineData(DateKind.Uncertain, "1949?", "1949?")]
    [InlineData(DateKind.Approximate, "ca. 1949", "1949~")]
    [InlineData(DateKind.Decade, "1940s", "194X")]
    [InlineData(DateKind.Interval, "November-December 1949", "1949-11/1949-12")]
    [InlineData(DateKind.Season, "autumn 1949", "1949-23")]
    [InlineData(DateKind.OpenStart, "before 1949", "../1949")]
    [InlineData(DateKind.UncertainDay, "November 10, 1949 (?)", "1949-11-10?")]
    public void each_kind_of_date_is_written_as_archivists_write_it_and_as_edtf(DateKind kind, string asWritten, string edtf)
    {
        Assert.Equal((asWritten, edtf), DocumentDates.Written(kind, new DateOnly(1949, 11, 10), russian: false));
        Assert.True(EdtfDate.IsValid(edtf), edtf);
        Assert.True(EdtfDate.IsValid(DocumentDates.Written(kind, new DateOnly(1949, 11, 10), russian: true).Edtf));
    }

    [Fact]
    public void full_texts_run_from_hundreds_to_tens_of_thousands_of_characters_in_russian_and_english()
    {
        var texts = Enumerable.Range(0, 400)
            .SelectMany(i => GeneratedCatalogue.Record(42, i).Start(Guid.NewGuid(), "CAT-2026-000001", At).Record.FullTexts)
            .ToList();

        Assert.InRange(texts.Min(t => t.Characters), 200, 1_000);
        Assert.True(texts.Max(t => t.Characters) >= 15_000, $"the longest text has {texts.Max(t => t.Characters)} characters");
        Assert.Contains(texts, t => t is { Language: "ru", Kind: TextKinds.Original });
        Assert.Contains(texts, t => t is { Language: "en", Kind: TextKinds.Translation });
        Assert.Contains(texts, t => t is { Language: "en", Kind: TextKinds.Original });
    }
}
