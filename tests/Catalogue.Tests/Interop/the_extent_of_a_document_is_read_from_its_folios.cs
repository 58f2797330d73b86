using Catalogue.Api.Records;

namespace Catalogue.Tests.Interop;

/// <summary>
/// ISAD(G) asks for a document's extent. The folios of its archive reference give it as a count of leaves — when they
/// give it for certain: a verso is on the leaf it turns, and a folio that is not a plain number gives no count at all.
/// </summary>
public sealed class the_extent_of_a_document_is_read_from_its_folios
{
    [Theory]
    [InlineData("81-85", 5)]
    [InlineData("81-85ob", 5)]
    [InlineData("12", 1)]
    [InlineData("12ob", 1)]
    [InlineData("2-2ob", 1)]
    [InlineData("12, 14-15", 3)]
    [InlineData("1-100000", 100_000)]
    public void folios_that_are_numbers_count_their_leaves(string folios, int leaves) =>
        Assert.Equal(leaves, ArchivalReference.LeavesIn(folios));

    [Theory]
    [InlineData("12a")]
    [InlineData("xii")]
    [InlineData("85-81")]
    [InlineData("0")]
    [InlineData("1-100001")]
    [InlineData("1-999999999, 1-999999999, 1-999999999")]
    [InlineData("9999999999")]
    [InlineData("")]
    [InlineData("12,")]
    [InlineData("12 ob")]
    public void folios_that_give_no_certain_count_give_none(string folios) =>
        Assert.Null(ArchivalReference.LeavesIn(folios));

    [Fact]
    public void a_document_has_the_extent_of_the_one_reference_that_gives_folios()
    {
        var original = new ArchivalReference { Repository = "AVPRF", Fond = "0100", Folios = "81-85ob" };
        var copy = new ArchivalReference { Repository = "RGASPI", Fond = "558", Folios = "12" };
        var unlocated = new ArchivalReference { Repository = "APRF", Fond = "45" };

        Assert.Equal(5, ArchivalReference.ExtentIn([unlocated, original]));
        Assert.Null(ArchivalReference.ExtentIn([original, copy]));
        Assert.Null(ArchivalReference.ExtentIn([unlocated]));
        Assert.Equal(("1 leaf", "5 leaves"), (ArchivalReference.LeavesText(1), ArchivalReference.LeavesText(5)));
    }
}
