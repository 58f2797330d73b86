using Catalogue.Api.Credits;

namespace Catalogue.Api.Generation;

/// <summary>
/// Someone documents name. <see cref="Russian"/> is the nominative as Russian texts write it; <see cref="Genitive"/> and
/// <see cref="With"/> (instrumental, after "с") are the forms Russian titles need ("Из дневника Н.В. Рощина", "беседа с
/// премьером Чжоу Эньлаем"); <see cref="WadeGiles"/> is how older catalogues spelled a Chinese name.
/// </summary>
public sealed record Figure(string English, string Russian, string Role, string? Genitive = null, string? With = null, string? WadeGiles = null)
{
    public Records.Person AsPerson(string? role = null) => new(English, role ?? Role);
}

/// <summary>The people of the catalogue: those the documents name, and those the corpus credits (with its repeats).</summary>
public static class Figures
{
    public static readonly Figure Roshchin = new("N.V. Roshchin", "Н.В. Рощин", "Soviet Ambassador to the PRC", "Н.В. Рощина");
    public static readonly Figure Yudin = new("P.F. Yudin", "П.Ф. Юдин", "Soviet Ambassador to the PRC", "П.Ф. Юдина");
    public static readonly Figure Kuznetsov = new("V.V. Kuznetsov", "В.В. Кузнецов", "Soviet Ambassador to the PRC", "В.В. Кузнецова");
    public static readonly Figure Shtykov = new("T.F. Shtykov", "Т.Ф. Штыков", "Soviet Ambassador to the DPRK", "Т.Ф. Штыкова");
    public static readonly Figure Puzanov = new("A.M. Puzanov", "А.М. Пузанов", "Soviet Ambassador to the DPRK", "А.М. Пузанова");
    public static readonly Figure Chervonenko = new("S.V. Chervonenko", "С.В. Червоненко", "Soviet Ambassador to the PRC", "С.В. Червоненко");

    /// <summary>Soviet ambassadors whose diaries record their conversations.</summary>
    public static readonly IReadOnlyList<Figure> Diarists = [Roshchin, Yudin, Kuznetsov, Shtykov, Puzanov, Chervonenko];

    /// <summary>The leaders the ambassadors talked with, with the title their diaries give them (and, in <see cref="Figure.With"/>, with it in Russian).</summary>
    public static readonly IReadOnlyList<(Figure Figure, string Title)> Interlocutors =
    [
        (new("Zhou Enlai", "Чжоу Эньлай", "Premier of the PRC", WadeGiles: "Chou En-lai", With: "премьером Государственного административного совета Чжоу Эньлаем"), "Prime Minister"),
        (new("Mao Zedong", "Мао Цзэдун", "Chairman of the CCP", WadeGiles: "Mao Tse-tung", With: "председателем Мао Цзэдуном"), "Chairman"),
        (new("Liu Shaoqi", "Лю Шаоци", "Vice Chairman of the CCP", WadeGiles: "Liu Shao-ch'i", With: "заместителем председателя Лю Шаоци"), "Vice Chairman"),
        (new("Gao Gang", "Гао Ган", "Chairman of the Northeast People's Government", WadeGiles: "Kao Kang", With: "председателем Гао Ганом"), "Chairman"),
        (new("Chen Yi", "Чэнь И", "Foreign Minister of the PRC", WadeGiles: "Ch'en I", With: "министром иностранных дел Чэнь И"), "Foreign Minister"),
        (new("Peng Dehuai", "Пэн Дэхуай", "Minister of Defence of the PRC", WadeGiles: "P'eng Te-huai", With: "министром обороны Пэн Дэхуаем"), "Minister of Defence"),
        (new("Kim Il Sung", "Ким Ир Сен", "Premier of the DPRK", With: "премьером Ким Ир Сеном"), "Premier"),
        (new("Pak Hon-yong", "Пак Хен Ен", "Foreign Minister of the DPRK", With: "министром иностранных дел Пак Хен Еном"), "Foreign Minister"),
        (new("Ho Chi Minh", "Хо Ши Мин", "President of the DRV", With: "президентом Хо Ши Мином"), "President"),
    ];

    /// <summary>Who speaks in a Russian or a translated text: the nominative, which every sentence of the texts takes.</summary>
    public static readonly IReadOnlyList<Figure> Speakers =
    [
        .. Interlocutors.Select(i => i.Figure),
        new("Gromyko", "Громыко", "Soviet Deputy Foreign Minister"),
        new("Vyshinsky", "Вышинский", "Soviet Foreign Minister"),
        new("Molotov", "Молотов", "Soviet Foreign Minister"),
        new("Mikoyan", "Микоян", "Member of the CPSU Presidium"),
    ];

    /// <summary>Who sent a cable to whom, as the archive's title and a Russian catalogue write it; {n} is the cable's number.</summary>
    public static readonly IReadOnlyList<(string English, string Russian, Figure From, Figure To)> Cables =
    [
        ("Cable, Filippov (Stalin) to Mao Zedong", "Шифртелеграмма Филиппова (И.В. Сталина) Мао Цзэдуну",
            new("I.V. Stalin", "И.В. Сталин", "Chairman of the USSR Council of Ministers"), new("Mao Zedong", "Мао Цзэдун", "Chairman of the CCP", WadeGiles: "Mao Tse-tung")),
        ("Ciphered Telegram No. {n}, Roshchin to Filippov [Stalin]", "Шифртелеграмма № {n} Н.В. Рощина Филиппову (И.В. Сталину)",
            Roshchin, new("I.V. Stalin", "И.В. Сталин", "Chairman of the USSR Council of Ministers")),
        ("Cable, Mao Zedong to Filippov [Stalin]", "Шифртелеграмма Мао Цзэдуна Филиппову (И.В. Сталину)",
            new("Mao Zedong", "Мао Цзэдун", "Chairman of the CCP", WadeGiles: "Mao Tse-tung"), new("I.V. Stalin", "И.В. Сталин", "Chairman of the USSR Council of Ministers")),
        ("Telegram from Shtykov to the USSR First Deputy Minister of Foreign Affairs", "Телеграмма Т.Ф. Штыкова первому заместителю министра иностранных дел СССР",
            Shtykov, new("A.A. Gromyko", "А.А. Громыко", "USSR First Deputy Minister of Foreign Affairs")),
        ("Telegram from Nikishov to Beria", "Телеграмма И.Ф. Никишова Л.П. Берии",
            new("I.F. Nikishov", "И.Ф. Никишов", "Head of Dalstroi"), new("L.P. Beria", "Л.П. Берия", "People's Commissar of Internal Affairs")),
        ("Letter from Kim Il Sung to Stalin", "Письмо Ким Ир Сена И.В. Сталину",
            new("Kim Il Sung", "Ким Ир Сен", "Premier of the DPRK"), new("I.V. Stalin", "И.В. Сталин", "Chairman of the USSR Council of Ministers")),
        ("Ciphered Telegram No. {n}, Vyshinsky to Roshchin", "Шифртелеграмма № {n} А.Я. Вышинского Н.В. Рощину",
            new("A.Ya. Vyshinsky", "А.Я. Вышинский", "Soviet Foreign Minister"), Roshchin),
        ("Letter from Zhou Enlai to Vyshinsky", "Письмо Чжоу Эньлая А.Я. Вышинскому",
            new("Zhou Enlai", "Чжоу Эньлай", "Premier of the PRC", WadeGiles: "Chou En-lai"), new("A.Ya. Vyshinsky", "А.Я. Вышинский", "Soviet Foreign Minister")),
    ];

    public static readonly IReadOnlyList<Figure> EastGermans =
    [
        new("Walter Ulbricht", "Вальтер Ульбрихт", "First Secretary of the SED"),
        new("Otto Grotewohl", "Отто Гротеволь", "Minister-President of the GDR"),
    ];

    public static readonly IReadOnlyList<Figure> Americans =
    [
        new("McGeorge Bundy", "Макджордж Банди", "Special Assistant for National Security Affairs"),
        new("John T. McNaughton", "Джон Макнотон", "Assistant Secretary of Defense"),
        new("Richard Helms", "Ричард Хелмс", "Director of Central Intelligence"),
        new("John A. McCone", "Джон Маккоун", "Director of Central Intelligence"),
        new("Henry Cabot Lodge", "Генри Кэбот Лодж", "Ambassador to Vietnam"),
        new("Dean Rusk", "Дин Раск", "Secretary of State"),
        new("Robert S. McNamara", "Роберт Макнамара", "Secretary of Defense"),
    ];

    /// <summary>The corpus's translators, as often as a real archive credits them: a few translate most of it.</summary>
    public static readonly IReadOnlyList<(string Name, int Weight)> Translators =
    [
        ("Gary Goldberg", 8),
        ("James F. Person", 4),
        ("David Wolff", 3),
        ("Mark Kramer", 3),
        ("Eliza Gheorghe", 2),
        ("Vadim J. Birstein", 1),
    ];

    /// <summary>Who, in the corpus, brought a copy to the archive rather than translating it.</summary>
    public const string Contributor = "Sergey Radchenko";

    /// <summary>The translator of the memoir the corpus cites as a published source.</summary>
    public const string MemoirTranslator = "Michael B. Petrovich";

    /// <summary>The corpus's funders; a note may name several, and each is a funding note of its own.</summary>
    public const string LeonLevy = "Leon Levy Foundation";
    public const string Unification = "ROK Ministry of Unification";
    public const string Blavatnik = "Blavatnik Family Foundation";

    /// <summary>A credit sentence as the archive writes it, and what it credits.</summary>
    public sealed record CreditSentence(string Sentence, string Translator, (string Role, string Person)? Acquisition);

    /// <summary>The corpus's credit sentences, for a translator and the programme the translation was made for.</summary>
    public static CreditSentence Credit(SeededRandom random, string translator, string? programme)
    {
        var shape = random.Next(programme is null ? 2 : 6);
        return shape switch
        {
            0 => new($"Translated by {translator}.", translator, null),
            1 => new($"Contributed by {Contributor} and translated by {translator}.", translator, (AcquisitionRoles.Contributed, Contributor)),
            2 => new($"Translated for {programme} by {translator}.", translator, null),
            3 => new($"Obtained and translated for {programme} by {translator}.", translator, (AcquisitionRoles.Obtained, translator)),
            4 => new($"Obtained for {programme} by {Contributor} and translated for {programme} by {translator}.", translator, (AcquisitionRoles.Obtained, Contributor)),
            _ => new($"Translated for {programme} by {translator}.", translator, null),
        };
    }

    /// <summary>Who paid, for a programme: the corpus's notes name one funder or two in one sentence.</summary>
    public static IReadOnlyList<string> Funders(SeededRandom random, string? programme) => programme switch
    {
        "NKIDP" => random.Chance(0.7) ? [Unification, LeonLevy] : [Unification],
        _ => random.Next(10) switch
        {
            < 7 => [LeonLevy],
            < 9 => [Blavatnik],
            _ => [LeonLevy, Blavatnik],
        },
    };

    /// <summary>"This document was made possible with support from the ROK Ministry of Unification, Leon Levy Foundation", as the corpus words it.</summary>
    public static string FundingNote(SeededRandom random, IReadOnlyList<string> funders) =>
        $"This document was made possible with support from {(random.Chance(0.5) ? "the " : "")}{string.Join(", ", funders)}";
}
