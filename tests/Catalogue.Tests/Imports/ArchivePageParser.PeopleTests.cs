using Catalogue.Api.Imports;
using Catalogue.Api.Records;

namespace Catalogue.Tests.Imports;

public sealed partial class when_the_seed_page_is_parsed
{
    [Fact]
    public void the_diarist_is_the_author() =>
        Assert.Equal([new Person("N.V. Roshchin", "author")], _page.Creators);

    [Fact]
    public void both_sides_of_the_conversation_are_participants_with_their_offices()
    {
        Assert.Equal(
            [
                new Person("N.V. Roshchin", "USSR Ambassador to the PRC"),
                new Person("Zhou Enlai", "Prime Minister and Foreign Minister"),
            ],
            _page.Participants);
    }
}

public sealed class when_a_page_title_names_its_kind_of_document
{
    [Theory]
    [InlineData("From the Diary of N.V. Roshchin, Memorandum of Conversation with Prime Minister Zhou Enlai on 10 November 1949", "Memorandum of Conversation")]
    [InlineData("Record of Conversation between Kim Il Sung and Ambassador Puzanov", "Record of Conversation")]
    [InlineData("Memorandum for the Record", "Memorandum for the Record")]
    [InlineData("Ciphered telegram, Roshchin to USSR Foreign Ministry", "Ciphered Telegram")]
    [InlineData("Telegram From the Central Intelligence Agency to the Station in Saigon", "Telegram")]
    [InlineData("Cable, Filippov (Stalin) to Mao Zedong", "Cable")]
    [InlineData("Letter From the Assistant Secretary of State for Far Eastern Affairs (Bundy) to the Assistant Secretary of Defense", "Letter")]
    [InlineData("Memorandum From Director of Central Intelligence Helms to President Johnson", "Memorandum")]
    [InlineData("Report on the Performance of the Embassy during the First Term of 1954", "Report")]
    [InlineData("Minutes of the Politburo Meeting", "Minutes")]
    [InlineData("Diary of Soviet Ambassador Puzanov for 1957", "Diary")]
    [InlineData("Djilas's First Conversation with Stalin", "Document")]
    [InlineData("Newsletter of the Reporters' Union", "Document")]
    public void the_most_specific_kind_is_chosen(string title, string documentType)
    {
        var page = ArchivePageParser.Parse(ArchivePages.Build(title: title)).Page!;

        Assert.Equal(documentType, page.DocumentType);
    }

    [Fact]
    public void the_telegram_from_one_office_to_another_names_sender_and_recipient()
    {
        var page = ArchivePageParser.Parse(ArchivePages.Build(title: "Telegram From the Central Intelligence Agency to the Station in Saigon")).Page!;

        Assert.Equal([new Person("Central Intelligence Agency", "author")], page.Creators);
        Assert.Equal([new Person("Central Intelligence Agency", "sender"), new Person("Station in Saigon", "recipient")], page.Participants);
    }

    [Theory]
    [InlineData("Telegram From the Mission to the United Nations to the Department of State", "Mission to the United Nations", "Department of State")]
    [InlineData("Letter from Kim Il Sung to the Soviet Ambassador to the DPRK", "Kim Il Sung", "Soviet Ambassador to the DPRK")]
    [InlineData("Memorandum From Director of Central Intelligence Helms to President Johnson", "Director of Central Intelligence Helms", "President Johnson")]
    [InlineData("Telegram from Nikishov to Beria - Henry A. Wallace’s visit to the city of Magadan", "Nikishov", "Beria")]
    public void a_to_that_belongs_to_an_office_does_not_split_sender_from_recipient(string title, string sender, string recipient)
    {
        var page = ArchivePageParser.Parse(ArchivePages.Build(title: title)).Page!;

        Assert.Equal([new Person(sender, "sender"), new Person(recipient, "recipient")], page.Participants);
    }

    [Fact]
    public void a_record_of_conversation_between_two_people_names_both()
    {
        var page = ArchivePageParser.Parse(ArchivePages.Build(title: "Record of Conversation between Premier Kim Il Sung and Ambassador Puzanov")).Page!;

        Assert.Empty(page.Creators);
        Assert.Equal([new Person("Kim Il Sung", "Premier"), new Person("Puzanov", "Ambassador")], page.Participants);
    }

    [Theory]
    [InlineData("Message from Kim Il Sung to Stalin on the Situation in Korea", "Kim Il Sung", "Stalin")]
    [InlineData("Letter from Mao Zedong to Stalin regarding the Treaty", "Mao Zedong", "Stalin")]
    [InlineData("Telegram from Roshchin to Vyshinsky, 12 October 1950", "Roshchin", "Vyshinsky")]
    [InlineData("Cable from Zhou Enlai to Kim Il Sung for 4 March 1957", "Zhou Enlai", "Kim Il Sung")]
    [InlineData("Letter from the Senate Committee on Foreign Relations to the Secretary of State", "Senate Committee on Foreign Relations", "Secretary of State")]
    public void a_recipient_is_named_without_the_topic_or_the_date_after_it(string title, string sender, string recipient)
    {
        var page = ArchivePageParser.Parse(ArchivePages.Build(title: title)).Page!;

        Assert.Equal([new Person(sender, "sender"), new Person(recipient, "recipient")], page.Participants);
        Assert.Empty(page.Warnings);
    }

    [Fact]
    public void a_diarist_is_named_without_the_office_before_or_the_date_after()
    {
        var page = ArchivePageParser.Parse(ArchivePages.Build(title: "Journal of Soviet Ambassador in the DPRK V.I. Ivanov for 4 March 1957")).Page!;

        Assert.Equal([new Person("V.I. Ivanov", "author")], page.Creators);
        Assert.Empty(page.Warnings);
    }

    [Fact]
    public void a_diarist_in_conversation_takes_the_office_the_title_gives_when_the_text_gives_none()
    {
        var page = ArchivePageParser.Parse(ArchivePages.Build(title: "Journal of Soviet Ambassador V.I. Ivanov, Record of Conversation with Kim Il Sung on 4 March 1957")).Page!;

        Assert.Equal([new Person("V.I. Ivanov", "author")], page.Creators);
        Assert.Equal([new Person("V.I. Ivanov", "Soviet Ambassador"), new Person("Kim Il Sung", null)], page.Participants);
    }

    [Fact]
    public void a_party_that_does_not_read_as_a_name_is_left_out_with_a_warning()
    {
        var page = ArchivePageParser.Parse(ArchivePages.Build(title: "Telegram from the 38th Army to Peng Dehuai")).Page!;

        Assert.Empty(page.Creators);
        Assert.Equal([new Person("Peng Dehuai", "recipient")], page.Participants);
        Assert.Equal(["the title's \"38th Army\" does not read as a name: it is left out of the creators and participants"], page.Warnings);
    }
}
