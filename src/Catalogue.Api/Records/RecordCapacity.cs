using Catalogue.Api.Records.Writing;
using Microsoft.AspNetCore.Mvc;

namespace Catalogue.Api.Records;

/// <summary>
/// How many of each repeated entry one record holds at most. An export gives a record as one JSON line and the import
/// takes such a line back with these same bounds, so the catalogue holds no record its own import would refuse; they
/// also keep one record's document, and what the read models make of it, within what PostgreSQL stores in a row.
/// </summary>
/// <remarks>
/// Only growth is refused: the lists that are given whole (creators, participants, languages, identifiers) are bounded by
/// their commands already, and a record stored past a bound before it was kept takes every change that does not add to it.
/// </remarks>
public static class RecordCapacity
{
    public const int ExternalIds = 50;
    public const int Creators = 100;
    public const int Participants = 500;
    public const int OriginalLanguages = 20;
    public const int Subjects = 100;
    public const int Places = 100;
    public const int ProvenanceReferences = 50;
    public const int Translations = 50;
    public const int AcquisitionCredits = 50;
    public const int FundingNotes = 50;

    /// <summary>
    /// The UTF-8 bytes of a record's full texts together: two texts of the largest a command carries (a page's
    /// 4,194,304 characters of Cyrillic are 8 MiB), so that an export's line of the record stays within what an import
    /// reads (<see cref="Interop.Bulk.JsonLinesReader.MaxLineBytes"/>, which allows for each byte escaped as two).
    /// </summary>
    public const int FullTextBytes = 16 * 1024 * 1024;

    /// <param name="Instead">What the archivist can do instead, said of the record at <c>{id}</c>.</param>
    private sealed record Bound(string Field, string Entries, int Most, Func<CatalogueRecord, long> Count, string Instead);

    private const string OwnRecord = "catalogue the rest on a record of its own";

    private static readonly Bound[] Growing =
    [
        new("subjects", "subjects", Subjects, r => r.Subjects.Count,
            $"Remove those no longer wanted first (POST /api/records/{{id}}/subjects/removal), or {OwnRecord}."),
        new("places", "places", Places, r => r.Places.Count,
            $"Remove those no longer wanted first (POST /api/records/{{id}}/places/removal), or {OwnRecord}."),
        new("provenance", "provenance references", ProvenanceReferences, r => r.Provenance.Count,
            $"A reference is corrected, never taken away: correct one that is wrong (POST /api/records/{{id}}/provenance/{{number}}/corrections), or {OwnRecord}."),
        new("translations", "translation credits", Translations, r => r.Translations.Count,
            $"Withdraw those given in error first (POST /api/records/{{id}}/translations/{{number}}/withdrawal), or {OwnRecord}."),
        new("acquisitionCredits", "acquisition credits", AcquisitionCredits, r => r.AcquisitionCredits.Count,
            $"Withdraw those given in error first (POST /api/records/{{id}}/acquisition-credits/{{number}}/withdrawal), or {OwnRecord}."),
        new("fundingNotes", "funding notes", FundingNotes, r => r.FundingNotes.Count,
            $"Remove those given in error first (POST /api/records/{{id}}/funding-notes/{{number}}/removal), or {OwnRecord}."),
        new("externalIds", "external identifiers", ExternalIds, r => r.ExternalIds.Count, $"Name fewer, or {OwnRecord}."),
        new("creators", "creators", Creators, r => r.Creators.Count, $"Name fewer, or {OwnRecord}."),
        new("participants", "participants", Participants, r => r.Participants.Count, $"Name fewer, or {OwnRecord}."),
        new("originalLanguages", "original languages", OriginalLanguages, r => r.OriginalLanguages.Count, $"Name fewer, or {OwnRecord}."),
        new("text", "bytes of full text (UTF-8)", FullTextBytes, r => r.FullTexts.Sum(t => (long)t.Bytes),
            "Remove a text no longer wanted first (POST /api/records/{id}/full-texts/removal), or keep the rest of the text on a record of its own."),
    ];

    /// <summary>A list (or the texts) a change would grow past its bound: the field it is named by, and what to tell.</summary>
    public sealed record Excess(string Field, string Title, string Detail);

    /// <summary>Why <paramref name="events"/> may not be appended to <paramref name="record"/> (null for a new one), as a 422.</summary>
    public static ProblemDetails? Refusal(CatalogueRecord? record, IReadOnlyList<IRecordEvent> events) =>
        ExcessOf(record, events) is { } excess ? Problems.Unprocessable(excess.Title, excess.Detail, excess.Field) : null;

    /// <summary>The first list (or the texts) <paramref name="events"/> would grow past its bound on <paramref name="record"/>; null when none.</summary>
    public static Excess? ExcessOf(CatalogueRecord? record, IReadOnlyList<IRecordEvent> events)
    {
        var version = record?.Version ?? 0;
        var after = record;
        foreach (var @event in events) after = RecordEvolution.Apply(after, @event, ++version);
        if (after is null) return null;

        foreach (var bound in Growing)
        {
            var had = record is null ? 0 : bound.Count(record);
            var has = bound.Count(after);
            if (has <= bound.Most || has <= had) continue;
            return new Excess(
                bound.Field,
                Told($"A record holds at most {bound.Most:N0} {bound.Entries}"),
                (record is null ? Told($"The new record would hold {has:N0} {bound.Entries}") : Told($"Record {after.Id} has {had:N0} {bound.Entries} and the change would give it {has:N0}"))
                + Told($"; a record holds at most {bound.Most:N0} (as many as an export's line of it may hold, for the import to take it back). ")
                // A record not yet made has no address to correct or remove anything at.
                + (record is null ? $"Give fewer, or {OwnRecord}." : bound.Instead.Replace("{id}", after.Id.ToString())));
        }

        return null;
    }

    private static string Told(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
