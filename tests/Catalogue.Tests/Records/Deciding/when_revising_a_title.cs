using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using static Catalogue.Tests.Support.RecordLives;

namespace Catalogue.Tests.Records.Deciding;

/// <summary>A record always has a title (its accession gave it one), so any new title is a correction.</summary>
public sealed class when_revising_a_title
{
    private const string Shorter = "Memorandum of Conversation with Zhou Enlai, 10 November 1949";

    [Fact]
    public void a_new_title_with_a_reason_is_revised_trimmed() =>
        ReviseTitleEndpoint.Decide(new ReviseTitle($" {Shorter} ", Reason: "Shorter title agreed by the editors"), ARecord())
            .ShouldAppend(new TitleRevised(Shorter));

    [Fact]
    public void a_new_title_needs_a_reason() =>
        ReviseTitleEndpoint.Decide(new ReviseTitle(Shorter), ARecord()).ShouldNeedAReason();

    [Fact]
    public void the_same_title_changes_nothing_even_without_a_reason() =>
        ReviseTitleEndpoint.Decide(new ReviseTitle($"{Title} "), ARecord()).ShouldChangeNothing();
}
