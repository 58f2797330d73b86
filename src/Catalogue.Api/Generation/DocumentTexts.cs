using System.Text;

namespace Catalogue.Api.Generation;

/// <summary>What a document's text speaks of: who speaks, with whom, about what, where and when, and who signs it.</summary>
/// <param name="Topic">In English as a sentence takes it ("the situation in Korea") and in Russian with its preposition ("о положении в Корее").</param>
/// <param name="City">In English, and in Russian after "в" ("Пекине").</param>
public sealed record TextSubject(Figure Speaker, Figure Other, Figure Author, (string English, string Russian) Topic, (string English, string Russian) City, DateOnly Date);

/// <summary>A document's full text: English, and beside it the Russian original it translates when there is one.</summary>
public sealed record DocumentText(string English, string? Russian);

/// <summary>
/// Texts of the length and manner of Cold War diplomatic documents, made from sentences that exist in Russian and in
/// English: a Russian original and its English translation say the same thing, sentence for sentence, except where the
/// translation summarises a passage in brackets as the archive's translators do ("[Contains Zhou report on …]").
/// </summary>
public static class DocumentTexts
{
    // {A} speaks, {B} is the other party, {T} the topic, {C} a city, {D} a day of the year, {N} a count of people (a
    // multiple of ten, so the Russian noun after it never changes), {M} minutes, {H} an hour.
    private static readonly (string English, string Russian)[] Sentences =
    [
        ("On {D} at {H} {A} visited the Ambassador at the Embassy on his own initiative.", "{D} в {H} {A} по собственной инициативе посетил посла в посольстве."),
        ("After conversations of a protocol nature {A} communicated the following for transmittal to the Soviet government.", "После беседы протокольного характера {A} сообщил следующее для передачи Советскому правительству."),
        ("{A} said that the question of {T} had been discussed in detail at the meeting of the Politburo.", "{A} сказал, что вопрос {T} был подробно обсужден на заседании Политбюро."),
        ("{A} asked whether there was any answer from Moscow on the question of {T}.", "{A} спросил, имеется ли ответ из Москвы по вопросу {T}."),
        ("The Ambassador answered that he had no instructions on this matter and promised to ask the Ministry of Foreign Affairs again.", "Посол ответил, что указаний по этому вопросу не имеет, и обещал еще раз запросить Министерство иностранных дел."),
        ("{A} expressed the hope that the Soviet side would render assistance in the shortest possible time.", "{A} выразил надежду, что советская сторона окажет помощь в кратчайший срок."),
        ("{A} noted that the situation in {C} remains tense and that the local authorities are taking measures to strengthen order.", "{A} отметил, что обстановка в {C} остается напряженной и местные власти принимают меры к укреплению порядка."),
        ("The Ambassador thanked him for the information and said that he would report it to Moscow without delay.", "Посол поблагодарил за информацию и сказал, что немедленно сообщит о ней в Москву."),
        ("{A} noted that the number of Soviet specialists in {C} is at present {N} persons.", "{A} отметил, что численность советских специалистов в {C} составляет в настоящее время {N} человек."),
        ("The conversation lasted {M} minutes.", "Беседа продолжалась {M} минут."),
        ("Present at the conversation were the counsellor of the Embassy and an interpreter.", "На беседе присутствовали советник посольства и переводчик."),
        ("{A} stated that his government fully supports the position of the Soviet Union on the question of {T}.", "{A} заявил, что его правительство полностью поддерживает позицию Советского Союза по вопросу {T}."),
        ("He emphasised that this matter must be kept strictly confidential.", "Он подчеркнул, что этот вопрос должен сохраняться в строгой тайне."),
        ("{A} informed the Ambassador that the delegation would leave for Moscow on {D}.", "{A} сообщил послу, что делегация выедет в Москву {D}."),
        ("In reply the Ambassador set out the Soviet point of view on the question of {T}.", "В ответ посол изложил точку зрения советской стороны по вопросу {T}."),
        ("{A} agreed with the Ambassador's remarks and added that the leadership of the party had come to the same conclusion.", "{A} согласился с замечаниями посла и добавил, что руководство партии пришло к такому же выводу."),
        ("{A} requested that the Soviet government send additional materials on the question of {T}.", "{A} просил, чтобы Советское правительство направило дополнительные материалы по вопросу {T}."),
        ("It was agreed that the next meeting would take place in {C} after the return of the delegation.", "Было условлено, что следующая встреча состоится в {C} после возвращения делегации."),
        ("{A} spoke at length about the difficulties connected with the harvest and the supply of grain.", "{A} подробно говорил о трудностях, связанных с урожаем и снабжением зерном."),
        ("The Embassy considers it expedient to give a positive answer to this request.", "Посольство считает целесообразным дать положительный ответ на эту просьбу."),
        ("{A} and {B} exchanged opinions on the international situation.", "{A} и {B} обменялись мнениями о международном положении."),
        ("{B} promised to report the decision as soon as it had been taken.", "{B} обещал сообщить о решении, как только оно будет принято."),
        ("The text of the telegram is attached.", "Текст телеграммы прилагается."),
        ("Please report your opinion.", "Прошу сообщить ваше мнение."),
        ("{A} said that in {C} the preparations for the anniversary celebrations were nearly complete.", "{A} сказал, что в {C} подготовка к юбилейным торжествам почти завершена."),
        ("The Ministry of Foreign Affairs requests instructions on the question of {T}.", "Министерство иностранных дел просит указаний по вопросу {T}."),
        ("{A} stressed that the friendship between our two countries is unbreakable.", "{A} подчеркнул, что дружба между нашими странами нерушима."),
        ("The Ambassador replied that he would act on the instructions of Moscow.", "Посол ответил, что будет действовать согласно указаниям из Москвы."),
        ("In the course of the conversation {A} returned several times to the question of {T}.", "В ходе беседы {A} неоднократно возвращался к вопросу {T}."),
        ("{A} reported that the draft agreement had been prepared and submitted for consideration on {D}.", "{A} сообщил, что проект соглашения подготовлен и {D} передан на рассмотрение."),
        ("{A} noted that the newspapers in {C} had published a number of hostile articles.", "{A} отметил, что газеты в {C} опубликовали ряд враждебных статей."),
        ("A delegation of {N} persons is at present in {C}.", "Делегация в составе {N} человек находится в настоящее время в {C}."),
        ("{A} asked to be told the opinion of the Soviet government before {D}.", "{A} просил сообщить мнение Советского правительства до {D}."),
        ("The Ambassador said that he would report on the conversation to the Ministry.", "Посол сказал, что доложит о беседе в Министерство."),
        ("{A} remarked that the question of {T} could not be settled without the participation of the Soviet Union.", "{A} заметил, что вопрос {T} не может быть решен без участия Советского Союза."),
        ("According to the information of the Embassy, the mood of the population in {C} is calm.", "По данным посольства, настроение населения в {C} спокойное."),
        ("{A} said that the contents of the Soviet note had already been brought to the attention of the leadership.", "{A} сказал, что содержание советской ноты уже доведено до сведения руководства."),
        ("The Ambassador promised to convey the request to the Soviet government.", "Посол обещал передать просьбу Советскому правительству."),
    ];

    /// <summary>American originals: embassy telegrams, despatches and memoranda, in English only.</summary>
    private static readonly string[] American =
    [
        "The Ambassador called on the Foreign Minister this morning at the latter's request.",
        "{A} said that his government was prepared to consider the question of {T} at the next session.",
        "I told him that we would study the proposal carefully and reply in due course.",
        "Department's views on the question of {T} are requested by {D}.",
        "The situation in {C} continues to deteriorate.",
        "We believe that a firm public statement would be premature at this time.",
        "Embassy recommends that no further action be taken pending clarification.",
        "It is the judgment of this Agency that the present leadership will not alter its course.",
        "The President indicated that he wished to be kept informed.",
        "{A} expressed concern that the question of {T} might be raised in the United Nations.",
        "Comment: the tone of the conversation was cordial but {A} made no commitment.",
        "Lodge concurs.",
        "A memorandum of the conversation is being pouched.",
        "{A} asked that his remarks be treated as strictly confidential.",
        "Reports from {C} indicate that {N} persons were detained in the course of the week.",
    ];

    private static readonly (string English, string Russian)[] Hours = [("1100", "11.00"), ("1500", "15.00"), ("1700", "17.00"), ("1930", "19.30"), ("2200", "22.00")];
    private static readonly int[] Minutes = [30, 40, 45, 50, 60, 75, 90, 120];

    /// <summary>A text of about <paramref name="length"/> English characters, and the Russian original beside it when <paramref name="russian"/>.</summary>
    /// <param name="american">An American original: English sentences of its own, and never a Russian one.</param>
    public static DocumentText Compose(SeededRandom random, TextSubject subject, int length, bool russian, bool american, string headingEnglish, string? headingRussian)
    {
        var english = new StringBuilder(length + 400);
        var original = russian ? new StringBuilder(length + 600) : null;
        english.Append(headingEnglish).Append("\n\n");
        original?.Append(headingRussian ?? headingEnglish).Append("\n\n");

        var paragraph = 0;
        while (english.Length < length)
        {
            paragraph++;
            if (paragraph > 1) english.Append("\n\n");
            if (paragraph > 1) original?.Append("\n\n");

            // Translators summarise a passage they leave out, in brackets; the original keeps it whole.
            var summarised = !american && paragraph > 2 && random.Chance(0.06);
            if (summarised)
            {
                english.Append($"{paragraph}. [Contains {Surname(subject.Speaker.English)}'s remarks on {subject.Topic.English}.]");
            }

            var sentences = random.Between(2, 6);
            for (var s = 0; s < sentences; s++)
            {
                if (american)
                {
                    Append(english, random.Pick(American), subject, random, english: true);
                    continue;
                }

                var pair = random.Pick(Sentences);
                var slots = Slots.Draw(random);
                if (!summarised) Append(english, pair.English, subject, slots, english: true);
                if (original is not null) Append(original, pair.Russian, subject, slots, english: false);
            }
        }

        english.Append("\n\n").Append(Signature(subject, english: true));
        original?.Append("\n\n").Append(Signature(subject, english: false));
        return new DocumentText(english.ToString(), original?.ToString());
    }

    /// <summary>The catalogue's summary of the document, in English or, for a record catalogued in Russian, in Russian.</summary>
    public static string Summary(SeededRandom random, TextSubject subject, string documentType, bool russian)
    {
        var text = new StringBuilder();
        if (russian)
        {
            text.Append(random.Next(3) switch
            {
                0 when subject.Other.With is { } with => $"Беседа посла СССР с {with}. Обсуждается вопрос {subject.Topic.Russian}.",
                0 or 1 => $"{subject.Speaker.Russian} сообщает {subject.Topic.Russian}.",
                _ => $"В документе излагается позиция советской стороны по вопросу {subject.Topic.Russian}.",
            });
        }
        else
        {
            text.Append(random.Next(3) switch
            {
                0 => $"Conversation between {subject.Speaker.English} and {subject.Other.English}. {Surname(subject.Speaker.English)} speaks about {subject.Topic.English}.",
                1 => $"{documentType} concerning {subject.Topic.English}, with news from {subject.City.English}.",
                _ => $"{subject.Speaker.English} reports on {subject.Topic.English} and asks for instructions.",
            });
        }

        var more = random.Between(0, 3);
        for (var i = 0; i < more; i++)
        {
            var pair = random.Pick(Sentences);
            text.Append(' ');
            Append(text, russian ? pair.Russian : pair.English, subject, Slots.Draw(random), english: !russian);
        }

        return text.ToString();
    }

    /// <summary>"Zhou Enlai" stays whole; "N.V. Roshchin" is "Roshchin".</summary>
    public static string Surname(string name) => name.Contains('.') ? name[(name.LastIndexOf(' ') + 1)..] : name;

    private static string Signature(TextSubject subject, bool english) =>
        english ? $"{subject.Author.Role} {subject.Author.English}".TrimStart() : subject.Author.Russian;

    /// <summary>The numbers and hour a sentence names, drawn once for both languages.</summary>
    private readonly record struct Slots(int People, int Minutes, (string English, string Russian) Hour)
    {
        public static Slots Draw(SeededRandom random) => new(random.Between(2, 98) * 10, random.Pick(DocumentTexts.Minutes), random.Pick(Hours));
    }

    private static void Append(StringBuilder text, string sentence, TextSubject subject, SeededRandom random, bool english) =>
        Append(text, sentence, subject, Slots.Draw(random), english);

    private static void Append(StringBuilder text, string sentence, TextSubject subject, Slots slots, bool english)
    {
        if (text.Length > 0 && text[^1] != '\n' && text[^1] != ' ') text.Append(' ');
        for (var i = 0; i < sentence.Length; i++)
        {
            if (sentence[i] != '{' || i + 2 >= sentence.Length || sentence[i + 2] != '}')
            {
                text.Append(sentence[i]);
                continue;
            }

            text.Append(sentence[i + 1] switch
            {
                'A' => english ? subject.Speaker.English : subject.Speaker.Russian,
                'B' => english ? subject.Other.English : subject.Other.Russian,
                'T' => english ? subject.Topic.English : subject.Topic.Russian,
                'C' => english ? subject.City.English : subject.City.Russian,
                'D' => english ? DocumentDates.EnglishDay(subject.Date) : DocumentDates.RussianDay(subject.Date),
                'N' => slots.People.ToString(System.Globalization.CultureInfo.InvariantCulture),
                'M' => slots.Minutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                'H' => english ? slots.Hour.English : slots.Hour.Russian,
                var slot => throw new InvalidOperationException($"No slot {{{slot}}} in a generated text."),
            });
            i += 2;
        }
    }
}
