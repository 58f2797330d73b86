using Catalogue.Api.Records;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Records.Deciding;

/// <summary>The first event of a record's stream, made from what the archivist sent and what the catalogue assigned.</summary>
public sealed class when_accessioning_a_document
{
    private static readonly Guid Id = RecordLives.Id;

    [Fact]
    public void the_record_is_accessioned_with_what_was_sent_trimmed()
    {
        var command = new AccessionRecord(
            "  From the Diary of N.V. Roshchin ",
            ExternalIds: [new ExternalIdentifier(" wilson-center ", "117886 "), new ExternalIdentifier("wilson-center", "117886")],
            SourceUrl: " https://wilson-center-digital-archive.dvincitest.com/document/117886 ",
            DocumentType: " Memorandum of Conversation ");

        var accessioned = command.ToEvent(Id, "CAT-2026-000001", RecordLives.AccessionedAt);

        Assert.Equal(
            (Id, "CAT-2026-000001", "From the Diary of N.V. Roshchin", "https://wilson-center-digital-archive.dvincitest.com/document/117886", "Memorandum of Conversation", RecordLives.AccessionedAt),
            (accessioned.RecordId, accessioned.AccessionNumber, accessioned.Title, accessioned.SourceUrl, accessioned.DocumentType, accessioned.AccessionedAt));
        Assert.Equal([new ExternalIdentifier("wilson-center", "117886")], accessioned.ExternalIds);
    }

    [Fact]
    public void what_was_not_sent_is_left_out()
    {
        var accessioned = new AccessionRecord("Memorandum", DocumentType: "  ").ToEvent(Id, "CAT-2026-000002", RecordLives.AccessionedAt);

        Assert.Empty(accessioned.ExternalIds);
        Assert.Null(accessioned.SourceUrl);
        Assert.Null(accessioned.DocumentType);
    }

    [Fact]
    public void the_accessioned_record_is_a_draft_at_version_one()
    {
        var record = RecordEvolution.Apply(null, new AccessionRecord("Memorandum").ToEvent(Id, "CAT-2026-000002", RecordLives.AccessionedAt), 1)!;

        Assert.Equal((Id, 1L, RecordStatus.Draft, "Memorandum"), (record.Id, record.Version, record.Status, record.Title));
    }
}
