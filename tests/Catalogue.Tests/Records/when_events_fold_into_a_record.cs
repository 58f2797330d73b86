using Catalogue.Api.Audit;
using Catalogue.Api.Credits;
using Catalogue.Api.History;
using Catalogue.Api.Records;
using JasperFx.Events;

namespace Catalogue.Tests.Records;

/// <summary>The pure fold behind the record read model and every replay.</summary>
public sealed class when_events_fold_into_a_record
{
    private static readonly Guid RecordId = Guid.Parse("0f6d1c52-7a43-4a8e-9a43-000000117886");

    private static IReadOnlyList<IRecordEvent> TheSeedsLife() =>
    [
        new RecordAccessioned(RecordId, "CAT-2026-000001", [new ExternalIdentifier("wilson-center", "117886")],
            "https://wilson-center-digital-archive.dvincitest.com/document/117886", "From the Diary of N.V. Roshchin", "Memorandum of Conversation",
            new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero)),
        new DateRecorded(DateRoles.Described, "November 10, 1949", "1949-11-10"),
        new ProvenanceRecorded(3, new ArchivalReference { Repository = "AVPRF", Fond = "0100", Opis = "42", Poryadok = "19", Papka = "288", Folios = "81-85" }),
        new TranslationCredited(4, "en", ["David Wolff"], "Translated by David Wolff"),
        new FundingNoteAdded(5, "Leon Levy Foundation", "This document was made possible with support from Leon Levy Foundation"),
        new DateRevised(DateRoles.Described, "10 November 1949", "1949-11-10"),
        new ProvenanceCorrected(3, new ArchivalReference { Repository = "AVPRF", Fond = "0100", Opis = "42", Poryadok = "19", Papka = "288", Folios = "81-85ob" }),
        new TranslationWithdrawn(4),
        new FundingNoteRemoved(5),
        new RecordPublished(),
    ];

    [Fact]
    public void each_event_leaves_its_mark_and_the_version_counts_events()
    {
        var record = RecordEvolution.Fold(null, TheSeedsLife())!;

        Assert.Equal(10, record.Version);
        Assert.Equal("10 November 1949", Assert.Single(record.Dates).AsWritten);
        Assert.Equal("81-85ob", Assert.Single(record.Provenance).Folios);
        Assert.Equal(3, record.Provenance[0].Number);
        Assert.Empty(record.Translations);
        Assert.Empty(record.FundingNotes);
        Assert.Equal(RecordStatus.Published, record.Status);
    }

    [Fact]
    public void acquisition_credits_are_kept_by_number_and_a_withdrawal_takes_off_only_its_own()
    {
        var record = RecordEvolution.Fold(null,
        [
            .. TheSeedsLife(),
            new AcquisitionCredited(11, AcquisitionRoles.Obtained, ["A. N. Other"], "Obtained for CWIHP by A. N. Other and translated for CWIHP by B. Translator"),
            new AcquisitionCredited(12, AcquisitionRoles.Contributed, ["Sergey Radchenko"], "Contributed by Sergey Radchenko and translated by Gary Goldberg"),
            new AcquisitionCreditWithdrawn(11),
        ])!;

        var kept = Assert.Single(record.AcquisitionCredits);
        Assert.Equal((12, AcquisitionRoles.Contributed, "Contributed by Sergey Radchenko and translated by Gary Goldberg"), (kept.Number, kept.Role, kept.Credit));
        Assert.Equal(["Sergey Radchenko"], kept.People);
        Assert.Equal(13, record.Version);
    }

    [Fact]
    public void removals_take_off_only_what_they_name_and_a_reinstatement_makes_a_draft()
    {
        var record = RecordEvolution.Fold(null,
        [
            .. TheSeedsLife(),
            new SubjectsTagged(["Korean War", "Sino-Soviet relations"]),
            new FullTextAttached("Из дневника Н.В. Рощина", "ru", TextKinds.Original),
            new FullTextAttached("From the Diary of N.V. Roshchin", "ru", TextKinds.Translation),
            new SubjectsRemoved(["korean war"]),
            new FullTextRemoved("ru", TextKinds.Original),
            new RecordWithdrawn(),
            new RecordReinstated(),
        ])!;

        Assert.Equal(17, record.Version);
        Assert.Equal(["Sino-Soviet relations"], record.Subjects);
        Assert.Equal(TextKinds.Translation, Assert.Single(record.FullTexts).Kind);
        Assert.Equal(RecordStatus.Draft, record.Status);
    }

    [Fact]
    public void folding_the_same_events_twice_gives_the_same_record()
    {
        var first = RecordEvolution.Fold(null, TheSeedsLife())!;
        var second = RecordEvolution.Fold(null, TheSeedsLife())!;

        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(first),
            System.Text.Json.JsonSerializer.Serialize(second));
    }

    [Fact]
    public void events_before_an_accession_make_no_record()
    {
        Assert.Null(RecordEvolution.Fold(null, [new TitleRevised("Orphan title")]));
    }

    /// <summary>A record event as a new one is before its arm in the fold is written.</summary>
    private sealed record SubjectsReordered(IReadOnlyList<string> Subjects) : IRecordEvent;

    [Fact]
    public void an_event_the_fold_does_not_know_stops_it_and_is_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RecordEvolution.Fold(null, [.. TheSeedsLife(), new SubjectsReordered(["Korea"])]));

        Assert.Contains(typeof(SubjectsReordered).FullName!, error.Message);
    }

    [Fact]
    public void the_read_model_a_replay_a_diff_and_a_blame_stop_at_it_too()
    {
        IReadOnlyList<IEvent> stream = [.. TheSeedsLife().Append(new SubjectsReordered(["Korea"])).Select((e, i) => Stored(e, i + 1))];
        var before = RecordReplay.Fold(stream.SkipLast(1))!;

        Assert.Throws<InvalidOperationException>(() => new CatalogueRecordProjection().Evolve(before, RecordId, stream[^1]));
        Assert.Throws<InvalidOperationException>(() => RecordReplay.Fold(stream));
        Assert.Throws<InvalidOperationException>(() => RecordReplay.Changes(null, [.. stream.Select(RecordEvent.Of)], 0, stream.Count));
        Assert.Throws<InvalidOperationException>(() => RecordReplay.Blame(null, [.. stream.Select(RecordEvent.Of)]));
    }

    [Fact]
    public void a_diff_names_every_field_each_event_changed_and_no_other()
    {
        IReadOnlyList<IRecordEvent> life =
        [
            .. TheSeedsLife(),
            new TitleRevised("Memorandum of Conversation with Zhou Enlai"),
            new ParticipantsRecorded([new Person("Zhou Enlai"), new Person("N.V. Roshchin", "interviewer")]),
            new SubjectsTagged(["Sino-Soviet relations", "Korea"]),
            new FullTextAttached("Zhou Enlai said that Mao Zedong wished to travel to Moscow.", "en", "translation"),
            new SubjectsRemoved(["Korea"]),
            new PlacesAdded(["Moscow"]),
            new FullTextAttached("Чжоу Эньлай сказал, что Мао Цзэдун хочет приехать в Москву.", "en", "translation"),
            new TitleRevised("Memorandum of Conversation with Zhou Enlai"),
            new ParticipantsRecorded([new Person("Zhou Enlai")]),
            new FullTextRemoved("en", "translation"),
            new RecordWithdrawn(),
        ];
        IReadOnlyList<IEvent> stream = [.. life.Select((e, i) => Stored(e, i + 1))];

        // What each event changed, found the slow way: the whole record flattened before and after it.
        var expected = new List<(long Version, string Path, string? New)>();
        CatalogueRecord? record = null;
        foreach (var e in stream)
        {
            var before = RecordFields.Flatten(record);
            record = RecordEvolution.Apply(record, e.Data, e.Version);
            var after = RecordFields.Flatten(record);
            expected.AddRange(before.Keys.Union(after.Keys).Order(StringComparer.Ordinal)
                .Where(path => !RecordFields.Same(before.GetValueOrDefault(path), after.GetValueOrDefault(path)))
                .Select(path => (e.Version, path, after.GetValueOrDefault(path)?.ToJsonString())));
        }

        var changes = RecordReplay.Changes(null, [.. stream.Select(RecordEvent.Of)], 0, stream.Count);

        Assert.Equal(expected.Select(c => (c.Version, c.Path)), changes.Select(c => (c.Event.Version, c.Path)));
        Assert.Equal(
            expected.Where(c => !RecordFields.IsFullText(c.Path)).Select(c => c.New),
            changes.Where(c => !RecordFields.IsFullText(c.Path)).Select(c => c.New?.ToJsonString()));
        Assert.Contains(changes, c => c.Path == "participants[name=N.V. Roshchin,role=interviewer].name" && c.New is null && c.Event.Version == 19);
        Assert.DoesNotContain(changes, c => c.Event.Version == 18);
    }

    private static IEvent Stored(IRecordEvent data, long version)
    {
        var e = Event.For<object>(data);
        e.StreamId = RecordId;
        e.Version = version;
        e.Sequence = version;
        e.EventTypeName = data.GetType().Name;
        return e;
    }
}
