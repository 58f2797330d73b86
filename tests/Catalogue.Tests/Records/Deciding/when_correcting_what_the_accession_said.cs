using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using static Catalogue.Tests.Support.RecordLives;

namespace Catalogue.Tests.Records.Deciding;

/// <summary>
/// The document type, the source address and the holding archives' identifiers are given at accession, and an
/// archivist who mistyped them corrects them afterwards: a change to what the record names needs a reason, naming one
/// the accession left out does not, and sending what the record already says changes nothing. A type or an address can
/// be taken away (<c>""</c>), the identifiers all at once (<c>[]</c>).
/// </summary>
public sealed class when_correcting_what_the_accession_said
{
    private const string WilsonCenterUrl = "https://wilson-center-digital-archive.dvincitest.com/document/117886";
    private const string DigitalArchiveUrl = "https://digitalarchive.wilsoncenter.org/document/117886";

    private static CatalogueRecord AccessionedWithNothingBut() =>
        RecordEvolution.Fold(null, [Accessioned() with { ExternalIds = [], SourceUrl = null, DocumentType = null }])!;

    [Fact]
    public void a_mistyped_document_type_is_corrected_with_a_reason_and_trimmed() =>
        ReviseDocumentTypeEndpoint.Decide(new ReviseDocumentType(" Record of Conversation ", Reason: "The Russian heading reads «Запись беседы»"), ARecord())
            .ShouldAppend(new DocumentTypeRevised("Record of Conversation"));

    [Fact]
    public void correcting_the_document_type_needs_a_reason() =>
        ReviseDocumentTypeEndpoint.Decide(new ReviseDocumentType("Record of Conversation"), ARecord()).ShouldNeedAReason();

    [Fact]
    public void a_document_type_the_accession_left_out_is_named_without_a_reason() =>
        ReviseDocumentTypeEndpoint.Decide(new ReviseDocumentType("Telegram"), AccessionedWithNothingBut()).ShouldAppend(new DocumentTypeRevised("Telegram"));

    [Fact]
    public void the_same_document_type_changes_nothing_even_without_a_reason() =>
        ReviseDocumentTypeEndpoint.Decide(new ReviseDocumentType("Memorandum of Conversation "), ARecord()).ShouldChangeNothing();

    [Fact]
    public void a_document_type_is_taken_away_with_a_reason_and_then_there_is_nothing_to_take()
    {
        ReviseDocumentTypeEndpoint.Decide(new ReviseDocumentType(""), ARecord()).ShouldNeedAReason();
        ReviseDocumentTypeEndpoint.Decide(new ReviseDocumentType("", Reason: "The page names no type; the accession guessed one"), ARecord())
            .ShouldAppend(new DocumentTypeRevised(null));

        var untyped = ARecord(new DocumentTypeRevised(null));
        Assert.Null(untyped.DocumentType);
        ReviseDocumentTypeEndpoint.Decide(new ReviseDocumentType("  "), untyped).ShouldChangeNothing();
    }

    [Fact]
    public void a_source_address_is_corrected_with_a_reason()
    {
        ReviseSourceUrlEndpoint.Decide(new ReviseSourceUrl(DigitalArchiveUrl), ARecord()).ShouldNeedAReason();
        ReviseSourceUrlEndpoint.Decide(new ReviseSourceUrl(DigitalArchiveUrl, Reason: "The archive moved to its own domain"), ARecord())
            .ShouldAppend(new SourceUrlRevised(DigitalArchiveUrl));
        ReviseSourceUrlEndpoint.Decide(new ReviseSourceUrl(WilsonCenterUrl), ARecord()).ShouldChangeNothing();
    }

    [Fact]
    public void a_source_address_is_given_without_a_reason_when_there_was_none_and_taken_away_with_one()
    {
        ReviseSourceUrlEndpoint.Decide(new ReviseSourceUrl(DigitalArchiveUrl), AccessionedWithNothingBut()).ShouldAppend(new SourceUrlRevised(DigitalArchiveUrl));

        ReviseSourceUrlEndpoint.Decide(new ReviseSourceUrl("", Reason: "The address is of another document"), ARecord()).ShouldAppend(new SourceUrlRevised(null));
        Assert.Null(ARecord(new SourceUrlRevised(null)).SourceUrl);
    }

    [Fact]
    public void the_identifiers_are_replaced_whole_each_trimmed_and_once_with_a_reason()
    {
        var bulletin = new ExternalIdentifier("cwihp-bulletin", "6-7/1995");
        var corrected = new ReviseExternalIdentifiers(
            [new ExternalIdentifier(" wilson-center ", " 117886 "), bulletin, new ExternalIdentifier("cwihp-bulletin", "6-7/1995 ")],
            Reason: "Also printed in the CWIHP Bulletin");

        ReviseExternalIdentifiersEndpoint.Decide(corrected with { Reason = null }, ARecord()).ShouldNeedAReason();
        ReviseExternalIdentifiersEndpoint.Decide(corrected, ARecord())
            .ShouldAppend(new ExternalIdentifiersRevised([new ExternalIdentifier("wilson-center", "117886"), bulletin]));
        ReviseExternalIdentifiersEndpoint.Decide(new ReviseExternalIdentifiers([new ExternalIdentifier("wilson-center", "117886")]), ARecord()).ShouldChangeNothing();
    }

    [Fact]
    public void identifiers_are_given_without_a_reason_when_there_were_none_and_all_taken_away_with_one()
    {
        ReviseExternalIdentifiersEndpoint.Decide(new ReviseExternalIdentifiers([new ExternalIdentifier("wilson-center", "117886")]), AccessionedWithNothingBut())
            .ShouldAppend(new ExternalIdentifiersRevised([new ExternalIdentifier("wilson-center", "117886")]));

        ReviseExternalIdentifiersEndpoint.Decide(new ReviseExternalIdentifiers([], Reason: "The number is of another document"), ARecord())
            .ShouldAppend(new ExternalIdentifiersRevised([]));
        Assert.Empty(ARecord(new ExternalIdentifiersRevised([])).ExternalIds);
    }

    [Theory]
    [InlineData(null, "documentType")]
    [InlineData("Memorandum\u0000", "documentType")]
    public void a_document_type_missing_or_hiding_a_character_is_refused_by_its_field(string? documentType, string field) =>
        Assert.Equal([field], Fields(new ReviseDocumentType.Validator().Validate(new ReviseDocumentType(documentType, 2))));

    /// <summary>The accession's rules: an address absolute, over http(s), with nothing hidden and no user name or password.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData("not a url")]
    [InlineData("ftp://example.org/document/117886")]
    [InlineData("https://user:pass@example.org/document/117886")]
    [InlineData("https://example.org/document/117886\u202E")]
    public void a_source_address_the_accession_would_refuse_is_refused(string? sourceUrl) =>
        Assert.Equal(["sourceUrl"], Fields(new ReviseSourceUrl.Validator().Validate(new ReviseSourceUrl(sourceUrl, 2))));

    [Fact]
    public void an_empty_address_or_list_is_a_removal_not_a_mistake()
    {
        Assert.True(new ReviseSourceUrl.Validator().Validate(new ReviseSourceUrl("", 2)).IsValid);
        Assert.True(new ReviseExternalIdentifiers.Validator().Validate(new ReviseExternalIdentifiers([], 2)).IsValid);
    }

    [Fact]
    public void identifiers_missing_or_without_a_scheme_are_refused_by_their_place()
    {
        Assert.Equal(["externalIds"], Fields(new ReviseExternalIdentifiers.Validator().Validate(new ReviseExternalIdentifiers(null, 2))));
        Assert.Equal(
            ["externalIds[1].scheme"],
            Fields(new ReviseExternalIdentifiers.Validator().Validate(new ReviseExternalIdentifiers([new ExternalIdentifier("wilson-center", "117886"), new ExternalIdentifier(" ", "6-7/1995")], 2))));
    }

    private static IReadOnlyList<string> Fields(FluentValidation.Results.ValidationResult result) =>
        [.. result.Errors.Select(e => Catalogue.Api.Validation.RequestValidation.ToCamelCasePath(e.PropertyName)).Distinct()];
}
