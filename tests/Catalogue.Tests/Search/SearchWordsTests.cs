using Catalogue.Api.Search;

namespace Catalogue.Tests.Search;

/// <summary>How the words typed are split so that the last one, unfinished, is found by its beginning.</summary>
public sealed class SearchWordsTests
{
    [Theory]
    [InlineData("zhou enl", null, "zhou", "enl")]
    [InlineData("совещ", null, "", "совещ")]
    [InlineData("Kovács", null, "", "Kovács")]
    [InlineData("stalin or ma", "stalin", "", "ma")]
    [InlineData("stalin OR ma", "stalin", "", "ma")]
    [InlineData("\"zhou enlai\" mao", null, "\"zhou enlai\"", "mao")]
    // As websearch_to_tsquery reads "a b or c d", "a b", or "c d": the last word joins the words after the last "or" alone.
    [InlineData("berlin or korea china", "berlin", "korea", "china")]
    [InlineData("Kim Il Sung or Mao Zedong", "Kim Il Sung", "Mao", "Zedong")]
    [InlineData("a or b -c or d e", "a or b -c", "d", "e")]
    [InlineData("\"talks or meetings\" moscow", null, "\"talks or meetings\"", "moscow")]
    [InlineData("\"talks\" or \"peace or war\" mosc", "\"talks\"", "\"peace or war\"", "mosc")]
    [InlineData("or korea china", null, "or korea", "china")]
    public void an_unfinished_last_word_is_matched_as_a_prefix(string q, string? alternatives, string words, string prefix)
    {
        Assert.Equal(new SearchWords(alternatives, words, prefix), SearchWords.Of(q));
    }

    [Theory]
    [InlineData("zhou enlai ")]
    [InlineData("\"zhou enlai\"")]
    [InlineData("\"zhou enl")]
    [InlineData("zhou -enlai")]
    [InlineData("zhou or")]
    [InlineData("sino-soviet")]
    [InlineData("enl:*")]
    [InlineData("a&b")]
    public void a_finished_excluded_quoted_or_punctuated_last_word_is_matched_as_written(string q)
    {
        Assert.Equal(new SearchWords(null, q, null), SearchWords.Of(q));
    }

    [Theory]
    [InlineData("Zhou Enlai Zhou Enlai Zhou Enl", "Zhou Enlai Enl", 3)]
    [InlineData("Zhou Enlai zhou ENLAI ", "Zhou Enlai ", 2)]
    [InlineData("stalin  stalin\tstalin", "stalin stalin", 2)]
    [InlineData("stalin mao or stalin mao stalin", "stalin mao or stalin mao stalin", 5)]
    [InlineData("\"stalin stalin\" stalin -stalin stalin ", "\"stalin stalin\" stalin -stalin ", 4)]
    [InlineData("сталин Сталин мао ", "сталин мао ", 2)]
    [InlineData("sino-soviet sino-soviet treaty", "sino-soviet treaty", 3)]
    [InlineData("stalin, stalin. stalin", "stalin, stalin. stalin", 3)]
    public void a_word_repeated_is_searched_for_and_counted_once(string q, string folded, int words)
    {
        Assert.Equal((folded, words), SearchWords.Folded(q));
    }

    [Theory]
    [InlineData("Top Secret, Copy 4", "Top Secret")]
    [InlineData("TOP SECRET Copy Nº 1", "Top Secret")]
    [InlineData("Secret; Immediate; Nodis", "Secret")]
    [InlineData("Confidential", "Confidential")]
    [InlineData("Copy 3", null)]
    [InlineData("Секретно. Экз. № 4", "Секретно")]
    [InlineData("СОВЕРШЕННО СЕКРЕТНО Экз. № 1", "Совершенно Секретно")]
    [InlineData("Секретно, экз. 2", "Секретно")]
    [InlineData("Secret copyright notice", "Secret Copyright Notice")]
    [InlineData("  ", null)]
    public void a_classification_is_counted_by_its_level(string marks, string? level)
    {
        Assert.Equal(level, RecordSearch.ClassificationLevel(marks));
    }

    [Fact]
    public void a_passage_is_escaped_and_its_matches_marked()
    {
        Assert.Equal(
            "<mark>Stalin</mark> &amp; Mao &lt;script&gt; said &quot;yes&quot;",
            SearchRecordsEndpoint.Marked("\uE000Stalin\uE001 & Mao <script> said \"yes\""));
        Assert.Equal("stray marks <mark>vanish</mark>", SearchRecordsEndpoint.Marked("stray \uE001marks \uE000vanish"));
    }
}
