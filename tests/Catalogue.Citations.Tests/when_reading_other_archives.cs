using Catalogue.Citations.Tests.Support;
using static Catalogue.Citations.Tests.Support.Parsed;

namespace Catalogue.Citations.Tests;

/// <summary>Chinese, German, Hungarian, Romanian, Polish and US archives place a document with locators of their own.</summary>
public class when_reading_other_archives
{
    [Fact]
    public void a_prc_foreign_ministry_file_number_is_followed_by_pages()
    {
        Assert.Equal(
            new ParsedReference
            {
                Repository = "PRC FMA",
                RepositoryAsWritten = "PRC FMA",
                RepositoryKnown = true,
                FileNumber = "109-01038-02",
                Pages = "1-10",
                Raw = "PRC FMA 109-01038-02, 1-10",
            },
            Only("PRC FMA 109-01038-02, 1-10"));
    }

    [Fact]
    public void a_prc_file_number_may_follow_the_archive_after_a_comma()
    {
        var reference = Only("Chinese Foreign Ministry Archive, 106-00002-03, pp. 4-7");

        Assert.Equal(("PRC FMA", "106-00002-03", "4-7"), (reference.Repository, reference.FileNumber, reference.Pages));
    }

    [Fact]
    public void a_sapmo_signature_is_kept_as_written()
    {
        Assert.Equal(
            new ParsedReference
            {
                Repository = "SAPMO-BArch",
                RepositoryAsWritten = "SAPMO-BArch",
                RepositoryKnown = true,
                Signature = "DY 30/3508",
                Raw = "SAPMO-BArch, DY 30/3508",
            },
            Only("SAPMO-BArch, DY 30/3508"));
    }

    [Fact]
    public void a_sapmo_signature_may_follow_without_a_comma_and_have_folios()
    {
        var reference = Only("SAPMO-BArch DY 30/IV 2/2.035/123, Bl. 1-5");

        Assert.Equal(("DY 30/IV 2/2.035/123", "1-5"), (reference.Signature, reference.Folios));
    }

    [Fact]
    public void a_hungarian_citation_gives_fond_country_box_file_and_document()
    {
        Assert.Equal(
            new ParsedReference
            {
                Repository = "MNL OL",
                RepositoryAsWritten = "MOL",
                RepositoryKnown = true,
                RecordGroup = "XIX-J-1-j",
                Country = "Korea",
                Box = "11",
                FileNumber = "24/b",
                DocumentNumber = "002372/1/1958",
                Raw = "MOL, XIX-J-1-j Korea, 11. doboz, 24/b, 002372/1/1958",
            },
            Only("MOL, XIX-J-1-j Korea, 11. doboz, 24/b, 002372/1/1958"));
    }

    [Fact]
    public void the_romanian_foreign_ministry_archive_gives_year_issues_and_country()
    {
        Assert.Equal(
            new ParsedReference
            {
                Repository = "AMAE",
                RepositoryAsWritten = "Archive of the Romanian Ministry of Foreign Affairs (AMAE)",
                RepositoryKnown = true,
                Year = "1954",
                Issue = "20 221 10 4 33 92 120 613 614",
                Country = "the Democratic People’s Republic of Korea",
                Raw = "Archive of the Romanian Ministry of Foreign Affairs (AMAE), Year: 1954; Issues 20 221 10 4 33 92 120 613 614; Country: the Democratic People’s Republic of Korea",
            },
            Only("Archive of the Romanian Ministry of Foreign Affairs (AMAE), Year: 1954; Issues 20 221 10 4 33 92 120 613 614; Country: the Democratic People’s Republic of Korea"));
    }

    [Fact]
    public void the_romanian_shape_may_drop_the_colon_and_the_code()
    {
        var reference = Only("Archive of the Romanian Ministry of Foreign Affairs, Year 1955; Issue 20; Country: the Democratic People’s Republic of Korea");

        Assert.Equal(("AMAE", "1955", "20", "the Democratic People’s Republic of Korea"), (reference.Repository, reference.Year, reference.Issue, reference.Country));
    }

    [Fact]
    public void a_nara_citation_gives_record_group_collection_box_and_file()
    {
        Assert.Equal(
            new ParsedReference
            {
                Repository = "NARA",
                RepositoryAsWritten = "NARA",
                RepositoryKnown = true,
                RecordGroup = "59",
                Collection = "Central Decimal File 1955-59",
                Box = "2542",
                Folder = "611.61/1-1555",
                Raw = "NARA, RG 59, Central Decimal File 1955-59, Box 2542, 611.61/1-1555",
            },
            Only("NARA, RG 59, Central Decimal File 1955-59, Box 2542, 611.61/1-1555"));
    }

    [Fact]
    public void a_folder_is_a_locator_like_a_box()
    {
        Assert.Equal(
            new ParsedReference
            {
                Repository = "NARA",
                RepositoryAsWritten = "NARA",
                RepositoryKnown = true,
                RecordGroup = "59",
                Collection = "Central Decimal File 1955-59",
                Box = "2542",
                Folder = "7",
                Raw = "NARA, RG 59, Central Decimal File 1955-59, Box 2542, folder 7",
            },
            Only("NARA, RG 59, Central Decimal File 1955-59, Box 2542, folder 7"));
    }

    [Fact]
    public void a_folder_alone_is_a_reference()
    {
        Assert.Equal(new ParsedReference { Folder = "7", Raw = "folder 7" }, Only("folder 7"));
        Assert.Equal(new ParsedReference { Folder = "12a", Raw = "Folder 12a" }, Only("Folder 12a"));
    }

    [Fact]
    public void text_after_a_folder_number_is_not_taken_for_its_title()
    {
        var parse = CitationParser.Parse("NARA, RG 59, Central Decimal File 1955-59, Box 2542, Folder 7, 611.61/1-1555");

        Assert.Equal(("2542", "7"), (parse.References[0].Box, parse.References[0].Folder));
        Assert.Equal([Fragment("611.61/1-1555", UnparsedReasons.AfterReference)], parse.Unparsed);
    }

    [Fact]
    public void a_folder_in_a_name_is_not_a_locator()
    {
        Assert.Equal("Subject Folder 3", Only("NARA, RG 59, Subject Folder 3, Box 12").Collection);
    }

    [Fact]
    public void a_record_group_may_follow_the_archive_without_a_comma_or_be_spelled_out()
    {
        Assert.Equal("59", Only("NARA RG 59, Central Decimal File").RecordGroup);
        Assert.Equal("84", Only("National Archives, Record Group 84, Box 3").RecordGroup);
    }

    [Fact]
    public void a_bare_repository_name_is_a_reference()
    {
        Assert.Equal(new ParsedReference { Repository = "RGASPI", RepositoryAsWritten = "RGASPI", RepositoryKnown = true, Raw = "RGASPI" }, Only("RGASPI"));
        Assert.Equal(
            new ParsedReference { Repository = "JFK Library", RepositoryAsWritten = "John F. Kennedy Library", RepositoryKnown = true, Raw = "John F. Kennedy Library" },
            Only("John F. Kennedy Library"));
    }

    [Fact]
    public void a_bare_unknown_institution_is_kept_as_written_and_flagged()
    {
        Assert.Equal(
            new ParsedReference { Repository = "Hoover Institution Archives", RepositoryAsWritten = "Hoover Institution Archives", RepositoryKnown = false, Raw = "Hoover Institution Archives" },
            Only("Hoover Institution Archives"));
    }

    [Fact]
    public void text_that_names_no_archive_is_unparsed_not_a_reference()
    {
        var parse = CitationParser.Parse("Some private papers of a family");

        Assert.Empty(parse.References);
        Assert.Equal([Fragment("Some private papers of a family", UnparsedReasons.NotRecognised)], parse.Unparsed);
    }
}
