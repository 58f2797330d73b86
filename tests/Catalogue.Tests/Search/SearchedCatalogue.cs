using Catalogue.Tests.Support;

namespace Catalogue.Tests.Search;

/// <summary>
/// Five records about Stalin, described through the catalogue's commands: three published, one still a draft and one
/// withdrawn, in different archives, languages, hands and years, so every filter has something to narrow.
/// </summary>
public sealed record SearchedCatalogue(Guid MaoTelegram, Guid StalinLetter, Guid HungarianReport, Guid Draft, Guid Withdrawn)
{
    public IReadOnlyList<Guid> Published => [MaoTelegram, StalinLetter, HungarianReport];

    public static async Task<SearchedCatalogue> Describe(Support.Api api)
    {
        var telegram = await Describing.Accession(api, "Telegram from Mao Zedong to Stalin");
        await telegram.Provenance("AVPRF", "0100", "42");
        await telegram.OriginalLanguage("ru", "Russian");
        await telegram.Translation("en", "Translated by David Wolff", "David Wolff");
        await telegram.Funding("Leon Levy Foundation", "Made possible with support from the Leon Levy Foundation");
        await telegram.Classification("Top Secret, Copy 4");
        await telegram.Subjects("Sino-Soviet relations");
        await telegram.Creators("Mao Zedong");
        await telegram.Date("November 10, 1949", "1949-11-10");
        await telegram.Publish();

        var letter = await Describing.Accession(api, "Letter from Stalin to Mao Zedong");
        await letter.Provenance("APRF", "45", "1");
        await letter.OriginalLanguage("ru", "Russian");
        await letter.Translation("en", "Translated by Sergey Radchenko", "Sergey Radchenko");
        await letter.Funding("Henry Luce Foundation", "Support from the Henry Luce Foundation");
        await letter.Classification("TOP SECRET Copy Nº 1");
        await letter.Subjects("Sino-Soviet relations", "Korean War");
        await letter.Creators("Stalin");
        await letter.Date("1950 (?)", "1950?");
        await letter.Publish();

        var report = await Describing.Accession(api, "Hungarian report on Stalin's guests");
        // The Hungarian National Archives, as the repository authority list names them.
        await report.Provenance("MNL OL", "XIX-J-1-j", "Korea");
        await report.OriginalLanguage("hu", "Hungarian");
        await report.Translation("en", "Translated by Gwenyth Swain", "Gwenyth Swain");
        await report.Classification("Secret; Immediate; Nodis");
        await report.Subjects("Korean War");
        await report.Participants("Kovács István");
        await report.Date("October 1949 to February 1950", "1949-10/1950-02");
        await report.Publish();

        var draft = await Describing.Accession(api, "Stalin's draft note");
        await draft.Provenance("AVPRF", "0100", "42");
        await draft.OriginalLanguage("ru", "Russian");
        await draft.Subjects("Korean War");
        await draft.Creators("Stalin");
        await draft.Date("1951", "1951");

        var withdrawn = await Describing.Accession(api, "Stalin's telegram, catalogued twice");
        await withdrawn.Provenance("GARF", "R-9401", "2");
        await withdrawn.Subjects("Korean War");
        await withdrawn.Classification("Secret");
        await withdrawn.Publish();
        await withdrawn.Withdraw();

        return new SearchedCatalogue(telegram.Id, letter.Id, report.Id, draft.Id, withdrawn.Id);
    }
}
