using Catalogue.Api.Imports;
using Catalogue.Api.Records;

namespace Catalogue.Tests.Imports;

public sealed partial class when_the_seed_page_is_parsed
{
    [Fact]
    public void the_original_language_is_coded() =>
        Assert.Equal([new Language("ru", "Russian")], _page.OriginalLanguages);

    [Fact]
    public void the_classification_is_the_mark_without_the_date() =>
        Assert.Equal("Top Secret, Copy 4", _page.Classification);

    [Fact]
    public void the_full_text_is_the_english_translation_after_the_contents_label()
    {
        var text = Assert.IsType<PageFullText>(_page.FullText);
        Assert.Equal("en", text.Language);
        Assert.Equal(TextKinds.Translation, text.Kind);
        Assert.StartsWith("From the Diary of N. V. ROSHCHIN Top Secret, Copy 4, 1 December 1949\n\nMemorandum of Conversation with", text.Text);
        Assert.EndsWith("- 5. [Roshchin requests aid in moving his embassy's materials from Nanjing to Beijing.]\n\nUSSR Ambassador to the PRC N. Roshchin", text.Text);
        Assert.DoesNotContain("Translation - English", text.Text);
        Assert.Contains("Stalin communicated an analogous position via Com. [I.V.] Kovalev in the 5 November talk.", text.Text);
    }
}

public sealed class when_a_page_names_its_languages_and_contents
{
    [Theory]
    [InlineData("Russian", "ru")]
    [InlineData("Chinese", "zh")]
    [InlineData("English", "en")]
    [InlineData("German", "de")]
    [InlineData("Hungarian", "hu")]
    [InlineData("Romanian", "ro")]
    [InlineData("Polish", "pl")]
    [InlineData("Korean", "ko")]
    [InlineData("Japanese", "ja")]
    [InlineData("Vietnamese", "vi")]
    [InlineData("French", "fr")]
    [InlineData("Czech", "cs")]
    [InlineData("Bulgarian", "bg")]
    [InlineData("Mongolian", "mn")]
    [InlineData("Serbian", "sr")]
    [InlineData("Albanian", "sq")]
    [InlineData("russian", "ru")]
    [InlineData("Klingon", "und")]
    public void language_names_become_iso_639_codes_and_keep_their_name(string name, string code)
    {
        var page = ArchivePageParser.Parse(ArchivePages.Build(originalLanguage: name)).Page!;

        Assert.Equal([new Language(code, name)], page.OriginalLanguages);
    }

    [Fact]
    public void several_languages_are_each_coded()
    {
        var page = ArchivePageParser.Parse(ArchivePages.Build(originalLanguage: "Russian, Chinese\nKorean")).Page!;

        Assert.Equal([new Language("ru", "Russian"), new Language("zh", "Chinese"), new Language("ko", "Korean")], page.OriginalLanguages);
    }

    [Theory]
    [InlineData("Original - Russian", "ru", "original")]
    [InlineData("Transcript - Russian", "ru", "original")]
    [InlineData("Translation - English", "en", "translation")]
    [InlineData("Translation: German", "de", "translation")]
    [InlineData("Original Scan\n\nTranslation - English", "en", "translation")]
    [InlineData("Russian HTML", "ru", "original")]
    [InlineData("English HTML", "en", "translation")]
    public void the_contents_label_says_which_text_and_language_follow(string label, string language, string kind)
    {
        var page = ArchivePageParser.Parse(ArchivePages.Build(originalLanguage: "Russian", contents: label + "\n\nThe text.")).Page!;

        Assert.Equal(new PageFullText("The text.", language, kind), page.FullText);
    }

    [Fact]
    public void an_unlabelled_text_of_an_english_original_is_the_original()
    {
        var page = ArchivePageParser.Parse(ArchivePages.Build(originalLanguage: "English", contents: "The text.")).Page!;

        Assert.Equal(new PageFullText("The text.", "en", TextKinds.Original), page.FullText);
    }

    [Fact]
    public void a_translation_into_another_language_is_credited_in_that_language()
    {
        var text = ArchivePages.Build(
            citation: "RGASPI, f. 17, op. 1, d. 1, l. 1. Translated by Anna Schmidt. https://digitalarchive.wilsoncenter.org/document/5",
            contents: "Translation - German\n\nDer Text.");

        var page = ArchivePageParser.Parse(text).Page!;

        Assert.Equal("de", Assert.Single(page.Translations).Language);
    }
}
