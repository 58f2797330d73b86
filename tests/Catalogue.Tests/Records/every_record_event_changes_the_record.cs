using System.Text.Json;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Records;

/// <summary>
/// Every kind of record event leaves its mark on the record it is folded into. An event the fold has no arm for, or an
/// arm that forgets what the event says, would move the version and show nothing in the read model, a replay or a diff.
/// </summary>
public sealed class every_record_event_changes_the_record
{
    public static TheoryData<string> EveryRecordEvent => [.. the_stored_event_names_are_a_contract.RecordEventTypes.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(EveryRecordEvent))]
    public void when_it_is_folded_into_a_record(string eventType)
    {
        var life = RecordLives.EveryKindOfEvent(RecordLives.Id);
        var at = life.Select(e => e.GetType().Name).ToList().IndexOf(eventType);
        Assert.True(at >= 0, $"{eventType} has no sample: give it a place in {nameof(RecordLives)}.{nameof(RecordLives.EveryKindOfEvent)}.");

        var before = RecordEvolution.Fold(null, life.Take(at));
        var after = RecordEvolution.Apply(before, life[at], (before?.Version ?? 0) + 1);

        Assert.NotNull(after);
        Assert.Equal((before?.Version ?? 0) + 1, after.Version);
        Assert.True(
            before is null || Shown(before) != Shown(after with { Version = before.Version }),
            $"Folding {eventType} left the record as it was: see its arm in {nameof(RecordEvolution)}.{nameof(RecordEvolution.Apply)}.");
    }

    /// <summary>Compared as JSON: records compare their lists by reference.</summary>
    private static string Shown(CatalogueRecord record) => JsonSerializer.Serialize(record);
}
