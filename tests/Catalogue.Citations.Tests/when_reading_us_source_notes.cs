using static Catalogue.Citations.Tests.Support.Parsed;

namespace Catalogue.Citations.Tests;

/// <summary>FRUS source notes: "Source:", repository, collection and file, classification marks, then the editors' prose.</summary>
public class when_reading_us_source_notes
{
    private const string JohnsonNote =
        "Source: Johnson Library, National Security File, Country File, Vietnam, Special Category Messages, Vol. I, 11/63–1/65. Secret; Exclusive; No Night Action. Sent to Saigon exclusive for Lodge, Harkins, and the Station Chief.";

    [Fact]
    public void the_repository_resolves_to_the_presidential_library()
    {
        var reference = CitationParser.Parse(JohnsonNote).References[0];

        Assert.Equal(("LBJ Library", "Johnson Library", true), (reference.Repository, reference.RepositoryAsWritten, reference.RepositoryKnown));
    }

    [Fact]
    public void the_collection_classification_and_prose_are_told_apart()
    {
        var parse = CitationParser.Parse(JohnsonNote);

        Assert.Equal(
            new ParsedReference
            {
                Repository = "LBJ Library",
                RepositoryAsWritten = "Johnson Library",
                RepositoryKnown = true,
                Collection = "National Security File, Country File, Vietnam, Special Category Messages, Vol. I, 11/63–1/65",
                Classification = "Secret; Exclusive; No Night Action",
                Raw = "Source: Johnson Library, National Security File, Country File, Vietnam, Special Category Messages, Vol. I, 11/63–1/65. Secret; Exclusive; No Night Action",
            },
            Assert.Single(parse.References));
        Assert.Equal([Fragment("Sent to Saigon exclusive for Lodge, Harkins, and the Station Chief.", UnparsedReasons.AfterReference)], parse.Unparsed);
    }

    [Fact]
    public void a_parenthesised_secondary_citation_is_a_second_reference()
    {
        var parse = CitationParser.Parse(
            "Source: Department of State, Bundy Files: Lot 85 D 240, WPB Chron. Top Secret. McNaughton passed a copy of this letter to the JCS on October 6. (Washington National Records Center,RG 330, OSD/ADMIN Files: FRC 70 A 1265, Vietnam 381)");

        Assert.Equal(
        [
            new ParsedReference
            {
                Repository = "DOS", RepositoryAsWritten = "Department of State", RepositoryKnown = true,
                Collection = "Bundy Files", Lot = "Lot 85 D 240", Folder = "WPB Chron.", Classification = "Top Secret",
                Raw = "Source: Department of State, Bundy Files: Lot 85 D 240, WPB Chron. Top Secret",
            },
            new ParsedReference
            {
                Repository = "NARA", RepositoryAsWritten = "Washington National Records Center", RepositoryKnown = true,
                RecordGroup = "330", Collection = "OSD/ADMIN Files", Lot = "70 A 1265", Folder = "Vietnam 381",
                Raw = "Washington National Records Center,RG 330, OSD/ADMIN Files: FRC 70 A 1265, Vietnam 381",
            },
        ], parse.References);
        Assert.Equal([Fragment("McNaughton passed a copy of this letter to the JCS on October 6.", UnparsedReasons.AfterReference)], parse.Unparsed);
    }

    [Fact]
    public void a_cia_job_number_is_the_lot_and_what_follows_is_the_folder()
    {
        var reference = CitationParser.Parse("Source: Central Intelligence Agency, DCI (McCone) Files, Job 80–B01285A, Vietnam, 01 Feb-27 Feb, 1964. Secret.").References[0];

        Assert.Equal(
            ("CIA", "DCI (McCone) Files", "Job 80–B01285A", "Vietnam, 01 Feb-27 Feb, 1964", "Secret"),
            (reference.Repository, reference.Collection, reference.Lot, reference.Folder, reference.Classification));
    }

    [Fact]
    public void central_files_keep_their_file_designation_in_the_collection()
    {
        Assert.Equal(
            new ParsedReference
            {
                Repository = "DOS",
                RepositoryAsWritten = "Department of State",
                RepositoryKnown = true,
                Collection = "Central Files, POL 27 VIET S",
                Classification = "Secret; Priority; Exdis",
                Raw = "Source: Department of State, Central Files, POL 27 VIET S. Secret; Priority; Exdis",
            },
            Only("Source: Department of State, Central Files, POL 27 VIET S. Secret; Priority; Exdis."));
    }

    [Fact]
    public void an_unknown_repository_keeps_its_institutions_and_gives_series_and_box()
    {
        var reference = CitationParser.Parse("Source: University of Montana, Mansfield Library, Mansfield Papers, Series 13, Box 69, Vietnam. Confidential.").References[0];

        Assert.Equal(
            new ParsedReference
            {
                Repository = "University of Montana, Mansfield Library",
                RepositoryAsWritten = "University of Montana, Mansfield Library",
                RepositoryKnown = false,
                Collection = "Mansfield Papers",
                Series = "13",
                Box = "69",
                Folder = "Vietnam",
                Classification = "Confidential",
                Raw = "Source: University of Montana, Mansfield Library, Mansfield Papers, Series 13, Box 69, Vietnam. Confidential",
            },
            reference);
    }

    [Fact]
    public void two_sources_in_one_note_are_two_references()
    {
        var parse = CitationParser.Parse("Source: Johnson Library, National Security File, Vietnam; Department of State, Central Files, POL 27 VIET S. Secret.");

        Assert.Equal(["LBJ Library", "DOS"], parse.References.Select(r => r.Repository));
        Assert.Equal(["National Security File, Vietnam", "Central Files, POL 27 VIET S"], parse.References.Select(r => r.Collection));
    }

    [Fact]
    public void a_sentence_that_only_begins_with_secret_is_not_a_classification()
    {
        var parse = CitationParser.Parse("Source: Department of State, Central Files, POL 27 VIET. Secret talks followed.");

        Assert.Null(parse.References[0].Classification);
        Assert.Equal([Fragment("Secret talks followed.", UnparsedReasons.AfterReference)], parse.Unparsed);
    }

    [Fact]
    public void a_source_note_after_other_text_starts_at_its_label()
    {
        var parse = CitationParser.Parse("Document 2. Source: National Archives, RG 59, Central Files 1967-69, POL 27 VIET S. Confidential; Limdis.");

        Assert.Equal(
            new ParsedReference
            {
                Repository = "NARA",
                RepositoryAsWritten = "National Archives",
                RepositoryKnown = true,
                RecordGroup = "59",
                Collection = "Central Files 1967-69, POL 27 VIET S",
                Classification = "Confidential; Limdis",
                Raw = "Source: National Archives, RG 59, Central Files 1967-69, POL 27 VIET S. Confidential; Limdis",
            },
            Assert.Single(parse.References));
        Assert.Equal([Fragment("Document 2.", UnparsedReasons.BeforeReference)], parse.Unparsed);
    }
}
