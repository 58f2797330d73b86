using Catalogue.Api.Validation;

namespace Catalogue.Tests.Validation;

/// <summary>An answer that names what was refused quotes it back whole when short, and by its start when long.</summary>
public sealed class when_an_answer_quotes_what_was_sent
{
    [Fact]
    public void a_short_value_is_quoted_whole() => Assert.Equal("ф. 0100", Echoed.Shortened("ф. 0100"));

    [Fact]
    public void a_long_value_is_quoted_by_its_first_sixty_characters() =>
        Assert.Equal(new string('o', 60) + "…", Echoed.Shortened(new string('o', 61)));

    [Fact]
    public void a_character_outside_the_basic_plane_is_not_cut_in_half() =>
        // 59 letters, then a character of two UTF-16 units across the 60th: cut before it, not through it.
        Assert.Equal(new string('a', 59) + "…", Echoed.Shortened(new string('a', 59) + "𝔄" + "bc"));
}
