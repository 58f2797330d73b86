using System.Globalization;
using Catalogue.Api.Records;

namespace Catalogue.Api.Generation;

/// <summary>
/// What a document is before it is catalogued: its title (in English, and in Russian for a Soviet document, which a
/// Russian catalogue would describe it by), its type, who wrote it and who took part, what its text speaks of, and the date of what it describes.
/// </summary>
public sealed record DocumentSketch(
    string Title,
    string? RussianTitle,
    string DocumentType,
    IReadOnlyList<Person> Creators,
    IReadOnlyList<Person> Participants,
    TextSubject Subject,
    DateOnly? Described,
    string? Classification);

/// <summary>Documents of each family, in the manner of the corpus's titles ("From the Diary of N.V. Roshchin, Memorandum of Conversation with …").</summary>
public static class DocumentSketches
{
    /// <summary>Topics in English as a sentence takes them, and in Russian with the preposition a Russian sentence takes them with.</summary>
    private static readonly (string English, string Russian)[] Topics =
    [
        ("the situation in Korea", "о положении в Корее"),
        ("Mao Zedong's visit to Moscow", "о поездке Мао Цзэдуна в Москву"),
        ("the Sino-Soviet treaty", "о советско-китайском договоре"),
        ("economic aid to the DPRK", "об экономической помощи КНДР"),
        ("the Indochina question", "об индокитайском вопросе"),
        ("the situation in the Taiwan Strait", "о положении в Тайваньском проливе"),
        ("Soviet specialists in China", "о советских специалистах в Китае"),
        ("the Geneva Conference", "о Женевском совещании"),
        ("the events in Hungary", "о событиях в Венгрии"),
        ("the Berlin question", "о берлинском вопросе"),
        ("the Chinese Changchun Railway", "о Китайской Чанчуньской железной дороге"),
        ("trade negotiations", "о торговых переговорах"),
        ("the repatriation of prisoners of war", "о репатриации военнопленных"),
        ("the armistice talks", "о переговорах о перемирии"),
        ("cooperation in atomic energy", "о сотрудничестве в области атомной энергии"),
        ("the Great Leap Forward", "о «большом скачке»"),
        ("the admission of the PRC to the United Nations", "о приеме КНР в Организацию Объединенных Наций"),
        ("border questions", "о пограничных вопросах"),
        ("the training of Chinese students in the USSR", "о подготовке китайских студентов в СССР"),
        ("radio broadcasts to Asia", "о радиовещании на страны Азии"),
    ];

    private static readonly (string English, string Russian)[] Cities =
    [
        ("Beijing", "Пекине"), ("Pyongyang", "Пхеньяне"), ("Moscow", "Москве"), ("Nanjing", "Нанкине"), ("Shanghai", "Шанхае"),
        ("Hanoi", "Ханое"), ("Berlin", "Берлине"), ("Budapest", "Будапеште"), ("Warsaw", "Варшаве"), ("Harbin", "Харбине"),
    ];

    private static readonly string[] FrusTitles =
    [
        "Telegram From the Central Intelligence Agency to the Station in Saigon",
        "Memorandum for the Record",
        "Telegram From the Mission to the United Nations to the Department of State",
        "Telegram From the Embassy in Vietnam to the Department of State",
        "Letter From the Assistant Secretary of State for Far Eastern Affairs (Bundy) to the Assistant Secretary of Defense for International Security Affairs (McNaughton)",
        "Memorandum From Director of Central Intelligence Helms to President Johnson",
        "Memorandum From the President's Special Assistant for National Security Affairs (Bundy) to President Johnson",
    ];

    private static readonly Figure Stalin = new("I.V. Stalin", "И.В. Сталин", "Chairman of the USSR Council of Ministers");
    private static readonly Figure Molotov = new("V.M. Molotov", "В.М. Молотов", "Soviet Foreign Minister");
    private static readonly Figure Khrushchev = new("N.S. Khrushchev", "Н.С. Хрущев", "First Secretary of the CPSU");
    private static readonly Figure Djilas = new("Milovan Djilas", "Милован Джилас", "Member of the Yugoslav Politburo");
    private static readonly Figure Gomulka = new("Władysław Gomułka", "Владислав Гомулка", "First Secretary of the PUWP");

    /// <summary>A body that writes or signs a document: its signature is its name alone.</summary>
    private static Figure Body(string english, string russian) => new(english, russian, "");

    public static DocumentSketch Sketch(SeededRandom random, Holding holding, DateOnly date, bool russianCatalogue)
    {
        var topic = random.Pick(Topics);
        var city = random.Pick(Cities);
        var (interlocutor, title) = random.Pick(Figures.Interlocutors);
        var diarist = random.Pick(Figures.Diarists);

        DocumentSketch Make(string english, string? russian, string type, IReadOnlyList<Person> creators, IReadOnlyList<Person> participants,
            Figure speaker, Figure other, Figure author, DateOnly? described = null) =>
            new(english, russian, type, creators, participants,
                new TextSubject(speaker, other, author, topic, city, described ?? date), described, Classification(random, holding, date, russianCatalogue));

        DocumentSketch Cable((string English, string Russian, Figure From, Figure To) cable)
        {
            var number = random.Between(10000, 99999).ToString(CultureInfo.InvariantCulture);
            var english = cable.English.Replace("{n}", number, StringComparison.Ordinal);
            var type = english.Split(',', ' ')[0] switch
            {
                "Ciphered" => "Ciphered Telegram",
                var first => first,
            };
            return Make(english, cable.Russian.Replace("{n}", number, StringComparison.Ordinal), type,
                [cable.From.AsPerson("author")], [cable.To.AsPerson("addressee")], cable.From, cable.To, cable.From);
        }

        switch (holding.Family)
        {
            case DocumentFamily.SovietDiplomacy when random.Chance(0.6):
                {
                    var conversation = date.AddDays(-random.Between(3, 25));
                    return Make(
                        $"From the Diary of {diarist.English}, Memorandum of Conversation with {title} {interlocutor.English} on {DocumentDates.EnglishDay(conversation)} {conversation.Year}",
                        $"Из дневника {diarist.Genitive}. Запись беседы с {interlocutor.With} {DocumentDates.RussianDate(conversation)}",
                        "Memorandum of Conversation",
                        [diarist.AsPerson("author")], [interlocutor.AsPerson(), diarist.AsPerson()], interlocutor, diarist, diarist, conversation);
                }

            case DocumentFamily.SovietDiplomacy:
                return Cable(random.Pick(Figures.Cables));

            case DocumentFamily.SovietParty:
                switch (random.Next(4))
                {
                    case 0:
                        return Cable(random.Pick(Figures.Cables));
                    case 1:
                        {
                            var presidium = Body("CC CPSU Presidium", "Президиум ЦК КПСС");
                            return Make($"Resolution of the CC CPSU Presidium on {TitleCase(topic.English)}", $"Постановление Президиума ЦК КПСС {topic.Russian}", "Resolution",
                                [presidium.AsPerson("issuing body")], [], random.Pick(Figures.Speakers), interlocutor, presidium);
                        }

                    case 2:
                        {
                            var tass = Body("TASS", "ТАСС");
                            return Make($"TASS Digest Distributed to Cde. I.V. Stalin and Cde. V.M. Molotov, '{TitleCase(topic.English, opening: true)}'",
                                $"Сводка ТАСС для тов. И.В. Сталина и тов. В.М. Молотова {topic.Russian}", "TASS Digest",
                                [tass.AsPerson("author")], [Stalin.AsPerson("recipient"), Molotov.AsPerson("recipient")], interlocutor, Stalin, tass);
                        }

                    default:
                        return Make($"Memorandum from {diarist.English} to the CC CPSU on {TitleCase(topic.English)}", $"Записка {diarist.Genitive} в ЦК КПСС {topic.Russian}",
                            "Memorandum", [diarist.AsPerson("author")], [], diarist, interlocutor, diarist);
                }

            case DocumentFamily.SovietSecurity when random.Chance(0.5):
                {
                    var nikishov = Figures.Cables.First(c => c.From.English == "I.F. Nikishov");
                    return Make($"Telegram from Nikishov to Beria - {Capitalised(topic.English)}", $"Телеграмма И.Ф. Никишова Л.П. Берии {topic.Russian}", "Telegram",
                        [nikishov.From.AsPerson("author")], [nikishov.To.AsPerson("addressee")], nikishov.From, nikishov.To, nikishov.From);
                }

            case DocumentFamily.SovietSecurity:
                {
                    var ministry = Body("USSR Ministry of Internal Affairs", "МВД СССР");
                    return Make($"Report by the USSR Ministry of Internal Affairs to the Council of Ministers on {TitleCase(topic.English)}",
                        $"Докладная записка МВД СССР в Совет Министров СССР {topic.Russian}", "Report",
                        [ministry.AsPerson("author")], [], random.Pick(Figures.Speakers), interlocutor, ministry);
                }

            case DocumentFamily.SovietMilitary when random.Chance(0.5):
                return Cable(Figures.Cables.First(c => c.From == Figures.Shtykov));

            case DocumentFamily.SovietMilitary:
                {
                    var adviser = new Figure("V.N. Razuvaev", "В.Н. Разуваев", "Chief Soviet Military Adviser in the DPRK");
                    return Make($"Report by the Chief Soviet Military Adviser in Korea on {TitleCase(topic.English)}", $"Донесение главного военного советника в КНДР {topic.Russian}",
                        "Report", [adviser.AsPerson("author")], [], adviser, interlocutor, adviser);
                }

            case DocumentFamily.Chinese:
                {
                    var ministry = Body("PRC Ministry of Foreign Affairs", "МИД КНР");
                    var zhou = Figures.Interlocutors[0].Figure;
                    return random.Next(3) switch
                    {
                        0 => Make($"Minutes of Conversation between Zhou Enlai and Soviet Ambassador {diarist.English}", null, "Minutes of Conversation",
                            [ministry.AsPerson("author")], [zhou.AsPerson(), diarist.AsPerson()], zhou, diarist, ministry),
                        1 => Make($"Telegram from the Chinese Embassy in {city.English} to the Foreign Ministry, '{TitleCase(topic.English, opening: true)}'", null, "Telegram",
                            [new Person($"Chinese Embassy in {city.English}", "author")], [ministry.AsPerson("addressee")], interlocutor, diarist, ministry),
                        _ => Make($"Report by the Ministry of Foreign Affairs on {TitleCase(topic.English)}", null, "Report",
                            [ministry.AsPerson("author")], [], interlocutor, diarist, ministry),
                    };
                }

            case DocumentFamily.EastGerman:
                {
                    var ulbricht = Figures.EastGermans[0];
                    return random.Next(3) switch
                    {
                        0 => Make("Letter from Walter Ulbricht to N.S. Khrushchev", null, "Letter",
                            [ulbricht.AsPerson("author")], [Khrushchev.AsPerson("addressee")], ulbricht, Khrushchev, ulbricht),
                        1 => Make($"Minutes of Conversation between Walter Ulbricht and {interlocutor.English}", null, "Minutes of Conversation",
                            [Body("SED Central Committee", "ЦК СЕПГ").AsPerson("author")], [ulbricht.AsPerson(), interlocutor.AsPerson()], interlocutor, ulbricht, ulbricht),
                        _ => Make($"Note for the SED Politburo on {TitleCase(topic.English)}", null, "Note",
                            [random.Pick(Figures.EastGermans).AsPerson("author")], [], interlocutor, ulbricht, Figures.EastGermans[1]),
                    };
                }

            case DocumentFamily.Hungarian:
                {
                    var embassy = Body("Embassy of Hungary in North Korea", "Посольство Венгрии в КНДР");
                    return random.Chance(0.5)
                        ? Make("Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry", null, "Report",
                            [embassy.AsPerson("author")], [], interlocutor, diarist, embassy)
                        : Make($"Memorandum of Conversation between {interlocutor.English} and the Hungarian Ambassador", null, "Memorandum of Conversation",
                            [embassy.AsPerson("author")], [interlocutor.AsPerson()], interlocutor, diarist, embassy);
                }

            case DocumentFamily.Romanian:
                {
                    var embassy = Body("Romanian Embassy in Pyongyang", "Посольство Румынии в Пхеньяне");
                    var number = random.Between(1000, 5000);
                    return random.Chance(0.5)
                        ? Make($"Report on the Performance of the Embassy during the {(date.Month <= 6 ? "First" : "Second")} Term of {date.Year} (Excerpt from the Embassy Report no. {number}/{date.Year})",
                            null, "Report", [embassy.AsPerson("author")], [], interlocutor, diarist, embassy)
                        : Make($"Report from the Ministry of Foreign Affairs to the Romanian Embassy, {DocumentDates.EnglishMonth(date.Month)} {Ordinal(date.Day)} {date.Year}, {number}/{date.Year}",
                            null, "Report", [Body("Romanian Ministry of Foreign Affairs", "МИД Румынии").AsPerson("author")], [embassy.AsPerson("addressee")], interlocutor, diarist, embassy);
                }

            case DocumentFamily.Polish:
                {
                    var embassy = Body($"Polish Embassy in {city.English}", "Посольство ПНР");
                    return random.Chance(0.5)
                        ? Make($"Note from the Polish Embassy in {city.English} on {TitleCase(topic.English)}", null, "Note", [embassy.AsPerson("author")], [], interlocutor, diarist, embassy)
                        : Make($"Minutes of Conversation between Władysław Gomułka and {interlocutor.English}", null, "Minutes of Conversation",
                            [Body("PUWP Central Committee", "ЦК ПОРП").AsPerson("author")], [Gomulka.AsPerson(), interlocutor.AsPerson()], interlocutor, Gomulka, Gomulka);
                }

            case DocumentFamily.American:
                {
                    var american = random.Pick(Figures.Americans);
                    return random.Chance(0.5)
                        ? Make($"Airgram from the American Embassy in {city.English} to the Department of State, '{TitleCase(topic.English, opening: true)}'", null, "Airgram",
                            [Body($"American Embassy in {city.English}", "").AsPerson("author")], [Body("Department of State", "").AsPerson("addressee")], interlocutor, american, american)
                        : Make($"Despatch from the American Consulate General in Hong Kong on {TitleCase(topic.English)}", null, "Despatch",
                            [Body("American Consulate General in Hong Kong", "").AsPerson("author")], [], interlocutor, american, american);
                }

            case DocumentFamily.ForeignRelations:
                {
                    var english = random.Pick(FrusTitles);
                    var type = english.Split(' ')[0];
                    var author = random.Pick(Figures.Americans);
                    var other = random.Pick(Figures.Americans);
                    return Make(english, null, type, [author.AsPerson("author")], other == author ? [] : [other.AsPerson()], author, other, author);
                }

            case DocumentFamily.Memoir:
                return Make($"Djilas's {random.Pick(["First", "Second", "Third"])} Conversation with Stalin", null, "Memoir",
                    [Djilas.AsPerson("author")], [Stalin.AsPerson(), Djilas.AsPerson()], Stalin, Djilas, Djilas);

            default:
                throw new ArgumentOutOfRangeException(nameof(holding), holding.Family, null);
        }
    }

    /// <summary>The marks as the document's family writes them, on about half the documents (FRUS's come from its source note).</summary>
    private static string? Classification(SeededRandom random, Holding holding, DateOnly date, bool russianCatalogue)
    {
        var copy = random.Between(1, 6);
        return holding.Family switch
        {
            DocumentFamily.ForeignRelations or DocumentFamily.Memoir => null,
            _ when random.Chance(0.45) => null,
            DocumentFamily.SovietDiplomacy or DocumentFamily.SovietParty or DocumentFamily.SovietSecurity or DocumentFamily.SovietMilitary => russianCatalogue
                ? random.Pick(["Совершенно секретно", $"Секретно. Экз. № {copy}", "Совершенно секретно. Особая папка"])
                : random.Pick(["Top Secret", $"Top Secret, Copy {copy}", "Secret", $"TOP SECRET Copy Nº {copy}",
                    $"Top Secret, Copy {copy}, {date.Day} {DocumentDates.EnglishMonth(date.Month)} {date.Year}, No.{random.Between(10, 400)}"]),
            DocumentFamily.EastGerman => random.Pick(["Streng vertraulich!", "Vertrauliche Verschlusssache", "Streng geheim!"]),
            DocumentFamily.Hungarian => random.Pick(["Szigorúan titkos!", "Top Secret"]),
            DocumentFamily.Polish => "Tajne",
            DocumentFamily.American => random.Pick(["Confidential", "Secret", "Limited Official Use"]),
            _ => random.Pick(["Secret", "Top Secret"]),
        };
    }

    /// <summary>
    /// "the situation in Korea" as a title writes it after "on": "the Situation in Korea"; <paramref name="opening"/> when it
    /// opens a quoted title: "The Situation in Korea".
    /// </summary>
    public static string TitleCase(string text, bool opening = false)
    {
        var words = text.Split(' ');
        return string.Join(' ', words.Select((word, i) =>
            !(opening && i == 0) && word is "a" or "an" or "the" or "of" or "in" or "to" or "and" or "on" or "for" or "at" or "with"
                ? word
                : char.ToUpperInvariant(word[0]) + word[1..]));
    }

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>"8th", "21st": as the corpus's Romanian titles write a day.</summary>
    private static string Ordinal(int day) => day + (day % 100 is 11 or 12 or 13 ? "th" : (day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });
}
